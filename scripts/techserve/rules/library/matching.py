"""Agreements that say the system recommended the person: it did, on the day they signed."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from .base import Hit, Params, names, rule


class RecommendedParams(Params):
    top: int = Field(10, ge=1, le=50)


@rule("agreement.recommended", RecommendedParams,
      title="“系统推荐”方式的协议，派出的须是签约当日系统推荐的前若干名人选",
      requirement=lambda p: f"签约当日为该需求推荐的前 {p.get('top', 10)} 名之内")
def agreement_recommended(ctx, program, p: RecommendedParams) -> Iterator[Hit]:
    """An agreement matched by the system (系统推荐) sends a person, or a team, who was among the
    `top` candidates `techserve match` ranked for its need on the day it was signed, from the
    records dated on or before that day."""
    depth = p.top + 5  # how far down the finding looks, to say where the person stood
    claimed = []
    for entry in ctx.reg.valid("agreement", program.id):
        a = entry.model
        if a.match_method != "系统推荐" or a.signed > ctx.as_of:
            continue
        if not a.need or ctx.reg.model("need", a.need) is None:
            yield Hit(entry, ("match_method",), "匹配方式为“系统推荐”，须在 need 中写明所对接的企业需求，才能核对当日的推荐结果")
            continue
        claimed.append(entry)
    if not claimed:
        return
    # Imported here: numpy and scipy load only for a program that has a 系统推荐 agreement to check.
    from ...match import Matcher

    m = Matcher(ctx.reg)  # reading the registry the rule reads, so a change to any record reruns it
    places = m.places([(e.model.need, e.model.application or e.model.person, e.model.signed) for e in claimed], depth)
    for entry, (place, ranking) in zip(claimed, places, strict=True):
        a = entry.model
        if place is not None and place <= p.top:
            continue
        shown = "、".join(f"{i}. {names(ctx, 'person' if c.kind == 'person' else 'application', [c.id])}"
                         for i, c in enumerate(ranking[:p.top], 1)) or "无可推荐人选"
        who = names(ctx, "application" if a.application else "person", [a.application or a.person])
        where = f"排在第 {place} 名" if place else f"不在前 {depth} 名之内"
        yield Hit(entry, ("match_method",),
                  f"匹配方式为“系统推荐”，但 {a.signed}（签约当日）系统为该需求推荐的前 {p.top} 名中没有{who}（{where}）。"
                  f"当日推荐：{shown}。如系企业指定或自主申请，请如实填写 match_method（推荐方法：{m.method}）",
                  related=(ctx.reg.get("need", a.need).file,))
