"""One check run: load the registry, run every rule (waivers apply inside the program rules), keep what
the caller asked for."""

from __future__ import annotations

import gc
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

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def _selected(finding: Finding, paths: list[str]) -> bool:
    files = (finding.file, *finding.related)
    return any(f == p or f.startswith(p.rstrip("/") + "/") for f in files for p in paths)


def check(root: Path, as_of: date, paths: list[str] | None = None, base: str | None = None,
          cache: BlobCache | None = None) -> Report:
    reg = load_registry(root, cache, FILE_RULES)
    # The registry lives for the whole run: frozen, it is left out of every later collection,
    # which would otherwise walk its millions of objects again and again (seconds at 100k files).
    gc.freeze()
    try:
        ctx = Context(reg, as_of)
        findings = reg.findings + run_rules(ctx)
        if base:
            from .workflow import check_change

            findings += check_change(root, base, as_of, reg, cache)
    finally:
        gc.unfreeze()
    if paths:
        findings = [f for f in findings if _selected(f, paths)]
    findings = sorted(set(findings), key=Finding.sort_key)
    targets = measure(reg, ctx.status, as_of)
    return Report(findings, reg.files, reg, {"targets": targets})
