"""need.*: the needs and 揭榜挂帅 challenges — how many matches, what a challenge must state."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator

from .base import Hit, NoParams, rule
from .shared import MaxParams, active_span, agreements


@rule("need.max-matches", MaxParams,
      title="同一需求同时对接的协议不超过规定数量",
      requirement=lambda p: f"同时对接不超过 {p['max']} 项")
def need_max_matches(ctx, program, p: MaxParams) -> Iterator[Hit]:
    """A need is served by at most `max` active agreements at any time."""
    by_need = defaultdict(list)
    for entry in agreements(ctx, program):
        span = active_span(ctx, entry)
        if entry.model.need and span:
            by_need[entry.model.need].append((span, entry))
    for need, items in by_need.items():
        items.sort(key=lambda x: (x[0][0], x[1].id))
        running: list = []  # heap of (end, id) still active
        for (start, end), entry in items:
            while running and running[0][0] < start:
                heapq.heappop(running)
            if len(running) >= p.max:
                others = "、".join(ctx.called("agreement", i) for _, i in sorted(running, key=lambda x: x[1]))
                yield Hit(entry, ("need",),
                          f"{ctx.called('need', need)}在 {start} 已有生效的{others}，每项需求应匹配 {p.max} 个特派员或特派团")
            heapq.heappush(running, (end, entry.id))


@rule("need.challenge", NoParams,
      title="“揭榜挂帅”榜单须写明金额和揭榜截止日期")
def need_challenge(ctx, program, p) -> Iterator[Hit]:
    """A 揭榜挂帅 need states its budget (budget_wan, more than 0) and its deadline."""
    for entry in ctx.reg.valid("need", program.id):
        if entry.model.mode != "揭榜挂帅":
            continue
        missing = [label for field, label in (("budget_wan", "榜单金额 budget_wan"), ("deadline", "揭榜截止日期 deadline"))
                   if getattr(entry.model, field) is None]
        if missing:
            yield Hit(entry, ("mode",), f"“揭榜挂帅”榜单须写明{'和'.join(missing)}")
        elif entry.model.budget_wan <= 0:
            yield Hit(entry, ("budget_wan",), "“揭榜挂帅”榜单的金额须大于 0 万元")
