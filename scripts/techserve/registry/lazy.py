"""The registry of the working tree beside an earlier listing: only what changed is loaded now.

A file whose blob id is the one the listing holds is not read: its entry loads (from the blob
cache, else from disk) the first time a rule reads its document or model. Every other file is
loaded at once, with its findings, as load_registry would."""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from ..findings import Finding
from ..loader import Document, load_bytes
from ..loader.document import read_capped
from ..loader.evidence import MAX_EVIDENCE
from ..models import lenient, validate
from .cache import BlobCache, blob_id
from .layout import classify, discover
from .registry import (
    UNREADABLE,
    Entry,
    FileRule,
    Registry,
    from_cache,
    load_content,
    load_evidence,
    place_file,
    read_at,
    register,
)
from .worktree import clean_blobs

REFUSED = "!"  # a listing's value for a path refused by discover (link, special file, bad name)
UNREAD = "?"  # a record file that could not be read: never the same as before
OTHER = ""  # evidence and unknown paths: only the name matters


class LazyEntry(Entry):
    """An entry whose document and model are loaded on first read."""

    def __init__(self, kind: str, record_id: str, file: str, program: str, blob: str, loader: _Loader,
                 hint: str | None = None):
        self.kind, self.id, self.file, self.program = kind, record_id, file, program
        self.blob, self._loader = blob, loader
        self.hint = hint  # type: ignore[misc]  # Entry keeps it on the class: most entries have none
        loader.pending[kind].append(blob)

    def _fill(self) -> None:
        self._loader.fill(self)

    @property
    def doc(self) -> Document:
        d = self.__dict__
        if "_doc" not in d:
            self._fill()
        return d["_doc"]

    @doc.setter
    def doc(self, value: Document) -> None:
        self.__dict__["_doc"] = value

    @property
    def model(self):
        d = self.__dict__
        if "_doc" not in d:
            self._fill()
        return d["_model"]

    @model.setter
    def model(self, value) -> None:
        self.__dict__["_model"] = value


class _Loader:
    """Loads lazy entries: from the blob cache, whose entries for a kind are fetched together at
    the first read of that kind (a rule that reads one file of a kind mostly reads them all),
    else from the file."""

    def __init__(self, base: str, cache: BlobCache | None):
        self.base, self.cache = base, cache
        self.pending: dict[str, list[str]] = defaultdict(list)

    def fill(self, entry: LazyEntry) -> None:
        blobs = self.pending.pop(entry.kind, None)
        if blobs and self.cache is not None:
            self.cache.prefetch([f"{entry.kind}:{b}" for b in blobs])
        read = partial(read_at, self.base, entry.file)
        hit = from_cache(self.cache, entry.kind, entry.blob, entry.file, read)
        if hit is not None:
            doc = hit[0]
        else:
            try:
                doc = load_bytes(read(), entry.file)
            except OSError:
                doc = Document(file=entry.file, fatal=True,
                               findings=[Finding(entry.file, 0, 0, "error", "yaml.syntax", UNREADABLE)])
        entry.model = None if doc.fatal else (validate(entry.kind, doc.data)[0] or lenient(entry.kind, doc.data))
        entry.doc = doc


def listing(reg: Registry) -> dict[str, str]:
    """path → blob id (record files), REFUSED, UNREAD or OTHER, for every path of a registry
    loaded with a cache."""
    blobs = reg.blobs or {}
    out = {}
    for path in reg.paths:
        if path in blobs:
            out[path] = blobs[path] or UNREAD
        else:
            out[path] = REFUSED if path in reg.refused else OTHER
    return out


def _evidence_beside(reg: Registry, rel: str, blob: str | None, previous: dict[str, str],
                     cache: BlobCache | None, changed: set[str]) -> None:
    """An evidence file unchanged since the snapshot keeps the findings the snapshot holds; any
    other counts as changed and is read (registry.load_evidence)."""
    if blob is None:  # not vouched for by git: hash the bytes to compare
        try:
            blob = blob_id(read_capped(os.path.join(str(reg.root), rel), MAX_EVIDENCE))
        except OSError:
            blob = None
    if blob is not None and previous.get(rel) == blob:
        assert reg.blobs is not None  # load_beside always keeps blob ids
        reg.blobs[rel] = blob
        return
    changed.add(rel)
    load_evidence(reg, rel, blob, cache)


def load_beside(root: Path, previous: dict[str, str], cache: BlobCache | None,
                file_rules: tuple[FileRule, ...], hints: dict[str, str] | None = None,
                published_from: str = "HEAD") -> tuple[Registry, set[str]]:
    """The working tree's registry, and the paths whose listing differs from `previous` (added,
    removed, changed, or now refused). The registry's findings are those of the paths alone and of
    the changed files; an unchanged file's findings are the caller's to reuse. `hints` (path →
    model kind, as found with the previous bytes) lets an unchanged file be passed over unread."""
    hints = hints or {}
    root = Path(root)
    # git lists its index while the tree is walked (its time is spent in a subprocess)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(clean_blobs, root)
        files, refused = discover(root)
        known = pending.result()
    base = str(root) + os.sep
    blobs: dict[str, str | None] = {}
    reg = Registry(root=root, blobs=blobs)
    loader = _Loader(base, cache)
    changed: set[str] = set()
    for item in refused:
        reg.paths.append(item.file)
        reg.refused.add(item.file)
        reg.findings.append(Finding(item.file, 0, 0, "error", item.rule, item.message))
        if previous.get(item.file) != REFUSED:
            changed.add(item.file)
    collecting = gc.isenabled()
    gc.disable()
    try:
        for rel in files:
            place = place_file(reg, rel)
            if place is None:
                if file_rules and classify(rel).kind == "evidence":
                    _evidence_beside(reg, rel, known.get(rel), previous, cache, changed)
                elif previous.get(rel) != OTHER:
                    changed.add(rel)
                continue
            blob = known.get(rel)
            read = None
            if blob is None:  # not vouched for by git: hash the bytes to compare
                try:
                    data = read_at(base, rel)
                except OSError:
                    pass
                else:
                    blob = blob_id(data)
                    read = partial(bytes, data)
            if blob is not None and previous.get(rel) == blob:
                entry: Entry = LazyEntry(place.kind, place.id, rel, place.program, blob, loader, hints.get(rel))
                blobs[rel] = blob
            else:
                read = read or partial(read_at, base, rel)
                changed.add(rel)
                entry = Entry(place.kind, place.id, rel, place.program, None)
                findings, key = load_content(entry, blob, read, cache, file_rules)
                reg.findings.extend(findings)
                blobs[rel] = key
                if findings:
                    reg.content[rel] = findings
            register(reg, entry)
    finally:
        if collecting:
            gc.enable()
    present = set(reg.paths)
    changed.update(p for p in previous if p not in present)
    if cache is not None:
        cache.save()
    from .published import first_published

    reg.published = first_published(root, published_from)
    return reg, changed
