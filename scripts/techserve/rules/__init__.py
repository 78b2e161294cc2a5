"""Registry → findings. Always-on rules (catalogue.py) and each program's configured rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from ..findings import Finding
from ..registry import Entry
from ..registry.shards import SHARDS, ShardView
from .context import Context
from .dates import EVENT, future_dates_of
from .drafts import check_unfilled
from .duplicates import check_duplicates
from .identifiers import check_title_level, check_uscc
from .privacy import check_file_names, privacy_in_file
from .references import KIND_NAMES, check_references, references_of
from .roster import check_progress, check_roster_changes, check_service_people
from .services import check_service_period
from .waiting import check_waiting
from .waivers import check_waivers

# Rules about one file alone run while it loads, and their findings are cached with it.
FILE_RULES: tuple[Callable[[Entry], Iterable[Finding]], ...] = (privacy_in_file, check_uscc, check_title_level,
                                                               check_unfilled)

ALWAYS: list[Callable[[Context], Iterator[Finding]]] = [
    check_references,
    check_file_names,
    check_duplicates,
    check_service_period,
    check_roster_changes,
    check_service_people,
    check_progress,
    check_waivers,
    check_waiting,
]


Unit = Callable[[Context], Iterable[Finding]]


# The kinds with many files: their references are checked shard by shard in a change check.
MANY = ("person", "enterprise", "application", "need", "agreement", "service", "decision")


def units(ctx: Context, sharded: bool = False) -> list[tuple[str, Unit]]:
    """Every rule as named units whose findings together are the check's: each always-on rule
    (references once per kind of file), and each program's rule instances. A unit is the grain
    a change check reruns or reuses (see techserve.reuse); `sharded` cuts the rules that judge
    each record on its own into shards, so a change reruns only the shard of its record."""
    from .library import program_units  # the program rule library builds on the same context

    out: list[tuple[str, Unit]] = [("status", lambda c: c.status.findings)]
    out += per_kind("references", references_of, KIND_NAMES, sharded)
    out += per_kind("future", future_dates_of, EVENT, sharded)
    out += [(check.__name__, check) for check in ALWAYS if check is not check_references]
    out += list(program_units(ctx, sharded))
    return out


def per_kind(name: str, check_of: Callable[..., Iterable[Finding]], kinds, sharded: bool) -> list[tuple[str, Unit]]:
    """A rule that judges each record of a kind on its own, as one unit per kind (and per shard
    of the kinds with many files, when sharded)."""
    out: list[tuple[str, Unit]] = []
    for kind in kinds:
        check = partial(check_of, kind=kind)
        if sharded and kind in MANY:
            out += [(f"{name}|{kind}|{s}", partial(in_shard, check=check, kinds=(kind,), shard=s))
                    for s in range(SHARDS)]
        else:
            out.append((f"{name}|{kind}", check))
    return out


def in_shard(ctx: Context, check: Unit, kinds: tuple[str, ...], shard: int) -> Iterable[Finding]:
    return check(ctx.narrowed(ShardView(ctx.reg, kinds, shard)))


def run_rules(ctx: Context) -> list[Finding]:
    return [f for _, unit in units(ctx) for f in unit(ctx)]


__all__ = ["Context", "run_rules", "units", "ALWAYS", "FILE_RULES"]
