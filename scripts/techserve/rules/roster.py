"""Who serves, as the decision log changes it: member exits, replacements, the people on a service
record, and progress reports that name real targets and tasks.

roster.change    an exit or replacement names someone who is on the team (or agreement) that day,
                 brings in a registered person who is not, and comes after the approval or signing
service.people   everyone on a service record serves for its agreement on that day
progress.target  a progress (调度) report names the program's reported targets and its tasks
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..findings import Finding
from .context import Context


def sent_people(reg, agreement) -> list[str]:
    """The people an agreement sends as signed: its one person, or the application's members."""
    if agreement.person:
        return [agreement.person]
    app = reg.model("application", agreement.application) if agreement.application else None
    return app.people() if app else []


def serving(ctx: Context, agreement_id: str, agreement, day) -> list[str]:
    """Who serves under an agreement on `day`: changes to the team, then to the agreement itself."""
    people = sent_people(ctx.reg, agreement)
    if agreement.application:
        people = ctx.status.people_on(agreement.application, people, day)
    return ctx.status.people_on(agreement_id, people, day)


def _names(ctx, pid: str) -> str:
    person = ctx.reg.model("person", pid)
    return f"“{person.name}”" if person else f"“{pid}”"


def check_roster_changes(ctx: Context) -> Iterator[Finding]:
    """An exit or replacement takes effect on its date: the person leaving serves there that day,
    the person joining is registered and does not already, and the team must already be approved
    (or the agreement signed)."""
    for entry in sorted(ctx.reg.valid("decision"), key=lambda e: (e.model.date, e.id)):
        d = entry.model
        if d.kind == "termination" and d.person:
            leaves, joins = d.person, None
            leaves_path = ("person",)
        elif d.kind == "replacement":
            leaves, joins = d.leaves, d.joins
            leaves_path = ("leaves",)
        else:
            continue
        if d.date > ctx.as_of:
            continue
        before = d.date - timedelta(days=1)  # who served the day before the change takes effect
        if d.application:
            app = ctx.reg.model("application", d.application)
            if app is None:
                continue  # ref.unknown
            if app.kind != "team" and d.kind == "termination":
                yield entry.finding("roster.change", "个人申报没有“成员”可退出：请终止整个申报（去掉 person）",
                                    "person", clause=ctx.clause(entry.program, "roster.change"))
                continue
            approved = ctx.status.approved_on.get(d.application)
            if approved is None or approved > d.date:
                yield entry.finding("roster.change", f"{ctx.called('application', d.application)}在 {d.date} 尚未立项："
                                    "成员变动只对已立项的团队办理；立项前请修改申报本身", "date",
                                    clause=ctx.clause(entry.program, "roster.change"))
                continue
            current = ctx.status.people_on(d.application, app.people(), before)
            where = f"团队“{app.name}”"
        else:
            agreement = ctx.reg.model("agreement", d.agreement)
            if agreement is None:
                continue  # ref.unknown
            if agreement.signed > d.date:
                yield entry.finding("roster.change", f"{ctx.called('agreement', d.agreement)}在 {agreement.signed} 才签订，"
                                    f"不能在 {d.date} 更换人员", "date", clause=ctx.clause(entry.program, "roster.change"))
                continue
            current = serving(ctx, d.agreement, agreement, before)
            where = ctx.called("agreement", d.agreement)
        if leaves not in current:
            yield entry.finding("roster.change", f"{_names(ctx, leaves)}在 {d.date} 不是{where}的服务人员，无从退出或更换",
                                *leaves_path, clause=ctx.clause(entry.program, "roster.change"))
        if joins is not None:
            if ctx.reg.get("person", joins) is None:
                continue  # ref.unknown
            if joins in current:
                yield entry.finding("roster.change", f"{_names(ctx, joins)}已是{where}的服务人员，不能再“更换加入”",
                                    "joins", clause=ctx.clause(entry.program, "roster.change"))


def check_service_people(ctx: Context) -> Iterator[Finding]:
    """Everyone named on a service record serves under its agreement that day — a member of the
    team or the agreement's commissioner, after any exit or replacement."""
    for entry in ctx.reg.valid("service"):
        s = entry.model
        if s.date > ctx.as_of:
            continue  # not happened yet: record.future-date
        agreement = ctx.reg.model("agreement", s.agreement)
        if agreement is None:
            continue  # ref.unknown
        people = serving(ctx, s.agreement, agreement, s.date)
        if not people:
            continue  # the application is missing or invalid; reported there
        for i, pid in enumerate(s.people):
            if pid not in people:
                yield entry.finding(
                    "service.people", f"{_names(ctx, pid)}在 {s.date} 不是{ctx.called('agreement', s.agreement)}的服务人员"
                    f"（当日服务人员：{'、'.join(_names(ctx, p) for p in people)}）。成员退出或更换后，"
                    "服务只能由在岗人员登记", "people", i, clause=ctx.clause(entry.program, "service.people"),
                    related=ctx.files("agreement", s.agreement))


def check_progress(ctx: Context) -> Iterator[Finding]:
    """A progress report gives values only for the program's reported targets (count: reported)
    and progress only for tasks the program lists."""
    for entry, d, program in ctx.decisions("progress"):
        if d.date > ctx.as_of:
            continue  # not reported yet: record.future-date says so, and no other rule judges it
        reported = {t.id: t for t in program.targets if t.count == "reported"}
        for i, v in enumerate(d.values):
            if v.target not in reported:
                counted = [t.id for t in program.targets if t.count != "reported"]
                hint = f"；“{v.target}”由登记册自动统计，不需报告" if v.target in counted else ""
                yield entry.finding("progress.target", f"项目中没有需要报告的指标“{v.target}”"
                                    f"（可报告的指标：{'、'.join(reported) or '无'}）{hint}", "values", i, "target",
                                    clause=ctx.clause(entry.program, "progress.target"))
        for i, t in enumerate(d.tasks):
            if t.task > len(program.tasks):
                yield entry.finding("progress.target", f"项目只有 {len(program.tasks)} 项重点任务，没有第 {t.task} 项",
                                    "tasks", i, "task", clause=ctx.clause(entry.program, "progress.target"))
