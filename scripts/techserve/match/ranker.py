"""Ranks profiles (people, teams) for needs: BM25F over Chinese tokens with the lexicon's terms,
plus, when the semantic extra is installed, the cosine of sentence vectors; each signal is
standardised per need (z-score over the candidates) and summed with the weights below.

The weights were chosen on the dev part of the labelled set (benchmarks/match.py prints the
ablation); they are few and coarse on purpose, so that they carry over to needs not seen.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import semantic as sem
from .lexical import Index
from .text import split_intro, tokens, weighted_expansions, words

# A profile's fields: research fields, keywords, bio, achievements.
PROFILE_WEIGHTS = (2.0, 1.0, 1.0, 0.5)
# A need's fields: title, description, fields. The expected outcome restates the problem's
# numbers and adds noise, so it is not read.
NEED_WEIGHTS = (1.0, 1.0, 1.0)
LEXICON_WEIGHT = 0.3  # a term the lexicon brings in counts for less than the need's own words
# The enterprise's self-introduction in a need (本公司位于……主要产品有……) is not the need: its words
# count this much, and it brings in no lexicon term and no sentence vector.
INTRO_WEIGHT = 0.3
BAG_VERSION = 3  # how a bag is made (sense weights, the introduction apart, the tokenizer knowing the
# lexicon's sayings): part of every cached bag's key
SEMANTIC_WEIGHT = 1.0
# The sentence vectors read a discipline's words better than a shop floor's: a need's sentence carries
# up to this many of the lexicon's terms for it (of senses weighing at least VECTOR_SENSE), so that
# 盘子表面像橘子皮 is embedded beside 釉面缺陷.
VECTOR_TERMS = 8
VECTOR_SENSE = 0.5
CLOSE = 0.45  # a cosine this high reads as "on the same subject" with no shared word
BLOCK = 1000  # needs scored at once: bounds memory at any registry size


# What the matcher says of itself without the sentence vectors: the weaker ranker, said plainly
# wherever a ranking is shown (benchmarks/match.py measures the gap).
LEXICAL_ONLY = "词项匹配（BM25F）（未装句向量模型，只按词语排序，效果较弱；请完整安装 techserve）"


@dataclass(frozen=True)
class Profile:
    id: str
    kind: str  # person | team
    name: str
    fields: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    bio: str = ""
    achievements: tuple[str, ...] = ()

    def bag(self) -> Counter[str]:
        bag: Counter[str] = Counter()
        for text, w in zip(("、".join(self.fields), "、".join(self.keywords), self.bio, "、".join(self.achievements)),
                           PROFILE_WEIGHTS, strict=True):
            for t in tokens(text):
                bag[t] += w  # type: ignore[assignment]  # weighted counts are floats
        return bag

    def sentence(self) -> str:
        return "；".join(("、".join(self.fields), "、".join(self.keywords), self.bio))


@dataclass(frozen=True)
class Query:
    id: str
    title: str
    description: str
    fields: tuple[str, ...] = ()

    def parts(self) -> tuple[str, str]:
        """(the need's own words, the enterprise's self-introduction) of the description."""
        return _parts(self.description)

    def text(self) -> str:
        """What the need says of itself: title, description without the introduction, fields."""
        return " ".join((self.title, self.parts()[0], " ".join(self.fields)))

    def bag(self) -> Counter[str]:
        bag: Counter[str] = Counter()
        own, intro = self.parts()
        for text, w in zip((self.title, own, " ".join(self.fields)), NEED_WEIGHTS, strict=True):
            for t in tokens(text):
                bag[t] += w  # type: ignore[assignment]  # weighted counts are floats
        for t in tokens(intro):
            bag[t] += NEED_WEIGHTS[1] * INTRO_WEIGHT  # type: ignore[assignment]
        for _, term, sense in _expanded(self):
            for t in tokens(term):
                bag[t] += LEXICON_WEIGHT * sense  # type: ignore[assignment]
        return bag

    def sentence(self) -> str:
        said = self.title + "。" + (self.parts()[0] or self.description)
        best: dict[str, float] = {}
        for _, term, sense in _expanded(self):
            best[term] = max(best.get(term, 0.0), sense)
        # the strongest senses first; ties in the lexicon's order (sorted() is stable)
        terms = [t for t in sorted(best, key=lambda t: -best[t]) if best[t] >= VECTOR_SENSE][:VECTOR_TERMS]
        return said + ("；" + "、".join(terms) if terms else "")


@dataclass(frozen=True)
class Candidate:
    id: str
    kind: str
    score: float
    evidence: tuple[Evidence, ...]
    designated: bool = False
    related: bool = True  # shares a term with the need, or its vectors are close: shown on the site

    @property
    def reasons(self) -> tuple[str, ...]:
        return render(self.evidence, self.related)

    @property
    def public_reasons(self) -> tuple[str, ...]:
        return render(self.evidence, self.related, public=True)

    def as_json(self) -> dict:
        out = {self.kind: self.id, "score": self.score, "reasons": list(self.reasons)}
        if self.designated:
            out["designated"] = True
        return out


@dataclass
class Ranker:
    profiles: Sequence[Profile]
    encoder: sem.Encoder | None = None
    cache: sem.VectorCache | None = None
    _index: Index = field(init=False)

    def __post_init__(self):
        self.profiles = sorted(self.profiles, key=lambda p: (p.id, p.kind))  # ties go to the smaller id
        self._index = Index([p.id for p in self.profiles], self._bags(self.profiles))
        self._vectors = None
        if self.encoder is not None and self.profiles:
            self._vectors = sem.embed(self.encoder, [p.sentence() for p in self.profiles], self.cache)
        self._terms = [_terms(p) for p in self.profiles]

    def _bags(self, items) -> list[Counter]:
        """Each profile's or need's token bag, from the cache where it has them (keyed by the
        text, the weights and the lexicon, so a change to any of them makes new bags)."""
        if self.cache is None:
            return [x.bag() for x in items]
        keys = [_bag_key(x) for x in items]
        known = self.cache.get_bags(list(dict.fromkeys(keys)))
        fresh = {}
        out = []
        for x, k in zip(items, keys, strict=True):
            if k not in known and k not in fresh:
                fresh[k] = dict(x.bag())
            out.append(Counter(known.get(k) or fresh[k]))
        self.cache.put_bags(fresh)
        return out

    @property
    def method(self) -> str:
        return "词项匹配（BM25F）＋语义向量" if self._vectors is not None else LEXICAL_ONLY

    def scores(self, needs: Sequence[Query]) -> tuple[np.ndarray, np.ndarray]:
        """needs × profiles: the fused, standardised score, and whether each pair is related at all
        (a shared token, or a cosine of at least CLOSE)."""
        raw = self._index.scores(self._bags(needs))
        related = raw > 0
        if self._vectors is None or not len(needs):
            return _standard(raw), related
        assert self.encoder is not None  # vectors are made by it
        cosine = sem.embed(self.encoder, [q.sentence() for q in needs], self.cache) @ self._vectors.T
        return _standard(raw) + SEMANTIC_WEIGHT * _standard(cosine), related | (cosine >= CLOSE)


    def rank(self, needs: Sequence[Query], top: int | None = 10,
             allowed: Callable[[Query, Profile], bool] | None = None,
             first: Callable[[Query], frozenset[str]] | None = None,
             explain: bool = True) -> dict[str, list[Candidate]]:
        """Per need, the best `top` candidates (None: all) that `allowed` lets through, best first,
        the people `first` names for it (the enterprise's designated people) ahead of the others.
        `explain=False` leaves out the evidence (a backtest needs places, not reasons)."""
        out = {}
        position = {p.id: j for j, p in enumerate(self.profiles) if p.kind == "person"}
        for start in range(0, len(needs), BLOCK):
            block = needs[start:start + BLOCK]
            scores, related = self.scores(block)
            for q, row, near in zip(block, scores, related, strict=True):
                marked = [j for j in sorted(position[i] for i in (first(q) if first else ()) if i in position)
                          if not allowed or allowed(q, self.profiles[j])]
                chosen = self._best(q, np.round(row, 9), top, allowed, set(marked))
                picks = marked + chosen
                if top is not None:
                    picks = picks[:top]
                said = _said(q) if explain else None
                out[q.id] = [Candidate(self.profiles[j].id, self.profiles[j].kind, round(float(row[j]), 4),
                                       evidence(q, self.profiles[j], self._terms[j], said) if explain else (),
                                       j in marked, bool(near[j]))
                             for j in picks]
        return out

    def _best(self, q: Query, row: np.ndarray, top: int | None, allowed, skip: set[int]) -> list[int]:
        """The best `top` allowed columns of one row, by score then position (= id). Looks at a
        head of the row first (every column tied with its last one included, so the order is
        exact), and at the whole row only when too few of the head are allowed."""
        n = len(row)
        want = n if top is None else min(n, 4 * top + len(skip) + 8)
        while True:
            if want >= n:
                head = np.arange(n)
            else:
                cut = -np.partition(-row, want - 1)[want - 1]
                head = np.flatnonzero(row >= cut)
            head = head[np.lexsort((head, -row[head]))]
            chosen: list[int] = []
            for jj in head:
                j = int(jj)
                if j in skip or (allowed and not allowed(q, self.profiles[j])):
                    continue
                chosen.append(j)
                if top is not None and len(chosen) >= top:
                    return chosen
            if want >= n:
                return chosen
            want = min(n, want * 4)


@lru_cache(maxsize=1)
def _bag_version() -> str:
    """What a bag depends on besides its text: the weights, the stop words, the lexicon."""
    from .text import LEXICONS, SOURCE_WEIGHT, STOP

    h = hashlib.sha256(repr((BAG_VERSION, PROFILE_WEIGHTS, NEED_WEIGHTS, LEXICON_WEIGHT, INTRO_WEIGHT,
                             sorted(SOURCE_WEIGHT.items()), sorted(STOP))).encode())
    for path in LEXICONS:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _bag_key(x) -> str:
    parts = ((x.title, x.description, *x.fields) if isinstance(x, Query) else
             (*x.fields, "|", *x.keywords, "|", x.bio, "|", *x.achievements))
    text = "\x1f".join(parts)
    return f"{type(x).__name__}:{_bag_version()}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _standard(m: np.ndarray) -> np.ndarray:
    if m.shape[1] == 0:
        return m
    std = m.std(axis=1, keepdims=True)
    return (m - m.mean(axis=1, keepdims=True)) / np.where(std > 0, std, 1.0)


def _terms(p: Profile) -> list[tuple[str, str, frozenset[str]]]:
    """(label, term, its words of two characters or more) for each research field and keyword."""
    out = []
    for label, terms in (("研究领域", p.fields), ("关键词", p.keywords)):
        for term in terms:
            out.append((label, term, frozenset(w for w in words(term) if len(w) >= 2)))
    return out


@lru_cache(maxsize=20_000)
def _parts(description: str) -> tuple[str, str]:
    return split_intro(description)


@lru_cache(maxsize=20_000)
def _expanded(q: Query) -> tuple[tuple[str, str, float], ...]:
    return tuple(weighted_expansions(q.text()))


def _said(q: Query) -> tuple[set[str], dict[str, str]]:
    """The need's words, and each lexicon term it brings in → the need's own word for it."""
    via: dict[str, str] = {}
    for said, term, _ in _expanded(q):
        via.setdefault(term, said)
    return set(words(q.text())), via


@dataclass(frozen=True)
class Evidence:
    """One thing p and the need share: p's research field or keyword `term`, found in the need's
    own words, or (`said`) through the lexicon from what the need says."""

    label: str  # 研究领域 | 关键词
    term: str
    said: str | None = None


def evidence(q: Query, p: Profile, terms=None, said=None) -> tuple[Evidence, ...]:
    need_words, via = said or _said(q)
    direct, meant = [], []
    for label, term, parts in terms if terms is not None else _terms(p):
        if parts & need_words:
            direct.append(Evidence(label, term))
        elif term in via:
            meant.append(Evidence(label, term, via[term]))
    return tuple(dict.fromkeys(direct)) + tuple(dict.fromkeys(meant))[:3]


def render(found: tuple[Evidence, ...], near: bool, public: bool = False) -> tuple[str, ...]:
    """Reasons a person can read. `public`: only what the site shows of a person (research
    fields; keywords stay in the registry, as techserve.pages.public lists)."""
    if public:
        found = tuple(e for e in found if e.label == "研究领域")
    grouped: dict[str, list[str]] = {}
    for e in found:
        if e.said is None:
            grouped.setdefault(e.label, []).append(e.term)
    out = [f"{label}：{'、'.join(terms)}" for label, terms in grouped.items()]
    out += [f"需求中的“{e.said}”对应“{e.term}”" for e in found if e.said is not None]
    if out:
        return tuple(out)
    return ("需求描述与其研究方向语义相近",) if near else ("与需求没有共同的研究领域或关键词（仅按排名列出）",)


def reasons(q: Query, p: Profile, terms=None, said=None, near: bool = True) -> tuple[str, ...]:
    """Why p suits q, in terms both sides hold: a research field or keyword of p that shares a
    word with the need's own text, or that the lexicon reads into it (“橘子皮”对应“釉面缺陷”)."""
    return render(evidence(q, p, terms, said), near)
