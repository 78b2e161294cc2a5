"""funding.*: how much is paid, when, and within which budget."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta

from pydantic import Field

from ...registry.status import add_years
from .base import Hit, NoParams, Params, applicants, called, rule, unit_of
from .shared import approval_items


class AmountParams(Params):
    home_city: str
    inside_wan: float = Field(ge=0)
    outside_wan: float = Field(ge=0)


RESEARCH = ("高校", "科研院所")  # 高校院所


def expected_amount(ctx, app, p: AmountParams) -> tuple[float, str]:
    """The yearly amount an application is due under funding.amount, and why (also what
    `techserve draft approval` fills in). The seed (000 五): the higher tier is for a team "由市外高校院所单独
    组建" — every member from a 高校 or 科研院所 outside the city. A member from the city, or from
    any unit that is not a 高校院所 (an enterprise's engineer), puts the team in the ordinary tier."""
    units = [unit_of(ctx, person) for _, _, person in applicants(ctx, app)]
    local = [u for u in units if u is None or u.city == p.home_city]
    other = [u for u in units if u is not None and u.city != p.home_city and u.type not in RESEARCH]
    if not local and not other:
        return p.outside_wan, f"全部成员来自{p.home_city}以外的高校院所（市外高校院所单独组建）"
    if local:
        return p.inside_wan, f"有成员来自{p.home_city}的单位"
    return p.inside_wan, f"有成员来自高校院所以外的单位（{other[0].name}），不是由市外高校院所单独组建"


@rule("funding.amount", AmountParams,
      title="资助金额按规定标准核定（市外团队与市内团队标准不同）",
      requirement=lambda p: (f"{p['home_city']}以外的团队 {p['outside_wan']:g} 万元，"
                             f"{p['home_city']}的团队 {p['inside_wan']:g} 万元"))
def funding_amount(ctx, program, p: AmountParams) -> Iterator[Hit]:
    """Approved funding is `outside_wan` per year when every member's unit is outside `home_city`,
    otherwise `inside_wan`."""
    for entry, i, item in approval_items(ctx, program):
        app = ctx.reg.get("application", item.application)
        if app is None or app.model is None:
            continue
        expected, why = expected_amount(ctx, app, p)
        if item.funding_wan is None:
            yield Hit(entry, ("applications", i), f"“{app.model.name}”未填写资助金额：{why}，应为每年 {expected:g} 万元")
        elif item.funding_wan != expected:
            yield Hit(entry, ("applications", i, "funding_wan"),
                      f"“{app.model.name}”资助 {item.funding_wan:g} 万元/年，但{why}，应为每年 {expected:g} 万元")


class RangeParams(Params):
    min_wan: float = Field(ge=0)
    max_wan: float = Field(ge=0)


@rule("funding.range", RangeParams,
      title="资助金额在规定的上下限之间",
      requirement=lambda p: f"{p['min_wan']:g}–{p['max_wan']:g} 万元")
def funding_range(ctx, program, p: RangeParams) -> Iterator[Hit]:
    """Approved funding lies between `min_wan` and `max_wan` for each project, summed over every
    approval that names it (seed 001: 择优给予每人（团队）3-20万元; one project approved twice at
    15 万 has been given 30)."""
    given: dict[str, float] = defaultdict(float)
    for entry, i, item in sorted(approval_items(ctx, program), key=lambda t: (t[0].model.date, t[0].id, t[1])):
        if item.funding_wan is None:
            yield Hit(entry, ("applications", i),
                      f"{called(ctx, item.application)}未填写资助金额（应为 {p.min_wan:g}-{p.max_wan:g} 万元）")
            continue
        before = given[item.application]
        given[item.application] += item.funding_wan
        if not p.min_wan <= item.funding_wan <= p.max_wan and not before:
            yield Hit(entry, ("applications", i, "funding_wan"),
                      f"{called(ctx, item.application)}资助 {item.funding_wan:g} 万元，应在 {p.min_wan:g}-{p.max_wan:g} 万元之间")
        elif given[item.application] > p.max_wan + 1e-9:
            yield Hit(entry, ("applications", i, "funding_wan"),
                      f"{called(ctx, item.application)}此前已获资助 {before:g} 万元，再资助 {item.funding_wan:g} 万元合计 "
                      f"{given[item.application]:g} 万元，超过每个项目 {p.max_wan:g} 万元的上限")


class PaymentParams(Params):
    years: int = Field(ge=1, le=10, description="支持年数（如培育期 2 年）")


def _left(ctx, app: str):
    """The day an application left the program (assessment fail, termination), if it has."""
    return ctx.status.since.get(app) if ctx.status.of(app) == "exited" else None


@rule("funding.payments", PaymentParams,
      title="资金按年度拨付给已立项项目，不超过核定金额，考核不合格或退出后不再拨付",
      requirement=lambda p: f"按年度拨付，最多 {p['years']} 年",
      warns=True)
def funding_payments(ctx, program, p: PaymentParams) -> Iterator[Hit]:
    """Money is paid year by year, for `years` years, only to approved applications: year N's
    money inside the N-th year after the approval, never more than the approved yearly amount
    (less is a warning), once per year, and never after an exit (考核不合格 or termination); a
    recovery (追回) never exceeds what was paid."""
    paid: dict[str, float] = defaultdict(float)
    year_paid: dict[tuple[str, int], float] = defaultdict(float)  # a year's money may come in instalments
    last_item: dict[tuple[str, int], tuple] = {}
    decisions = sorted(ctx.reg.valid("decision", program.id), key=lambda e: (e.model.date, e.id))
    for entry in decisions:
        d = entry.model
        if d.date > ctx.as_of or d.kind not in ("payment", "recovery"):
            continue
        if d.kind == "recovery":
            if d.amount_wan > paid[d.application] + 1e-9:
                yield Hit(entry, ("amount_wan",), f"追回 {d.amount_wan:g} 万元，超过已拨付给{called(ctx, d.application)}的 "
                                                  f"{paid[d.application]:g} 万元")
            paid[d.application] -= d.amount_wan
            continue
        for i, item in enumerate(d.items):
            app, where = item.application, ("items", i, "application")
            approved = ctx.status.approved_on.get(app)
            left = _left(ctx, app)
            yearly = ctx.status.funding.get(app)
            if approved is None or approved > d.date:
                yield Hit(entry, where, f"{called(ctx, app)}在 {d.date} 尚未立项，不能拨付")
            elif left is not None and left <= d.date:
                yield Hit(entry, where, f"{called(ctx, app)}已于 {left} 退出（考核不合格或终止），此后不再拨付资金")
            elif d.year > p.years:
                yield Hit(entry, ("year",), f"支持期只有 {p.years} 年，不能拨付第 {d.year} 年的资金")
            elif not add_years(approved, d.year - 1) <= d.date < add_years(approved, d.year):
                first, last = add_years(approved, d.year - 1), add_years(approved, d.year) - timedelta(days=1)
                yield Hit(entry, ("date",), f"第 {d.year} 年的资金应在第 {d.year} 个支持年度内拨付（立项于 {approved}："
                                            f"{first} 至 {last}），拨付日期 {d.date} 不在其中")
            elif yearly is not None and year_paid[(app, d.year)] + item.amount_wan > yearly + 1e-9:
                before = year_paid[(app, d.year)]
                already = f"（此前已拨付 {before:g} 万元）" if before else ""
                yield Hit(entry, ("items", i, "amount_wan"),
                          f"{called(ctx, app)}第 {d.year} 年拨付 {item.amount_wan:g} 万元{already}，合计超过立项核定的每年 "
                          f"{yearly:g} 万元，不能重复拨付")
            year_paid[(app, d.year)] += item.amount_wan
            last_item[(app, d.year)] = (entry, i)
            paid[app] += item.amount_wan
    # Less than the approved amount is a warning once the support year is over: until then the
    # rest may still come as another instalment.
    for (app, year), total in year_paid.items():
        yearly, approved = ctx.status.funding.get(app), ctx.status.approved_on.get(app)
        if yearly is None or approved is None or total >= yearly - 1e-9:
            continue
        if add_years(approved, year) <= ctx.as_of:
            entry, i = last_item[(app, year)]
            yield Hit(entry, ("items", i, "amount_wan"),
                      f"{called(ctx, app)}第 {year} 年共拨付 {total:g} 万元，少于立项核定的每年 {yearly:g} 万元：请核对，"
                      "或在备注中说明原因", severity="warning")


@rule("funding.within-budget", NoParams,
      title="揭榜资助不超过榜单公布的金额")
def funding_within_budget(ctx, program, p) -> Iterator[Hit]:
    """The awards for a challenge (揭榜挂帅) never add up to more than the budget the challenge
    published, however many teams take it up."""
    awarded: dict[str, float] = defaultdict(float)
    for entry, i, item in approval_items(ctx, program):
        app = ctx.reg.model("application", item.application)
        need = ctx.reg.model("need", app.need) if app and app.need else None
        if need is None or need.budget_wan is None or item.funding_wan is None:
            continue
        before = awarded[app.need]
        awarded[app.need] += item.funding_wan
        if awarded[app.need] > need.budget_wan + 1e-9:
            already = f"（此前已资助 {before:g} 万元）" if before else ""
            yield Hit(entry, ("applications", i, "funding_wan"),
                      f"资助 {item.funding_wan:g} 万元{already}，合计超过榜单“{need.title}”公布的 {need.budget_wan:g} 万元")
