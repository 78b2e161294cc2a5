"""What was already there: the findings of the base revision, so a change is judged by what it changes.

On 4 January an office that has not yet recorded last year's assessments has two errors on main.
A pull request that adds one clean person file cannot clear them and must not be failed by them:
code scanning shows the alerts a pull request introduces, not the repository's backlog. So the
change check also checks the base revision, as of the same day, and a finding of the working tree
that the base already had — the same file, rule, record, severity and message — is reported as
standing on main, with who must act, and does not fail the change.

What never stands: a finding on a file the change adds, edits or deletes, or names as related (the
change touched it, so it is the change's, whatever main had); a finding whose message differs
(a quota exceeded by more, a later deadline missed: worse is new); every change rule.

The base's findings are kept in the blob cache under the base's tree id and the day, so the
second check of a day (and every check after main's own full check) reads them instead of
checking the base again. Like every cache entry, they are trusted only as far as the cache is
(see registry/cache.py); and since nothing a pull request touches can stand, an entry planted for
the base excuses nothing the pull request wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path

from ..findings import Finding
from ..loader.text import MAX_BYTES
from ..registry.cache import BlobCache
from ..registry.published import first_published
from ..registry.registry import build_registry
from ..rules import FILE_RULES, Context, run_rules
from .change import Change
from .git import GitError, blob_sizes, git, list_tree, read_blobs

Key = tuple[str, str, str, str, str]


def key_of(f: Finding) -> Key:
    return (f.file, f.rule, f.record, f.severity, f.message)


def tree_of(root: Path, rev: str, scope: str = "submissions") -> str | None:
    """The tree id of `scope` at `rev` (relative to the registry root), or None."""
    try:
        prefix = git(root, "rev-parse", "--show-prefix").decode("utf-8", "replace").strip()
        return git(root, "rev-parse", "--verify", "--quiet", f"{rev}:{prefix}{scope}").decode().strip() or None
    except GitError:
        return None


def _cache_key(tree: str, as_of: date) -> str:
    return f"{tree}|{as_of.isoformat()}"


def remember(cache: BlobCache | None, tree: str | None, as_of: date, findings: Iterable[Finding]) -> None:
    """Keep a full check's findings of `tree` as of `as_of` for the change checks based on it."""
    if cache is None or tree is None:
        return
    cache.put("baseline", _cache_key(tree, as_of), sorted({key_of(f) for f in findings}))
    cache.save()


def _recalled(cache: BlobCache | None, tree: str | None, as_of: date) -> set[Key] | None:
    if cache is None or tree is None:
        return None
    hit = cache.get("baseline", _cache_key(tree, as_of))
    try:
        return None if hit is None else {tuple(str(x) for x in row) for row in hit}  # type: ignore[misc]
    except TypeError:
        return None


def check_revision(root: Path, rev: str, as_of: date, cache: BlobCache | None = None) -> list[Finding]:
    """A full check of the registry at `rev`, read from Git objects (never checked out): the
    loader, the file rules and every rule, as `techserve check` would report it there."""
    files = list_tree(root, rev, "submissions")
    sizes = blob_sizes(root, sorted({f.blob for f in files}))
    contents = read_blobs(root, sorted(b for b, size in sizes.items() if size <= MAX_BYTES))
    oversize = b" " * (MAX_BYTES + 1)  # the loader's own finding for a blob over the cap
    items = ((f.path, f.blob, partial(contents.get, f.blob, oversize)) for f in files)
    reg = build_registry(root, [], items, cache, FILE_RULES)  # type: ignore[arg-type]
    reg.published = first_published(root, rev)
    found = run_rules(Context(reg, as_of))
    reg.settle()
    return reg.findings + found


def base_keys(root: Path, change: Change, as_of: date, cache: BlobCache | None = None) -> set[Key]:
    """The findings of the change's base (its fork point) as of `as_of`, as keys."""
    tree = tree_of(root, change.fork or change.base)
    known = _recalled(cache, tree, as_of)
    if known is not None:
        return known
    findings = check_revision(root, change.fork or change.base, as_of, cache)
    remember(cache, tree, as_of, findings)
    return {key_of(f) for f in findings}


def touched_by(change: Change) -> set[str]:
    return {change.rel(p) for p in change.status}


def split(findings: list[Finding], standing: set[Key], touched: set[str]) -> tuple[list[Finding], list[Finding]]:
    """(the change's findings, the findings standing on main). A finding stands only when the
    base had it word for word and the change touched none of its files."""
    mine, already = [], []
    for f in findings:
        if key_of(f) in standing and f.file not in touched and not touched.intersection(f.related):
            already.append(f)
        else:
            mine.append(f)
    return mine, already
