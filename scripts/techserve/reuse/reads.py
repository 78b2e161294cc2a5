"""What a rule read: the registry behind a recording view.

A rule unit is a deterministic function of what it reads. Its reads are recorded as keys:

- `p|kind|id`   one record looked up by id (present or not: adding it later is a change too);
- `s|kind|prog` every record of a kind in one program (`*`: in all programs);
- `s|kind|prog|n` the same, of shard n only (techserve.registry.shards);
- `e|prog`      the evidence file names of a program;
- `paths`       the list of every path;
- `t`           the as-of day;
- `b|table|key` one entry of a table of the derived statuses (`b|table|*`: the whole table);
- `d|calendar`  the derived calendar, whose own reads are kept once;
- `all`         anything else: the unit is rerun on any change.

If none of the keys a unit read names a changed file, every read returns what it returned
before, so the unit takes the same path and yields the same findings (techserve.reuse.engine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from sys import intern

from ..registry import Entry, Registry
from ..registry.status import StatusBook, calendar_of, derive
from ..registry.workdays import WorkCalendar
from ..rules.context import Context

TIME = "t"
PATHS = "paths"
ALL = "all"
STATUS = "d|status"
CALENDAR = "d|calendar"


def point(kind: str, record_id: str) -> str:
    # Interned: the same record is read by many units, and a full check keeps every unit's keys.
    return intern(f"p|{kind}|{record_id}")


def scan(kind: str, program: str | None, shard: int | None = None) -> str:
    key = f"s|{kind}|{'*' if program is None else program}"
    return key if shard is None else f"{key}|{shard}"


def evidence(program: str) -> str:
    return f"e|{program}"


class _Recorded:
    """A mapping of the registry or the status book, recording a lookup under `key(k)` and any
    walk of the whole under `whole`."""

    __slots__ = ("_index", "_key", "_whole", "_reads")

    def __init__(self, index, key: Callable[[str], str], whole: str, reads: set[str]):
        self._index, self._key, self._whole, self._reads = index, key, whole, reads

    def get(self, k, default=None):
        self._reads.add(self._key(k))
        return self._index.get(k, default)

    def __getitem__(self, k):
        self._reads.add(self._key(k))
        return self._index[k]

    def __contains__(self, k) -> bool:
        self._reads.add(self._key(k))
        return k in self._index

    def _all(self):
        self._reads.add(self._whole)
        return self._index

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self):
        return self._all().keys()

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()


def _kind(index: dict[str, Entry], kind: str, reads: set[str]) -> _Recorded:
    """reg.by_kind[kind]: a lookup is a point read, a walk a scan."""
    return _Recorded(index, partial(point, kind), scan(kind, None), reads)


class _Kinds:
    __slots__ = ("_reg", "_reads")

    def __init__(self, reg: Registry, reads: set[str]):
        self._reg, self._reads = reg, reads

    def __getitem__(self, kind: str) -> _Recorded:
        return _kind(self._reg.by_kind[kind], kind, self._reads)

    def get(self, kind: str, default=None):
        return self[kind]


BOOK_TABLES = ("status", "since", "notice_end", "notice_of", "approved_on", "funding", "terminated", "changes")


def book_key(table: str, key: str) -> str:
    return intern(f"b|{table}|{key}")


class TrackedBook:
    """The status book, recording which application's (or agreement's, notice's) entries a rule read."""

    def __init__(self, book: StatusBook, reads: set[str]):
        self._book, self._reads = book, reads

    def __getattr__(self, name: str):
        if name in BOOK_TABLES:
            return _Recorded(getattr(self._book, name), partial(book_key, name), book_key(name, "*"), self._reads)
        if name == "findings":
            self._reads.add(book_key("findings", "*"))
        elif name == "as_of":
            self._reads.add(TIME)
        else:
            self._reads.add(ALL)
        return getattr(self._book, name)

    def of(self, application: str) -> str:
        self._reads.add(book_key("status", application))
        return self._book.of(application)

    def live(self, application: str) -> bool:
        self._reads.add(book_key("status", application))
        return self._book.live(application)

    def people_on(self, record_id: str, people: list[str], day: date) -> list[str]:
        self._reads.add(book_key("changes", record_id))
        return self._book.people_on(record_id, people, day)

    def team_left(self, application: str | None) -> date | None:
        if application:
            self._reads.add(book_key("status", application))
            self._reads.add(book_key("since", application))
        return self._book.team_left(application)

    def agreement_span(self, agreement, agreement_id: str):
        self._reads.add(book_key("terminated", agreement_id))
        self.team_left(agreement.application)
        return self._book.agreement_span(agreement, agreement_id)

    def agreement_active(self, agreement, agreement_id: str, day: date) -> bool:
        span = self.agreement_span(agreement, agreement_id)
        return span is not None and span[0] <= day <= span[1]


class TrackedRegistry:
    """The registry's read interface, recording each read into `reads`. Whatever is not
    listed here is passed through and recorded as `all`, so an unforeseen read errs on the side
    of rerunning."""

    def __init__(self, reg: Registry, reads: set[str]):
        self._reg = reg
        self._reads = reads

    @property
    def root(self):
        return self._reg.root

    def get(self, kind: str, record_id: str | None) -> Entry | None:
        if record_id is None:
            return None
        self._reads.add(point(kind, record_id))
        return self._reg.get(kind, record_id)

    def model(self, kind: str, record_id: str | None):
        entry = self.get(kind, record_id)
        return entry.model if entry else None

    def valid(self, kind: str, program: str | None = None, of=None, shard: int | None = None) -> Iterator[Entry]:
        self._reads.add(scan(kind, program, shard))
        return self._reg.valid(kind, program, of, shard)

    def valid_with(self, kind: str, name: str):
        self._reads.add(scan(kind, None))
        return self._reg.valid_with(kind, name)

    def programs(self) -> Iterator[Entry]:
        return self.valid("program")

    def entries_of(self, kind: str, shard: int | None = None) -> Iterator[Entry]:
        self._reads.add(scan(kind, None, shard))
        return self._reg.entries_of(kind, shard)

    @property
    def by_kind(self) -> _Kinds:
        return _Kinds(self._reg, self._reads)

    @property
    def evidence(self) -> _Recorded:
        return _Recorded(self._reg.evidence, evidence, ALL, self._reads)

    @property
    def paths(self) -> list[str]:
        self._reads.add(PATHS)
        return self._reg.paths

    @property
    def files(self) -> int:
        self._reads.add(PATHS)
        return self._reg.files

    def __getattr__(self, name: str):
        self._reads.add(ALL)
        return getattr(self._reg, name)


class Derived:
    """The calendar and the statuses, computed once per run for every unit, each with what it read."""

    def __init__(self, reg: Registry, as_of: date):
        self.reg, self.as_of = reg, as_of
        self._calendar: tuple[WorkCalendar, set[str]] | None = None
        self._status: tuple[StatusBook, set[str]] | None = None

    def calendar(self) -> tuple[WorkCalendar, set[str]]:
        if self._calendar is None:
            reads: set[str] = set()
            self._calendar = calendar_of(TrackedRegistry(self.reg, reads)), reads  # type: ignore[arg-type]
        return self._calendar

    def status(self) -> tuple[StatusBook, set[str]]:
        if self._status is None:
            cal, _ = self.calendar()
            reads = {TIME, CALENDAR}
            self._status = derive(TrackedRegistry(self.reg, reads), self.as_of, cal), reads  # type: ignore[arg-type]
        return self._status


class TrackedContext(Context):
    """A rule's context whose every read, the as-of day and the derived statuses included, lands in `reads`."""

    def __init__(self, derived: Derived, reads: set[str]):  # not super().__init__: as_of is a property here
        # TrackedRegistry stands in for Registry, and the derivations are Derived's, not a dict
        self.reg = TrackedRegistry(derived.reg, reads)  # type: ignore[assignment]
        self._tracked = derived
        self._reads = reads

    @property  # read-only here: reading it is recorded
    def as_of(self) -> date:  # type: ignore[override]
        self._reads.add(TIME)
        return self._tracked.as_of

    @property
    def calendar(self) -> WorkCalendar:
        self._reads.add(CALENDAR)
        return self._tracked.calendar()[0]

    @property
    def status(self) -> TrackedBook:  # type: ignore[override]  # a StatusBook that records its reads
        return TrackedBook(self._tracked.status()[0], self._reads)
