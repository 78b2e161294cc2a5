"""Assessments: every approved team is assessed every year of its term, by the program's deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pydantic import Field

from ...registry.status import add_years
from . import wording as zh
from .base import Hit, Params, rule


class YearlyParams(Params):
    deadline: str = Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", description="每年考核截止的月-日，如 12-31")
    # A team approved days before the deadline has nothing to be assessed on yet (本项目规定).
    first_year_min_days: int = Field(90, ge=0, le=366, description="立项当年服务不满该天数的，当年不考核")


@rule("assessment.yearly", YearlyParams,
      title="已立项的项目每年在规定日期前完成年度考核",
      requirement=lambda p: f"每年{zh.mmdd(p['deadline'])}前完成考核"
      + (f"（立项当年不满 {p['first_year_min_days']} 天的不考核）" if p.get("first_year_min_days") else ""))
def assessment_yearly(ctx, program, p: YearlyParams) -> Iterator[Hit]:
    """Each approved application has an assessment result for every year of its term whose
    deadline (month-day `deadline`) has passed, dated on or before that deadline, unless it left
    the program before then. The year of the approval counts only when the team had at least
    `first_year_min_days` days of service before its deadline."""
    month, day = map(int, p.deadline.split("-"))
    assessed: dict[tuple[str, int], date] = {}
    for entry in ctx.reg.valid("decision", program.id, of=("assessment",)):
        d = entry.model
        if d.kind == "assessment":
            for r in d.results:
                first = assessed.get((r.application, d.year))
                assessed[(r.application, d.year)] = min(first, d.date) if first else d.date
    for app_id, approved in ctx.status.approved_on.items():
        app = ctx.reg.get("application", app_id)
        if app is None or app.program != program.id:
            continue
        term_end = add_years(approved, program.model.term_years) if program.model.term_years else program.model.period.end
        left = ctx.status.since.get(app_id) if ctx.status.of(app_id) == "exited" else None
        for year in range(approved.year, term_end.year + 1):
            try:
                deadline = date(year, month, day)
            except ValueError:  # 02-29 in a common year
                deadline = date(year, month, 28)
            if deadline < approved or deadline >= ctx.as_of or deadline > term_end:
                continue
            if year == approved.year and (deadline - approved).days < p.first_year_min_days:
                continue  # approved too close to the deadline: its first assessment is next year's
            if left is not None and left <= deadline:
                break
            done = assessed.get((app_id, year))
            if done is None:
                yield Hit(app, (), f"没有 {year} 年度考核结果：已立项的项目每年须在 {deadline} 前完成考核")
            elif done > deadline:
                yield Hit(app, (), f"{year} 年度考核于 {done} 才完成，晚于 {deadline} 的期限")
