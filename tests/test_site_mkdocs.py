"""MkDocs itself drives the plugin: `mkdocs build --strict`, and `mkdocs serve` rebuilding when a
submission changes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .sitekit import REPO, site_tree

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ENV = {**os.environ, "TECHSERVE_AS_OF": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}


def test_mkdocs_build_strict_on_the_example_data(tmp_path):
    proc = subprocess.run([MKDOCS, "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path / "out")],
                          capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "WARNING" not in proc.stderr
    assert (tmp_path / "out/notices/2026-gongshi-2.html").is_file()


def test_the_generated_pages_build_without_the_plugin(tmp_path):
    """Page generation does not depend on the MkDocs plugin API: `techserve pages` writes the tree,
    and MkDocs with no techserve plugin builds the same pages from it (a successor builder would
    take the same input)."""
    pages = tmp_path / "docs"
    proc = subprocess.run([str(Path(sys.executable).parent / "techserve"), "pages", "--root", str(REPO),
                           "--as-of", "2026-11-22", "--out", str(pages)], capture_output=True, text=True, env=ENV,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = "  - techserve:\n      root: .\n"
    assert plugin in config
    config = config.replace(plugin, "").replace("docs_dir: site", f"docs_dir: {pages}") \
        .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    plain = subprocess.run([MKDOCS, "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
                           capture_output=True, text=True, env=ENV, timeout=300)
    assert plain.returncode == 0, plain.stderr[-2000:]
    with_plugin = subprocess.run([MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path / "full")],
                                 capture_output=True, text=True, env=ENV, timeout=300)
    assert with_plugin.returncode == 0, with_plugin.stderr[-2000:]

    def html(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*.html")}

    assert html(tmp_path / "plain") == html(tmp_path / "full")
    assert len(html(tmp_path / "plain")) > 60
    notice = "notices/2026-gongshi-2.html"
    assert "异议" in (tmp_path / "plain" / notice).read_text(encoding="utf-8")


def test_the_search_index_is_built_after_every_page_whatever_the_plugin_order(tmp_path):
    """on_post_build runs last by priority, not by the plugin's place in mkdocs.yml: the index
    holds the pages another plugin listed after it would write."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = "  - techserve:\n      root: .\n"
    first = config.replace(plugin, "").replace("plugins:\n", "plugins:\n" + plugin.replace("root: .", f"root: {REPO}"))
    first = first.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}") \
        .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    (tmp_path / "mkdocs.yml").write_text(first, encoding="utf-8")
    proc = subprocess.run([MKDOCS, "build", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "out")],
                          capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    meta = json.loads((tmp_path / "out/search/meta.json").read_text(encoding="utf-8"))
    assert meta["pages"] > 40 and (tmp_path / "out/search" / meta["dir"] / "t0.json").is_file()


def test_properdocs_builds_the_same_site(tmp_path):
    """`techserve build --builder properdocs`: the maintained MkDocs 1.x fork runs the techserve
    plugin and the theme and writes the very pages MkDocs writes (bar its name in the generator
    tag), search index included — the switch the maintainers' guide plans for."""
    import re

    techserve = str(Path(sys.executable).parent / "techserve")
    for builder in ("mkdocs", "properdocs"):
        proc = subprocess.run([techserve, "build", "--builder", builder, "--root", str(REPO), "--as-of", "2026-11-22",
                               "--out", str(tmp_path / builder)], capture_output=True, text=True, env=ENV, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]

    def pages(out: Path) -> dict[str, str]:
        return {p.relative_to(out).as_posix(): re.sub(r'<meta name="generator"[^>]*>', "", p.read_text(encoding="utf-8"))
                for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv")}

    mkdocs, properdocs = pages(tmp_path / "mkdocs"), pages(tmp_path / "properdocs")
    assert len(mkdocs) > 100 and "search/meta.json" in mkdocs
    differ = sorted(k for k in mkdocs.keys() | properdocs.keys() if mkdocs.get(k) != properdocs.get(k))
    # the sitemap's dates are the build's own
    assert [k for k in differ if not k.startswith("sitemap")] == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:  # 127.0.0.1 only
        return r.read().decode("utf-8")


def test_mkdocs_serve_rebuilds_when_a_submission_changes(example):
    root = site_tree(example.root)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/needs/guixi-tongxian-2025.html"
    server = subprocess.Popen([MKDOCS, "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    try:
        page = ""
        for _ in range(120):
            try:
                page = _get(url)
                break
            except OSError:
                time.sleep(0.5)
        assert "高强高导铜合金线材连续挤压工艺" in page
        need = root / "submissions/programs/yingtan-xuqiu-2025/needs/guixi-tongxian-2025.yaml"
        need.write_text(need.read_text(encoding="utf-8").replace("高强高导铜合金线材连续挤压工艺", "铜合金线材在线退火"),
                        encoding="utf-8")
        for _ in range(120):
            time.sleep(0.5)
            try:
                page = _get(url)
            except OSError:
                continue
            if "铜合金线材在线退火" in page:
                break
        assert "铜合金线材在线退火" in page
    finally:
        server.terminate()
        server.wait(timeout=20)
