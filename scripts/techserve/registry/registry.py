"""The registry: every record, indexed by kind and id, with the document it came from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..findings import Finding
from ..loader import Document, load_file
from ..models import validate
from .layout import classify, discover, id_problem, unknown_path_hint


@dataclass
class Entry:
    """One loaded file: where it is, what it holds, and its model when it validated."""

    kind: str
    id: str
    file: str
    program: str
    doc: Document
    model: Any = None  # None when the file failed to load or validate

    def at(self, *path) -> tuple[int, int]:
        return self.doc.where(path)

    def finding(self, rule: str, message: str, *path, severity: str = "error", clause: str = "",
                related: tuple[str, ...] = ()) -> Finding:
        line, col = self.doc.where(path)
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

    def get(self, kind: str, record_id: str | None) -> Entry | None:
        if record_id is None:
            return None
        return self.by_kind[kind].get(record_id)

    def model(self, kind: str, record_id: str | None):
        entry = self.get(kind, record_id)
        return entry.model if entry else None

    def valid(self, kind: str, program: str | None = None) -> Iterator[Entry]:
        """Entries of a kind whose files validated, optionally for one program."""
        for entry in self.by_kind[kind].values():
            if entry.model is not None and (program is None or entry.program == program):
                yield entry

    def programs(self) -> Iterator[Entry]:
        return self.valid("program")


def load_registry(root: Path) -> Registry:
    """files → loader → models → registry. Every problem becomes a finding; nothing raises."""
    root = Path(root)
    reg = Registry(root=root)
    files, refused = discover(root)
    for item in refused:
        reg.paths.append(item.file)
        reg.findings.append(Finding(item.file, 0, 0, "error", item.rule, item.message))
    for rel in files:
        reg.files += 1
        reg.paths.append(rel)
        place = classify(rel)
        if not place.kind:
            reg.findings.append(Finding(rel, 0, 0, "error", "layout.unknown-path", unknown_path_hint(rel)))
            continue
        if place.kind == "evidence":
            reg.evidence[place.program].add(place.id)
            continue
        problem = id_problem(place.id)
        if problem:
            reg.findings.append(Finding(rel, 0, 0, "error", "id.format", problem, record=place.id))
        doc = load_file(root / rel, rel)
        reg.findings.extend(doc.findings)
        entry = Entry(place.kind, place.id, rel, place.program, doc)
        if not doc.fatal:
            entry.model, errors = validate(place.kind, doc.data)
            for loc, kind, message in errors:
                line, col = doc.where_key(loc) if kind == "extra_forbidden" else doc.where(loc)
                reg.findings.append(Finding(rel, line, col, "error", "schema", message, record=place.id))
        reg.entries.append(entry)
        first = reg.by_kind[place.kind].get(place.id)
        if first is None:
            reg.by_kind[place.kind][place.id] = entry
        else:
            reg.findings.append(Finding(
                rel, 0, 0, "error", "id.duplicate",
                f"编号“{place.id}”已被 {first.file} 使用：同类记录的编号在整个登记库中不能重复。请换一个编号",
                record=place.id, related=(first.file,)))
    return reg
