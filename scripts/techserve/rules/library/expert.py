"""expert.*: the random draw of the expert panel."""

from __future__ import annotations

from collections.abc import Iterator

from ...registry.draw import expected_panel, follows_plan, plan_of, public_before_seed, seed_prefix
from .base import Hit, NoParams, called, rule


def _expert(ctx, person_id: str) -> str:
    """姓名（编号）: the id stays, as the panel field holds ids."""
    model = ctx.reg.model("person", person_id)
    return f"{model.name}（{person_id}）" if model is not None else person_id


@rule("expert.draw", NoParams,
      title="评审专家按事先公开的抽取预告和其后产生的公开种子随机抽取，申报人所在单位的专家回避，任何人可复核")
def expert_draw(ctx, program, p) -> Iterator[Hit]:
    """Every expert review cites a draw dated on or before it that covers its applications, and
    every draw's panel is the one its public seed gives (techserve draw --verify): the pool less
    the experts of the applicants' units, ranked by SHA-256 of seed and id. The seed cannot be
    chosen: a draw plan (kind: drawplan) names its source and day and is on the site (public_since:
    merged, not only dated) before that day; the draw uses that day's value."""
    for entry, plan, _ in ctx.decisions("drawplan", program.id):
        public, in_advance = public_before_seed(ctx.reg, entry, ctx.as_of)
        if not in_advance:
            yield Hit(entry, ("seed_date",), f"种子日期 {plan.seed_date} 不晚于本预告在网站公开之日 {public}：种子须在预告"
                                             "公开之后才产生，否则可以先看种子再定预告。请把种子日期定在预告合并之后")
    draws = {}
    for entry, d, _ in ctx.decisions("draw", program.id):
        draws[entry.id] = entry
        yield from _planned(ctx, entry, d)
        panel = expected_panel(ctx.reg, entry)
        if panel is not None and sorted(d.panel) != sorted(panel):
            if len(panel) < d.size:
                message = f"专家库中可抽取的专家（回避后）只有 {len(panel)} 人，不足 {d.size} 人：请先充实专家库"
            else:
                message = (f"抽中专家与公开种子“{d.seed}”的抽取结果不一致：应为 {'、'.join(_expert(ctx, x) for x in panel)}。"
                           "请用 techserve draw 重新计算，不能自行指定")
            yield Hit(entry, ("panel",), message)
    for entry, d, _ in ctx.decisions("review", program.id):
        if d.stage != "expert":
            continue
        draw = draws.get(d.draw) if d.draw else None
        if draw is None:
            yield Hit(entry, ("draw",) if d.draw else (), "专家评审须注明所依据的专家随机抽取决定（draw 字段）")
            continue
        if draw.model.date > d.date:
            yield Hit(entry, ("draw",), f"专家抽取日期 {draw.model.date} 晚于评审日期 {d.date}")
        missing = [r.application for r in d.results if r.application not in draw.model.applications]
        if missing:
            yield Hit(entry, ("draw",), f"{'、'.join(called(ctx, a) for a in missing)} 不在专家抽取决定的参评名单中："
                                        "回避未按其单位计算")


def _planned(ctx, entry, d) -> Iterator[Hit]:
    """A draw follows its plan: that day's value of the plan's source, on or after that day, for the
    plan's applications and size, from its pool (expected_panel)."""
    if not d.plan:
        yield Hit(entry, (), "专家抽取须依据事先公开的抽取预告（plan 字段，kind: drawplan）：先公开种子的来源和日期、"
                             "参评名单和专家库，合并公开后再用当天公布的数字抽取，这样种子无法被挑选"
                             "（techserve draft drawplan 生成预告）")
        return
    plan = plan_of(ctx.reg, entry)
    if plan is None:
        return  # a missing or other kind of decision: ref.unknown says so
    if not follows_plan(plan, d.seed):
        yield Hit(entry, ("seed",), f"随机种子须为抽取预告 {d.plan} 规定的“{seed_prefix(plan)}<当天公布的数字>”，"
                                    "不能另选来源或日期")
    if d.date < plan.seed_date:
        yield Hit(entry, ("date",), f"抽取日期 {d.date} 早于抽取预告规定的种子日期 {plan.seed_date}：种子当天公布后才能抽取")
    if d.size != plan.size or sorted(d.applications) != sorted(plan.applications):
        yield Hit(entry, ("applications",), f"抽取人数和参评名单须与抽取预告 {d.plan} 一致（{plan.size} 人；"
                                            f"{'、'.join(plan.applications)}）")
