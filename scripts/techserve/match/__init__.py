"""Matching needs to the people and teams who could serve them (系统根据特派员研究领域智能推荐,
线上智能匹配), for the programs whose program.yaml sets `matching`.

registry → pool (who may be proposed that day) → ranker (text → tokens, lexicon, BM25F, vectors)
→ candidates with reasons; `assign` then proposes one per need within each person's capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..registry import Registry
from ..registry.cache import default_location
from ..registry.status import StatusBook, derive
from . import semantic
from .pool import Pool, pool, query_of
from .ranker import LEXICAL_ONLY, Candidate, Ranker

DEFAULT_TOP = 10


@dataclass

class NeedRanking:
    need: str
    program: str | None
    candidates: list[Candidate]

    def as_json(self) -> dict:
        return {"need": self.need, "program": self.program, "candidates": [c.as_json() for c in self.candidates]}


_KEEP = {"vectors": True}


def keep_vectors(on: bool) -> None:
    """Whether this run may store sentence vectors (a command's --no-cache turns it off)."""
    _KEEP["vectors"] = on


def vector_cache() -> semantic.VectorCache | None:
    """The vector store beside the blob cache ($TECHSERVE_CACHE), unless turned off."""
    where = default_location() if _KEEP["vectors"] else None
    return _open_vectors(where / "vectors.sqlite") if where else None


@lru_cache(maxsize=4)
def _open_vectors(path) -> semantic.VectorCache:
    return semantic.VectorCache(path)


class Matcher:
    """Rankings of one registry, one pool (and one ranker) per program and day, kept."""

    def __init__(self, reg: Registry, lexical_only: bool = False, cache: semantic.VectorCache | None = None,
                 known: StatusBook | None = None):
        """`known`: statuses already derived for a day (the site builder's), not derived again."""
        self.reg = reg
        self.encoder = None if lexical_only else semantic.encoder()
        self.cache = cache if cache is not None else (vector_cache() if self.encoder else None)
        self._status: dict[date, StatusBook] = {known.as_of: known} if known is not None else {}
        self._rankers: dict = {}

    @property
    def method(self) -> str:
        return "词项匹配（BM25F）＋语义向量" if self.encoder else LEXICAL_ONLY

    def status(self, day: date) -> StatusBook:
        if day not in self._status:
            self._status[day] = derive(self.reg, day)
        return self._status[day]

    def ranker(self, program: str | None, day: date, everyone: bool = False) -> tuple[Pool, Ranker]:
        key = (program, day, everyone)
        if key not in self._rankers:
            p = pool(self.reg, self.status(day), program, day, everyone)
            self._rankers[key] = (p, Ranker(p.profiles, self.encoder, self.cache))
        return self._rankers[key]

    def rank(self, need_ids: list[str], day: date, top: int | None = DEFAULT_TOP,
             everyone: bool = False, explain: bool = True) -> list[NeedRanking]:
        """Per need, its candidates that day. Capacity never counts the need's own enterprise (an
        agreement with an enterprise one already serves adds none), so an agreement being checked
        against the day it was signed does not rule out its own person."""
        by_program: dict[str | None, list[str]] = {}
        program_of: dict[str, str] = {}
        for nid in need_ids:
            entry = self.reg.get("need", nid)
            if entry is not None and entry.model is not None:
                by_program.setdefault(None if everyone else entry.program, []).append(nid)
                program_of[nid] = entry.program
        out = []
        for program, ids in by_program.items():
            p, ranker = self.ranker(program, day, everyone)
            queries = [query_of(nid, self.reg.model("need", nid)) for nid in ids]
            enterprise = {nid: self.reg.model("need", nid).enterprise for nid in ids}
            # The lambda is called within this iteration; the defaults only say so to the reader.
            allowed = None if everyone else (lambda q, c, p=p, enterprise=enterprise: p.allows(q, c, enterprise[q.id]))
            ranked = ranker.rank(queries, top, allowed=allowed,
                                 first=None if everyone else p.designated_for, explain=explain)
            out += [NeedRanking(q.id, program_of[q.id], ranked[q.id]) for q in queries]
        return sorted(out, key=lambda r: r.need)

    def open_needs(self, day: date, program: str | None = None) -> list[str]:
        """Needs published by `day`, not past their deadline, not yet served by an active
        agreement, of running programs that recommend (program.yaml `matching`)."""
        status = self.status(day)
        served = {e.model.need for e in self.reg.valid("agreement")
                  if e.model.need and e.model.signed <= day and status.agreement_active(e.model, e.id, day)}
        out = []
        for e in self.reg.valid("need"):
            n = e.model
            prog = self.reg.model("program", e.program)
            if program is not None and e.program != program:
                continue
            if prog is None or prog.matching is None or n.published > day or e.id in served:
                continue
            if prog.period.end < day:  # nobody collects needs for a program that has ended
                continue
            if n.deadline is not None and n.deadline < day:
                continue
            out.append(e.id)
        return sorted(out)

    def places(self, items: list[tuple[str, str, date]], depth: int,
               explain: bool = True) -> list[tuple[int | None, list[Candidate]]]:
        """For each (need, person or team, day): its 1-based place among the first `depth`
        candidates ranked for the need that day (None: not among them), and that ranking. Needs
        of one day are ranked together."""
        by_day: dict[date, set[str]] = {}
        for need, _, day in items:
            by_day.setdefault(day, set()).add(need)
        ranked = {(r.need, day): r.candidates for day, needs in by_day.items()
                  for r in self.rank(sorted(needs), day, depth, explain=explain)}
        out = []
        for need, who, day in items:
            cands = ranked.get((need, day), [])
            place = next((i for i, c in enumerate(cands, 1) if c.id == who), None)
            out.append((place, cands))
        return out

    def place(self, need: str, who: str, day: date, depth: int = 50) -> tuple[int | None, list[Candidate]]:
        return self.places([(need, who, day)], depth)[0]
