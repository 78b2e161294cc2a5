"""recommendation.*: the recommending units' monthly 推荐函 and 推荐特派员清单."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal

from pydantic import Field

from ...registry.terms import monthly_deadline
from . import wording as zh
from .base import Hit, Params, applications, called, names, rule
from .shared import passed_between


class MonthlyListParams(Params):
    day: int = Field(25, ge=1, le=28, description="每月寄送推荐清单的日期")
    stage: Literal["initial", "expert"] = "initial"


@rule("recommendation.monthly", MonthlyListParams,
      title="每月规定日期前寄送审核通过申请的推荐函和推荐清单",
      requirement=lambda p: f"推荐单位每月 {p.get('day', 25)} 日前寄送当月{zh.STEPS[p.get('stage', 'initial')]}"
                            "通过的申请的推荐函和推荐清单")
def recommendation_monthly(ctx, program, p: MonthlyListParams) -> Iterator[Hit]:
    """Each application that passed the `stage` review is on a 推荐清单 (a `recommendation`
    decision of its own recommending unit) dated by the `day` of that review's month — the next
    month's when it passed on or after the day (as 江西 asks: 每月20日前完成本月特派员申请审核工作，并于每月
    25日前将……推荐函、推荐特派员清单……寄送). A list names only applications of its unit that
    passed by its date."""
    passed = passed_between(ctx.reg, program.id, date.min, ctx.as_of, p.stage)
    listed: dict[str, tuple] = {}  # application → (its first list entry, the list's date)
    for entry, d, _ in sorted(ctx.decisions("recommendation", program.id), key=lambda t: (t[1].date, t[0].id)):
        if d.date > ctx.as_of:
            continue  # not sent yet (record.future-date)
        for i, app_id in enumerate(d.applications):
            app = ctx.reg.model("application", app_id)
            if app is None:
                continue  # ref.unknown
            if app.recommended_by != d.unit:
                yield Hit(entry, ("applications", i),
                          f"{called(ctx, app_id)}的推荐单位是{names(ctx, 'unit', [app.recommended_by])}，"
                          f"不能列入{names(ctx, 'unit', [d.unit])}的推荐清单")
            elif app_id not in passed or passed[app_id] > d.date:
                yield Hit(entry, ("applications", i), f"{called(ctx, app_id)}在 {d.date} 前没有通过"
                          f"{zh.STEPS[p.stage]}，不能列入推荐清单")
            else:
                listed.setdefault(app_id, (entry, d.date))
    step = zh.STEPS[p.stage]
    for app in applications(ctx, program):
        day = passed.get(app.id)
        if day is None:
            continue
        due = monthly_deadline(ctx.calendar, day, p.day)
        sent = listed.get(app.id)
        if sent is None and due < ctx.as_of:
            yield Hit(app, ("recommended_by",), f"{called(ctx, app.id)}于 {day} 通过{step}，"
                      f"{names(ctx, 'unit', [app.model.recommended_by])}最迟应于 {due} 寄送推荐函和推荐清单，"
                      "至今没有寄送记录（寄送后在 decisions/ 中登记一份 kind: recommendation 的决定）")
        elif sent is not None and sent[1] > due:
            yield Hit(sent[0], ("date",), f"{called(ctx, app.id)}于 {day} 通过{step}，推荐清单最迟应于 {due} 寄送，"
                      f"{sent[1]} 才寄送")
