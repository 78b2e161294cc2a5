"""service.*: how often the service is given."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import Field

from .base import Hit, Params, rule
from .shared import add_months, agreements


class FrequencyParams(Params):
    min_per_month: int = Field(ge=1)


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def visits_per_month(services) -> dict[tuple[str, int, int], int]:
    """(agreement, year, month) → visits: the days with a service record (two records of one day
    are one visit). Also what `techserve todo` counts."""
    days = defaultdict(set)
    for s in services:
        days[(s.agreement, s.date.year, s.date.month)].add(s.date)
    return {k: len(v) for k, v in days.items()}


@rule("service.frequency", FrequencyParams,
      title="每个结对每月至少入企服务规定次数",
      requirement=lambda p: f"每月至少入企服务 {p['min_per_month']} 次")
def service_frequency(ctx, program, p: FrequencyParams) -> Iterator[Hit]:
    """Each active agreement records services on at least `min_per_month` different days in every
    full calendar month of its active span that has ended by the as-of day (two records of one
    day are one visit), and within its team's 培育期 (term_years) where the program has one."""
    counts = visits_per_month(s.model for s in ctx.reg.valid("service", program.id))
    for entry in agreements(ctx, program):
        span = ctx.status.visits_span(entry.model, entry.id)  # active, and within the 培育期
        if not span:
            continue
        start, end = span
        short = []
        for y, m in _months(start, end):
            first = date(y, m, 1)
            last = add_months(first, 1) - timedelta(days=1)
            if first < start or last > end or last >= ctx.as_of:
                continue  # not a full month of service, or not over yet
            n = counts.get((entry.id, y, m), 0)
            if n < p.min_per_month:
                short.append(f"{y}年{m}月 {n} 次")
        if short:
            shown = "、".join(short[:6]) + (f" 等 {len(short)} 个月" if len(short) > 6 else "")
            yield Hit(entry, (), f"服务登记不足每月 {p.min_per_month} 次：{shown}")
