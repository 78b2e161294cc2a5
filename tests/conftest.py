"""Shared fixtures: the shipped example registry, and small registries built from snippets."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

from techserve.checker import check

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_AS_OF = date(2026, 11, 22)


class Tree:
    """A registry under a temporary root; write files, then check."""

    def __init__(self, root: Path):
        self.root = root
        (root / "submissions").mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / "submissions" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def remove(self, rel: str) -> None:
        (self.root / "submissions" / rel).unlink()

    def check(self, as_of: date = EXAMPLE_AS_OF, paths=None):
        return check(self.root, as_of, paths)

    def findings(self, rule: str | None = None, as_of: date = EXAMPLE_AS_OF, record: str | None = None):
        return [f for f in self.check(as_of).findings
                if (rule is None or f.rule == rule) and (record is None or f.record == record)]


@pytest.fixture
def tree(tmp_path) -> Tree:
    return Tree(tmp_path)


@pytest.fixture
def example(tmp_path) -> Tree:
    """A private copy of the shipped example registry (tests may edit it)."""
    shutil.copytree(REPO / "submissions", tmp_path / "submissions")
    return Tree(tmp_path)
