"""BM25 over weighted fields (BM25F): a profile's research fields count twice its bio, a need's
lexicon terms a third of its own words.

Written here rather than taken from bm25s or rank-bm25 because neither weighs a document's fields
or a query's terms; the arithmetic is Robertson's, on a sparse matrix so that ten thousand needs
against thousands of people is one sparse product per block.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

K1 = 1.2
B = 0.75


class Index:
    """Documents are bags of (token, weight); `scores(queries)` gives a needs × documents array."""

    def __init__(self, ids: Sequence[str], bags: Iterable[Counter], k1: float = K1, b: float = B):
        self.ids = list(ids)
        bags = list(bags)
        self.vocab: dict[str, int] = {}
        for bag in bags:
            for t in bag:
                self.vocab.setdefault(t, len(self.vocab))
        n = len(bags)
        lengths = np.array([sum(bag.values()) for bag in bags], dtype=np.float64)
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        df = Counter(t for bag in bags for t in bag)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        rows, cols, vals = [], [], []
        for i, bag in enumerate(bags):
            norm = k1 * (1 - b + b * lengths[i] / avg)
            for t, f in bag.items():
                rows.append(i)
                cols.append(self.vocab[t])
                vals.append(self.idf[t] * f * (k1 + 1) / (f + norm))
        self.matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(self.vocab)), dtype=np.float64)

    def query_matrix(self, queries: Sequence[Counter]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for i, q in enumerate(queries):
            for t, w in q.items():
                j = self.vocab.get(t)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    vals.append(w)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(queries), len(self.vocab)), dtype=np.float64)

    def scores(self, queries: Sequence[Counter]) -> np.ndarray:
        if not self.ids:
            return np.zeros((len(queries), 0))
        return (self.query_matrix(queries) @ self.matrix.T).toarray()
