"""办理进度: per program, how many applications stand at each step, the median days from
submission to each step, and how many reviews met the program's monthly deadline. Counts and
days only: nothing about any one applicant."""

from __future__ import annotations

from datetime import date
from statistics import median

from ..registry.status import STATUS_LABELS
from ..registry.terms import monthly_deadline
from ..rules.library import settings

STEPS = (("initial", "初审"), ("expert", "专家评审"), ("notice", "公示"), ("approval", "立项"))


def step_days(b, program: str) -> dict[str, dict[str, date]]:
    """application → step → the first day it reached that step (by the build day)."""
    reached: dict[str, dict] = {}
    for e in b.reg.valid("decision", program):
        d = e.model
        if d.date > b.as_of:
            continue
        if d.kind == "review":
            for r in d.results:
                reached.setdefault(r.application, {}).setdefault(d.stage, d.date)
        elif d.kind == "notice":
            for a in d.applications:
                reached.setdefault(a, {}).setdefault("notice", d.date)
    for a, day in b.book.approved_on.items():
        if day <= b.as_of:
            reached.setdefault(a, {})["approval"] = day
    return reached


def rows(b) -> list[dict]:
    out = []
    for prog in b.programs:
        apps = [e for e in b.reg.valid("application", prog.id) if e.model.submitted <= b.as_of]
        if not apps:
            continue
        counts: dict[str, int] = {}
        for e in apps:
            label = STATUS_LABELS[b.book.of(e.id)]
            counts[label] = counts.get(label, 0) + 1
        reached = step_days(b, prog.id)
        steps = []
        for key, label in STEPS:
            days = [(reached[e.id][key] - e.model.submitted).days for e in apps if key in reached.get(e.id, {})]
            if days:
                steps.append({"label": label, "n": len(days), "median": median(days)})
        monthly = settings(prog.model, "review.monthly")
        on_time = None
        if monthly is not None:
            stage, day = monthly.stage, monthly.day
            done = [(e, reached[e.id][stage]) for e in apps if stage in reached.get(e.id, {})]
            met = sum(1 for e, when in done if when <= monthly_deadline(b.ctx.calendar, e.model.submitted, day))
            on_time = {"met": met, "total": len(done), "day": day}
        out.append({"id": prog.id, "name": prog.model.name, "total": len(apps),
                    "counts": [(label, counts[label]) for label in STATUS_LABELS.values() if label in counts],
                    "steps": steps, "on_time": on_time})
    return out


def build(b) -> None:
    b.page("stats/progress.md", "progress.md", programs=rows(b))
