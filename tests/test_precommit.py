"""The pre-commit hook, run the way a user runs it: `pre-commit try-repo` against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


@pytest.fixture(scope="module")
def hook_home(tmp_path_factory):
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return tmp_path_factory.mktemp("pre-commit-home")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                   check=True, capture_output=True)


def try_repo(root: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "TECHSERVE_CACHE": "off"}
    which = ["--files", *files] if files else ["--all-files"]
    return subprocess.run([str(PRE_COMMIT), "try-repo", str(REPO), "techserve-check", *which],
                          cwd=root, env=env, capture_output=True, text=True, timeout=900)


def test_the_hook_passes_the_examples_and_stops_a_mobile_number(tmp_path, hook_home):
    root = tmp_path / "registry"
    shutil.copytree(REPO / "submissions", root / "submissions")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "examples")

    ok = try_repo(root, hook_home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "techserve 检查登记库" in ok.stdout and "Passed" in ok.stdout

    person = next((root / "submissions" / "people").glob("*.yaml"))
    person.write_text(person.read_text(encoding="utf-8") + "bio: 电话 13800138000\n", encoding="utf-8")
    git(root, "add", "-A")
    bad = try_repo(root, hook_home, str(person.relative_to(root)))
    assert bad.returncode == 1
    assert "privacy.mobile" in bad.stdout and "13800138000" not in bad.stdout
    assert f"{person.relative_to(root).as_posix()}:" in bad.stdout
