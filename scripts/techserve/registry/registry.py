"""The registry: every record, indexed by kind and id, with the document it came from."""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any, ClassVar

from ..findings import Finding
from ..loader import Document, load_bytes
from ..loader.document import read_capped
from ..loader.evidence import MAX_EVIDENCE, evidence_findings, read_evidence
from ..models import lenient, validate
from ..models.messages import UNFILLED
from .cache import BlobCache, blob_id
from .layout import Place, Refused, classify, discover, id_problem, unknown_path_hint
from .shards import SHARDS, shard_of
from .worktree import clean_blobs

# The one field of a kind's model that an entry not yet loaded may already know (registry.lazy):
# what the statuses read of every application and decision, so they need not load them all.
HINTED = {"decision": "kind", "application": "submitted"}
_HINT_TYPES: dict[str, Callable[[str], Any]] = {"kind": str, "submitted": date.fromisoformat}


@dataclass
class Entry:
    """One loaded file: where it is, what it holds, and its model when it validated."""

    kind: str
    id: str
    file: str
    program: str
    doc: Document | None
    model: Any = None  # None when the file failed to load or validate
    hint: ClassVar[str | None] = None  # a not yet loaded entry's HINTED field, when known (registry.lazy)

    def at(self, *path) -> tuple[int, int]:
        return self.doc.where(path) if self.doc is not None else (0, 0)

    def finding(self, rule: str, message: str, *path, severity: str = "error", clause: str = "",
                related: tuple[str, ...] = ()) -> Finding:
        line, col = self.doc.where(path) if self.doc is not None else (0, 0)
        return Finding(self.file, line, col, severity, rule, message, clause, self.id, related)


@dataclass
class Registry:
    root: Path
    entries: list[Entry] = field(default_factory=list)
    by_kind: dict[str, dict[str, Entry]] = field(default_factory=lambda: defaultdict(dict))
    evidence: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    findings: list[Finding] = field(default_factory=list)  # loader, layout, id and schema findings
    files: int = 0
    paths: list[str] = field(default_factory=list)  # every path found, read or refused
    # With a cache: each record file's blob id (None: unreadable) and its content findings (loader,
    # schema, file rules; only files that have some), which a later change check reuses.
    blobs: dict[str, str | None] | None = None
    content: dict[str, list[Finding]] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # paths discover refused (links, special files, bad names)
    # decision file → the day main's first-parent history added it (registry.published); None: unknown
    published: dict[str, date] | None = None
    _shards: dict = field(default_factory=dict, repr=False)  # (kind, indexed) → entries by shard
    _pending: Callable[[], None] | None = field(default=None, repr=False)  # file rules still running (settle)

    def settle(self) -> None:
        """Wait for the file rules a deferred load left running beside (build_registry), and take
        their findings in: after this, findings and content are as an ordinary load leaves them."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending()

    def get(self, kind: str, record_id: str | None) -> Entry | None:
        if record_id is None:
            return None
        return self.by_kind[kind].get(record_id)

    def program_of(self, kind: str, record_id: str | None) -> str | None:
        """The program a record belongs to; None when there is no such record."""
        entry = self.get(kind, record_id)
        return entry.program if entry else None

    def model(self, kind: str, record_id: str | None):
        entry = self.get(kind, record_id)
        return entry.model if entry else None

    def valid(self, kind: str, program: str | None = None, of: Collection[str] | None = None,
              shard: int | None = None) -> Iterator[Entry]:
        """Entries of a kind whose files validated, optionally for one program, optionally only
        those whose model's own `kind` is one of `of` (decisions), optionally of one shard."""
        source = self.by_kind[kind].values() if shard is None else self._shard(kind, True)[shard]
        for entry in source:
            if program is not None and entry.program != program:
                continue
            if of is not None and entry.hint is not None and entry.hint not in of:
                continue  # a lazy entry that knows its model's kind is not loaded for nothing
            model = entry.model
            if model is not None and (of is None or model.kind in of):
                yield entry

    def valid_with(self, kind: str, name: str) -> Iterator[tuple[Entry, Any]]:
        """(entry, its model's field `name`) for the valid entries of a kind; an entry that knows
        the field unread (HINTED) is not loaded."""
        unread = HINTED.get(kind) == name
        for entry in self.by_kind[kind].values():
            if unread and entry.hint is not None:
                yield entry, _HINT_TYPES[name](entry.hint)
            elif entry.model is not None:
                yield entry, getattr(entry.model, name)

    def programs(self) -> Iterator[Entry]:
        return self.valid("program")

    def entries_of(self, kind: str, shard: int | None = None) -> Iterator[Entry]:
        """Every file of a kind, duplicates and invalid files included, in path order (of one shard)."""
        if shard is not None:
            return iter(self._shard(kind, False)[shard])
        return (e for e in self.entries if e.kind == kind)

    def _shard(self, kind: str, indexed: bool) -> list[list[Entry]]:
        """The entries of a kind by shard (the indexed ones, or every file), in order; built once."""
        key = (kind, indexed)
        if key not in self._shards:
            buckets: list[list[Entry]] = [[] for _ in range(SHARDS)]
            for e in (self.by_kind[kind].values() if indexed else self.entries_of(kind)):
                buckets[shard_of(e.id)].append(e)
            self._shards[key] = buckets
        return self._shards[key]

    def adopt(self, entry: Entry) -> None:
        """Take in an entry another registry built from the same bytes (its findings stay there)."""
        self.files += 1
        self.paths.append(entry.file)
        self.entries.append(entry)
        self.by_kind[entry.kind].setdefault(entry.id, entry)


Reader = Callable[[], bytes]  # the bytes of one file (at most the loader's cap + 1); OSError if unreadable
# A check that concerns one file alone (privacy, credit codes, titles): its findings are kept in
# the blob cache with the file's, so a warm run never scans an unchanged file again.
FileRule = Callable[[Entry], Iterable[Finding]]


def load_registry(root: Path, cache: BlobCache | None = None, file_rules: tuple[FileRule, ...] = (),
                  defer: bool = False, published_from: str = "HEAD") -> Registry:
    """files → loader → models → registry. Every problem becomes a finding; nothing raises.
    With `defer`, the file rules may still be running when this returns: call `settle()` before
    reading findings or content (build_registry). Decision files' publication days come from the
    first-parent history of `published_from` (registry.published): main's, in a change check."""
    from .published import first_published

    root = Path(root)
    files, refused = discover(root)
    base = str(root) + os.sep
    known = clean_blobs(root) if cache is not None else {}
    items = ((rel, known.get(rel), partial(read_at, base, rel)) for rel in files)
    reg = build_registry(root, refused, items, cache, file_rules, defer)
    reg.published = first_published(root, published_from)
    return reg


def read_at(base: str, rel: str) -> bytes:
    return read_capped(base + rel)  # joined only when read: a warm run reads almost no file


def build_registry(root: Path, refused: Iterable[Refused], items: Iterable[tuple[str, str | None, Reader]],
                   cache: BlobCache | None = None, file_rules: tuple[FileRule, ...] = (),
                   defer: bool = False) -> Registry:
    """The registry from (path, blob id if known, reader) for each file: the working tree and a
    Git tree are read the same way. Garbage collection waits until the load is done: the load
    only allocates, and a collector pass over a growing heap of small dicts costs a third of it.

    With `defer`, the file rules of the files the cache did not know run after the load, in a
    forked child (techserve.forked) while the caller goes on with the registry's rules, once
    there are DEFER_MIN of them: at province scale the privacy scan is a fifth of a cold check."""
    reg = Registry(root=Path(root), blobs={} if cache is not None else None)
    for item in refused:
        reg.paths.append(item.file)
        reg.refused.add(item.file)
        reg.findings.append(Finding(item.file, 0, 0, "error", item.rule, item.message))
    deferred: list[Deferred] | None = [] if defer and file_rules else None
    collecting = gc.isenabled()
    gc.disable()
    try:
        for rel, blob, read in items:
            _add_file(reg, rel, blob, read, cache, file_rules, deferred)
    finally:
        if collecting:
            gc.enable()
    if deferred:
        reg._pending = _file_rules_beside(reg, deferred, cache, file_rules)
    elif cache is not None:
        cache.save()
    return reg


DEFER_MIN = 2000  # below this, a fork costs more than the scan it would take off the main line
Deferred = tuple["Entry", list, "str | None"]  # (entry, its schema errors, the key to cache it under)


def run_file_rules(deferred: list[Deferred], file_rules: tuple[FileRule, ...]) -> dict[int, list[Finding]]:
    """The file rules' findings of each deferred entry that has any, by its place in the list."""
    out = {}
    for i, (entry, _, _) in enumerate(deferred):
        checks = [f for rule in file_rules for f in rule(entry)]
        if checks:
            out[i] = checks
    return out


def _file_rules_beside(reg: Registry, deferred: list[Deferred], cache: BlobCache | None,
                       file_rules: tuple[FileRule, ...]) -> Callable[[], None]:
    from ..forked import beside

    def compute() -> dict[int, list[Finding]]:
        return run_file_rules(deferred, file_rules)

    wait = beside(compute) if len(deferred) >= DEFER_MIN else compute

    def settle() -> None:
        found = wait()
        for i, (entry, errors, key) in enumerate(deferred):
            checks = found.get(i, [])
            if cache is not None and key is not None and entry.doc is not None:  # load_content set doc
                cache.put(entry.kind, key, _cached(entry.doc, errors, checks))
            if checks:
                reg.findings.extend(checks)
                if reg.blobs is not None:
                    reg.content.setdefault(entry.file, []).extend(checks)
        if cache is not None:
            cache.save()

    return settle


UNREADABLE = "文件无法读取（可能是链接、特殊文件或没有权限）"


def _add_file(reg: Registry, rel: str, blob: str | None, read: Reader, cache: BlobCache | None,
              file_rules: tuple[FileRule, ...], deferred: list[Deferred] | None = None) -> None:
    place = place_file(reg, rel)
    if place is None:
        if file_rules and classify(rel).kind == "evidence":
            load_evidence(reg, rel, blob, cache)
        return
    entry = Entry(place.kind, place.id, rel, place.program, None)
    findings, key = load_content(entry, blob, read, cache, file_rules, deferred)
    reg.findings.extend(findings)
    if reg.blobs is not None:
        reg.blobs[rel] = key
        if findings:
            reg.content[rel] = findings
    register(reg, entry)


def load_evidence(reg: Registry, rel: str, blob: str | None, cache: BlobCache | None) -> str | None:
    """A photo or scan under evidence/: what it carries beside its pixels (loader.evidence) as
    findings at the file, cached by blob id like a record's. Returns the blob id it is known by."""
    findings = _evidence_from_cache(cache, blob, rel) if blob else None
    key = blob
    if findings is None:
        try:
            data = read_capped(os.path.join(str(reg.root), rel), MAX_EVIDENCE)
        except OSError:
            data, key = None, None
        if data is not None:
            key = key or blob_id(data)
            findings = _evidence_from_cache(cache, key, rel)
            if findings is None:
                findings = evidence_findings(rel, read_evidence(data, rel))
                if cache is not None:
                    cache.put(_evidence_shelf(rel), key, [[f.severity, f.rule, f.message] for f in findings])
    findings = findings or []
    reg.findings.extend(findings)
    if reg.blobs is not None:
        reg.blobs[rel] = key
        if findings:
            reg.content[rel] = findings
    return key


def _evidence_shelf(rel: str) -> str:
    """Where an evidence file's findings are cached: its bytes and whether it is read as a PDF
    (loader.evidence reads a .pdf name as one), so the same bytes under another name are read anew."""
    return "evidence-pdf" if rel.lower().endswith(".pdf") else "evidence"


def _evidence_from_cache(cache: BlobCache | None, key: str, rel: str) -> list[Finding] | None:
    hit = cache.get(_evidence_shelf(rel), key) if cache is not None and rel not in cache.untrusted else None
    try:
        return None if hit is None else [Finding(rel, 0, 0, str(sev), str(rule), str(msg)) for sev, rule, msg in hit]
    except (TypeError, ValueError):
        return None  # an entry of another shape: read the file again


def place_file(reg: Registry, rel: str) -> Place | None:
    """What the path alone says: counted, classified, its id checked. The place of a record
    file; None for evidence and unknown paths."""
    reg.files += 1
    reg.paths.append(rel)
    place = classify(rel)
    if not place.kind:
        reg.findings.append(Finding(rel, 0, 0, "error", "layout.unknown-path", unknown_path_hint(rel)))
        return None
    if place.kind == "evidence":
        reg.evidence[place.program].add(place.id)
        return None
    problem = id_problem(place.id)
    if problem:
        reg.findings.append(Finding(rel, 0, 0, "error", "id.format", problem, record=place.id))
    return place


@cache
def _reference_patterns(kind: str) -> tuple:
    from ..models import MODELS
    from ..models.references import record_references

    return tuple(pattern for pattern, _ in record_references(MODELS).get(kind, ()))


def _names_a_record(kind: str, loc) -> bool:
    """The error's field names a record (unit: 华中科技大学): the reference check reports it."""
    return any(len(p) == len(loc) and all(a == "*" and isinstance(b, int) or a == b for a, b in zip(p, loc, strict=True))
               for p in _reference_patterns(kind))


def register(reg: Registry, entry: Entry) -> None:
    """Index the entry; the first file of a kind and id keeps it, a later one is id.duplicate."""
    reg.entries.append(entry)
    first = reg.by_kind[entry.kind].get(entry.id)
    if first is None:
        reg.by_kind[entry.kind][entry.id] = entry
    else:
        reg.findings.append(Finding(
            entry.file, 0, 0, "error", "id.duplicate",
            f"编号“{entry.id}”已被 {first.file} 使用：同类记录的编号在整个登记库中不能重复。请换一个编号",
            record=entry.id, related=(first.file,)))


def load_content(entry: Entry, blob: str | None, read: Reader, cache: BlobCache | None,
                 file_rules: tuple[FileRule, ...], deferred: list[Deferred] | None = None,
                 ) -> tuple[list[Finding], str | None]:
    """Fill the entry's document and model; its loader, schema and file-rule findings, and the blob
    id the content is known by (None when the file could not be read). With `deferred`, file rules
    the cache cannot answer are left there to run later (with the entry's cache put)."""
    rel, kind = entry.file, entry.kind
    # A blob id git vouches for finds the cache entry without reading the file at all.
    hit = from_cache(cache, kind, blob, rel, read) if blob else None
    data, key, checks = None, blob, None
    if hit is None:
        try:
            data = read()
        except OSError:
            key = None  # nothing was read, so nothing may be kept under the blob's id
        else:
            if cache is not None and key is None:
                key = blob_id(data)
                hit = from_cache(cache, kind, key, rel, read)
    if hit is not None:
        entry.doc, errors, checks = hit
    elif data is None:
        entry.doc = Document(file=rel, fatal=True, findings=[Finding(rel, 0, 0, "error", "yaml.syntax", UNREADABLE)])
        errors = []
    else:
        entry.doc, errors = load_bytes(data, rel), None
    if not entry.doc.fatal:
        entry.model, problems = validate(kind, entry.doc.data)
        if entry.model is None:
            entry.model = lenient(kind, entry.doc.data)  # judged now; its errors stand
        if errors is None:
            errors = [(list(loc), k, message) for loc, k, message in problems]
    errors = errors or []
    if file_rules and checks is None and deferred is not None:
        deferred.append((entry, errors, key))
    elif file_rules and checks is None:
        checks = [f for rule in file_rules for f in rule(entry)]
        if cache is not None and key is not None:
            cache.put(kind, key, _cached(entry.doc, errors, checks))
    elif cache is not None and key is not None and hit is None:
        cache.put(kind, key, _cached(entry.doc, errors, None))
    doc = entry.doc
    findings = list(doc.findings)
    for loc, k, message in errors:
        if k == "string_pattern_mismatch" and _names_a_record(kind, loc):
            continue  # ref.unknown says it once, with the record meant (华中科技大学 → hust)
        line, col = doc.where_key(tuple(loc)) if k == "extra_forbidden" else doc.where(tuple(loc))
        rule = "draft.unfilled" if k == UNFILLED else "schema"  # a blank is a blank, whatever its field's type
        findings.append(Finding(rel, line, col, "error", rule, message, record=entry.id))
    if checks:
        findings.extend(checks)
    return findings, key


def from_cache(cache: BlobCache | None, kind: str, key: str, rel: str, source: Reader):
    """(document, schema errors, file-rule findings or None) from the cache, or None. A path the
    cache is not trusted for (a change check's own files) is always read and checked afresh."""
    if cache is None or rel in cache.untrusted:
        return None
    hit = cache.get(kind, key)
    if hit is None:
        return None
    try:
        value, fatal, lines, findings, errors, checks = hit
        doc = Document(file=rel, data=value, fatal=bool(fatal), lines=int(lines), source=source)
        if findings:  # nearly every file has none: skip building empty lists
            doc.findings = [Finding(rel, int(ln), int(col), sev, rule, msg) for ln, col, sev, rule, msg in findings]
        if errors:
            errors = [(list(loc), str(k), str(m)) for loc, k, m in errors]
        if checks is not None:
            checks = [Finding(rel, int(ln), int(col), sev, rule, msg, clause, record, tuple(related))
                      for ln, col, sev, rule, msg, clause, record, related in checks]
        return doc, errors, checks
    except (TypeError, ValueError):
        cache.hits -= 1
        cache.misses += 1
        return None  # an entry of another shape: parse again


def _cached(doc: Document, errors: list, checks: list[Finding] | None) -> list:
    findings = [[f.line, f.column, f.severity, f.rule, f.message] for f in doc.findings]
    rows = None
    if checks is not None:
        rows = [[f.line, f.column, f.severity, f.rule, f.message, f.clause, f.record, list(f.related)]
                  for f in checks]
    return [doc.data, doc.fatal, doc.lines, findings, errors, rows]
