"""The process: steps in the order the program sets, notices at least as long as the program
says, recommendations by the units the program names, agreements that follow the approval.

Every date a rule needs is in the decision log, so the plain `check` enforces the process; the
change rules (`check --base`) only add what needs history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from ...models.references import DECISION_REFERENCES, named_at
from ...registry import Entry
from ...registry.status import program_notice_end
from ...registry.workdays import MissingYear
from . import wording as zh
from .base import Hit, NoParams, Params, applicants, applications, called, names, rule

Step = Literal["initial", "expert", "notice", "approval"]
STEP_ZH = zh.STEPS


@dataclass
class Trail:
    """What the decision log says of one application: each step's passes and fails, by date."""

    passed: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    failed: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    upheld: list[date] = field(default_factory=list)


def trails(ctx, program) -> dict[str, Trail]:
    out: dict[str, Trail] = defaultdict(Trail)
    for entry in ctx.reg.valid("decision", program.id, of=("review", "objection")):
        d = entry.model
        if d.kind == "review":
            for r in d.results:
                (out[r.application].passed if r.outcome == "pass" else out[r.application].failed)[d.stage].append(d.date)
        elif d.kind == "objection" and d.outcome == "upheld":
            out[d.application].upheld.append(d.date)
    return out


def named(decision) -> Iterator[tuple[tuple, str]]:
    """(path, application id) for each application a review, notice or approval names, as its
    model declares them (models/references.py)."""
    for pattern, kinds in DECISION_REFERENCES.get(decision.kind, ()):
        if kinds == ("application",):
            yield from named_at(decision, pattern)


def step_of(decision) -> str | None:
    return decision.stage if decision.kind == "review" else decision.kind if decision.kind in STEP_ZH else None


class OrderParams(Params):
    steps: list[Step] = Field(min_length=2, description="本项目的决定环节，按先后顺序")


@rule("process.order", OrderParams,
      title="评审、公示、立项按项目规定的环节依次进行：未通过上一环节的不能进入下一环节，未经公示、公示期未满不能立项",
      requirement=lambda p: "依次" + "→".join(zh.STEPS.get(s, s) for s in p["steps"]))
def process_order(ctx, program, p: OrderParams) -> Iterator[Hit]:
    """Each decision takes up only applications submitted and passed the step before it, on or
    before its date: nothing is decided before it was submitted, no step is skipped, nobody who
    failed goes on, and an approval lists only applications of the notice it cites, dated after
    that notice ended with no upheld objection."""
    log = trails(ctx, program)
    for entry in ctx.reg.valid("decision", program.id):
        d = entry.model
        step = step_of(d)
        if step not in p.steps:
            continue
        yield from _after_submission(ctx, entry, step)
        if p.steps.index(step) == 0:
            continue
        before = p.steps[p.steps.index(step) - 1]
        if before == "notice":
            yield from _after_notice(ctx, entry, log)
            continue
        for path, app in named(d):
            trail = log.get(app, Trail())
            if any(day <= d.date for day in trail.failed[before]) and \
                    not any(day <= d.date for day in trail.passed[before]):
                yield Hit(entry, path, f"{called(ctx, app)}未通过{STEP_ZH[before]}，不能进入{STEP_ZH[step]}")
            elif not any(day <= d.date for day in trail.passed[before]):
                yield Hit(entry, path, f"{called(ctx, app)}在 {d.date} 前没有通过{STEP_ZH[before]}的记录：{STEP_ZH[step]}"
                                       f"须在{STEP_ZH[before]}之后（本项目的环节：{'→'.join(STEP_ZH[s] for s in p.steps)}）")


def _after_submission(ctx, entry, step: str) -> Iterator[Hit]:
    """The submission is the step before the first: a decision dated before an application's
    own `submitted` day took up something that was not yet there."""
    d = entry.model
    for path, app_id in named(d):
        app = ctx.reg.get("application", app_id)
        if app is not None and app.model is not None and d.date < app.model.submitted:
            yield Hit(entry, path, f"{called(ctx, app_id)}的提交日期是 {app.model.submitted}，晚于本{STEP_ZH[step]}决定的日期"
                                   f" {d.date}：决定只能针对已经提交的申报", related=(app.file,))


def _after_notice(ctx, entry, log) -> Iterator[Hit]:
    """The approval side of the notice: listed, after its end, no upheld objection."""
    d = entry.model
    if d.kind != "approval":
        return
    notice = ctx.reg.get("decision", d.notice)
    if notice is None or notice.model is None or notice.model.kind != "notice":
        return  # ref.unknown says so
    listed = set(notice.model.applications)
    end = ctx.status.notice_end.get(notice.id)
    if end is not None and d.date <= end:
        earliest = ctx.calendar.first_workday_after(end)
        yield Hit(entry, ("date",), f"立项日期 {d.date} 在公示期内：公示“{notice.model.title}”到 {end} 才结束"
                                    f"（含当日），立项日期最早为 {earliest}", related=(notice.file,))
    for path, app in named(d):
        if app not in listed:
            yield Hit(entry, path, f"{called(ctx, app)}不在所依据的公示“{notice.model.title}”名单中：未经公示不能立项",
                      related=(notice.file,))
        elif any(day <= d.date for day in log.get(app, Trail()).upheld):
            yield Hit(entry, path, f"{called(ctx, app)}的异议已成立，不能立项")


@rule("notice.duration", NoParams,
      title="公示期不短于项目规定的天数，可以延长，不能缩短")
def notice_duration(ctx, program, p) -> Iterator[Hit]:
    """A notice runs at least as long as the program sets (公示天数): it may be lengthened,
    never shortened, whatever its own days or day kind say."""
    rule_ = program.model.notice
    for entry in ctx.reg.valid("decision", program.id, of=("notice",)):
        d = entry.model
        if d.kind != "notice" or (d.days is None and d.day_kind is None):
            continue
        try:  # the notice's own count (the status uses the later of this and the program's)
            own = ctx.calendar.end_of(d.date, d.days or rule_.days, d.day_kind or rule_.day_kind)
            required = program_notice_end(ctx.calendar, program.model, d.date)
        except MissingYear:
            continue  # calendar.missing-year is reported where the end is computed
        if own < required:
            kind = "工作日" if rule_.day_kind == "workday" else "天"
            yield Hit(entry, ("days",) if d.days is not None else ("day_kind",),
                      f"公示期不能短于项目规定的 {rule_.days} {kind}：按规定应到 {required} 结束，"
                      f"本公示写的天数只到 {own}。公示期按 {required} 计算")


class RecommenderParams(Params):
    same_unit: bool = Field(False, description="true：须由申报人所在单位推荐")
    within_scope: bool = Field(False, description="true：推荐单位只推荐其职能和业务范围内的人员（单位的 scope）")


def recommender_scope(unit) -> str:
    """What a recommending unit may recommend: its `scope`, else a government department its city
    and any other unit its own staff."""
    return unit.scope or ("本市" if unit.type == "政府部门" else "本单位")


@rule("application.recommender", RecommenderParams, each=("application",),
      title="申报须由本项目的推荐单位（或申报人所在单位）推荐",
      requirement=lambda p: ("由申报人所在单位推荐" if p.get("same_unit") else "由本项目的推荐单位推荐")
      + ("，推荐单位只推荐其职能和业务范围内的人员" if p.get("within_scope") else ""))
def application_recommender(ctx, program, p: RecommenderParams) -> Iterator[Hit]:
    """An application is recommended by one of the program's recommending units and, where the
    program says so (所在单位推荐), by the applicant's own unit; with `within_scope`, only within
    the recommender's 职能和业务范围 (a university its own staff, a city bureau its city's units,
    a provincial department its province's: the unit's `scope`)."""
    allowed = set(program.model.recommending_units)
    for entry in applications(ctx, program):
        by = entry.model.recommended_by
        if p.same_unit:
            units = {person.unit for _, _, person in applicants(ctx, entry)}
            if units and by not in units:
                yield Hit(entry, ("recommended_by",), f"应由申报人所在单位{names(ctx, 'unit', sorted(units))}推荐，"
                                                       f"现在的推荐单位是{names(ctx, 'unit', [by])}")
                continue
        if allowed and by not in allowed:
            yield Hit(entry, ("recommended_by",), f"{names(ctx, 'unit', [by])}不是本项目的推荐单位；"
                                                   f"推荐单位为{names(ctx, 'unit', sorted(allowed))}")
            continue
        recommender = ctx.reg.model("unit", by)
        if p.within_scope and recommender is not None:
            scope = recommender_scope(recommender)
            outside = []
            for _, _, person in applicants(ctx, entry):
                unit = ctx.reg.model("unit", person.unit)
                if unit is None:
                    continue  # ref.unknown
                fits = {"本单位": person.unit == by,
                        "本市": (unit.province, unit.city) == (recommender.province, recommender.city),
                        "本省": unit.province == recommender.province}[scope]
                if not fits:
                    outside.append(f"{person.name}（{unit.name}）")
            if outside:
                area = {"本单位": "本单位职工", "本市": f"{recommender.city}的单位人员",
                        "本省": f"{recommender.province}的单位人员"}[scope]
                yield Hit(entry, ("recommended_by",), f"{recommender.name}只推荐{area}，{'、'.join(outside)}不在其推荐范围内："
                                                       "请由其所在单位（或覆盖全部成员的推荐单位）推荐")


class AfterApprovalParams(Params):
    within_days: int = Field(ge=1, le=366, description="立项后多少天内须签订协议")


@rule("agreement.after-approval", AfterApprovalParams,
      title="立项后在规定天数内签订结对协议，且不早于立项",
      requirement=lambda p: f"立项后 {p['within_days']} 天内签订")
def agreement_after_approval(ctx, program, p: AfterApprovalParams) -> Iterator[Hit]:
    """An approved team signs its agreement with the enterprise within `within_days` days of
    the approval, and never before it."""
    signed: dict[str, list] = defaultdict(list)
    for entry in ctx.reg.valid("agreement", program.id):
        if entry.model.application:
            signed[entry.model.application].append(entry)
    for app, approved in ctx.status.approved_on.items():
        app_entry = ctx.reg.get("application", app)
        if app_entry is None or app_entry.program != program.id:
            continue
        for agreement in signed.get(app, []):
            if agreement.model.signed < approved:
                yield Hit(agreement, ("signed",), f"协议签订日期 {agreement.model.signed} 早于立项日期 {approved}："
                                                  "立项（公示无异议）后才能签约")
        due = approved + timedelta(days=p.within_days)
        if not signed.get(app) and due < ctx.as_of:
            yield Hit(app_entry, (), f"已于 {approved} 立项，超过 {p.within_days} 天（{due}）仍没有结对协议："
                                     "请提交协议，或由项目负责人说明")


@rule("agreement.one-to-one", NoParams,
      title="一个服务团只结对一家企业，一家企业只由一个服务团结对")
def agreement_one_to_one(ctx, program, p) -> Iterator[Hit]:
    """Each team is paired with one enterprise, and each enterprise with one team (结对帮扶)."""
    by_app: dict[str, dict[str, Entry]] = defaultdict(dict)
    by_ent: dict[str, dict[str, Entry]] = defaultdict(dict)
    for entry in sorted(ctx.reg.valid("agreement", program.id), key=lambda e: (e.model.signed, e.id)):
        a = entry.model
        if not a.application:
            continue
        if by_app[a.application] and a.enterprise not in by_app[a.application]:
            first = next(iter(by_app[a.application].values()))
            yield Hit(entry, ("enterprise",), f"“{a.application}”已与{names(ctx, 'enterprise', [first.model.enterprise])}"
                                              "结对：一个服务团只结对一家企业", related=(first.file,))
        if by_ent[a.enterprise] and a.application not in by_ent[a.enterprise]:
            first = next(iter(by_ent[a.enterprise].values()))
            yield Hit(entry, ("application",), f"{names(ctx, 'enterprise', [a.enterprise])}已与“{first.model.application}”"
                                               "结对：一家企业只由一个服务团结对帮扶", related=(first.file,))
        by_app[a.application].setdefault(a.enterprise, entry)
        by_ent[a.enterprise].setdefault(a.application, entry)


@rule("approval.agreement", NoParams,
      title="择优支持（立项）的项目须已签订三方协议")
def approval_agreement(ctx, program, p) -> Iterator[Hit]:
    """Where the agreement comes first (景德镇: 签订三方协议, then 专家考核, then 择优支持), every
    application an approval lists has an agreement of this program that names it, signed on or
    before the approval's date."""
    signed: dict[str, list] = defaultdict(list)
    for entry in ctx.reg.valid("agreement", program.id):
        if entry.model.application and entry.model.signed <= ctx.as_of:
            signed[entry.model.application].append(entry.model.signed)
    for entry in ctx.reg.valid("decision", program.id, of=("approval",)):
        d = entry.model
        if d.kind != "approval" or d.date > ctx.as_of:
            continue
        for i, item in enumerate(d.applications):
            days = signed.get(item.application, [])
            if not any(day <= d.date for day in days):
                later = f"（协议于 {min(days)} 才签订）" if days else ""
                yield Hit(entry, ("applications", i, "application"),
                          f"{names(ctx, 'application', [item.application])}在立项（{d.date}）前没有签订三方协议{later}："
                          "须先签订三方协议，再经专家考核择优支持")


class MonthlyParams(Params):
    day: int = Field(20, ge=1, le=28, description="每月完成审核的日期")
    stage: Literal["initial", "expert"] = "initial"


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


def monthly_deadline(ctx, submitted: date, day: int) -> date:
    """The review day of the cycle an application submitted that day belongs to: this month's
    when it came in before the day, else next month's; a day off moves it to the next workday
    (遇节假日顺延, this project's reading)."""
    due = submitted.replace(day=day)
    if submitted.day >= day:
        due = (due.replace(day=1) + timedelta(days=32)).replace(day=day)
    try:
        return due if ctx.calendar.is_workday(due) else ctx.calendar.first_workday_after(due)
    except MissingYear:
        return due


@rule("review.monthly", MonthlyParams,
      title="每月规定日期前完成本月申请的审核",
      requirement=lambda p: f"每月 {p.get('day', 20)} 日前完成本月申请的{zh.STEPS[p.get('stage', 'initial')]}")
def review_monthly(ctx, program, p: MonthlyParams) -> Iterator[Hit]:
    """Applications are reviewed in monthly cycles (as 江西 asks: 每月20日前完成本月特派员申请审核):
    each has a result of the `stage` review by the `day` of its cycle, once that day is past."""
    reviewed: dict[str, date] = {}
    for entry in ctx.reg.valid("decision", program.id, of=("review",)):
        d = entry.model
        if d.kind == "review" and d.stage == p.stage and d.date <= ctx.as_of:
            for r in d.results:
                reviewed[r.application] = min(reviewed.get(r.application, d.date), d.date)
    for app in applications(ctx, program):
        due = monthly_deadline(ctx, app.model.submitted, p.day)
        done = reviewed.get(app.id)
        step = zh.STEPS[p.stage]
        if done is None and due < ctx.as_of:
            yield Hit(app, ("submitted",), f"{app.model.submitted} 提交的申请应在 {due} 前完成{step}，至今没有{step}结果")
        elif done is not None and done > due:
            yield Hit(app, ("submitted",), f"{app.model.submitted} 提交的申请应在 {due} 前完成{step}，{done} 才完成")
