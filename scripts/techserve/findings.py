"""A finding: one problem (or note) at one place, the unit every stage reports in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, order=False)
class Finding:
    file: str  # relative to the registry root, '/'-separated
    line: int  # 1-based; 0 when the finding concerns the file as a whole
    column: int  # 1-based; 0 when unknown
    severity: str  # error | warning | info
    rule: str
    message: str  # Chinese, for applicants
    clause: str = ""  # the policy text the rule enforces, with its section number
    record: str = ""  # id of the record the finding is about
    related: tuple[str, ...] = field(default=(), compare=False)  # other files involved

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def with_severity(self, severity: str, message: str | None = None) -> "Finding":
        return replace(self, severity=severity, message=message if message is not None else self.message)


def mask_digits(text: str, keep_head: int = 3, keep_tail: int = 4) -> str:
    """Mask the middle of an identifier so a finding never prints it whole (138****8000)."""
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]
