"""One check run: load the registry, run every rule (waivers apply inside the program rules), keep what
the caller asked for."""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .findings import Finding
from .registry import Registry, load_registry
from .registry.cache import BlobCache
from .registry.targets import measure
from .rules import FILE_RULES, Context, run_rules


@dataclass
class Report:
    findings: list[Finding]
    files: int
    registry: Registry | None = None
    extra: dict = field(default_factory=dict)  # e.g. "targets" for the json reporter
    # A change check's findings that stood on main before the change (workflow.baseline): shown in
    # their own section with who must act; they never fail the change and are not in `findings`.
    standing: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def _selected(finding: Finding, paths: list[str]) -> bool:
    files = (finding.file, *finding.related)
    return any(f == p or f.startswith(p.rstrip("/") + "/") for f in files for p in paths)


def _effects(reg, change, as_of: date) -> dict:
    """What merging would change (techserve.workflow.effects), when the change touches decisions."""
    from .workflow.effects import effects
    from .workflow.git import GitError

    try:
        ch = change.result()
    except GitError:
        return {}
    return effects(reg, [ch.rel(p) for p in ch.paths("A", "M")], as_of)


def check(root: Path, as_of: date, paths: list[str] | None = None, base: str | None = None,
          cache: BlobCache | None = None, reuse: bool = True, snapshot: bool = True) -> Report:
    """A full check; with `base`, also the change rules. A change check with a cache that holds
    the last full check's results reruns only what the change can affect (techserve.reuse) and
    reports no targets (they describe the registry, not the change). A full check with a cache
    leaves its results there for the next change check, unless `snapshot` is off (the site build:
    `techserve check` before it has left them, and recording every read costs time)."""
    from .reuse import Snapshot, run_beside, run_full, snapshot_of
    from .workflow import check_change
    from .workflow.change import read_change

    snap = Snapshot.loads(cache.snapshot()) if cache is not None and base and reuse else None
    # A notice is public from the day main's history added it (registry.published): in a change
    # check that is the base's history, which the pull request cannot write.
    published = base or "HEAD"
    collecting = gc.isenabled()
    pool = ThreadPoolExecutor(1) if base else None
    # git reads the change (mostly in its own processes) while the registry loads
    change = pool.submit(read_change, root, base) if pool and base else None
    if change is not None and cache is not None:
        # Nothing the change wrote is taken from the cache (registry.cache: untrusted): its files
        # are read and checked afresh, and the snapshot's listing does not vouch for them.
        untrusted = _change_paths(change)
        cache.untrusted = frozenset(untrusted)
        if snap is not None:  # a listing entry no blob id equals: each such path counts as changed
            snap.listing = {p: ("untrusted" if p in untrusted else b) for p, b in snap.listing.items()}
    try:
        if snap is not None:
            # A change check makes few objects and keeps them all: no collection at all.
            gc.disable()
            assert cache is not None  # a snapshot comes from the cache
            cache.preload = False  # it looks up the few files it reads
            reg, findings = run_beside(root, as_of, cache, snap, published)
        else:
            # The file rules (the privacy scan) run beside the registry's rules (load_registry).
            reg = load_registry(root, cache, FILE_RULES, defer=True, published_from=published)
            # The registry lives for the whole run: frozen, it is left out of every later
            # collection, which would otherwise walk its millions of objects again and again.
            gc.freeze()
            if cache is not None and snapshot:
                found, results = run_full(reg, as_of)
                reg.settle()
                cache.put_snapshot(snapshot_of(reg, as_of, results).dumps())
                del results
            else:
                found = run_rules(Context(reg, as_of))
                reg.settle()
            findings = reg.findings + found
        merged: dict = {}
        if base:
            findings += check_change(root, base, as_of, reg, cache, change)
            merged = _effects(reg, change, as_of)
    finally:
        if pool is not None:
            pool.shutdown()
        # What the run kept goes to the oldest generation unscanned: after a change check (nothing
        # frozen) the first collection would otherwise walk every object it made.
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()
    from .rules.references import suggest

    findings = suggest(reg, findings)
    standing: list[Finding] = []
    if base and change is not None:
        findings, standing = _against_base(root, change, as_of, cache, findings)
    elif cache is not None and snapshot and not paths:
        _remember_if_committed(root, as_of, cache, findings)
    if paths:
        findings = [f for f in findings if _selected(f, paths)]
        standing = [f for f in standing if _selected(f, paths)]
    findings = sorted(set(findings), key=Finding.sort_key)
    standing = sorted(set(standing), key=Finding.sort_key)
    extra = ({"effects": merged} if merged else {}) if base else {"targets": measure(reg, Context(reg, as_of).status, as_of)}
    return Report(findings, reg.files, reg, extra, standing)


def _change_paths(change) -> set[str]:
    """Every path the change adds, edits or deletes, relative to the registry root; on a git
    error, none (the change check then stops with BaseUnreadable)."""
    from .workflow.git import GitError

    try:
        ch = change.result()
    except GitError:
        return set()
    return {ch.rel(p) for p in ch.status}


def _against_base(root: Path, change, as_of: date, cache: BlobCache | None,
                  findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(the change's findings, those that stood on main): workflow.baseline."""
    from .workflow import BaseUnreadable
    from .workflow.baseline import base_keys, split, touched_by
    from .workflow.git import GitError

    try:
        ch = change.result()
        keys = base_keys(root, ch, as_of, cache)
    except GitError as exc:
        raise BaseUnreadable(f"错误：无法读取基准版本：{exc}") from exc
    return split(findings, keys, touched_by(ch))


def _remember_if_committed(root: Path, as_of: date, cache: BlobCache, findings: list[Finding]) -> None:
    """A full check of a working tree that is exactly a commit's leaves its findings for the change
    checks based on that commit (main's check in CI, or yours before you branch)."""
    from .workflow.baseline import remember, tree_of
    from .workflow.git import GitError, git

    try:
        if git(root, "status", "--porcelain", "--untracked-files=all", "--", "submissions").strip():
            return
    except (GitError, OSError):
        return
    remember(cache, tree_of(root, "HEAD"), as_of, findings)
