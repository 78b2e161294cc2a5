"""Written files are readable as the umask allows: a site or export behind a web server running as
another user must not be owner-only (the atomic write's temporary file is created 0600)."""

from __future__ import annotations

import os
import shutil
import stat
import urllib.request
from pathlib import Path

import pytest

from techserve.files import write_atomic


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a.json", "{}")
        write_atomic(tmp_path / "b.json", "{}", exclusive=True)
    finally:
        os.umask(old)
    assert mode(tmp_path / "a.json") == expected and mode(tmp_path / "b.json") == expected


def test_a_replaced_owner_only_file_is_opened_up_and_an_executable_stays_one(tmp_path):
    old = os.umask(0o022)
    try:
        (tmp_path / "old.json").write_text("x")
        os.chmod(tmp_path / "old.json", 0o600)  # left by an earlier version
        write_atomic(tmp_path / "old.json", "y")
        (tmp_path / "run.sh").write_text("x")
        os.chmod(tmp_path / "run.sh", 0o755)
        write_atomic(tmp_path / "run.sh", "y")
    finally:
        os.umask(old)
    assert mode(tmp_path / "old.json") == 0o644 and mode(tmp_path / "run.sh") == 0o755


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run nginx's workers as another user")
def test_the_site_and_exports_served_by_nginx_as_another_user():
    """Built and exported with an ordinary umask (022), served by the shipped nginx whose workers
    run as `nobody`: the search index and an export are 200, not 403. (The build runs as root
    here: the interpreter lives under /root, which no other user may enter; what decides the
    files' modes is the umask, not the user.)"""
    import tempfile

    from techserve.cli import main

    from .nginxkit import nginx
    from .sitekit import REPO, site_tree

    work = Path(tempfile.mkdtemp(prefix="techserve-asuser-"))  # under /tmp, not pytest's 0700 folder
    try:
        os.chmod(work, 0o755)
        src = work / "repo"
        src.mkdir()
        shutil.copytree(REPO / "submissions", src / "submissions")
        site_tree(src)
        old = os.umask(0o022)
        try:
            assert main(["build", "--root", str(src), "--out", str(src / "public"), "--as-of", "2026-11-22"]) == 0
            assert main(["export", "--root", str(src), "--xlsx", "--as-of", "2026-11-22",
                         "--out", str(src / "public/exports")]) == 0
        finally:
            os.umask(old)
        site = src / "public"
        index = site / "search/meta.json"
        xlsx = next((site / "exports").glob("*.xlsx"))
        assert mode(index) == 0o644 and mode(xlsx) == 0o644
        assert {mode(p) for p in site.glob("search/*/*.json")} == {0o644}
        with nginx(site, work / "nginx", workers_as="nobody nogroup") as url:
            shard = next(site.glob("search/*/t0.json")).relative_to(site).as_posix()
            for rel in ("search/meta.json", shard, f"exports/{xlsx.name}", "index.html"):
                with urllib.request.urlopen(url + rel, timeout=5) as r:
                    assert r.status == 200 and r.read()
    finally:
        shutil.rmtree(work, ignore_errors=True)
