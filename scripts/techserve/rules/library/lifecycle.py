"""The end of the life cycle: acceptance when the term is over (期满验收), the three-party
evaluation when a service ends (三方评价), and key tasks reported done by their deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from ...registry import Entry
from ...registry.status import add_years
from ...registry.targets import task_due, task_progress
from . import wording as zh
from .agreements import active_span
from .base import Hit, Params, called, rule

PARTY_ZH = zh.PARTIES


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
    for entry in ctx.reg.valid("decision", program.id, of=("acceptance",)):
        if entry.model.kind == "acceptance":
            for i, r in enumerate(entry.model.results):
                accepted.setdefault(r.application, []).append((entry, i))
    for app_id, approved in ctx.status.approved_on.items():
        app = ctx.reg.get("application", app_id)
        if app is None or app.program != program.id:
            continue
        ends = term_end(ctx, program, app_id, approved, p.term)
        if ends is None or (ctx.status.of(app_id) == "exited" and ctx.status.since.get(app_id, ends) <= ends):
            continue
        due = ends + timedelta(days=p.within_days)
        done = accepted.get(app_id, [])
        for entry, i in done:
            if entry.model.date <= ends:
                yield Hit(entry, ("results", i, "application"),
                          f"{called(ctx, app_id)}的期满验收日期 {entry.model.date} 不在期满日 {ends} 之后：期满后才能验收")
        if not done and due < ctx.as_of:
            yield Hit(app, (), f"已于 {ends} 期满，超过 {p.within_days} 天（{due}）仍没有验收结论")
        elif done and min(e.model.date for e, _ in done) > due:
            first = min(done, key=lambda d: d[0].model.date)[0]
            yield Hit(first, ("date",), f"{called(ctx, app_id)}于 {ends} 期满，验收于 {first.model.date} 才完成，"
                                        f"晚于 {p.within_days} 天的期限（{due}）")


class EvaluationParams(Params):
    parties: list[Literal["commissioner", "enterprise", "liaison"]] = Field(
        min_length=1, description="须参加评价的各方：commissioner 特派员（团）、enterprise 企业、liaison 开发区联络员")
    within_days: int = Field(ge=0, le=366, description="服务结束后多少天内须完成评价")


@rule("evaluation.three-party", EvaluationParams,
      title="服务结束后，特派员（团）、企业和开发区联络员在规定天数内各评价一次",
      requirement=lambda p: f"服务结束后 {p['within_days']} 天内由{'、'.join(zh.PARTIES[x] for x in p['parties'])}评价")
def evaluation_three_party(ctx, program, p: EvaluationParams) -> Iterator[Hit]:
    """When an agreement's service ends (its end date, or a termination), every party in
    `parties` evaluates it within `within_days` days (a later one is late); an evaluation is not
    given before the service has begun, and no party evaluates twice."""
    rated: dict[str, dict[str, Entry]] = {}
    for entry in sorted(ctx.reg.valid("decision", program.id, of=("evaluation",)), key=lambda e: (e.model.date, e.id)):
        d = entry.model
        if d.kind != "evaluation" or d.date > ctx.as_of:
            continue  # another kind, or not given yet (record.future-date)
        agreement = ctx.reg.get("agreement", d.agreement)
        if agreement is None or agreement.model is None:
            continue  # ref.unknown
        if d.date < agreement.model.start:
            yield Hit(entry, ("date",), f"评价日期 {d.date} 早于服务开始日期 {agreement.model.start}：服务开始后才能评价")
        seen = rated.setdefault(d.agreement, {})
        for i, r in enumerate(d.ratings):
            if r.party in seen:
                yield Hit(entry, ("ratings", i, "party"), f"{PARTY_ZH[r.party]}已对协议“{d.agreement}”作过评价"
                                                          f"（{seen[r.party].file}），每方只评价一次")
            else:
                seen[r.party] = entry
    for entry in ctx.reg.valid("agreement", program.id):
        span = active_span(ctx, entry)
        ended = span[1] if span else entry.model.start
        due = ended + timedelta(days=p.within_days)
        if due >= ctx.as_of:
            continue
        late: dict[str, list[str]] = {}  # evaluation id → the parties it rated late
        evaluations = {}
        for party, e in rated.get(entry.id, {}).items():
            if party in p.parties and e.model.date > due:
                late.setdefault(e.id, []).append(PARTY_ZH[party])
                evaluations[e.id] = e
        for eid, parties in late.items():
            e = evaluations[eid]
            yield Hit(e, ("date",), f"{'、'.join(parties)}的评价于 {e.model.date} 作出，晚于服务结束（{ended}）后 "
                                    f"{p.within_days} 天的期限 {due}", related=(entry.file,))
        missing = [PARTY_ZH[x] for x in p.parties if x not in rated.get(entry.id, {})]
        if missing:
            yield Hit(entry, (), f"服务已于 {ended} 结束，超过 {p.within_days} 天（{due}）仍缺少三方评价："
                                 f"{'、'.join(missing)}未评价")


class TaskParams(Params):
    grace_days: int = Field(0, ge=0, le=366, description="完成时限之后多少天内报告完成情况")


@rule("task.deadline", TaskParams,
      title="每项重点任务在完成时限前经调度报告“已完成”",
      requirement=lambda p: f"完成时限后 {p['grace_days']} 天内报告完成" if p.get("grace_days") else "完成时限前报告完成")
def task_deadline(ctx, program, p: TaskParams) -> Iterator[Hit]:
    """Each key task (重点任务) is reported 已完成 in a progress (调度) report by its deadline
    (完成时限, a month means its last day) plus `grace_days`; 持续推进 tasks have no deadline."""
    progress = task_progress(ctx.reg, program.id, ctx.as_of)
    done_on: dict[int, date] = {}
    for entry in ctx.reg.valid("decision", program.id, of=("progress",)):
        d = entry.model
        if d.kind == "progress" and d.date <= ctx.as_of:
            for t in d.tasks:
                if t.status == "已完成":
                    done_on[t.task] = min(done_on.get(t.task, d.date), d.date)
    for i, task in enumerate(program.model.tasks):
        due = task_due(task.deadline)
        if due is None:
            continue
        due += timedelta(days=p.grace_days)
        done = done_on.get(i + 1)
        latest = progress.get(i + 1)
        where = ("tasks", i, "deadline")
        if done is not None:
            if done > due:
                yield Hit(program, where, f"第 {i + 1} 项任务“{task.title}”于 {done} 才报告完成，"
                                          f"晚于完成时限 {task.deadline}（报告期限 {due}）")
        elif due >= ctx.as_of:
            continue
        elif latest is None:
            yield Hit(program, where, f"第 {i + 1} 项任务“{task.title}”完成时限 {task.deadline} 已过"
                                      f"（报告期限 {due}），没有任何调度报告其进展")
        else:
            yield Hit(program, where, f"第 {i + 1} 项任务“{task.title}”完成时限 {task.deadline} 已过"
                                      f"（报告期限 {due}），最近一次调度（{latest[2]}）报告为“{latest[0]}”",
                      related=(latest[3].file,))
