"""evaluation.*: the three-party evaluation of an agreement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Literal

from pydantic import Field

from ...registry import Entry
from . import wording as zh
from .base import Hit, Params, rule
from .shared import active_span

PARTY_ZH = zh.PARTIES


class EvaluationParams(Params):
    parties: list[Literal["commissioner", "enterprise", "liaison"]] = Field(
        min_length=1, description="须参加评价的各方：commissioner 特派员（团）、enterprise 企业、liaison 开发区联络员")
    within_days: int = Field(ge=0, le=366, description="服务结束后多少天内须完成评价")


@rule("evaluation.three-party", EvaluationParams,
      title="服务结束后，特派员（团）、企业和开发区联络员在规定天数内各评价一次",
      requirement=lambda p: f"服务结束后 {p['within_days']} 天内由{'、'.join(zh.PARTIES[x] for x in p['parties'])}评价")
def evaluation_three_party(ctx, program, p: EvaluationParams) -> Iterator[Hit]:
    """When an agreement's service ends (its end date, or a termination), every party in
    `parties` evaluates it within `within_days` days (a later one is late); an evaluation is not
    given before the service has begun, and no party evaluates twice."""
    rated: dict[str, dict[str, Entry]] = {}
    for entry, d, _ in sorted(ctx.decisions("evaluation", program.id), key=lambda t: (t[1].date, t[0].id)):
        if d.date > ctx.as_of:
            continue  # not given yet (record.future-date)
        agreement = ctx.reg.get("agreement", d.agreement)
        if agreement is None or agreement.model is None:
            continue  # ref.unknown
        if d.date < agreement.model.start:
            yield Hit(entry, ("date",), f"评价日期 {d.date} 早于服务开始日期 {agreement.model.start}：服务开始后才能评价")
        seen = rated.setdefault(d.agreement, {})
        for i, r in enumerate(d.ratings):
            if r.party in seen:
                yield Hit(entry, ("ratings", i, "party"), f"{PARTY_ZH[r.party]}已对{ctx.called('agreement', d.agreement)}作过评价"
                                                          f"（{seen[r.party].file}），每方只评价一次")
            else:
                seen[r.party] = entry
    for entry in ctx.reg.valid("agreement", program.id):
        span = active_span(ctx, entry)
        ended = span[1] if span else entry.model.start
        due = ended + timedelta(days=p.within_days)
        if due >= ctx.as_of:
            continue
        late: dict[str, list[str]] = {}  # evaluation id → the parties it rated late
        evaluations = {}
        for party, e in rated.get(entry.id, {}).items():
            if party in p.parties and e.model.date > due:
                late.setdefault(e.id, []).append(PARTY_ZH[party])
                evaluations[e.id] = e
        for eid, parties in late.items():
            e = evaluations[eid]
            yield Hit(e, ("date",), f"{'、'.join(parties)}的评价于 {e.model.date} 作出，晚于服务结束（{ended}）后 "
                                    f"{p.within_days} 天的期限 {due}", related=(entry.file,))
        missing = [PARTY_ZH[x] for x in p.parties if x not in rated.get(entry.id, {})]
        if missing:
            yield Hit(entry, (), f"服务已于 {ended} 结束，超过 {p.within_days} 天（{due}）仍缺少三方评价："
                                 f"{'、'.join(missing)}未评价")
