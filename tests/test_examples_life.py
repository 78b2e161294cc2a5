"""The shipped examples over their whole life, judged by direct evaluation of the records:

- nobody who left a team (replacement, a member's exit, the team's failed assessment or its
  termination) serves for it again, and the members of a team that failed serve nowhere in the
  program afterwards (九江 六 考核不合格的团队、成员退出卓越行动);
- every application is decided, or waits visibly: the office's worklist (`techserve todo`) names it;
- after their latest record, the examples continued as the office keeps a registry (each live
  agreement's services twice a month, each year's assessment by its deadline) are clean at every
  month end for 24 months; left as they are, they report exactly those obligations and nothing else.

Records dated after today cannot be committed (record.future-date), so a program still under way
(九江's 2025 teams serve until 2027) is continued here, in a copy, day by day.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

from techserve.checker import check
from techserve.office.todo import todo
from techserve.registry import load_registry
from techserve.registry.status import add_years, derive
from techserve.rules.dates import EVENT

from .conftest import REPO

DECIDED = {"approved", "exited", "completed", "rejected"}


def latest_record(reg) -> date:
    return max(day for kind, (name, _) in EVENT.items() for e in reg.valid(kind)
               if (day := getattr(e.model, name, None)) is not None)


def month_ends(first: date, months: int) -> list[date]:
    out, day = [], first
    for _ in range(months + 1):
        end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        out.append(end)
        day = end + timedelta(days=1)
    return out


def departures(reg) -> list[tuple[str | None, str | None, date, str | None, str]]:
    """(application, agreement, from which day, the person who left or None for all, how)."""
    agreement_app = {e.id: e.model.application for e in reg.valid("agreement")}
    out = []
    for e in reg.valid("decision"):
        d = e.model
        if d.kind in ("replacement", "termination"):
            person = d.leaves if d.kind == "replacement" else d.person
            out.append((d.application or agreement_app[d.agreement], d.agreement, d.date, person, d.kind))
        elif d.kind == "assessment":
            out += [(r.application, None, d.date, None, "failed") for r in d.results if r.outcome == "fail"]
    return out


def test_who_left_serves_no_more_in_the_examples():
    reg = load_registry(REPO)
    left = departures(reg)
    assert {how for *_, how in left} == {"replacement", "termination", "failed"}  # the examples hold each
    agreement_app = {e.id: e.model.application for e in reg.valid("agreement")}
    team_of = {e.id: e.model.members for e in reg.valid("application") if e.model.kind == "team"}
    served = [(s.model.agreement, agreement_app.get(s.model.agreement), s.program, s.model.date,
               set(s.model.people), s.file) for s in reg.valid("service")]
    for app, agreement, day, person, how in left:
        gone = {person} if person else set(team_of.get(app, ()))
        for on, for_app, program, when, people, file in served:
            if when < day:
                continue
            if on == agreement or (app is not None and for_app == app):
                assert person is not None and person not in people, (file, how, app or agreement, person)
            if how == "failed" and program == reg.get("application", app).program:
                assert not gone & people, (file, "a member of a failed team serves again", gone & people)


def test_every_example_application_is_decided_or_waits_in_the_worklist():
    reg = load_registry(REPO)
    day = latest_record(reg)
    book = derive(reg, day)
    waiting = set()
    for item in todo(reg, day):  # a running notice is listed by its own id: it names its applications
        notice = reg.model("decision", item.records[0]) if item.kind == "notice" else None
        waiting |= set(notice.applications if notice else item.records)
    apps = [e for e in reg.valid("application") if e.model.submitted <= day]
    assert apps and any(book.of(e.id) not in DECIDED for e in apps)
    for e in apps:
        assert book.of(e.id) in DECIDED or e.id in waiting, (e.id, book.of(e.id))


def continuation(reg, latest: date, until: date) -> list[tuple[date, str, str]]:
    """(day, path, text) of what the office records after `latest` up to `until`: two services a
    month on each agreement still running (copied from its last one), and each year's assessment
    of the teams still approved, ten days before the deadline."""
    book = derive(reg, latest)
    out = []
    for e in reg.valid("agreement"):
        a = e.model
        if a.application is None or book.of(a.application) != "approved" or not book.agreement_active(a, e.id, latest):
            continue
        last = max((s for s in reg.valid("service") if s.model.agreement == e.id), key=lambda s: s.model.date)
        text = (REPO / last.file).read_text(encoding="utf-8")
        for end in month_ends(latest, (until.year - latest.year) * 12 + until.month - latest.month):
            for day in (end.replace(day=2), end.replace(day=16)):
                if latest < day <= min(a.end, until):
                    out.append((day, f"submissions/programs/{e.program}/services/{e.id}-{day:%Y%m%d}.yaml",
                                text.replace(f"date: {last.model.date}", f"date: {day}")))
    for prog in reg.programs():
        yearly = next((i for i in prog.model.rules if i.rule == "assessment.yearly"), None)
        if yearly is None:
            continue
        month, dd = map(int, yearly.params["deadline"].split("-"))
        due: dict[int, list[str]] = {}
        for app, approved in sorted(book.approved_on.items()):
            if reg.get("application", app).program != prog.id or book.of(app) != "approved":
                continue
            term = add_years(approved, prog.model.term_years) if prog.model.term_years else prog.model.period.end
            for year in range(latest.year, term.year + 1):
                deadline = date(year, month, dd)
                if latest < deadline <= term and deadline - timedelta(days=10) <= until:
                    due.setdefault(year, []).append(app)
        for year, apps in due.items():
            results = "".join(f"- application: {a}\n  outcome: pass\n  grade: 合格\n  score: 80\n" for a in apps)
            day = date(year, month, dd) - timedelta(days=10)
            out.append((day, f"submissions/programs/{prog.id}/decisions/{year}-niandu-kaohe.yaml",
                        f"kind: assessment\ndate: {day}\nyear: {year}\nresults:\n{results}"))
    return sorted(out)


def test_the_examples_kept_as_the_office_keeps_them_are_clean_every_month_end_for_two_years(tmp_path):
    shutil.copytree(REPO / "submissions", tmp_path / "submissions")
    reg = load_registry(tmp_path)
    latest = latest_record(reg)
    ends = month_ends(latest, 24)
    pending = continuation(reg, latest, ends[-1])
    assert pending  # 九江's 2025 teams are still serving: the walk has something to continue
    for end in ends:
        while pending and pending[0][0] <= end:
            _, path, text = pending.pop(0)
            assert not (tmp_path / path).exists(), path
            (tmp_path / path).write_text(text, encoding="utf-8")
        found = [f"{f.file}: {f.rule} {f.message}" for f in check(tmp_path, end).findings if f.severity != "info"]
        assert found == [], (end, found)


def test_the_examples_left_as_they_are_report_only_what_falls_due_after_their_latest_record():
    reg = load_registry(REPO)
    latest = latest_record(reg)
    ends = month_ends(latest, 24)
    owed = {("service.frequency" if "/services/" in path else "assessment.yearly", path)
            for _, path, _ in continuation(reg, latest, ends[-1])}
    owed_agreements = {p.rsplit("/", 1)[1].rsplit("-", 1)[0] for r, p in owed if r == "service.frequency"}
    owed_apps = {a for _, p, text in continuation(reg, latest, ends[-1]) if "/decisions/" in p
                 for a in (line.split(": ")[1] for line in text.splitlines() if "application:" in line)}
    assert check(REPO, ends[0]).findings == []  # the month of the latest record is complete
    for end in ends:
        for f in check(REPO, end).findings:
            assert (f.rule, f.record) in {("service.frequency", a) for a in owed_agreements} | {
                ("assessment.yearly", a) for a in owed_apps}, (end, f.rule, f.record, f.message)
