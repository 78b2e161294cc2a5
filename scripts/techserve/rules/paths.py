"""Walking raw document data by a field pattern such as ("members", "*", "person")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(data, pattern: tuple) -> Iterator[tuple[tuple, object]]:
    """Yield (concrete path, value) for every place pattern matches; '*' matches list items."""
    frontier: list[tuple[tuple, Any]] = [((), data)]
    for part in pattern:
        nxt: list[tuple[tuple, Any]] = []
        for path, value in frontier:
            if part == "*":
                if isinstance(value, list):
                    nxt.extend((path + (i,), v) for i, v in enumerate(value))
            elif isinstance(value, dict) and part in value:
                nxt.append((path + (part,), value[part]))
        frontier = nxt
    yield from frontier


def strings(data) -> Iterator[tuple[tuple, str]]:
    """Every string value in the data with its path (keys included, as their own path)."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for k, v in value.items():
                stack.append((path + (k,), k))  # a key is text the applicant typed, too
                stack.append((path + (k,), v))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
