"""record.future-date: `--as-of D` means today is D. A record of an event after D is an error at its
date, and no other rule judges it (the shipped examples, checked on any earlier day, report
their future records and nothing else)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from techserve.checker import check as run

from .conftest import REPO
from .rulekit import Kit


def future(report):
    return sorted(f.record for f in report.findings if f.rule == "record.future-date")


@pytest.mark.parametrize("kind", ["service", "decision", "application", "agreement"])
def test_a_record_dated_after_the_day_of_the_check_is_an_error_at_its_date(tree, kind):
    k = Kit(tree, [])
    for p in ("a", "b", "c"):
        k.person(p)
    k.team("t", ["a", "b", "c"])  # submitted 2025-05-01 (rulekit)
    k.approve(["t"])
    k.agreement("g", start="2025-07-01", end="2026-06-30", application="t", parties=["u-home", "ent", "a", "b", "c"])
    k.tree.write("programs/p/services/s1.yaml", "agreement: g\ndate: 2025-07-15\npeople: [a]\ncontent: 入企服务\n")
    day = {"service": date(2025, 7, 15), "decision": date(2025, 6, 10), "agreement": date(2025, 7, 1),
           "application": date(2025, 5, 1)}[kind]
    record = {"service": "s1", "decision": "ap", "agreement": "g", "application": "t"}[kind]
    report = run(tree.root, day)
    assert record not in future(report)  # the day itself has happened
    report = run(tree.root, day - timedelta(days=1))
    found = [f for f in report.findings if f.rule == "record.future-date"]
    assert record in future(report)
    assert all(str(day - timedelta(days=1)) in f.message for f in found)


def test_the_examples_on_any_earlier_day_report_only_their_future_records():
    d = date(2020, 3, 31)
    while d < date(2026, 11, 22):
        report = run(REPO, d)
        other = sorted({f.rule for f in report.findings if f.rule != "record.future-date"})
        assert other == [], (d, other)
        d = (d.replace(day=1) + timedelta(days=100)).replace(day=1) - timedelta(days=1)  # every third month end
    assert future(run(REPO, date(2026, 11, 22))) == []
