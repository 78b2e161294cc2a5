"""What the public may see today: the registry less every record that is unsafe to publish.

The site publishes every day whatever the office's backlog (a 公示 must show 公示中 and then 已结束
on time, a notice merged this week must appear this week). So a finding stops the site only for
the record it makes unsafe — unreadable or invalid, pointing at nothing, holding personal data
(catalogue.unsafe) — and that record is left out of every public output: pages, open data, feeds,
exports. An obligation (an overdue assessment, a missing visit, a late list) publishes as it is;
it is the office's worklist's (techserve todo), not the public's gate.

A program.yaml that is unsafe withholds its whole program (its records cannot be read without
it); a withheld person or enterprise leaves a stand-in on the pages that name them
(pages.public), never their file's content.
"""

from __future__ import annotations

from ..catalogue import unsafe
from ..findings import Finding
from ..registry import Registry


def unsafe_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error" and unsafe(f.rule)]


def publishable(reg: Registry, findings: list[Finding]) -> tuple[Registry, list[Finding]]:
    """(the registry the public may see, the findings that withheld something from it)."""
    stop = unsafe_findings(findings)
    if not stop:
        return reg, []
    files = {f.file for f in stop}
    programs = {e.program for e in reg.entries if e.kind == "program" and e.file in files}
    view = Registry(root=reg.root)
    for e in reg.entries:
        if e.file in files or (e.program and e.program in programs):
            continue
        view.adopt(e)
    for program, ids in reg.evidence.items():
        if program not in programs:
            view.evidence[program] = set(ids)
    view.findings = list(reg.findings)
    return view, stop


def withheld_lines(stop: list[Finding], limit: int = 20) -> list[str]:
    """The withheld files and why, for the build log (never the public site): the office clears them."""
    by_file: dict[str, list[Finding]] = {}
    for f in stop:
        by_file.setdefault(f.file, []).append(f)
    lines = [f"  {file}: " + "；".join(f"[{f.rule}] {f.message}" for f in items[:3])
             for file, items in list(by_file.items())[:limit]]
    if len(by_file) > limit:
        lines.append(f"  ……共 {len(by_file)} 个文件")
    return lines
