"""Next year's holiday calendar: the worklist asks for it from November, and a year not yet
published blocks only what needs it (a workday notice shows its end as still to be set, and
runs on); the shipped calendars agree with the chinesecalendar package day by day."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from techserve.office.todo import todo
from techserve.pages import generate
from techserve.registry import load_registry
from techserve.registry.status import calendar_of, derive

from .sitekit import REPO

TP = "programs/jiangxi-tepaiyuan-2021"


def _calendar_items(root, day):
    return [i for i in todo(load_registry(root), day) if i.kind == "calendar"]


def test_the_worklist_asks_for_next_years_calendar_from_november(example):
    assert _calendar_items(example.root, date(2026, 10, 31)) == []
    [item] = _calendar_items(example.root, date(2026, 11, 1))
    assert item.create == "submissions/calendar/2027.yaml" and item.due == date(2026, 12, 31)
    assert "2027" in item.what and item.program == ""
    # still missing in January: already needed, no longer a date ahead
    [item] = _calendar_items(example.root, date(2027, 1, 4))
    assert item.create == "submissions/calendar/2027.yaml" and item.due is None
    example.write("calendar/2027.yaml", "year: 2027\nsource: 国务院办公厅关于2027年部分节假日安排的通知\nholidays: []\n")
    assert _calendar_items(example.root, date(2026, 11, 1)) == []


def test_the_worklist_prints_the_registry_wide_item(example, capsys):
    from techserve.cli import main

    assert main(["todo", "--root", str(example.root), "--as-of", "2026-11-02"]) == 0
    out = capsys.readouterr().out
    assert "整个登记库" in out and "submissions/calendar/2027.yaml" in out


def test_a_workday_notice_that_needs_next_years_calendar_runs_on(example):
    """A 5-workday notice from 2026-12-29 ends in 2027: without 2027.yaml its end waits for the
    State Council's notice; the site publishes, the notice shows 公示中 and says why."""
    example.write(f"{TP}/decisions/2026-12-gongshi.yaml", """
        kind: notice
        date: 2026-12-29
        title: 2026年12月科技特派员入库名单公示
        applications:
        - feng-yu-ncu-2021
    """)
    reg = load_registry(example.root)
    book = derive(reg, date(2027, 1, 4))
    assert "2026-12-gongshi" not in book.notice_end
    assert any(f.rule == "calendar.missing-year" for f in book.findings)
    page = generate(reg, date(2027, 1, 4), beside=False)["notices/2026-12-gongshi.md"]
    assert "结束日期待国务院公布放假安排后确定" in page and "公示中" in page


@pytest.mark.parametrize("path", sorted((REPO / "submissions/calendar").glob("*.yaml")), ids=lambda p: p.stem)
def test_a_shipped_calendar_agrees_with_chinesecalendar(path):
    cal = calendar_of(load_registry(REPO))
    year = int(path.stem)
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        pytest.skip(f"chinesecalendar does not know {year} yet")
    day, differ = date(year, 1, 1), []
    while day.year == year:
        if cal.is_workday(day) != chinese_calendar.is_workday(day):
            differ.append(day.isoformat())
        day += timedelta(days=1)
    assert differ == [], f"{path.name} disagrees with chinesecalendar on {differ[:10]}"
