"""One check run: load the registry, run every rule, apply waivers, keep what the caller asked for."""

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


def apply_waivers(reg: Registry, findings: list[Finding]) -> list[Finding]:
    """A waiver decision turns exactly its (rule, record) finding into an info note citing it."""
    waivers = {}
    for entry in reg.valid("decision"):
        d = entry.model
        if d.kind == "waiver":
            waivers[(d.rule, d.target())] = (entry, d)
    if not waivers:
        return findings
    out = []
    for f in findings:
        hit = waivers.get((f.rule, f.record))
        if hit and f.severity != "info":
            entry, d = hit
            f = f.with_severity("info", f"{f.message}（已由 {entry.file} 于 {d.date} 准予例外：{d.reason}）")
        out.append(f)
    return out


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
    findings = apply_waivers(reg, findings)
    if paths:
        findings = [f for f in findings if _selected(f, paths)]
    findings = sorted(set(findings), key=Finding.sort_key)
    targets = measure(reg, ctx.status, as_of)
    return Report(findings, reg.files, reg, {"targets": targets})
