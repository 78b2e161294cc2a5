"""review.*: when the reviews must be done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal

from pydantic import Field

from ...registry.terms import monthly_deadline
from . import wording as zh
from .base import Hit, Params, applications, rule


class MonthlyParams(Params):
    day: int = Field(20, ge=1, le=28, description="每月完成审核的日期")
    stage: Literal["initial", "expert"] = "initial"


@rule("review.monthly", MonthlyParams,
      title="每月规定日期前完成本月申请的审核",
      requirement=lambda p: f"每月 {p.get('day', 20)} 日前完成本月申请的{zh.STEPS[p.get('stage', 'initial')]}")
def review_monthly(ctx, program, p: MonthlyParams) -> Iterator[Hit]:
    """Applications are reviewed in monthly cycles (as 江西 asks: 每月20日前完成本月特派员申请审核):
    each has a result of the `stage` review by the `day` of its cycle, once that day is past."""
    reviewed: dict[str, date] = {}
    for _, d, _ in ctx.decisions("review", program.id):
        if d.stage == p.stage and d.date <= ctx.as_of:
            for r in d.results:
                reviewed[r.application] = min(reviewed.get(r.application, d.date), d.date)
    for app in applications(ctx, program):
        due = monthly_deadline(ctx.calendar, app.model.submitted, p.day)
        done = reviewed.get(app.id)
        step = zh.STEPS[p.stage]
        if done is None and due < ctx.as_of:
            yield Hit(app, ("submitted",), f"{app.model.submitted} 提交的申请应在 {due} 前完成{step}，至今没有{step}结果")
        elif done is not None and done > due:
            yield Hit(app, ("submitted",), f"{app.model.submitted} 提交的申请应在 {due} 前完成{step}，{done} 才完成")
