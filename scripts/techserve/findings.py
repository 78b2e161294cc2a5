"""A finding: one problem (or note) at one place, the unit every stage reports in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .personal import mask_digits, redact

SEVERITIES = ("error", "warning", "info")

# Every character a terminal, a log or a CI runner takes as the end of a line. A finding is one
# line in every reporter: a value with a line break could otherwise start a line of its own, such
# as a GitHub `::error::` or `::add-mask::` workflow command where the text format runs in a step.
_BREAKS = str.maketrans({c: "⏎" for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def one_line(text: str) -> str:
    return text.translate(_BREAKS)


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

    def __post_init__(self) -> None:
        # Every stage echoes what applicants typed (values, keys, ids, file names); masking here,
        # in the one type they all report in, means no message can print personal data whole.
        object.__setattr__(self, "message", one_line(redact(self.message)))
        object.__setattr__(self, "file", one_line(redact(self.file)))
        object.__setattr__(self, "clause", one_line(self.clause))
        object.__setattr__(self, "record", one_line(redact(self.record)))
        if self.related:
            object.__setattr__(self, "related", tuple(one_line(redact(r)) for r in self.related))

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def with_severity(self, severity: str, message: str | None = None) -> Finding:
        return replace(self, severity=severity, message=message if message is not None else self.message)


__all__ = ["Finding", "SEVERITIES", "mask_digits"]
