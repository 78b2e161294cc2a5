"""Parsed files, kept by Git blob id: a file whose bytes were seen before is not parsed again.

The key is the content (Git's blob id of the bytes) plus the file's kind plus a fingerprint of
the code that produced the entry (all of techserve, PyYAML, pydantic, python-stdnum), so an entry can never
describe other bytes or come from other rules. What is kept is plain data in JSON: the file's
data, the loader's findings, the schema errors and the findings of the rules that concern that
file alone (privacy, credit codes, titles). Models are validated again from the data
(cheap), so nothing but JSON ever comes out of the cache.

Whoever can write the cache decides what a file "contains": in CI it is restored only from
caches the default branch saved (see .github/workflows/check.yml), never from a pull request.
The cache is an optimisation: any problem opening, reading or writing it is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

_TABLE = "CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_SNAPSHOTS = "CREATE TABLE IF NOT EXISTS snapshots (version TEXT PRIMARY KEY, value TEXT NOT NULL)"


def blob_id(data: bytes) -> str:
    """Git's object id for these bytes (`git hash-object`), so a tree's ids can be used as is."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Changes whenever any of techserve's code does (the loader, the models, the file rules and
    the entry format all shape an entry; telling them apart is not worth a stale finding)."""
    import pydantic
    import stdnum
    import yaml

    from ..loader import document

    here = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"{yaml.__version__}|{pydantic.VERSION}|{stdnum.__version__}|{document._Parser.__name__}".encode())
    for path in sorted(here.rglob("*.py")):
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def default_location() -> Path | None:
    """$TECHSERVE_CACHE (a folder, or "off"), else $XDG_CACHE_HOME/techserve or ~/.cache/techserve."""
    chosen = os.environ.get("TECHSERVE_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "techserve"


class BlobCache:
    """One SQLite file. A whole run reads every entry of this code version at the first lookup
    (one query, a few hundred milliseconds at 100k files); a change check that needs only a few
    looks each one up (`preload = False`). New entries are written in one transaction at close.
    Beside the entries it keeps the last full check's results (techserve.reuse), as JSON too."""

    def __init__(self, folder: Path):
        self.path: Path | None = Path(folder) / "blobs.sqlite3"
        self.version = fingerprint()
        self.entries: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.hits = self.misses = 0
        self.preload = True
        # Paths whose entries are never taken from the cache, whatever their blob id: a change
        # check's own files. Whoever could write the cache (a pull request's workflow) could
        # otherwise plant a "clean" entry for the very blob it adds (workflow: check.yml).
        self.untrusted: frozenset[str] = frozenset()
        self._loaded = False
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path, timeout=10) as db:
                db.execute(_TABLE)
                db.execute(_SNAPSHOTS)
            db.close()
        except (sqlite3.Error, OSError):
            self.path = None  # unusable: run without it

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and self.path is not None:
            try:
                self._db = sqlite3.connect(self.path, timeout=10)
            except (sqlite3.Error, OSError):
                self.path = None
        return self._db

    def _load_all(self) -> None:
        self._loaded = True
        db = self._connection()
        if db is None:
            return
        prefix = self.version + ":"
        try:
            rows = db.execute("SELECT key, value FROM blobs WHERE key >= ? AND key < ?", (prefix, self.version + ";"))
            self.entries = {key[len(prefix):]: value for key, value in rows}
        except sqlite3.Error:
            self.entries = {}

    def prefetch(self, keys: list[str]) -> None:
        """Read these entries ("kind:blob") in a few queries: a rule about to read every file of
        a kind should not pay one query per file."""
        db = self._connection()
        if db is None or self._loaded:
            return
        wanted = [f"{self.version}:{k}" for k in keys if k not in self.entries]
        cut = len(self.version) + 1
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                rows = db.execute(f"SELECT key, value FROM blobs WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                self.entries.update((key[cut:], value) for key, value in rows)
        except sqlite3.Error:
            pass

    def _lookup(self, key: str) -> str | None:
        if key in self.entries:
            return self.entries[key]
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM blobs WHERE key = ?", (f"{self.version}:{key}",)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def get(self, kind: str, blob: str):
        key = f"{kind}:{blob}"
        if self.preload and not self._loaded:
            self._load_all()
        raw = self.new.get(key) or (self.entries.get(key) if self._loaded else self._lookup(key))
        if raw is None:
            self.misses += 1
            return None
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):  # damaged or foreign (deeply nested JSON): parse again
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, blob: str, value) -> None:
        key = f"{kind}:{blob}"
        raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if self.entries.get(key) != raw:
            self.new[key] = raw

    def snapshot(self) -> str | None:
        """The last full check's results for this code version (JSON), if any."""
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM snapshots WHERE version = ?", (self.version,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def put_snapshot(self, value: str) -> None:
        """Keep one snapshot: this code version's latest."""
        db = self._connection()
        if db is None:
            return
        try:
            with db:
                db.execute("DELETE FROM snapshots WHERE version != ?", (self.version,))
                db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?)", (self.version, value))
        except sqlite3.Error:
            pass

    def save(self) -> None:
        """Write the new entries and drop those of older code versions."""
        if self.path is None or not self.new:
            return
        try:
            with sqlite3.connect(self.path, timeout=10) as db:
                db.execute(_TABLE)
                db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)",
                               ((f"{self.version}:{k}", v) for k, v in self.new.items()))
                db.execute("DELETE FROM blobs WHERE key < ? OR key >= ?", (self.version + ":", self.version + ";"))
            db.close()
            self.entries.update(self.new)
            self.new.clear()
        except (sqlite3.Error, OSError):
            pass


def open_cache(folder: Path | None) -> BlobCache | None:
    return BlobCache(folder) if folder is not None else None
