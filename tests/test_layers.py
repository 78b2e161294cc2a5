"""The stages import downwards only (pyproject.toml [tool.importlinter]): files → loader →
models → registry → rules → findings → reporters, and registry → pages → site; and the rules are
leaves: no subject module of the library imports another, and only the library's runner imports
them (what the office and the pages read of them comes through `techserve.rules.library`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def test_imports_follow_the_layers():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is a test dependency (pip install -e '.[test]')"
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    proc = subprocess.run([lint, "--config", str(REPO / "pyproject.toml")], cwd=REPO, capture_output=True,
                          text=True, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "3 kept, 0 broken" in proc.stdout
    assert "Rules are leaves" in proc.stdout  # the subject modules are independent, imported by the runner only
