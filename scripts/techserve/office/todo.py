"""What the office has to do next, and by when: `techserve todo`.

Read from the registry as the check reads it (statuses from decisions, the workday calendar):
applications waiting for each step of their program, notices running and the first day an
approval may be dated, approved teams without an agreement, yearly assessments due. Each item
names the file the office creates to settle it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from ..registry import Registry
from ..registry.terms import after_notice, monthly_deadline, on_lists, visits_per_month
from ..rules import Context
from ..rules.library import settings
from ..rules.library.shared import passed_between
from ..rules.library.wording import STEPS as STEP_ZH

# Which status an application has when it waits for a step.
DEFAULT_STEPS = ["initial", "expert", "notice", "approval"]
# The file name `draft` gives the decision of each step (decisions/<年份>-<stem>.yaml).
FILE_STEM = {"initial": "chushen", "expert": "zhuanjia-pingshen", "notice": "gongshi"}


@dataclass(frozen=True)
class Item:
    program: str
    due: date | None  # by when, if the registry knows
    kind: str  # step, notice, agreement, assessment
    what: str  # Chinese, one line
    records: tuple[str, ...]  # the applications (or notice) concerned
    create: str  # the file to create, relative to the registry root
    draft: str = ""  # the `techserve draft` command that writes it, when there is one

    def as_dict(self) -> dict:
        out = asdict(self)
        out["due"] = self.due.isoformat() if self.due else None
        out["records"] = list(self.records)
        return out


def _steps(program) -> list[str]:
    order = settings(program.model, "process.order")
    return list(order.steps) if order is not None else DEFAULT_STEPS


def _monthly_due(ctx: Context, prog, step: str, group) -> date | None:
    """The day the earliest waiting application's review is due, where the program reviews in
    monthly cycles (review.monthly: 每月20日前完成本月特派员申请审核)."""
    monthly = settings(prog.model, "review.monthly")
    if monthly is None or monthly.stage != step:
        return None
    return min(monthly_deadline(ctx.calendar, a.model.submitted, monthly.day) for a in group)


def _tasks(reg: Registry, prog, as_of: date) -> list[Item]:
    """Key tasks (江苏's 重点任务) whose 完成时限 falls within 30 days, or has passed, not reported
    done in any progress decision by the day."""
    done = {t.task for e in reg.valid("decision", prog.id, of=("progress",))
            if e.model.date <= as_of for t in e.model.tasks if t.status == "已完成"}
    out = []
    for n, t in enumerate(prog.model.tasks, 1):
        if n in done or t.deadline == "持续推进":
            continue
        parts = [int(x) for x in t.deadline.split("-")]
        due = date(*parts) if len(parts) == 3 else \
            (date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1) - timedelta(days=1))
        if due <= as_of + timedelta(days=30):
            late = "已过" if due < as_of else "临近"
            out.append(Item(prog.id, due, "task", f"重点任务“{t.title}”完成时限 {t.deadline}{late}，尚未报告完成"
                            f"（牵头单位：{t.lead_unit}）", (str(n),),
                            f"submissions/programs/{prog.id}/decisions/<年份>-<月份>-diaodu.yaml",
                            f"techserve draft progress --program {prog.id}"))
    return out


def _draw_steps(reg, pid: str) -> str:
    """The drafts an expert review waits for: a draw plan first, its draw after the seed day."""
    cited = {e.model.plan for e in reg.valid("decision", pid, of=("draw",))}
    open_plan = any(e.id not in cited for e in reg.valid("decision", pid, of=("drawplan",)))
    first = (f"techserve draft draw --program {pid} --seed <种子日期公布的数字>" if open_plan else
             f"techserve draft drawplan --program {pid}")
    return f"{first} ; techserve draft review --program {pid} --stage expert"


def _draws(program) -> bool:
    """Whether the program's experts are drawn at random (expert.draw): then a draw comes first."""
    return any(inst.rule == "expert.draw" for inst in program.model.rules)


_ORDERED = ["initial", "expert", "notice", "approval"]
_DONE = {"submitted": -1, "in_review": 0, "shortlisted": 1, "notice_ended": 2}  # the last step a status has passed


def next_step(status: str, steps: list[str]) -> str | None:
    """The step an application with this status waits for: the first of the program's own steps
    after the one it has passed (a program without an expert review or a 公示 goes straight to the
    next one it has)."""
    done = _DONE.get(status)
    if done is None:
        return None
    return next((s for s in steps if s in _ORDERED and _ORDERED.index(s) > done), None)


def todo(reg: Registry, as_of: date, program: str | None = None, unit: str | None = None) -> list[Item]:
    """Every item due in the registry as of a day, soonest first (items without a date last); with
    `unit`, only the applications that unit recommended (a notice: one that names any of them)."""
    items = _all(reg, as_of, program)
    if unit is None:
        return items
    mine = {e.id for e in reg.valid("application") if e.model.recommended_by == unit}
    out = []
    for item in items:
        if item.kind == "notice":
            notice = reg.model("decision", item.records[0])
            if notice is not None and mine.intersection(notice.applications):
                out.append(item)
            continue
        records = tuple(r for r in item.records if r in mine)
        if records:
            what = item.what if records == item.records else f"{item.what}（其中本单位推荐的 {len(records)} 份）"
            out.append(Item(item.program, item.due, item.kind, what, records, item.create, item.draft))
    return out


def _all(reg: Registry, as_of: date, program: str | None) -> list[Item]:
    ctx = Context(reg, as_of)
    book = ctx.status
    items: list[Item] = []
    for prog in reg.programs():
        if program and prog.id != program:
            continue
        pid, steps = prog.id, _steps(prog)
        folder = f"submissions/programs/{pid}/decisions"
        apps = [e for e in reg.valid("application", pid) if e.model.submitted <= as_of]
        waiting: dict[str, list] = {}
        for app in apps:
            step = next_step(book.of(app.id), steps)
            if step:
                waiting.setdefault(step, []).append(app)
        for step, group in waiting.items():
            oldest = min(book.since.get(a.id, a.model.submitted) for a in group)
            ids = tuple(sorted(a.id for a in group))
            shown = "、".join(f"“{a.model.name or a.id}”" for a in sorted(group, key=lambda a: a.id)[:3])
            shown += f"等 {len(group)} 份" if len(group) > 3 else ""
            if step == "approval" and "notice" not in steps:  # the program's seed has no 公示
                items.append(Item(pid, None, "step", f"{shown}等待立项（入库）", ids, f"{folder}/<年份>-lixiang.yaml",
                                  f"techserve draft approval --program {pid}"))
                continue
            if step == "approval":
                notices = sorted({n for a in group if (n := book.notice_of.get(a.id)) is not None})
                ends = [book.notice_end[n] for n in notices if n in book.notice_end]
                earliest = after_notice(max(ends)) if ends else None
                items.append(Item(pid, earliest, "step", f"{shown}公示期满，可以立项（立项日期最早为 "
                                  f"{earliest}；公示 {'、'.join(notices)}）", ids, f"{folder}/<年份>-lixiang.yaml",
                                  " ; ".join(f"techserve draft approval --notice {n}" for n in notices)))
                continue
            due = _monthly_due(ctx, prog, step, group)
            by = f"，按规定最迟 {due} 完成" if due else ""
            items.append(Item(pid, due, "step", f"{shown}等待{STEP_ZH[step]}"
                              f"（最早的自 {oldest} 起，已等待 {(as_of - oldest).days} 天{by}）", ids,
                              f"{folder}/<年份>-{FILE_STEM[step]}.yaml",
                              f"techserve draft notice --program {pid}" if step == "notice" else
                              _draw_steps(reg, pid) if step == "expert" and _draws(prog) else
                              f"techserve draft review --program {pid} --stage {step}"))
        for entry in reg.valid("decision", pid, of=("notice",)):
            if entry.model.kind != "notice" or entry.model.date > as_of:
                continue
            end = book.notice_end.get(entry.id)
            if end is not None and end >= as_of:
                items.append(Item(pid, end, "notice", f"公示“{entry.model.title}”进行中，{end} 结束（含当日），"
                                  f"立项日期最早为 {after_notice(end)}；期间受理异议", (entry.id,), entry.file,
                                  f"techserve draft approval --notice {entry.id}"))
        signed = {e.model.application for e in reg.valid("agreement", pid) if e.model.application}
        for app_id, approved in sorted(book.approved_on.items()):
            found = reg.get("application", app_id)
            if found is None:
                continue
            app = found
            if app.program != pid or book.of(app_id) != "approved" or app_id in signed:
                continue
            if app.model is not None and app.model.kind == "team":
                items.append(Item(pid, None, "agreement", f"团队“{app.model.name}”于 {approved} 立项，尚未签订结对协议",
                                  (app_id,), f"submissions/programs/{pid}/agreements/<协议编号>.yaml"))
        items += _assessments(ctx, reg, prog, as_of)
        items += _monthly_list(reg, prog, as_of)
        items += _visits(ctx, reg, prog, as_of)
        if prog.model.period.end >= as_of:
            items += _tasks(reg, prog, as_of)
    if program is None:
        items += _calendars(ctx, as_of)
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.program, i.kind, i.records))


ALL_PROGRAMS = ""  # an item of the registry itself (the holiday calendar), not of one program
CALENDAR_FROM_MONTH = 11  # 国务院办公厅 publishes next year's holidays in October or November


def _calendars(ctx: Context, as_of: date) -> list[Item]:
    """The holiday calendar workdays are counted on: this year's, and from November next year's.
    Without it a workday notice's end, the first day an approval may be dated and the monthly
    deadlines cannot be computed (they say so and wait; nothing else stops)."""
    years = [as_of.year] + ([as_of.year + 1] if as_of.month >= CALENDAR_FROM_MONTH else [])
    out = []
    for year in years:
        if year in ctx.calendar.years:
            continue
        due = None if year == as_of.year else date(as_of.year, 12, 31)
        out.append(Item(ALL_PROGRAMS, due, "calendar",
                        f"新增 {year} 年节假日安排：国务院办公厅发布《关于{year}年部分节假日安排的通知》后，按通知填写"
                        f"放假和调休上班日期（工作日口径的公示结束日期、立项最早日期和每月期限都要用到）",
                        (), f"submissions/calendar/{year}.yaml"))
    return out


def _assessments(ctx: Context, reg: Registry, prog, as_of: date) -> list[Item]:
    """The yearly assessments (assessment.yearly) not yet recorded: every one overdue, and those
    whose deadline is within 60 days. Offices often record December's in January; until they do,
    the worklist names each team (the check reports them, and never fails an applicant for them)."""
    from ..rules.library import owed_assessments

    owed = {k: [a.id for a in v] for k, v in owed_assessments(ctx, prog, as_of + timedelta(days=60)).items()}
    out = []
    for (year, deadline), apps in sorted(owed.items()):
        names = "、".join(f"“{reg.model('application', a).name or a}”" for a in sorted(apps)[:3])
        names += f"等 {len(apps)} 个" if len(apps) > 3 else ""
        when = (f"{year} 年度考核已逾期：期限是 {deadline}，已过 {(as_of - deadline).days} 天" if deadline < as_of
                else f"须在 {deadline} 前完成 {year} 年度考核")
        out.append(Item(prog.id, deadline, "assessment", f"{names}{when}", tuple(sorted(apps)),
                        f"submissions/programs/{prog.id}/decisions/{year}-niandu-kaohe.yaml",
                        f"techserve draft assessment --program {prog.id} --year {year}"))
    return out


def _monthly_list(reg: Registry, prog, as_of: date) -> list[Item]:
    """The month's 推荐特派员清单, when the program asks for one (a monthly deadline about a 清单)
    and some application passed its initial review this month that no list sent has named."""
    deadline = next((d for d in prog.model.monthly_deadlines if "清单" in d.task), None)
    if deadline is None or prog.model.period.end < as_of:
        return []
    first = as_of.replace(day=1)
    listed = on_lists(reg, prog.id, as_of)  # already on a list that was sent
    passed = sorted(set(passed_between(reg, prog.id, first, as_of)) - listed)
    if not passed:
        return []
    month = f"{as_of.year}-{as_of.month:02d}"
    try:
        due = as_of.replace(day=deadline.day)
    except ValueError:  # a deadline day this month does not have
        due = as_of.replace(day=28)
    return [Item(prog.id, due, "list", f"{deadline.task}（本月审核通过 {len(passed)} 份）", tuple(passed),
                 f"exports/recommendations/{prog.id}-{month}.xlsx",
                 f"techserve export --xlsx --recommendations --program {prog.id} --month {month}")]


def _visits(ctx: Context, reg: Registry, prog, as_of: date) -> list[Item]:
    """Agreements short of the program's monthly visits (service.frequency): last month's shortfall,
    and this month's visits still to make by its last day. Two records of one day are one visit."""
    frequency = settings(prog.model, "service.frequency")
    if frequency is None:
        return []
    need = frequency.min_per_month
    this = as_of.replace(day=1)
    last = (this - timedelta(days=1)).replace(day=1)
    month_end = (this + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    visits = visits_per_month(e.model for e in reg.valid("service", prog.id) if e.model.date <= as_of)
    out = []
    for e in reg.valid("agreement", prog.id):
        a = e.model
        name = (reg.model("application", a.application).name if a.application and reg.model("application", a.application)
                else a.person or e.id)
        folder = f"submissions/programs/{prog.id}/services/<服务编号>.yaml"
        before = this - timedelta(days=1)
        if a.start <= last and ctx.status.owes_visits(a, e.id, before):
            n = visits.get((e.id, last.year, last.month), 0)
            if n < need:
                out.append(Item(prog.id, None, "visits", f"“{name}”（协议 {e.id}）{last.year}年{last.month}月入企服务 {n} 次，"
                                f"少于每月 {need} 次", (e.id,), folder))
        if ctx.status.owes_visits(a, e.id, as_of) and a.start <= this and month_end <= a.end:
            n = visits.get((e.id, this.year, this.month), 0)
            if n < need:
                out.append(Item(prog.id, month_end, "visits", f"“{name}”（协议 {e.id}）本月已入企服务 {n} 次，"
                                f"{month_end} 前还需 {need - n} 次", (e.id,), folder))
    return out
