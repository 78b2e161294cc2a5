"""Quotas and money: how many are approved per cohort, and how much each receives."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from pydantic import Field

from .base import Hit, Params, applicants, rule, unit_of


def approval_items(ctx, program):
    """(decision entry, item index, item) for approvals of the program in effect as of the day."""
    for entry in sorted(ctx.reg.valid("decision", program.id), key=lambda e: (e.model.date, e.id)):
        if entry.model.kind == "approval" and entry.model.date <= ctx.as_of:
            for i, item in enumerate(entry.model.applications):
                yield entry, i, item


class QuotaParams(Params):
    max: int = Field(ge=1)


@rule("quota.max-approved", QuotaParams)
def quota_max_approved(ctx, program, p: QuotaParams) -> Iterator[Hit]:
    """At most `max` applications are approved per cohort (the year of the approval)."""
    per_year = defaultdict(list)
    for entry, i, item in approval_items(ctx, program):
        per_year[entry.model.date.year].append((entry, i, item))
    for year, items in per_year.items():
        for n, (entry, i, item) in enumerate(items[p.max:], start=p.max + 1):
            yield Hit(entry, ("applications", i), f"{year} 年第 {n} 个立项（{item.application}），超过每年 {p.max} 个的名额")


class AmountParams(Params):
    home_city: str
    inside_wan: float = Field(ge=0)
    outside_wan: float = Field(ge=0)


@rule("funding.amount", AmountParams)
def funding_amount(ctx, program, p: AmountParams) -> Iterator[Hit]:
    """Approved funding is `outside_wan` per year when every member's unit is outside `home_city`,
    otherwise `inside_wan`."""
    for entry, i, item in approval_items(ctx, program):
        app = ctx.reg.get("application", item.application)
        if app is None or app.model is None:
            continue
        units = [unit_of(ctx, person) for _, _, person in applicants(ctx, app)]
        outside = all(u is not None and u.city != p.home_city for u in units)
        expected = p.outside_wan if outside else p.inside_wan
        why = f"全部成员来自{p.home_city}以外的高校院所" if outside else f"有成员来自{p.home_city}的单位"
        if item.funding_wan is None:
            yield Hit(entry, ("applications", i), f"“{app.model.name}”未填写资助金额：{why}，应为每年 {expected:g} 万元")
        elif item.funding_wan != expected:
            yield Hit(entry, ("applications", i, "funding_wan"),
                      f"“{app.model.name}”资助 {item.funding_wan:g} 万元/年，但{why}，应为每年 {expected:g} 万元")


class RangeParams(Params):
    min_wan: float = Field(ge=0)
    max_wan: float = Field(ge=0)


@rule("funding.range", RangeParams)
def funding_range(ctx, program, p: RangeParams) -> Iterator[Hit]:
    """Approved funding lies between `min_wan` and `max_wan`."""
    for entry, i, item in approval_items(ctx, program):
        if item.funding_wan is None:
            yield Hit(entry, ("applications", i), f"“{item.application}”未填写资助金额（应为 {p.min_wan:g}-{p.max_wan:g} 万元）")
        elif not p.min_wan <= item.funding_wan <= p.max_wan:
            yield Hit(entry, ("applications", i, "funding_wan"),
                      f"“{item.application}”资助 {item.funding_wan:g} 万元，应在 {p.min_wan:g}-{p.max_wan:g} 万元之间")
