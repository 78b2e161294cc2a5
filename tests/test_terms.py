"""registry.terms and the one meaning of "active": each concept the rules, `todo` and pages read
has one definition, so they cannot disagree (two of them did, each a bug an office met)."""

from __future__ import annotations

from datetime import date

import pytest

from techserve.office.todo import todo
from techserve.registry import load_registry
from techserve.registry.terms import add_months, add_years, month_day, span_end, yearly_deadline

from .test_rules_lifecycle import serve, team_kit

YEARLY = {"rule": "assessment.yearly", "params": {"deadline": "12-31", "first_year_min_days": 90}}
FREQ = {"rule": "service.frequency", "severity": "warning", "params": {"min_per_month": 2}}


@pytest.mark.parametrize("text,expected", [("12-31", (12, 31)), ("02-29", (2, 29)), ("11-30", (11, 30))])
def test_a_real_month_day_stands(text, expected):
    assert month_day(text) == expected


@pytest.mark.parametrize("text", ["11-31", "02-30", "04-31", "13-01", "1-5", "12/31"])
def test_an_impossible_month_day_is_refused(text):
    with pytest.raises(ValueError):
        month_day(text)


def test_the_yearly_deadline_and_month_arithmetic_clamp_once():
    assert yearly_deadline(2027, "02-29") == date(2027, 2, 28) and yearly_deadline(2028, "02-29") == date(2028, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28) and add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert span_end(date(2026, 6, 30), date(2026, 1, 1), None) == date(2025, 12, 31)
    assert span_end(date(2026, 6, 30), date(2027, 1, 1)) == date(2026, 6, 30)


def test_a_deadline_no_year_has_is_the_programs_error_and_the_worklist_does_not_crash(tree):
    """assessment.yearly `deadline: 11-31` was read as 11-28 by the check and crashed `todo`."""
    k = team_kit(tree, [dict(YEARLY, params={"deadline": "11-31"})])
    found = k.found("program.rule")
    assert found and "11 月没有 31 日" in found[0].message
    assert isinstance(todo(load_registry(tree.root), date(2025, 11, 20)), list)
    k2 = team_kit(tree, [dict(YEARLY, params={"deadline": "11-30"})])
    assert k2.found("program.rule") == []


def test_an_overdue_assessment_is_on_the_worklist_until_recorded(tree):
    k = team_kit(tree, [YEARLY])  # approved 2025-06-10: the 2025 assessment is due 2025-12-31
    items = [i for i in todo(load_registry(tree.root), date(2026, 1, 4)) if i.kind == "assessment"]
    assert [i.records for i in items] == [("t",)] and "已逾期" in items[0].what and "2025" in items[0].what
    k.decision("kh", kind="assessment", date="2026-01-05", year=2025, results=[{"application": "t", "outcome": "pass"}])
    items = [i for i in todo(load_registry(tree.root), date(2026, 1, 6)) if i.kind == "assessment"]
    assert items == []


def test_a_team_that_left_is_asked_for_no_visits_after_it_left(tree):
    """六 考核不合格的团队退出: with no termination of its agreement, the agreement still ends with the
    team (service.agreement-period rejects a later visit), so service.frequency asks for none."""
    k = team_kit(tree, [FREQ])
    for month in range(7, 13):
        serve(k, f"s{month}a", f"2025-{month:02d}-05", ["a"])
        serve(k, f"s{month}b", f"2025-{month:02d}-15", ["a"])
    k.decision("kh", kind="assessment", date="2025-12-20", year=2025, results=[{"application": "t", "outcome": "fail"}])
    assert k.found("service.frequency", as_of="2026-04-30") == []
    reg = load_registry(tree.root)
    assert not [i for i in todo(reg, date(2026, 2, 10)) if i.kind == "visits"]
    # without the exit, January is missing two visits
    tree.remove("programs/p/decisions/kh.yaml")
    assert [f.message for f in k.found("service.frequency", as_of="2026-02-10")]


def test_a_programs_settings_are_read_through_the_rules_own_params():
    """rules.library.settings: the office, the pages and the matcher read a setting as the rule
    does — its validation, its defaults (review.monthly's day is 20 when unset) — or not at all."""
    from types import SimpleNamespace as NS

    from techserve.rules.library import settings
    from techserve.rules.library.review import MonthlyParams

    def program(*rules):
        return NS(rules=[NS(rule=r, params=p) for r, p in rules])

    monthly = settings(program(("review.monthly", {"stage": "initial"})), "review.monthly")
    assert isinstance(monthly, MonthlyParams) and (monthly.day, monthly.stage) == (20, "initial")
    assert settings(program(("review.monthly", {"day": 25})), "review.monthly").day == 25
    assert settings(program(("review.monthly", {"day": 31})), "review.monthly") is None  # refused: program.rule says so
    assert settings(program(("team.size", {"min": 3, "max": 5})), "review.monthly") is None  # not used
    assert settings(None, "review.monthly") is None


def test_no_setting_is_read_raw_outside_the_rule_library():
    """Defaults exist once, in each rule's Params: outside rules/library nothing reads a rule
    instance's params by hand. The matcher sits below the rules (layers) and reads the one limit it
    needs, agreement.max-concurrent's required `max`, which program.rule has validated."""
    import re

    from .conftest import REPO

    raw = re.compile(r"\.params(\.get\(|\[)")
    allowed = {"scripts/techserve/match/pool.py"}
    found = [f"{p.relative_to(REPO)}:{n}" for p in (REPO / "scripts/techserve").rglob("*.py")
             if "rules/library" not in p.as_posix() and p.relative_to(REPO).as_posix() not in allowed
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert found == []
