"""Shared fixtures: the shipped example registry, and small registries built from snippets."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

from techserve.checker import check as _check
from techserve.findings import Finding
from techserve.registry.cache import BlobCache

from .browserkit import browser, built, server, visit  # noqa: F401 -- the site tests' fixtures

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_AS_OF = date(2026, 11, 22)

# Every rule id any finding of the whole suite carries (hostile and fuzz cases included): at the
# end of the session each must be in the catalogue (techserve.catalogue), or the run fails.
SEEN_RULES: set[str] = set()
_post_init = Finding.__post_init__


def _recording_post_init(self) -> None:
    _post_init(self)
    SEEN_RULES.add(self.rule)


Finding.__post_init__ = _recording_post_init  # type: ignore[method-assign]


def pytest_sessionfinish(session, exitstatus):
    from techserve.catalogue import CATALOGUE
    from techserve.rules.library import RULES  # noqa: F401  (fills the catalogue)

    unknown = sorted(SEEN_RULES - set(CATALOGUE))
    if unknown:
        session.config.get_terminal_writer().line(
            f"\nfindings carry rule ids that are not in the catalogue: {unknown}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _facts(report) -> list[tuple]:
    return [(f.file, f.line, f.column, f.severity, f.rule, f.message, f.clause, f.record, f.related)
            for f in report.findings] + [("standing", f.file, f.line, f.rule, f.message) for f in report.standing]


def _which_rule(root: Path, as_of: date) -> str:
    """When a cached run disagrees, name a rule whose `each` declaration is wrong, if one is."""
    from techserve.registry import load_registry
    from techserve.rules import Context
    from techserve.rules.library import each_breaches

    return "".join(f"\n  {b}" for b in each_breaches(Context(load_registry(root), as_of)))


def check(root: Path, as_of: date, paths=None, base=None):
    """Every check in the suite runs three times: without the blob cache, with an empty one and
    with the one that run filled. All three must report the very same findings."""
    plain = _check(root, as_of, paths, base)
    folder = root.parent / f".blobcache-{root.name}"
    shutil.rmtree(folder, ignore_errors=True)
    cold = _check(root, as_of, paths, base, BlobCache(folder))
    warm_cache = BlobCache(folder)
    warm = _check(root, as_of, paths, base, warm_cache)
    assert _facts(cold) == _facts(plain), "findings differ with an empty cache" + _which_rule(root, as_of)
    assert _facts(warm) == _facts(plain), "findings differ with a filled cache"
    assert warm_cache.misses == 0, "a file was parsed again although the cache held it"
    shutil.rmtree(folder, ignore_errors=True)
    if base:
        reused = check_from_base(root, as_of, paths, base, folder)
        assert _facts(reused) == _facts(plain), "findings differ when the base's results are reused"
    return plain


def check_from_base(root: Path, as_of: date, paths, base: str, folder: Path):
    """As CI runs a pull request's check: main's full check fills the cache (with its results),
    and the change check starts from a copy of that cache."""
    import subprocess

    work = root.parent / f".base-{root.name}"
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["git", "-C", str(root), "worktree", "add", "-q", "--detach", str(work), base],
                   check=True, capture_output=True)
    try:
        _check(work, as_of, cache=BlobCache(folder))
        return _check(root, as_of, paths, base, BlobCache(folder))
    finally:
        subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(work)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Commands run as subprocesses cache into a folder of this session, never ~/.cache."""
    import os

    os.environ["TECHSERVE_CACHE"] = str(tmp_path_factory.mktemp("blobcache"))


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
