"""Official holidays and make-up workdays (调休) of one year, as published by the State Council."""

from __future__ import annotations

from pydantic import Field, model_validator

from .common import Day, Record, Text


class Holiday(Record):
    name: Text = Field(title="节日")
    start: Day = Field(title="放假开始")
    end: Day = Field(title="放假结束")


class Calendar(Record):
    """某一年的法定节假日和调休上班日。"""

    year: int = Field(title="年份", ge=2000, le=2100)
    source: Text = Field(title="依据", description="国务院办公厅通知名称及文号")
    holidays: list[Holiday] = Field(title="放假安排")
    workdays: list[Day] = Field([], title="调休上班日", description="周末调为上班的日期")

    @model_validator(mode="after")
    def _in_year(self):
        for h in self.holidays:
            if h.end < h.start:
                raise ValueError(f"“{h.name}”的放假结束日期早于开始日期")
            # A holiday may start in the last days of the year before (元旦), never run for months.
            if not (self.year - 1 <= h.start.year and h.end.year <= self.year) or (h.end - h.start).days > 31:
                raise ValueError(f"“{h.name}”的放假日期应在 {self.year} 年（或前一年年底）内，且不超过 31 天")
        for day in self.workdays:
            if day.year != self.year:
                raise ValueError(f"调休上班日 {day} 不在 {self.year} 年")
        return self
