"""What every rule reads: the registry, the as-of day and the statuses derived for that day."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any, Iterator

from ..registry import Entry, Registry
from ..registry.status import StatusBook, calendar_of, derive
from ..registry.workdays import WorkCalendar


class Context:
    def __init__(self, reg: Registry, as_of: date):
        self.reg = reg
        self.as_of = as_of

    @cached_property
    def calendar(self) -> WorkCalendar:
        return calendar_of(self.reg)

    @cached_property
    def status(self) -> StatusBook:
        return derive(self.reg, self.as_of, self.calendar)

    def decisions(self, kind: str) -> Iterator[tuple[Entry, Any, Any]]:
        """(entry, decision, program) for each valid decision of this kind whose program is
        valid (ref.unknown and the schema report the others)."""
        for entry in self.reg.valid("decision", of=(kind,)):
            program = self.reg.model("program", entry.program)
            if program is not None:
                yield entry, entry.model, program
