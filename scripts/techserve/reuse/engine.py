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

from datetime import date
from pathlib import Path

from ..findings import Finding
from ..registry import Registry
from ..registry.cache import BlobCache
from ..registry.layout import classify
from ..registry.lazy import listing, load_beside
from ..rules import FILE_RULES, Context, units
from .reads import ALL, PATHS, TIME, Derived, TrackedContext, evidence, point, scan
from .snapshot import Snapshot, decode, encode


def run_full(reg: Registry, as_of: date) -> tuple[list[Finding], dict[str, tuple[set[str], list[Finding]]]]:
    """Every rule unit over the registry, each with what it read."""
    derived = Derived(reg, as_of)
    results: dict[str, tuple[set[str], list[Finding]]] = {}
    findings: list[Finding] = []
    for key, unit in units(Context(reg, as_of)):
        reads: set[str] = set()
        out = list(unit(TrackedContext(derived, reads)))
        results[key] = (reads, out)
        findings.extend(out)
    return findings, results


def snapshot_of(reg: Registry, as_of: date, results: dict[str, tuple[set[str], list[Finding]]]) -> Snapshot:
    return Snapshot(as_of, listing(reg), {p: [encode(f) for f in fs] for p, fs in reg.content.items()},
                    duplicates(reg), {k: (_compact(reads), [encode(f) for f in out]) for k, (reads, out) in results.items()})


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
        keys.update((point(kind, rid), scan(kind, None), scan(kind, place.program)))
        for program in (*now.get(f"{kind}|{rid}", ()), *snap.duplicates.get(f"{kind}|{rid}", ())):
            keys.add(scan(kind, program))
        first = reg.by_kind[kind].get(rid)
        if first is not None:
            keys.add(scan(kind, first.program))
    return keys


def stale(reads: list[str], keys: set[str], day_moved: bool) -> bool:
    if day_moved and TIME in reads:
        return True
    return bool(keys) and (ALL in reads or not keys.isdisjoint(reads))


def run_beside(root: Path, as_of: date, cache: BlobCache, snap: Snapshot) -> tuple[Registry, list[Finding]]:
    """The check of the working tree, reusing the snapshot wherever nothing read has changed:
    the registry (lazy) and every finding a full check would give, loader and rules alike."""
    reg, changed = load_beside(root, snap.listing, cache, FILE_RULES)
    keys = change_keys(changed, reg, snap) if changed else set()
    findings = list(reg.findings)
    for path, rows in snap.content.items():
        if path not in changed:
            findings.extend(decode(r) for r in rows)
    derived = Derived(reg, as_of)
    day_moved = snap.as_of != as_of
    for key, unit in units(Context(reg, as_of)):
        old = snap.units.get(key)
        if old is not None and not stale(old[0], keys, day_moved):
            findings.extend(decode(r) for r in old[1])
        else:
            findings.extend(unit(TrackedContext(derived, set())))
    return reg, findings
