"""expert.*: the random draw of the expert panel."""

from __future__ import annotations

from collections.abc import Iterator

from ...registry.draw import expected_panel
from .base import Hit, NoParams, called, rule


def _expert(ctx, person_id: str) -> str:
    """姓名（编号）: the id stays, as the panel field holds ids."""
    model = ctx.reg.model("person", person_id)
    return f"{model.name}（{person_id}）" if model is not None else person_id


@rule("expert.draw", NoParams,
      title="评审专家从专家库中按公开种子随机抽取，申报人所在单位的专家回避，任何人可复核")
def expert_draw(ctx, program, p) -> Iterator[Hit]:
    """Every expert review cites a draw dated on or before it that covers its applications, and
    every draw's panel is the one its public seed gives (techserve draw --verify): the pool less
    the experts of the applicants' units, ranked by SHA-256 of seed and id."""
    draws = {}
    for entry, d, _ in ctx.decisions("draw", program.id):
        draws[entry.id] = entry
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
