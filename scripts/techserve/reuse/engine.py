"""Rule units run with their reads recorded (a full check), or taken from the last full check
when nothing they read has changed since (a change check).

A change check of a pull request adds or edits a few files in a registry of 100k. Loading every
file and running every rule again costs seconds; what a one-file change can alter is only what
read that file. So a full check keeps, for each rule unit, the keys it read (see reads.py) and its
findings; the change check lists the working tree, compares it with the full check's listing,
loads only the changed files, and reruns each unit that read a changed key, loading the other
files it reads as it reads them. Every other unit's findings, and every unchanged file's own
findings, are the full check's. The result equals a full check of the working tree (a property
test compares them over random changes).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..registry import Registry
from ..registry.cache import BlobCache
from ..registry.layout import classify
from ..registry.lazy import listing, load_beside
from ..registry.registry import HINTED
from ..registry.shards import shard_of
from ..registry.status import Change, StatusBook
from ..rules import FILE_RULES, Context, units
from .reads import (
    ALL,
    BOOK_TABLES,
    CALENDAR,
    PATHS,
    STATUS,
    TIME,
    Derived,
    TrackedContext,
    book_key,
    evidence,
    point,
    scan,
)
from .snapshot import Snapshot, decode, encode


def run_full(reg: Registry, as_of: date) -> tuple[list[Finding], dict[str, tuple[list[str], Any]]]:
    """Every rule unit over the registry, each with what it read; under the keys "d|status" and
    "d|calendar", what the derivations read."""
    derived = Derived(reg, as_of)
    results: dict[str, tuple[list[str], Any]] = {}  # findings, or the encoded book
    findings: list[Finding] = []
    for key, unit in units(Context(reg, as_of), sharded=True):
        reads: set[str] = set()
        out = list(unit(TrackedContext(derived, reads)))
        results[key] = (_compact(reads), out)  # a list: thousands of sets would hold hundreds of MB
        findings.extend(out)
    for marker, done in ((CALENDAR, derived._calendar), (STATUS, derived._status)):
        if done is not None:
            results[marker] = (_compact(done[1]), [])
    if derived._status is not None:
        results["book"] = ([], encode_book(derived._status[0]))
    return findings, results


def snapshot_of(reg: Registry, as_of: date, results: dict[str, tuple[list[str], Any]]) -> Snapshot:
    units = {k: (reads, [encode(f) for f in out]) for k, (reads, out) in results.items()
             if k not in (CALENDAR, STATUS, "book")}
    derived = {k: results[k][0] for k in (CALENDAR, STATUS) if k in results}
    book = results["book"][1] if "book" in results else {}
    hints = {e.file: str(getattr(e.model, HINTED[e.kind])) for e in reg.entries
             if e.kind in HINTED and e.model is not None}
    return Snapshot(as_of, listing(reg), {p: [encode(f) for f in fs] for p, fs in reg.content.items()},
                    duplicates(reg), units, derived, book, hints)


def _compact(reads: set[str]) -> list[str]:
    """A lookup of a kind the unit also walked whole adds nothing: keep the walk."""
    walked = {r[2:-2] for r in reads if r.startswith("s|") and r.endswith("|*")}
    return [r for r in reads if not (r.startswith("p|") and r[2:].split("|", 1)[0] in walked)]


def duplicates(reg: Registry) -> dict[str, list[str]]:
    """"kind|id" → the programs of every file of that kind and id, for ids held by several files."""
    out: dict[str, list[str]] = {}
    for entry in reg.entries:
        first = reg.by_kind[entry.kind][entry.id]
        if first is not entry:
            out.setdefault(f"{entry.kind}|{entry.id}", [first.program]).append(entry.program)
    return out


def change_keys(changed: set[str], reg: Registry, snap: Snapshot) -> set[str]:
    """Every read key whose answer the changed paths may have altered. A record's file changes
    its lookup, the walks of its kind in its program and in all, and — where its id is held by
    several files, now or before — the walks of each program involved, since which file holds
    the id can move between them."""
    keys = {PATHS}
    now = duplicates(reg)
    for path in changed:
        place = classify(path)
        if place.kind == "evidence":
            keys.add(evidence(place.program))
            continue
        if not place.kind:
            continue
        kind, rid = place.kind, place.id
        programs = {None, place.program, *now.get(f"{kind}|{rid}", ()), *snap.duplicates.get(f"{kind}|{rid}", ())}
        first = reg.by_kind[kind].get(rid)
        if first is not None:
            programs.add(first.program)
        shard = shard_of(rid)  # a walk of one shard changes only with the records of that shard
        keys.add(point(kind, rid))
        keys.update(scan(kind, program) for program in programs)
        keys.update(scan(kind, program, shard) for program in programs)
    return keys


def stale(reads: list[str], keys: set[str], day_moved: bool) -> bool:
    if day_moved and TIME in reads:
        return True
    return bool(keys) and (ALL in reads or not keys.isdisjoint(reads))


def with_derived(keys: set[str], snap: Snapshot, day_moved: bool, derived: Derived) -> set[str]:
    """The changed keys, plus the calendar where what it read changed, and the entries of the
    status book that differ from the snapshot's where what the statuses read changed: a new
    application's status is a new entry, and only rules that read it (or the whole table) rerun."""
    out = set(keys)
    reads = snap.derived.get(CALENDAR)
    if reads is None or stale(reads, out, day_moved):
        out.add(CALENDAR)
    reads = snap.derived.get(STATUS)
    if reads is None or stale(reads, out, day_moved):
        out.update(book_changes(snap.book, encode_book(derived.status()[0])))
    return out


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Change):
        return [value.day.isoformat(), value.leaves, value.joins, value.decision]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def encode_book(book: StatusBook) -> dict[str, dict]:
    """The book's tables as the snapshot holds them (JSON's own types, so old and new compare)."""
    tables = {t: {k: _plain(v) for k, v in getattr(book, t).items()} for t in BOOK_TABLES}
    tables["findings"] = {"*": [encode(f) for f in book.findings]}
    return json.loads(json.dumps(tables, ensure_ascii=False))


def book_changes(old: dict[str, dict], new: dict[str, dict]) -> set[str]:
    keys: set[str] = set()
    for table in (*BOOK_TABLES, "findings"):
        a, b = old.get(table) or {}, new.get(table) or {}
        differ = [k for k in a.keys() | b.keys() if a.get(k) != b.get(k)]
        if differ:
            keys.update(book_key(table, k) for k in differ)
            keys.add(book_key(table, "*"))
    return keys


def run_beside(root: Path, as_of: date, cache: BlobCache, snap: Snapshot,
               published_from: str = "HEAD") -> tuple[Registry, list[Finding]]:
    """The check of the working tree, reusing the snapshot wherever nothing read has changed:
    the registry (lazy) and every finding a full check would give, loader and rules alike."""
    reg, changed = load_beside(root, snap.listing, cache, FILE_RULES, snap.hints, published_from)
    keys = change_keys(changed, reg, snap) if changed else set()
    findings = list(reg.findings)
    for path, rows in snap.content.items():
        if path not in changed:
            findings.extend(decode(r) for r in rows)
    derived = Derived(reg, as_of)
    day_moved = snap.as_of != as_of
    keys = with_derived(keys, snap, day_moved, derived)
    for key, unit in units(Context(reg, as_of), sharded=True):
        old = snap.units.get(key)
        if old is not None and not stale(old[0], keys, day_moved):
            findings.extend(decode(r) for r in old[1])
        else:
            findings.extend(unit(TrackedContext(derived, set())))
    return reg, findings
