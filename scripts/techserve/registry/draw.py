"""The random expert draw (评审专家从专家库中随机抽选产生), reproducible by anyone.

Each eligible expert is ranked by SHA-256 of the public seed, a newline and the expert's id;
the `size` lowest ranks are the panel. The seed is something published that nobody controls
in advance (a date and that day's index close, a lottery number), so the office cannot pick
the panel, and anyone with the registry can recompute it.
"""

from __future__ import annotations

import hashlib


def rank(seed: str, expert: str) -> str:
    return hashlib.sha256(f"{seed}\n{expert}".encode()).hexdigest()


def draw_panel(seed: str, pool: list[str], excluded: set[str], size: int) -> list[str]:
    """The panel: `size` experts of the pool (minus the excluded), lowest rank first."""
    eligible = sorted(set(pool) - excluded)
    return sorted(eligible, key=lambda expert: rank(seed, expert))[:size]


def excluded_experts(reg, program, applications: list[str]) -> set[str]:
    """Experts who work at a unit of any applicant under review: they step aside (回避)."""
    units = set()
    for app_id in applications:
        app = reg.model("application", app_id)
        for pid in app.people() if app else []:
            person = reg.model("person", pid)
            if person is not None:
                units.add(person.unit)
    return {pid for pid in program.expert_pool if (p := reg.model("person", pid)) is not None and p.unit in units}


def expected_panel(reg, entry) -> list[str] | None:
    """The panel a draw decision must hold, or None when its program cannot be read."""
    program = reg.model("program", entry.program)
    if program is None:
        return None
    d = entry.model
    return draw_panel(d.seed, program.expert_pool, excluded_experts(reg, program, d.applications), d.size)
