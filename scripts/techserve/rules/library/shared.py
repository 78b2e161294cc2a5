"""What several rule modules read: parameter types, the helpers that judge an application's
history, counts by month. Rules live in the module their id names (`team.size` in team.py)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...registry.terms import add_months
from .base import Params

__all__ = ["add_months"]  # one meaning (registry.terms), re-exported for the rule modules


def active_span(ctx, agreement) -> tuple[date, date] | None:
    """First and last active day (registry.status: after a termination or the team's exit);
    None if it never was active."""
    return ctx.status.agreement_span(agreement.model, agreement.id)


def agreements(ctx, program):
    return ctx.reg.valid("agreement", program.id)




class MaxParams(Params):
    max: int = Field(ge=1)


def approval_items(ctx, program):
    """(decision entry, item index, item) for approvals of the program in effect as of the day."""
    for entry in sorted(ctx.reg.valid("decision", program.id), key=lambda e: (e.model.date, e.id)):
        if entry.model.kind == "approval" and entry.model.date <= ctx.as_of:
            for i, item in enumerate(entry.model.applications):
                yield entry, i, item


def passed_between(reg, program: str, first: date, last: date, stage: str = "initial") -> dict[str, date]:
    """application → the first day in [first, last] a `stage` review passed it (the month's
    推荐特派员清单 lists these; `techserve todo` asks for the list once there are any)."""
    passed: dict[str, date] = {}
    for e in reg.valid("decision", program, of=("review",)):
        d = e.model
        if d.stage == stage and first <= d.date <= last:
            for r in d.results:
                if r.outcome == "pass" and (r.application not in passed or d.date < passed[r.application]):
                    passed[r.application] = d.date
    return passed


def after_changes(ctx, app):
    """The roster changes of an approved team that have taken effect by the day of the check."""
    return [c for c in ctx.status.changes.get(app.id, ()) if c.day <= ctx.as_of]
