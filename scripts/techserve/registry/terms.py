"""The registry's terms for time: each date concept has one meaning here, and rules, `todo`,
`draft`, pages and the matcher read it from here rather than computing it again.

Two spellings of one concept disagree sooner or later, and each disagreement is a bug an office
meets: a yearly deadline `11-31` was read as 11-28 by the check and crashed the worklist; an
agreement whose team had left was "active" for the monthly visits and not for the service dates.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from datetime import date, timedelta

from .workdays import MissingYear

MONTH_DAY = r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
_MONTH_DAY = re.compile(MONTH_DAY)


def month_day(text: str) -> tuple[int, int]:
    """A yearly month-day ("12-31") as (month, day). ValueError (in Chinese) for a day no year
    has (11-31, 02-30); 02-29 is a day of leap years and stands (see yearly_deadline)."""
    if not _MONTH_DAY.match(str(text)):
        raise ValueError(f"“{text}”应写作 月-日，如 12-31")
    month, day = map(int, str(text).split("-"))
    if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        raise ValueError(f"{month} 月没有 {day} 日：请写该月实际存在的日期")
    return month, day


def yearly_deadline(year: int, text: str) -> date:
    """The day a yearly month-day deadline falls on in `year`: 02-29 falls on 02-28 in a common
    year (the last day of the month the office meant). Any other impossible day is refused."""
    month, day = month_day(text)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def after_notice(end: date) -> date:
    """The first day a decision that waits for a 公示 may be dated: the day after its last day (a
    notice runs to the end of `end`, 含当日). The check refuses any earlier day, and every hint —
    the finding, `todo`, `draft approval` — names this day, one the check accepts."""
    return end + timedelta(days=1)


def last_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it has no such day (1-31 + 1 → 2-28)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February falls on the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def span_end(end: date, *stops: date | None) -> date:
    """The last day of a span that ends on `end` unless stopped earlier: a stop (termination, exit)
    takes effect on its day, so the span's last day is the day before."""
    for stop in stops:
        if stop is not None:
            end = min(end, stop - timedelta(days=1))
    return end


def window_close(window, submitted: date) -> date | None:
    """The last day of the application window an application submitted on `submitted` belongs
    to (a yearly window: that year's); None without a window (rolling intake)."""
    if window is None:
        return None
    if not window.yearly:
        return window.closes
    return yearly_deadline(submitted.year, f"{window.closes.month:02d}-{window.closes.day:02d}")


UNDECIDED = ("submitted", "in_review", "shortlisted")


def lapsed(status: str, submitted: date, window, approvals: list[date]) -> bool:
    """An undecided application whose cohort has been selected: its window closed and the program
    approved after that (每年遴选15个: the year's selection is made once). It was not chosen, and no
    longer counts as a team (至多加入2个团). A rolling program (no window) never lapses one."""
    close = window_close(window, submitted)
    return status in UNDECIDED and close is not None and any(day > close for day in approvals)


def monthly_deadline(calendar, submitted: date, day: int) -> date:
    """The review day of the monthly cycle an application submitted that day belongs to: this
    month's when it came in before the day, else next month's; a day off moves it to the next
    workday (遇节假日顺延, this project's reading). Without the year's calendar, the day itself."""
    due = submitted.replace(day=day)
    if submitted.day >= day:
        due = add_months(due.replace(day=1), 1).replace(day=day)
    try:
        return due if calendar.is_workday(due) else calendar.first_workday_after(due)
    except MissingYear:
        return due


def visits_per_month(services) -> dict[tuple[str, int, int], int]:
    """(agreement, year, month) → visits: the days with a service record (two records of one day
    are one visit). What service.frequency judges and `todo` and the statistics count."""
    days: dict[tuple[str, int, int], set[date]] = defaultdict(set)
    for s in services:
        days[(s.agreement, s.date.year, s.date.month)].add(s.date)
    return {k: len(v) for k, v in days.items()}


def on_lists(reg, program: str, as_of: date) -> set[str]:
    """The applications a 推荐清单 sent by the day names (what `todo` and `draft` no longer ask for)."""
    return {a for e in reg.valid("decision", program, of=("recommendation",)) if e.model.date <= as_of
            for a in e.model.applications}
