"""Derived status, notice end dates and waivers (SPEC §3), always as of an explicit day."""

from __future__ import annotations

from datetime import date

import pytest

from techserve.models.calendar import Calendar
from techserve.registry import load_registry
from techserve.registry.status import derive
from techserve.registry.workdays import MissingYear, WorkCalendar

from .conftest import REPO
from .rulekit import Kit


def cal(*years):
    import yaml

    return WorkCalendar(Calendar.model_validate(yaml.load(
        (REPO / f"submissions/calendar/{y}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)) for y in years)


def test_notice_over_national_day_counts_make_up_workday():
    c = cal(2025)
    assert c.end_of(date(2025, 9, 29), 5, "workday") == date(2025, 10, 11)
    assert c.end_of(date(2025, 9, 29), 5, "calendar") == date(2025, 10, 3)


def test_notice_starting_on_a_holiday_begins_on_the_next_workday():
    c = cal(2021)
    # 2021-09-20 is 中秋; 09-26 (Sunday) is a make-up workday
    assert c.end_of(date(2021, 9, 20), 5, "workday") == date(2021, 9, 27)


def test_workdays_across_new_year_need_both_calendars():
    with pytest.raises(MissingYear) as exc:
        cal(2025).end_of(date(2025, 12, 29), 5, "workday")
    assert exc.value.year == 2026
    # 12-29, 12-30, 12-31, then 01-04 (a make-up Sunday) and 01-05
    assert cal(2025, 2026).end_of(date(2025, 12, 29), 5, "workday") == date(2026, 1, 5)


def test_missing_calendar_year_is_a_finding(tree):
    k = Kit(tree, [], notice={"days": 5, "day_kind": "workday", "contact": "x"})
    k.person("a")
    k.individual("ia", "a")
    k.decision("nt", kind="notice", date="2027-03-01", title="公示", applications=["ia"])
    [f] = k.found("calendar.missing-year")
    assert "2027" in f.message and f.record == "nt"


def statuses(as_of):
    reg = load_registry(REPO)
    return derive(reg, date.fromisoformat(as_of))


def test_every_status_is_exercised_by_the_examples():
    book = statuses("2026-11-22")
    s = book.status
    assert s["hust-zhineng-zhizao-2025"] == "approved"
    assert s["wtu-fangzhi-2025"] == "exited"
    assert s["xjtu-dianli-2025"] == "rejected"
    assert s["hust-gongye-hulian-2025"] == "submitted"
    assert s["nwpu-hangkong-2025"] == "in_review"
    assert s["shu-yejin-2025"] == "shortlisted"
    assert s["whu-cailiao-huaxue-2026"] == "in_notice"
    assert s["nwpu-fuhe-cailiao-2026"] == "notice_ended"
    assert s["jci-taoci-cailiao-2020"] == "completed"
    assert s["deng-hui-jdzu-2020"] == "rejected"
    assert set(s.values()) == {"submitted", "in_review", "shortlisted", "in_notice", "notice_ended", "approved",
                               "exited", "completed", "rejected"}


def test_status_moves_with_the_as_of_day():
    assert statuses("2025-06-24").of("hust-zhineng-zhizao-2025") == "in_notice"
    assert statuses("2025-06-27").of("hust-zhineng-zhizao-2025") == "in_notice"  # the last day of the notice
    assert statuses("2025-06-28").of("hust-zhineng-zhizao-2025") == "notice_ended"
    assert statuses("2025-07-01").of("hust-zhineng-zhizao-2025") == "approved"
    assert statuses("2027-07-01").of("hust-zhineng-zhizao-2025") == "approved"  # 2-year term ends 2027-07-01
    assert statuses("2027-07-02").of("hust-zhineng-zhizao-2025") == "completed"
    assert statuses("2025-12-19").of("wtu-fangzhi-2025") == "approved"
    assert statuses("2025-12-20").of("wtu-fangzhi-2025") == "exited"


def test_upheld_objection_rejects(tree):
    k = Kit(tree, [])
    k.person("a")
    k.individual("ia", "a")
    k.individual("ib", "a")
    k.decision("nt", kind="notice", date="2025-05-25", title="公示", applications=["ia", "ib"])
    k.decision("ob1", kind="objection", date="2025-05-27", application="ia", outcome="upheld", note="材料不实")
    k.decision("ob2", kind="objection", date="2025-05-27", application="ib", outcome="dismissed", note="异议不成立")
    book = derive(load_registry(tree.root), date(2025, 6, 5))
    assert book.of("ia") == "rejected" and book.of("ib") == "notice_ended"


def test_waiver_turns_exactly_one_finding_into_a_note(tree):
    k = Kit(tree, [{"rule": "applicant.age", "severity": "warning", "clause": "二1（3）",
                    "params": {"earliest_birth": "1961-07"}},
                   {"rule": "applicant.qualification", "severity": "warning",
                    "params": {"min_level": "副高", "min_degree": "博士"}}])
    k.person("old", birth="1958-01", degree="硕士", title="讲师", level="中级")
    k.individual("ia", "old")
    k.individual("ib", "old")
    k.decision("w1", kind="waiver", date="2025-06-01", rule="applicant.age", application="ia", reason="专家组同意破格")
    found = {(f.rule, f.record): f for f in tree.check(date(2026, 1, 1)).findings}
    assert found[("applicant.age", "ia")].severity == "info" and "w1.yaml" in found[("applicant.age", "ia")].message
    assert found[("applicant.age", "ib")].severity == "warning"
    assert found[("applicant.qualification", "ia")].severity == "warning"


def test_program_rule_configuration_errors(tree):
    k = Kit(tree, [{"rule": "team.sise", "params": {}}, {"rule": "team.size", "params": {"min": 3, "maxx": 5}}])
    found = k.found("program.rule")
    # unknown rule; unknown parameter maxx, which is the missing max misspelt (one finding, not a
    # second "缺少 max" beside its 是不是“max”)
    assert len(found) == 2
    assert any("team.sise" in f.message for f in found)
    assert any("maxx" in f.message and "max" in f.message for f in found)
    assert all(f.file.endswith("program.yaml") and f.line > 1 for f in found)
