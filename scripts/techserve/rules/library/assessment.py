"""assessment.*: the yearly and the final assessment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import Field, field_validator

from ...registry.status import add_years
from ...registry.terms import MONTH_DAY, month_day, yearly_deadline
from . import wording as zh
from .base import Hit, Params, called, rule, settings
from .shared import active_span


class YearlyParams(Params):
    deadline: str = Field(pattern=MONTH_DAY, description="每年考核截止的月-日，如 12-31")
    # A team approved days before the deadline has nothing to be assessed on yet (本项目规定).
    first_year_min_days: int = Field(90, ge=0, le=366, description="立项当年服务不满该天数的，当年不考核")

    @field_validator("deadline")
    @classmethod
    def _a_real_day(cls, value: str) -> str:
        month_day(value)  # 11-31 is no day: refused here, not read as another one
        return value


@rule("assessment.yearly", YearlyParams,
      title="已立项的项目每年在规定日期前完成年度考核",
      requirement=lambda p: f"每年{zh.mmdd(p['deadline'])}前完成考核"
      + (f"（立项当年不满 {p['first_year_min_days']} 天的不考核）" if p.get("first_year_min_days") else ""))
def assessment_yearly(ctx, program, p: YearlyParams) -> Iterator[Hit]:
    """Each approved application has an assessment result for every year of its term whose
    deadline (month-day `deadline`) has passed, dated on or before that deadline, unless it left
    the program before then. The year of the approval counts only when the team had at least
    `first_year_min_days` days of service before its deadline."""
    assessed = assessed_on(ctx, program)
    for app, year, deadline in required_assessments(ctx, program, p):
        if deadline >= ctx.as_of:
            continue  # not due yet (the worklist says when: techserve todo)
        done = assessed.get((app.id, year))
        if done is None:
            yield Hit(app, (), f"没有 {year} 年度考核结果：已立项的项目每年须在 {deadline} 前完成考核")
        elif done > deadline:
            yield Hit(app, (), f"{year} 年度考核于 {done} 才完成，晚于 {deadline} 的期限")


def assessed_on(ctx, program) -> dict[tuple[str, int], date]:
    """(application, year) → the first day an assessment decision gave it a result for that year."""
    assessed: dict[tuple[str, int], date] = {}
    for _, d, _ in ctx.decisions("assessment", program.id):
        for r in d.results:
            first = assessed.get((r.application, d.year))
            assessed[(r.application, d.year)] = min(first, d.date) if first else d.date
    return assessed


def owed_assessments(ctx, program, through: date) -> dict[tuple[int, date], list]:
    """(year, deadline) → the application entries whose yearly assessment for that year is not
    recorded, for each deadline on or before `through`: what the worklist asks for (through a day
    ahead) and the program page states as 逾期 (through yesterday). Empty without the rule."""
    p = yearly_params(program)
    if p is None:
        return {}
    done = assessed_on(ctx, program)
    owed: dict[tuple[int, date], list] = {}
    for app, year, deadline in required_assessments(ctx, program, p):
        if deadline <= through and (app.id, year) not in done:
            owed.setdefault((year, deadline), []).append(app)
    return owed


def yearly_params(program) -> YearlyParams | None:
    """The program's assessment.yearly settings; None without the rule or with settings
    program.rule already reports."""
    return settings(program.model, "assessment.yearly")


def required_assessments(ctx, program, p: YearlyParams) -> Iterator[tuple[Any, int, date]]:
    """(application entry, year, deadline) for every yearly assessment an approved application owes
    over its term, due or not: what the rule judges and the worklist (techserve todo) lists."""
    for app, approved in ctx.approved(program.id):
        term_end = add_years(approved, program.model.term_years) if program.model.term_years else program.model.period.end
        left = ctx.status.team_left(app.id)
        for year in range(approved.year, term_end.year + 1):
            deadline = yearly_deadline(year, p.deadline)
            if deadline < approved or deadline > term_end:
                continue
            if year == approved.year and (deadline - approved).days < p.first_year_min_days:
                continue  # approved too close to the deadline: its first assessment is next year's
            if left is not None and left <= deadline:
                break
            yield app, year, deadline


class FinalParams(Params):
    within_days: int = Field(ge=0, le=366, description="期满后多少天内须完成验收")
    term: Literal["program", "agreement"] = Field(
        "program", description="program：立项后 term_years 年或实施期结束即期满；agreement：协议（入企）期满")


def term_end(ctx, program, app_id: str, approved: date, term: str) -> date | None:
    """When an approved project's term is over: by the program's term, or when its last
    agreement ends (or is terminated); None while it has no agreement."""
    if term == "program":
        return add_years(approved, program.model.term_years) if program.model.term_years else program.model.period.end
    ends = [span[1] for e in ctx.reg.valid("agreement", program.id)
            if e.model.application == app_id and (span := active_span(ctx, e))]
    return max(ends) if ends else None


@rule("assessment.final", FinalParams,
      title="已立项的项目期满后在规定天数内完成验收，期满前不验收",
      requirement=lambda p: f"期满后 {p['within_days']} 天内验收")
def assessment_final(ctx, program, p: FinalParams) -> Iterator[Hit]:
    """When an approved project's term ends (立项后 term_years 年或实施期结束；或按三方协议，
    入企期满), the agency accepts it (期满验收) within `within_days` days — not before the term
    ends, unless the project left the program first."""
    accepted: dict[str, list] = {}
    for entry, d, _ in ctx.decisions("acceptance", program.id):
        for i, r in enumerate(d.results):
            accepted.setdefault(r.application, []).append((entry, i))
    for app, approved in ctx.approved(program.id):
        app_id = app.id
        ends = term_end(ctx, program, app_id, approved, p.term)
        left = ctx.status.team_left(app_id)
        # A project that left before its term was over (its agreements' span ends the day before
        # it left) has nothing to accept.
        if ends is None or (left is not None and left <= ends + timedelta(days=1)):
            continue
        due = ends + timedelta(days=p.within_days)
        done = accepted.get(app_id, [])
        for entry, i in done:
            if entry.model.date < ends:  # "在期满结束时…组织验收" (seed 001): the last day itself will do
                yield Hit(entry, ("results", i, "application"),
                          f"{called(ctx, app_id)}的期满验收日期 {entry.model.date} 早于期满日 {ends}：期满时才能验收")
        if not done and due < ctx.as_of:
            yield Hit(app, (), f"已于 {ends} 期满，超过 {p.within_days} 天（{due}）仍没有验收结论")
        elif done and min(e.model.date for e, _ in done) > due:
            first = min(done, key=lambda d: d[0].model.date)[0]
            yield Hit(first, ("date",), f"{called(ctx, app_id)}于 {ends} 期满，验收于 {first.model.date} 才完成，"
                                        f"晚于 {p.within_days} 天的期限（{due}）")
