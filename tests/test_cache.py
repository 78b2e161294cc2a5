"""The blob cache: content-addressed, never trusted beyond JSON, never a reason to fail.

Every check of the suite also runs with an empty and a filled cache and must report the same
findings (conftest.check); these tests cover what that comparison cannot: damaged caches,
entries of another shape, git's own blob ids, and reading the base from git objects.
"""

from __future__ import annotations

import sqlite3
import subprocess

from techserve.checker import check
from techserve.registry import load_registry
from techserve.registry.cache import BlobCache, blob_id, default_location

from .conftest import EXAMPLE_AS_OF
from .snippets import PERSON, base


def facts(report):
    return [(f.file, f.line, f.column, f.rule, f.message) for f in report.findings]


def test_blob_id_is_gits_own(tmp_path):
    data = "name: 张伟\n".encode()
    (tmp_path / "f").write_bytes(data)
    out = subprocess.run(["git", "hash-object", str(tmp_path / "f")], capture_output=True, text=True, check=True)
    assert blob_id(data) == out.stdout.strip()


def test_a_filled_cache_is_used_and_a_changed_file_is_parsed_again(tree, tmp_path):
    base(tree)
    folder = tmp_path / "cache"
    check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    warm = BlobCache(folder)
    load_registry(tree.root, warm)
    assert warm.misses == 0 and warm.hits > 0
    tree.write("people/li-si.yaml", PERSON + "bio: 新写的简介\n")
    again = BlobCache(folder)
    reg = load_registry(tree.root, again)
    assert again.misses == 1
    assert reg.get("person", "li-si").model.bio == "新写的简介"


def test_findings_with_positions_come_back_from_the_cache(tree, tmp_path):
    """A file with a schema error and a duplicate key: lines are found again from the text."""
    base(tree)
    tree.write("people/li-si.yaml", PERSON + "bio: a\nbio: b\nwrong_field: x\n")
    plain = check(tree.root, EXAMPLE_AS_OF)
    folder = tmp_path / "cache"
    check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    warm = check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    rules = {f.rule for f in warm.findings if f.record == "li-si" or f.file.endswith("li-si.yaml")}
    assert {"yaml.duplicate-key", "schema"} <= rules
    assert facts(warm) == facts(plain)


def test_a_damaged_or_foreign_cache_is_ignored(tree, tmp_path):
    base(tree)
    plain = check(tree.root, EXAMPLE_AS_OF)
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "blobs.sqlite3").write_bytes(b"this is not a database" * 100)
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))) == facts(plain)

    # entries of the right key but the wrong shape: parsed again, same findings
    other = tmp_path / "other"
    filled = BlobCache(other)
    check(tree.root, EXAMPLE_AS_OF, cache=filled)
    with sqlite3.connect(other / "blobs.sqlite3") as db:
        keys = [k for (k,) in db.execute("SELECT key FROM blobs")]
        db.executemany("UPDATE blobs SET value = ? WHERE key = ?",
                       [(v, k) for k, v in zip(keys, ['"x"', "[1, 2]", "not json", "{}"] * len(keys))])
    db.close()
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(other))) == facts(plain)


def test_an_unwritable_cache_folder_changes_nothing(tree, tmp_path):
    base(tree)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    cache = BlobCache(blocker / "cache")
    assert cache.path is None
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=cache)) == facts(check(tree.root, EXAMPLE_AS_OF))


def test_cache_location_and_switching_it_off(monkeypatch, tmp_path):
    monkeypatch.setenv("TECHSERVE_CACHE", "off")
    assert default_location() is None
    monkeypatch.setenv("TECHSERVE_CACHE", str(tmp_path / "c"))
    assert default_location() == tmp_path / "c"
    monkeypatch.delenv("TECHSERVE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_location() == tmp_path / "xdg" / "techserve"


def test_the_cli_fills_the_cache_and_no_cache_leaves_it_alone(example, tmp_path, monkeypatch):
    from techserve.cli import main

    folder = tmp_path / "cli-cache"
    monkeypatch.setenv("TECHSERVE_CACHE", str(folder))
    assert main(["check", "--root", str(example.root), "--as-of", "2026-11-22", "--no-cache"]) == 0
    assert not folder.exists()
    assert main(["check", "--root", str(example.root), "--as-of", "2026-11-22"]) == 0
    with sqlite3.connect(folder / "blobs.sqlite3") as db:
        (count,) = db.execute("SELECT count(*) FROM blobs").fetchone()
    db.close()
    assert count == sum(1 for p in (example.root / "submissions").rglob("*.yaml"))
