"""What every rule reads: the registry, the as-of day and the statuses derived for that day."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..registry import Entry, Registry
from ..registry.status import StatusBook, calendar_of, derive
from ..registry.workdays import WorkCalendar


class Context:
    def __init__(self, reg: Registry, as_of: date):
        self.reg = reg
        self.whole = reg  # what the derivations read, even in a context narrowed to a shard
        self.as_of = as_of
        self._derived: dict = {}  # shared with every narrowed copy

    @property
    def calendar(self) -> WorkCalendar:
        if "calendar" not in self._derived:
            self._derived["calendar"] = calendar_of(self.whole)
        return self._derived["calendar"]

    @property
    def status(self) -> StatusBook:
        if "status" not in self._derived:
            self._derived["status"] = derive(self.whole, self.as_of, self.calendar)
        return self._derived["status"]

    def narrowed(self, reg) -> Context:
        """The same context reading through another view of the registry (a shard)."""
        other = copy.copy(self)  # shares the derivations, which always read the whole registry
        other.reg = reg
        return other

    def files(self, kind: str, record_id: str | None) -> tuple[str, ...]:
        """The file of a record, as a finding's `related`; none when there is no such record."""
        entry = self.reg.get(kind, record_id)
        return (entry.file,) if entry is not None else ()

    def called(self, kind: str, record_id: str | None) -> str:
        """A record as a reviewer recognises it, by name with its id: “团队名”（id）, 需求“标题”（id）,
        an agreement by its enterprise and who serves it; the id alone when the record is unknown."""
        model = self.reg.model(kind, record_id) if record_id else None
        if model is None:
            return f"“{record_id}”"
        if kind == "agreement":
            ent = self.reg.model("enterprise", model.enterprise)
            who = (self.reg.model("application", model.application) if model.application
                   else self.reg.model("person", model.person))
            parts = [f"“{x.name}”" for x in (who, ent) if x is not None and getattr(x, "name", None)]
            return f"{'与'.join(parts)}的协议（{record_id}）" if parts else f"协议“{record_id}”"
        if kind == "need":
            return f"需求“{model.title}”（{record_id}）"
        name = getattr(model, "name", None) or getattr(model, "title", None)
        return f"“{name}”（{record_id}）" if name else f"“{record_id}”"

    def clause(self, program: str, rule: str) -> str:
        """The clause a program cites for one of the checks that always run (program.yaml
        `clauses`); "" when it cites none. A finding never cites another program's policy."""
        model = self.reg.model("program", program)
        return model.clauses.get(rule, "") if model is not None else ""

    def decisions(self, kind: str | tuple[str, ...], program: str | None = None) -> Iterator[tuple[Entry, Any, Any]]:
        """(entry, decision, program model) for each valid decision of this kind (or kinds),
        of one program or of all, whose program is valid (ref.unknown and the schema report the
        others). The decision's own kind is always one asked for: no need to test it again."""
        kinds = (kind,) if isinstance(kind, str) else kind
        if program is not None:
            model = self.reg.model("program", program)
            if model is not None:
                for entry in self.reg.valid("decision", program, of=kinds):
                    yield entry, entry.model, model
            return
        for entry in self.reg.valid("decision", of=kinds):
            found = self.reg.model("program", entry.program)
            if found is not None:
                yield entry, entry.model, found

    def approved(self, program: str) -> Iterator[tuple[Entry, date]]:
        """(application entry, approval day) for each application of the program the decisions
        approved, in the order of the status book (an exit or termination later leaves it here:
        ctx.status says what became of it)."""
        for app_id, day in self.status.approved_on.items():
            entry = self.reg.get("application", app_id)
            if entry is not None and entry.program == program:
                yield entry, day
