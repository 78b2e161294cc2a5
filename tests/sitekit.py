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
