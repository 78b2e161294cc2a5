"""Agreements that say the system recommended the person: it did, on the day they signed."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from ...match import Matcher
from .base import Hit, Params, names, rule


class RecommendedParams(Params):
    top: int = Field(10, ge=1, le=50)


@rule("agreement.recommended", RecommendedParams,
      title="“系统推荐”方式的协议，派出的须是签约当日系统推荐的前若干名人选",
      requirement=lambda p: f"签约当日为该需求推荐的前 {p.get('top', 10)} 名之内")
def agreement_recommended(ctx, program, p: RecommendedParams) -> Iterator[Hit]:
    """An agreement matched by the system (系统推荐) sends a person, or a team, who was among the
    `top` candidates `techserve match` ranked for its need on the day it was signed, from the
    records dated on or before that day (the agreement itself not counted against capacity)."""
    m = None  # built at the first 系统推荐 agreement, reading the registry the rule reads
    for entry in ctx.reg.valid("agreement", program.id):
        a = entry.model
        if a.match_method != "系统推荐" or a.signed > ctx.as_of:
            continue
        if not a.need or ctx.reg.model("need", a.need) is None:
            yield Hit(entry, ("match_method",), "匹配方式为“系统推荐”，须在 need 中写明所对接的企业需求，才能核对当日的推荐结果")
            continue
        sent = a.application or a.person
        day = a.signed
        m = m or Matcher(ctx.reg)
        place, ranking = m.place(a.need, sent, day, skip_agreement=entry.id, depth=max(p.top, 10) + 5)
        if place is not None and place <= p.top:
            continue
        shown = "、".join(f"{i}. {names(ctx, c.kind if c.kind == 'person' else 'application', [c.id])}"
                         for i, c in enumerate(ranking[:p.top], 1)) or "无可推荐人选"
        who = names(ctx, "application" if a.application else "person", [sent])
        where = f"排在第 {place} 名" if place else f"不在前 {max(p.top, 10) + 5} 名之内"
        yield Hit(entry, ("match_method",),
                  f"匹配方式为“系统推荐”，但 {day}（签约当日）系统为该需求推荐的前 {p.top} 名中没有{who}（{where}）。"
                  f"当日推荐：{shown}。如系企业指定或自主申请，请如实填写 match_method（推荐方法：{m.method}）",
                  related=(ctx.reg.get("need", a.need).file,))
