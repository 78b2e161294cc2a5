"""Registry → findings. Always-on rules (SPEC §6) and each program's configured rules."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from ..findings import Finding
from ..registry import Entry
from .context import Context
from .identifiers import check_title_level, check_uscc
from .privacy import check_file_names, privacy_in_file
from .references import check_references
from .roster import check_progress, check_roster_changes, check_service_people
from .services import check_service_period
from .waivers import check_waivers

# Rules about one file alone run while it loads, and their findings are cached with it.
FILE_RULES: tuple[Callable[[Entry], Iterable[Finding]], ...] = (privacy_in_file, check_uscc, check_title_level)

ALWAYS: list[Callable[[Context], Iterator[Finding]]] = [
    check_references,
    check_file_names,
    check_service_period,
    check_roster_changes,
    check_service_people,
    check_progress,
    check_waivers,
]


def run_rules(ctx: Context) -> list[Finding]:
    from .library import run_program_rules  # the program rule library builds on the same context

    findings: list[Finding] = list(ctx.status.findings)
    for check in ALWAYS:
        findings.extend(check(ctx))
    findings.extend(run_program_rules(ctx))
    return findings


__all__ = ["Context", "run_rules", "ALWAYS", "FILE_RULES"]
