"""quota.*: how many may be approved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pydantic import Field

from .base import Hit, Params, called, rule
from .shared import approval_items


class QuotaParams(Params):
    max: int = Field(ge=1)


@rule("quota.max-approved", QuotaParams,
      title="每年立项数量不超过名额",
      requirement=lambda p: f"每年立项不超过 {p['max']} 个")
def quota_max_approved(ctx, program, p: QuotaParams) -> Iterator[Hit]:
    """At most `max` applications are approved per cohort (the year of the approval); an
    application is approved once, and counts once."""
    per_year = defaultdict(list)
    first: dict[str, str] = {}
    for entry, i, item in approval_items(ctx, program):
        if item.application in first:  # listed twice: approved once, counted once
            yield Hit(entry, ("applications", i), f"{called(ctx, item.application)}已由 {first[item.application]} 立项，"
                                                  "不能重复立项，也不重复计入名额")
            continue
        first[item.application] = entry.id
        per_year[entry.model.date.year].append((entry, i, item))
    for year, items in per_year.items():
        for n, (entry, i, item) in enumerate(items[p.max:], start=p.max + 1):
            yield Hit(entry, ("applications", i), f"{year} 年第 {n} 个立项（{item.application}），超过每年 {p.max} 个的名额")
