"""Derived status: what the decisions say about each application and agreement, as of a day.

submitted → in_review → shortlisted → in_notice → notice_ended → approved → exited / completed;
rejected on any fail or an upheld objection. Nothing here is typed by anyone: it is all computed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..findings import Finding
from .registry import Registry
from .terms import add_years, span_end
from .workdays import MissingYear, WorkCalendar

__all__ = ["add_years"]  # re-exported: the rules and pages import it from here

STATUS_LABELS = {
    "submitted": "已提交",
    "in_review": "初审通过",
    "shortlisted": "专家评审通过",
    "in_notice": "公示中",
    "notice_ended": "公示结束",
    "approved": "已立项",
    "exited": "已退出",
    "completed": "已完成",
    "rejected": "未通过",
}
# The decisions that move a status or end a notice; the others (draw, waiver, payment, …) never do.
ACTING = frozenset({"review", "notice", "objection", "approval", "assessment", "termination", "replacement"})
LIVE = ("submitted", "in_review", "shortlisted", "in_notice", "notice_ended", "approved")
_ORDER = {"drawplan": -2, "draw": -1, "review": 0, "notice": 1, "objection": 2, "approval": 3, "assessment": 4, "termination": 5,
          "waiver": 6, "payment": 7, "recovery": 8, "replacement": 9, "acceptance": 10, "evaluation": 11,
          "progress": 12}


@dataclass(frozen=True)
class Change:
    """One roster change: `leaves` goes (exit or replacement) and `joins` comes, from `day` on."""

    day: date
    leaves: str
    joins: str | None
    decision: str


@dataclass
class StatusBook:
    as_of: date
    status: dict[str, str] = field(default_factory=dict)  # application id → status
    since: dict[str, date] = field(default_factory=dict)  # application id → date of that status
    notice_end: dict[str, date] = field(default_factory=dict)  # notice id → last day of the notice
    notice_of: dict[str, str] = field(default_factory=dict)  # application id → its latest notice
    approved_on: dict[str, date] = field(default_factory=dict)
    funding: dict[str, float] = field(default_factory=dict)  # application id → 万元 per year
    terminated: dict[str, date] = field(default_factory=dict)  # agreement id → termination date
    changes: dict[str, list[Change]] = field(default_factory=dict)  # application or agreement id → roster changes
    # application id → the first day after its 培育期 (a program's term_years), once that is past:
    # no monthly visit is owed after it, whatever the agreement's own end says (a visit made after
    # it is still a service under the agreement)
    term_over: dict[str, date] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def of(self, application: str) -> str:
        return self.status.get(application, "submitted")

    def live(self, application: str) -> bool:
        return self.of(application) in LIVE

    def people_on(self, record_id: str, people: list[str], day: date) -> list[str]:
        """Who serves for an application or agreement on `day`, after its exits and replacements."""
        current = list(people)
        for c in self.changes.get(record_id, ()):
            if c.day > day:
                break
            if c.leaves in current:
                current.remove(c.leaves)
            if c.joins and c.joins not in current:
                current.append(c.joins)
        return current

    def team_left(self, application: str | None) -> date | None:
        """The day a team left its program (failed assessment, termination), if it has."""
        if application and self.of(application) == "exited":
            return self.since.get(application)
        return None

    def agreement_span(self, agreement, agreement_id: str) -> tuple[date, date] | None:
        """An agreement's active span: its first and last day of service, cut by its termination
        or its team's exit (each from its own day on); None if it never was active. The one
        meaning of "active" for services, visits, evaluations, rosters and matching."""
        last = span_end(agreement.end, self.terminated.get(agreement_id), self.team_left(agreement.application))
        return (agreement.start, last) if last >= agreement.start else None

    def visits_span(self, agreement, agreement_id: str) -> tuple[date, date] | None:
        """The days an agreement owes its monthly visits: its active span, within its team's 培育期
        where the program has one (a visit after it is still a service; it is no longer owed).
        The one reading for service.frequency and the worklist."""
        span = self.agreement_span(agreement, agreement_id)
        over = self.term_over.get(agreement.application) if agreement.application else None
        if span is None or over is None:
            return span
        last = span_end(span[1], over)
        return (span[0], last) if last >= span[0] else None

    def owes_visits(self, agreement, agreement_id: str, day: date) -> bool:
        span = self.visits_span(agreement, agreement_id)
        return span is not None and span[0] <= day <= span[1]

    def agreement_active(self, agreement, agreement_id: str, day: date) -> bool:
        span = self.agreement_span(agreement, agreement_id)
        return span is not None and span[0] <= day <= span[1]


def calendar_of(reg: Registry) -> WorkCalendar:
    return WorkCalendar(e.model for e in reg.valid("calendar"))


def program_notice_end(cal: WorkCalendar, program, start: date) -> date:
    """The last day of a notice that starts on `start`, as the program's notice rule counts it."""
    return cal.end_of(start, program.notice.days, program.notice.day_kind)


def public_since(reg: Registry, entry, as_of: date | None = None) -> date:
    """The day the public could first see a decision (a notice, a draw plan): the later of its date
    and the first-parent commit on main that added it (registry.published). A decision not yet on
    main is not public before `as_of` (today). Decisions dated on or before the program's
    `notice.imported_until` were published outside the registry and count from their date; so does
    every decision where git cannot tell (not a work tree, a shallow clone)."""
    decision = entry.model
    program = reg.model("program", entry.program)
    imported = program.notice.imported_until if program is not None else None
    if reg.published is None or (imported is not None and decision.date <= imported):
        return decision.date
    public = reg.published.get(entry.file)
    if public is None:
        public = as_of if as_of is not None else decision.date
    return max(decision.date, public)


def notice_start(reg: Registry, entry, as_of: date | None = None) -> date:
    """The first day of a notice's objection period: the day the public could first see it."""
    return public_since(reg, entry, as_of)


def notice_end(reg: Registry, cal: WorkCalendar, entry, as_of: date | None = None) -> tuple[date | None, Finding | None]:
    """The computed last day of a notice decision, or the calendar.missing-year finding.

    The days count from notice_start. A notice may lengthen the program's period, never shorten
    it: the end is the later of the notice's own count and the program's (notice.duration reports
    a shorter one)."""
    notice = entry.model
    start = notice_start(reg, entry, as_of)
    program = reg.model("program", entry.program)
    days = notice.days or (program.notice.days if program else None)
    kind = notice.day_kind or (program.notice.day_kind if program else "calendar")
    if not days:
        return None, None
    try:
        end = cal.end_of(start, days, kind)
        if program is not None:
            end = max(end, program_notice_end(cal, program, start))
        return end, None
    except MissingYear as exc:
        return None, entry.finding(
            "calendar.missing-year",
            f"无法计算公示结束日期：缺少 {exc.year} 年的节假日安排 submissions/calendar/{exc.year}.yaml。"
            "请维护者按国务院办公厅发布的放假通知补充", "date")


def derive(reg: Registry, as_of: date, cal: WorkCalendar | None = None) -> StatusBook:
    cal = cal or calendar_of(reg)
    book = StatusBook(as_of=as_of)
    decisions = defaultdict(list)
    for entry in reg.valid("decision", of=ACTING):
        if entry.model.date <= as_of:
            decisions[entry.program].append(entry)
        if entry.model.kind == "notice":  # end dates are shown for future notices too
            end, problem = notice_end(reg, cal, entry, as_of)
            if end:
                book.notice_end[entry.id] = end
            if problem:
                book.findings.append(problem)

    for entry, submitted in reg.valid_with("application", "submitted"):
        if submitted <= as_of:
            book.status[entry.id] = "submitted"
            book.since[entry.id] = submitted

    def move(app: str, status: str, day: date) -> None:
        if app not in book.status or book.status[app] in ("rejected", "exited"):
            return
        book.status[app], book.since[app] = status, day

    for entries in decisions.values():
        for entry in sorted(entries, key=lambda e: (e.model.date, _ORDER[e.model.kind], e.id)):
            d = entry.model
            if d.kind == "review":
                for r in d.results:
                    if r.outcome == "fail":
                        move(r.application, "rejected", d.date)
                    elif book.status.get(r.application) in ("submitted", "in_review"):
                        move(r.application, "in_review" if d.stage == "initial" else "shortlisted", d.date)
            elif d.kind == "notice":
                end = book.notice_end.get(entry.id)
                for app in d.applications:
                    book.notice_of[app] = entry.id
                    if end is not None and end < as_of:
                        move(app, "notice_ended", end)
                    else:
                        move(app, "in_notice", d.date)
            elif d.kind == "objection":
                if d.outcome == "upheld":
                    move(d.application, "rejected", d.date)
            elif d.kind == "approval":
                for item in d.applications:
                    if book.status.get(item.application) in LIVE:
                        move(item.application, "approved", d.date)
                        book.approved_on[item.application] = d.date
                        if item.funding_wan is not None:
                            book.funding[item.application] = item.funding_wan
            elif d.kind == "assessment":
                for r in d.results:
                    if r.outcome == "fail":
                        move(r.application, "exited", d.date)
            elif d.kind == "termination":
                if d.person:
                    book.changes.setdefault(d.application, []).append(Change(d.date, d.person, None, entry.id))
                elif d.application:
                    move(d.application, "exited", d.date)
                else:
                    book.terminated[d.agreement] = d.date
            elif d.kind == "replacement":
                book.changes.setdefault(d.application or d.agreement, []).append(
                    Change(d.date, d.leaves, d.joins, entry.id))
    # An approved application completes at the end of its term (its program's), once every
    # decision has been read.
    for app, approved in book.approved_on.items():
        if book.status.get(app) != "approved":
            continue
        app_entry = reg.get("application", app)
        program = reg.model("program", app_entry.program) if app_entry is not None else None
        if program is None:
            continue
        end = add_years(approved, program.term_years) if program.term_years else program.period.end
        if end < as_of:
            move(app, "completed", end)
            if program.term_years:
                book.term_over[app] = end
    return book
