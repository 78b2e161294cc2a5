"""Which field names which kind of record, read off the models' annotations (`common.Names`):
the reference rule, the change rules and the office's lists derive from this, so a new field
that names a record is declared once, where it is typed."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .common import Names
from .decisions import DECISION_KINDS

Pattern = tuple  # field names, with "*" for each item of a list
Reference = tuple[Pattern, tuple[str, ...]]  # (where, the kinds it may name)


def _walk(tp: Any, seen: frozenset) -> Iterator[Reference]:
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        for m in meta:
            if isinstance(m, Names):
                yield (), m.kinds
        yield from _walk(base, seen)
    elif origin in (Union, types.UnionType):
        for arg in get_args(tp):
            yield from _walk(arg, seen)
    elif origin in (list, tuple, set, frozenset):
        for arg in get_args(tp):
            if arg is not Ellipsis:
                for path, kinds in _walk(arg, seen):
                    yield ("*", *path), kinds
    elif isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in seen:
        for path, kinds in references(tp, seen | {tp}):
            yield path, kinds


def references(model: type[BaseModel], seen: frozenset = frozenset()) -> list[Reference]:
    """(pattern, kinds) for every field of the model, nested models and lists included, that
    names another record."""
    out: list[Reference] = []
    for name, f in model.model_fields.items():
        found = [((name,), m.kinds) for m in f.metadata if isinstance(m, Names)]
        found += [((name, *path), kinds) for path, kinds in _walk(f.annotation, seen)]
        out += [r for r in found if r not in out]
    return out


def own_references(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """field → kinds, for the model's own fields that name records (an id, or a list of ids);
    those of its nested models are theirs."""
    return {pattern[0]: kinds for pattern, kinds in references(model) if all(p == "*" for p in pattern[1:])}


def _merged(models) -> list[Reference]:
    out: list[Reference] = []
    for model in models:
        out += [r for r in references(model) if r not in out]
    return out


# decision kind → its references; "decision" → those of every kind (a file not yet valid is read
# with all of them)
DECISION_REFERENCES: dict[str, list[Reference]] = {k: references(m) for k, m in DECISION_KINDS.items()}


def record_references(models: dict[str, type[BaseModel]]) -> dict[str, list[Reference]]:
    out = {kind: refs for kind, model in models.items() if (refs := references(model))}
    out["decision"] = _merged(DECISION_KINDS.values())
    return out


def named_at(model: Any, pattern: Pattern) -> Iterator[tuple[tuple, str]]:
    """(concrete path, id) for each id a valid record names at a pattern, read from its model's
    attributes (not its raw data); list items by index, as a finding points at them."""
    found: list[tuple[tuple, Any]] = [((), model)]
    for part in pattern:
        nxt: list[tuple[tuple, Any]] = []
        for path, v in found:
            if part == "*":
                nxt.extend(((*path, i), item) for i, item in enumerate(v or ()))
            elif (got := getattr(v, part, None)) is not None:
                nxt.append(((*path, part), got))
        found = nxt
    yield from ((path, v) for path, v in found if isinstance(v, str))


def named_by(model: Any, pattern: Pattern) -> Iterator[str]:
    """The ids a valid record names at a pattern."""
    return (v for _, v in named_at(model, pattern))
