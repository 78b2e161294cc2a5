"""MkDocs itself drives the plugin: `mkdocs build --strict`, and `mkdocs serve` rebuilding when a
submission changes."""

from __future__ import annotations

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
