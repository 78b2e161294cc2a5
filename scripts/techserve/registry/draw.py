"""The random expert draw (评审专家从专家库中随机抽选产生), reproducible by anyone.

Each eligible expert is ranked by SHA-256 of the public seed, a newline and the expert's id;
the `size` lowest ranks are the panel. The seed is something published that nobody controls
in advance (a date and that day's index close, a lottery number), and it is fixed before it
exists: a draw plan (kind: drawplan), public on the site before its seed date, names the source,
the day, the applications and the pool. Nobody can try seeds until one gives the panel they want,
and anyone with the registry can recompute it.
"""

from __future__ import annotations

import hashlib
from datetime import date

from .status import public_since


def rank(seed: str, expert: str) -> str:
    return hashlib.sha256(f"{seed}\n{expert}".encode()).hexdigest()


def draw_panel(seed: str, pool: list[str], excluded: set[str], size: int) -> list[str]:
    """The panel: `size` experts of the pool (minus the excluded), lowest rank first."""
    eligible = sorted(set(pool) - excluded)
    return sorted(eligible, key=lambda expert: rank(seed, expert))[:size]


def excluded_experts(reg, program, applications: list[str], pool: list[str] | None = None) -> set[str]:
    """Experts (of the pool, the program's by default) who work at a unit of any applicant under
    review: they step aside (回避)."""
    units = set()
    for app_id in applications:
        app = reg.model("application", app_id)
        for pid in app.people() if app else []:
            person = reg.model("person", pid)
            if person is not None:
                units.add(person.unit)
    return {pid for pid in (program.expert_pool if pool is None else pool)
            if (p := reg.model("person", pid)) is not None and p.unit in units}


def plan_of(reg, entry):
    """The draw plan (kind: drawplan) a draw cites, or None."""
    plan = reg.model("decision", entry.model.plan) if entry.model.plan else None
    return plan if plan is not None and plan.kind == "drawplan" else None


def seed_prefix(plan) -> str:
    """What a seed drawn under this plan starts with: its day and source; the value follows."""
    return f"{plan.seed_date} {plan.seed_source} "


def follows_plan(plan, seed: str) -> bool:
    """Whether a seed is the plan's day and source followed by a value."""
    return seed.startswith(seed_prefix(plan)) and bool(seed[len(seed_prefix(plan)):].strip())


def public_before_seed(reg, plan_entry, as_of=None) -> tuple[date, bool]:
    """The day a plan became public (status.public_since) and whether that was before its seed
    day: only then did nobody know the seed when the plan was fixed."""
    public = public_since(reg, plan_entry, as_of)
    return public, public < plan_entry.model.seed_date


def expected_panel(reg, entry) -> list[str] | None:
    """The panel a draw decision must hold: from the plan's pool when it cites one (a pool edited
    after the plan was public cannot steer it), else the program's. None when neither can be read."""
    program = reg.model("program", entry.program)
    if program is None:
        return None
    d = entry.model
    plan = plan_of(reg, entry)
    pool = plan.pool if plan is not None else program.expert_pool
    return draw_panel(d.seed, pool, excluded_experts(reg, program, d.applications, pool), d.size)
