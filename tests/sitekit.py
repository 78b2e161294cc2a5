"""Build the real site (MkDocs + Material + the techserve plugin) for tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from techserve.cli import main

REPO = Path(__file__).resolve().parent.parent


def site_tree(root: Path) -> Path:
    """Give a test registry under `root` the repository's mkdocs.yml and hand-written pages."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site", dirs_exist_ok=True)
    shutil.copytree(REPO / "overrides", root / "overrides", dirs_exist_ok=True)
    return root


def as_it_stood(root: Path, day: str) -> Path:
    """A copy of the example registry (with the site's files) as it stood on `day`: the records
    dated after it taken out, as a checkout of that day's commit would have it."""
    import json

    shutil.copytree(REPO / "submissions", root / "submissions")
    site_tree(root)
    for _ in range(3):
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            main(["check", "--root", str(root), "--as-of", day, "--format", "json", "--no-cache"])
        later = {f["file"] for f in json.loads(buffer.getvalue())["findings"] if f["rule"] == "record.future-date"}
        if not later:
            return root
        for rel in later:
            (root / rel).unlink()
    raise AssertionError(f"the example registry does not stand clean on {day}")


def build(root: Path, out: Path, as_of: str = "2026-11-22") -> Path:
    assert main(["build", "--root", str(root), "--as-of", as_of, "--out", str(out)]) == 0
    return out


def html_files(out: Path):
    return sorted(p for p in out.rglob("*.html"))


def text_of(out: Path) -> str:
    """Every text file the site serves, joined: for 'never appears anywhere' checks."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".csv", ".xml", ".js"))


RESOURCE = re.compile(r'<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc="([^"]+)"'
                      r'|<link\b[^>]*\brel="(?:stylesheet|preload|icon|modulepreload|manifest)"[^>]*\bhref="([^"]+)"'
                      r'|url\((["\']?)(https?:[^)"\']+)\3\)', re.I)
