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


def test_no_module_imports_itself_round_a_circle():
    """No circle of imports between modules (workflow.git and workflow.history once imported each
    other): a circle hides which of two modules is the lower one, and breaks on a reordered import."""
    import grimp

    sys.path.insert(0, str(REPO / "scripts"))
    graph = grimp.build_graph("techserve")
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    # Tarjan's strongly connected components: a component of more than one module is a circle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        on.add(m)
        for n in edges.get(m, ()):
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            part = []
            while True:
                n = stack.pop()
                on.discard(n)
                part.append(n)
                if n == m:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    sys.setrecursionlimit(10000)
    for m in modules:
        if m not in index:
            visit(m)
    # a package's __init__ importing its own modules is how a package is built, not a circle
    circles = [c for c in circles if not all(x.startswith(min(c, key=len) + ".") or x == min(c, key=len) for x in c)]
    assert circles == []
