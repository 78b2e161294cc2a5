"""A full check's results as plain JSON: its listing, each file's own findings, and each rule
unit's reads and findings. Kept in the blob cache under the code version (same trust: in CI only
the default branch saves the cache a pull request restores)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..findings import Finding


def encode(f: Finding) -> list:
    return [f.file, f.line, f.column, f.severity, f.rule, f.message, f.clause, f.record, list(f.related)]


def decode(row: list) -> Finding:
    file, line, column, severity, rule, message, clause, record, related = row
    return Finding(str(file), int(line), int(column), str(severity), str(rule), str(message), str(clause),
                   str(record), tuple(str(r) for r in related))


@dataclass
class Snapshot:
    as_of: date
    listing: dict[str, str]  # path → blob id or a marker (techserve.registry.lazy)
    content: dict[str, list]  # path → its own findings (loader, schema, file rules), encoded; files with some
    duplicates: dict[str, list[str]]  # "kind|id" → the programs of every file of that kind and id, if several
    units: dict[str, tuple[list[str], list]]  # unit key → (its reads, its findings encoded)
    derived: dict[str, list[str]]  # "d|status", "d|calendar" → what the derivation read
    book: dict[str, dict]  # the status book's tables, encoded (reads.encode_book); {} if never derived
    hints: dict[str, str]  # path → the HINTED field of each valid decision and application (registry.registry)

    def dumps(self) -> str:
        return json.dumps({"as_of": self.as_of.isoformat(), "listing": self.listing, "content": self.content,
                           "duplicates": self.duplicates, "units": self.units,
                           "derived": self.derived, "book": self.book, "hints": self.hints},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str | None) -> Snapshot | None:
        """None for no snapshot, or one of another shape (it is only ever an optimisation)."""
        if not text:
            return None
        try:
            raw = json.loads(text)
            snap = cls(date.fromisoformat(raw["as_of"]), raw["listing"], raw["content"], raw["duplicates"],
                       {k: (list(v[0]), list(v[1])) for k, v in raw["units"].items()},
                       {k: list(v) for k, v in raw["derived"].items()}, raw["book"], raw["hints"])
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
            return None
        if not all(isinstance(d, dict) for d in (snap.listing, snap.content, snap.duplicates, snap.book, snap.hints)):
            return None
        return snap
