"""record.future-date: `--as-of D` means "today is D". A record whose own event is after that day
(a service's date, a decision's, an application's submission, an agreement's signing, a need's
publication) has not happened yet: it is an error at that field, and no other rule judges it.
Planned ends and deadlines may lie ahead; they are not events."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .context import Context

# kind → (field, what the date is, in Chinese)
EVENT = {
    "service": ("date", "服务日期"),
    "decision": ("date", "决定日期"),
    "application": ("submitted", "提交日期"),
    "agreement": ("signed", "签订日期"),
    "need": ("published", "发布日期"),
}


def future_dates_of(ctx: Context, kind: str) -> Iterator[Finding]:
    """Each record of `kind` whose event date is after the day of the check."""
    name, label = EVENT[kind]
    for entry in ctx.reg.valid(kind):
        day = getattr(entry.model, name, None)
        if day is not None and day > ctx.as_of:
            yield entry.finding("record.future-date",
                                f"{label} {day} 晚于检查日（{ctx.as_of}）：登记库只登记已经发生的事，"
                                "请核对日期，或待其发生后再提交", name)


def is_future(ctx: Context, kind: str, model) -> bool:
    """Whether a record has not happened yet on the day of the check (its own rule reports it)."""
    day = getattr(model, EVENT[kind][0], None)
    return day is not None and day > ctx.as_of
