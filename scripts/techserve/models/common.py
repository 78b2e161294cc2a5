"""Shared field types. Every scalar arrives as a string; these types say what it must look like."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# What `techserve draft` and `techserve new` leave where a person must choose: never a valid value.
PLACEHOLDER = "请填写"
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # ASCII digits: \d also takes "２" and "٢"


class Record(BaseModel):
    """Base of every record: unknown fields are errors, strings are trimmed of nothing."""

    # allow_inf_nan=False: "1e999" or "nan" is no amount or score (JSON cannot even hold it)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


_WRITTEN = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(?:(\d{1,2})\s*日?)?)?$")


def as_written(text: str, with_day: bool) -> str | None:
    """The form a date or month typed another way was meant to be in ("2026-12-3" → "2026-12-03",
    "1990年5月" → "1990-05", full-width digits too), or None when it cannot be told."""
    m = _WRITTEN.match(unicodedata.normalize("NFKC", str(text)).strip())
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        if with_day:
            return date(year, month, int(day)).isoformat() if day else None
        return f"{year:04d}-{month:02d}" if not day and 1 <= month <= 12 else None
    except ValueError:
        return None


def _date(value):
    # pydantic would also take timestamps and datetimes; applicants write YYYY-MM-DD only
    if isinstance(value, str) and not _DATE.match(value):
        meant = as_written(value, with_day=True)
        raise ValueError("日期格式应为 YYYY-MM-DD，如 2025-05-12" + (f"：是不是“{meant}”？" if meant else ""))
    return value


# Every date the programs deal in lies well inside this range; outside it, day arithmetic
# (a notice end, a two-year term, a holiday span) could overflow or loop for millennia.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def _in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"日期超出合理范围（{FIRST_DAY} 至 {LAST_DAY}），请检查年份是否写错")
    return value


Day = Annotated[
    date,
    BeforeValidator(_date),
    AfterValidator(_in_range),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
# A review's, assessment's or acceptance's result. Clerks write it in Chinese (合格, 不通过);
# the code reads one spelling, so the Chinese words are taken as their English value on reading.
OUTCOME_WORDS = {"pass": "pass", "fail": "fail", "通过": "pass", "合格": "pass",
                 "不通过": "fail", "不合格": "fail", "未通过": "fail"}


def _outcome(value):
    return OUTCOME_WORDS.get(value.strip(), value) if isinstance(value, str) else value


Outcome = Annotated[
    Literal["pass", "fail"],
    BeforeValidator(_outcome),
    WithJsonSchema({"type": "string", "enum": list(OUTCOME_WORDS),
                    "description": "通过/合格 即 pass；不通过/不合格 即 fail"}),
]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", json_schema_extra={"examples": ["1980-07"]})]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]


@dataclass(frozen=True)
class Names:
    """On an id field: the kinds of record it names. Declared here once, read by
    models/references.py for the reference rule, the change rules and the office's lists."""

    kinds: tuple[str, ...]


UnitRef = Annotated[Ref, Names(("unit",))]
PersonRef = Annotated[Ref, Names(("person",))]
EnterpriseRef = Annotated[Ref, Names(("enterprise",))]
ApplicationRef = Annotated[Ref, Names(("application",))]
NeedRef = Annotated[Ref, Names(("need",))]
AgreementRef = Annotated[Ref, Names(("agreement",))]
DecisionRef = Annotated[Ref, Names(("decision",))]
PartyRef = Annotated[Ref, Names(("unit", "enterprise", "person"))]  # a signatory of an agreement
Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=5000)]
Wan = Annotated[float, Field(ge=0, le=1_000_000)]
# An office landline with area code (0792-8225304, optional extension). Mobiles are personal data
# and never match.
LANDLINE = r"0\d{2,3}-?\d{7,8}(-\d{1,6})?"
LANDLINE_PATTERN = f"^{LANDLINE}$"
# A number printed on a public notice: a landline, a 5-digit hotline (12345) or a 400 number.
PUBLIC_PHONE_PATTERN = f"^({LANDLINE}|\\d{{5}}|400-?\\d{{3}}-?\\d{{4}})$"
Phone = Annotated[str, Field(pattern=PUBLIC_PHONE_PATTERN, json_schema_extra={"examples": ["0792-8225304", "12345"]})]
Words = Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], Field(max_length=50)]


def month_of(value: str) -> tuple[int, int]:
    year, month = value.split("-")
    return int(year), int(month)


def months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] - start[0]) * 12 + (end[1] - start[1])
