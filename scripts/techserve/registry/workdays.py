"""Counting days the way a notice is counted: calendar days, or workdays under that year's
official holidays and 调休 make-up workdays. A year without a calendar file is never guessed."""

from __future__ import annotations

from datetime import date, timedelta


class MissingYear(Exception):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


class WorkCalendar:
    def __init__(self, calendars):
        """calendars: Calendar models, one per year."""
        self.years: set[int] = set()
        self.holidays: set[date] = set()
        self.workdays: set[date] = set()
        for cal in calendars:
            self.years.add(cal.year)
            for h in cal.holidays:
                day = h.start
                while day <= h.end:
                    self.holidays.add(day)
                    day += timedelta(days=1)
            self.workdays.update(cal.workdays)

    def is_workday(self, day: date) -> bool:
        if day.year not in self.years:
            raise MissingYear(day.year)
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def end_of(self, start: date, days: int, kind: str) -> date:
        """The last day of a period of `days` days that begins on `start` (start counts as day 1
        when it is itself a counted day)."""
        if kind == "calendar":
            return start + timedelta(days=days - 1)
        day, counted = start, 0
        while True:
            if self.is_workday(day):
                counted += 1
                if counted == days:
                    return day
            day += timedelta(days=1)

    def first_workday_after(self, day: date) -> date:
        """The first workday after `day`; the next day when that year's calendar is missing
        (used in messages, where a hint is better than nothing)."""
        try:
            return self.end_of(day + timedelta(days=1), 1, "workday")
        except MissingYear:
            return day + timedelta(days=1)
