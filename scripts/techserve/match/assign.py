"""One person or team per need (每项需求原则上匹配一名特派员或特派团), each within the
enterprises they may still take (五5 同时服务不超过3家), maximising the total relevance.

As conference systems assign reviewers: every candidate is repeated once per free place, and the
Hungarian method (scipy's linear_sum_assignment) picks the best matching of needs to places. A
greedy pass (each need in turn takes its best free candidate) can spend a person on a need that
had others, and leave a need that had only that person with none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Proposal:
    need: str
    candidate: str
    kind: str
    score: float


def assign(rankings: dict[str, list[tuple[str, str, float]]], places: dict[str, int],
           together: dict[str, str] | None = None) -> list[Proposal]:
    """rankings: need → [(candidate id, kind, score)] (only those allowed for it);
    places: candidate id → how many more needs it may take. A need is left without a proposal
    rather than given someone not ranked for it. `together`: need → a group (its enterprise, in a
    结对 program); the needs of one group get one candidate between them and use one place."""
    if together:
        return _grouped(rankings, places, together)
    needs = sorted(rankings)
    slots = [(cid, k) for cid in sorted(places) for k in range(max(places[cid], 0))]
    if not needs or not slots:
        return []
    col: dict = {}
    for j, (cid, _) in enumerate(slots):
        col.setdefault(cid, []).append(j)
    scores = [s for n in needs for _, _, s in rankings[n]]
    # Scores are shifted positive, so any pair beats none; absent pairs are forbidden outright.
    shift = 1.0 - min(scores, default=0.0)
    big = 1e9
    cost = np.full((len(needs), len(slots)), big)
    kinds = {}
    for i, n in enumerate(needs):
        for cid, kind, s in rankings[n]:
            kinds[cid] = kind
            for j in col.get(cid, ()):
                # a later place of the same person costs a hair more, so ties fall on the first
                cost[i, j] = -(s + shift) + 1e-9 * (j - col[cid][0])
    rows, cols = linear_sum_assignment(cost)
    out = []
    for i, j in zip(rows, cols, strict=True):
        if cost[i, j] < big / 2:
            cid = slots[j][0]
            score = next(s for c, _, s in rankings[needs[i]] if c == cid)
            out.append(Proposal(needs[i], cid, kinds[cid], score))
    return sorted(out, key=lambda p: p.need)


def _grouped(rankings, places, together) -> list[Proposal]:
    """Assign groups as single needs (a candidate's score for a group is its best over the
    group's needs), then propose the group's candidate for each of its needs that ranked it."""
    groups: dict[str, dict[str, tuple[str, float]]] = {}
    for need, ranked in rankings.items():
        best = groups.setdefault(together.get(need, need), {})
        for cid, kind, s in ranked:
            if cid not in best or s > best[cid][1]:
                best[cid] = (kind, s)
    chosen = assign({g: [(c, k, s) for c, (k, s) in best.items()] for g, best in groups.items()}, places)
    by_group = {p.need: p for p in chosen}
    out = []
    for need, ranked in rankings.items():
        pick = by_group.get(together.get(need, need))
        hit = next(((c, k, s) for c, k, s in ranked if pick and c == pick.candidate), None)
        if hit is not None:
            out.append(Proposal(need, hit[0], hit[1], hit[2]))
    return sorted(out, key=lambda p: p.need)


def greedy(rankings: dict[str, list[tuple[str, str, float]]], places: dict[str, int]) -> list[Proposal]:
    """The greedy pass, kept to show (in tests and the benchmark) what the assignment beats."""
    left = dict(places)
    out = []
    for n in sorted(rankings):
        for cid, kind, s in sorted(rankings[n], key=lambda x: (-x[2], x[0])):
            if left.get(cid, 0) > 0:
                left[cid] -= 1
                out.append(Proposal(n, cid, kind, s))
                break
    return out
