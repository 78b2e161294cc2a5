"""The blob cache: content-addressed, never trusted beyond JSON, never a reason to fail.

Every check of the suite also runs with an empty and a filled cache and must report the same
findings (conftest.check); these tests cover what that comparison cannot: damaged caches,
entries of another shape, git's own blob ids, and reading the base from git objects.
"""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from techserve.checker import check
from techserve.registry import load_registry
from techserve.registry.cache import BlobCache, blob_id, default_location

from .conftest import EXAMPLE_AS_OF
from .snippets import ENTERPRISE, LI_SI, PERSON, base


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
    tree.write("people/li-si.yaml", LI_SI + "bio: 新写的简介\n")
    again = BlobCache(folder)
    reg = load_registry(tree.root, again)
    assert again.misses == 1
    assert reg.get("person", "li-si").model.bio == "新写的简介"


def test_findings_with_positions_come_back_from_the_cache(tree, tmp_path):
    """A file with a schema error and a duplicate key: lines are found again from the text."""
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + "bio: a\nbio: b\nwrong_field: x\n")
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
                       [(v, k) for k, v in zip(keys, ['"x"', "[1, 2]", "not json", "{}"] * len(keys), strict=False)])
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
    # one entry a record file, one an evidence file's content (what it carries beside its pixels)
    evidence = {blob_id(p.read_bytes()) for p in (example.root / "submissions").rglob("evidence/*")}
    assert evidence and count == sum(1 for p in (example.root / "submissions").rglob("*.yaml")) + len(evidence)


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def _commit_all(root):
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "c")


def test_git_vouches_only_for_files_it_holds_unchanged(tree):
    from techserve.registry.worktree import clean_blobs

    base(tree)
    assert clean_blobs(tree.root) == {}  # not a git work tree: no hints, every file is read
    _git(tree.root, "init", "-q")
    _commit_all(tree.root)
    person = tree.root / "submissions/people/zhang-wei.yaml"
    hints = clean_blobs(tree.root)
    assert hints["submissions/people/zhang-wei.yaml"] == blob_id(person.read_bytes())
    # Same size, written within the same second as the index: only the content differs.
    person.write_bytes(person.read_bytes().replace("张伟".encode(), "李四".encode()))
    tree.write("people/new-one.yaml", PERSON)  # untracked
    unit = tree.root / "submissions/units/jju.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "reviewers: []\n", encoding="utf-8")
    _git(tree.root, "add", "submissions/units/jju.yaml")  # staged: the index holds the new bytes
    hints = clean_blobs(tree.root)
    assert "submissions/people/zhang-wei.yaml" not in hints
    assert "submissions/people/new-one.yaml" not in hints
    assert hints["submissions/units/jju.yaml"] == blob_id(unit.read_bytes())
    assert "submissions/enterprises/ent.yaml" in hints


def test_a_warm_check_reads_only_the_files_whose_findings_need_a_line(tree, tmp_path, monkeypatch):
    import techserve.registry.registry as registry

    base(tree)
    tree.write("people/li-si.yaml", LI_SI + "wrong_field: x\nbio: 电话13800138000\n")
    _git(tree.root, "init", "-q")
    _commit_all(tree.root)
    plain = check(tree.root, EXAMPLE_AS_OF)
    folder = tmp_path / "cache"
    check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    opened = []
    real = registry.read_capped
    monkeypatch.setattr(registry, "read_capped", lambda path, *a: opened.append(path) or real(path, *a))
    warm = check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    assert facts(warm) == facts(plain)
    assert {f.rule for f in warm.findings if f.file.endswith("li-si.yaml")} >= {"schema", "privacy.mobile"}
    assert [p.rsplit("/", 1)[-1] for p in opened] == ["li-si.yaml"]

    # An edit git has not seen committed is read and checked, never taken from the cache.
    tree.write("people/li-si.yaml", LI_SI)
    opened.clear()
    edited = check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    assert not [f for f in edited.findings if f.file.endswith("li-si.yaml")]
    assert [p.rsplit("/", 1)[-1] for p in opened] == ["li-si.yaml"]


def test_an_entry_cached_by_the_site_build_still_gets_the_file_rules(tree, tmp_path):
    """The site build loads without the file rules; a check using its entries runs them."""
    base(tree)
    tree.write("enterprises/bad.yaml", ENTERPRISE.replace("A1B2C2", "A1B2C3") + "contact: 13800138000\n")
    tree.write("people/li-si.yaml", LI_SI.replace("title_level: 正高", "title_level: 副高"))
    plain = check(tree.root, EXAMPLE_AS_OF)
    assert {"enterprise.uscc", "privacy.mobile", "person.title-level"} <= {f.rule for f in plain.findings}
    folder = tmp_path / "cache"
    load_registry(tree.root, BlobCache(folder))
    first = BlobCache(folder)
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=first)) == facts(plain)
    assert first.misses == 0
    again = BlobCache(folder)
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=again)) == facts(plain)
    assert again.misses == 0 and not again.new  # the file rules' findings were kept the first time


def test_a_file_git_converts_on_checkout_is_read_from_disk(tree, tmp_path):
    """With working-tree-encoding, the index holds UTF-8 while the file on disk is UTF-16: the
    index's blob id must not stand for the bytes the applicant's file really has."""
    from techserve.registry.registry import build_registry
    from techserve.rules import FILE_RULES

    base(tree)
    _git(tree.root, "init", "-q")
    (tree.root / ".gitattributes").write_text("submissions/people/li-si.yaml working-tree-encoding=UTF-16\n")
    text = PERSON.lstrip("\n").replace("张伟", "李四")
    path = tree.write("people/li-si.yaml", text.encode("utf-16"))  # with a BOM, as Notepad writes it
    _commit_all(tree.root)
    rel = "submissions/people/li-si.yaml"
    blob = subprocess.run(["git", "-C", str(tree.root), "rev-parse", f"HEAD:{rel}"], capture_output=True,
                          text=True, check=True).stdout.strip()
    assert blob == blob_id(text.encode("utf-8")) != blob_id(path.read_bytes())
    folder = tmp_path / "cache"
    filled = BlobCache(folder)  # the clean UTF-8 blob is in the cache, as a base check would leave it
    build_registry(tree.root, [], [(rel, blob, lambda: text.encode("utf-8"))], filled, FILE_RULES)
    plain = check(tree.root, EXAMPLE_AS_OF)
    assert "yaml.encoding" in {f.rule for f in plain.findings if f.file == rel}
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))) == facts(plain)


def test_no_hints_where_git_rewrites_line_ends(tree):
    from techserve.registry.worktree import clean_blobs

    base(tree)
    _git(tree.root, "init", "-q")
    _commit_all(tree.root)
    assert clean_blobs(tree.root)
    _git(tree.root, "config", "core.autocrlf", "input")
    assert clean_blobs(tree.root) == {}


def test_a_file_that_cannot_be_read_leaves_nothing_in_the_cache(tree, tmp_path):
    """A read error is about this run, not about the bytes: it is never kept under the blob id."""
    from techserve.registry.registry import build_registry

    def unreadable():
        raise OSError("gone")

    folder = tmp_path / "cache"
    cache = BlobCache(folder)
    blob = blob_id(PERSON.encode())
    reg = build_registry(tree.root, [], [("submissions/people/li-si.yaml", blob, unreadable)], cache)
    assert [f.rule for f in reg.findings] == ["yaml.syntax"]
    assert BlobCache(folder).get("person", blob) is None


def test_deeply_nested_json_in_the_cache_changes_no_finding(tree, tmp_path):
    """A cache entry (or snapshot) nested past json's recursion limit crashed every check."""
    base(tree)
    plain = check(tree.root, EXAMPLE_AS_OF)
    folder = tmp_path / "cache"
    check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    deep = "[" * 200000 + "]" * 200000
    with sqlite3.connect(folder / "blobs.sqlite3") as db:
        db.execute("UPDATE blobs SET value = ?", (deep,))
        db.execute("UPDATE snapshots SET value = ?", (deep,))
    db.close()
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))) == facts(plain)


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_a_file_git_was_told_not_to_look_at_is_read(tree, tmp_path, flag):
    """With assume-unchanged or skip-worktree, diff-files never compares the file, so the index's
    blob id says nothing about the bytes on disk: an edit must still be checked."""
    base(tree)
    tree.write("people/li-si.yaml", LI_SI)
    _git(tree.root, "init", "-q")
    _commit_all(tree.root)
    folder = tmp_path / "cache"
    check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    _git(tree.root, "update-index", flag, "submissions/people/li-si.yaml")
    tree.write("people/li-si.yaml", LI_SI + "bio: 电话 13912345678\n")
    plain = check(tree.root, EXAMPLE_AS_OF)
    assert "privacy.mobile" in {f.rule for f in plain.findings}
    assert facts(check(tree.root, EXAMPLE_AS_OF, cache=BlobCache(folder))) == facts(plain)



def test_file_rules_run_beside_give_the_same_findings_content_and_cache(example, tmp_path, monkeypatch):
    """A full check may run the file rules (the privacy scan) in a forked child while the
    registry's rules run (load_registry(defer=True)); the findings, each file's content findings
    and the cache it fills are those of the rules run inline, file by file."""
    from techserve import forked
    from techserve.findings import Finding
    from techserve.registry import registry as loading
    from techserve.rules import FILE_RULES

    person = next((example.root / "submissions/people").glob("*.yaml"))  # personal data to find
    person.write_text(person.read_text(encoding="utf-8") + "bio: 电话 13812345678\n", encoding="utf-8")
    in_parent = []
    real_run = loading.run_file_rules
    monkeypatch.setattr(loading, "run_file_rules", lambda *a: in_parent.append(1) or real_run(*a))
    monkeypatch.setattr(loading, "DEFER_MIN", 0)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)  # the suite's idle threads

    def load(defer: bool, folder: str):
        cache = BlobCache(tmp_path / folder)
        reg = load_registry(example.root, cache, FILE_RULES, defer=defer)
        reg.settle()
        with sqlite3.connect(tmp_path / folder / "blobs.sqlite3") as db:
            rows = sorted(db.execute("select key, value from blobs").fetchall())
        return reg, rows

    inline, inline_rows = load(False, "inline")
    aside, aside_rows = load(True, "aside")
    assert in_parent == [], "the child's findings were not used"
    assert sorted(aside.findings, key=Finding.sort_key) == sorted(inline.findings, key=Finding.sort_key)
    assert "privacy.mobile" in {f.rule for f in aside.findings}
    assert aside.content == inline.content and aside_rows == inline_rows and inline_rows
    monkeypatch.setenv("TECHSERVE_FORK", "off")  # in place: the same again
    in_place, in_place_rows = load(True, "in-place")
    assert in_parent == [1] and in_place.content == inline.content and in_place_rows == inline_rows


# ---- issue 38: the judge trusts nothing a pull request can write ---------------------------------

def test_a_planted_cache_entry_for_the_changes_own_blob_is_not_trusted(example, tmp_path_factory):
    """Whoever can write the cache could plant a clean entry (and a snapshot listing it) for the
    blob a pull request adds. The change check reads the change's own files afresh."""
    import json
    from datetime import date

    from techserve.checker import check as run_check
    from techserve.registry.cache import BlobCache, blob_id
    from techserve.reuse import Snapshot

    from .test_workflow import Repo

    repo = Repo(example)
    folder = tmp_path_factory.mktemp("planted") / "cache"  # outside the repository
    run_check(repo.root, date(2026, 11, 22), cache=BlobCache(folder))  # main's own check fills it
    text = ("name: 张敏\ngender: 女\nbirth: 1988-03\ndegree: 博士\ntitle: 讲师\ntitle_level: 中级\nunit: ncu\n"
            "employed_since: 2016-09\nfields:\n- 食品工程\nbio: 电话 13912345678\n")
    repo.write("people/zhang-min-ncu.yaml", text)
    repo.commit("a person with a phone number")
    rel = "submissions/people/zhang-min-ncu.yaml"
    blob = blob_id(text.encode("utf-8"))
    planted = BlobCache(folder)
    data = {k: v for k, v in (line.split(": ", 1) for line in text.splitlines() if ": " in line) if k != "bio"}
    data["fields"] = ["食品工程"]
    planted.put("person", blob, [data, False, 10, [], [], []])  # "parsed, and no finding"
    snap = Snapshot.loads(planted.snapshot())
    snap.listing[rel] = blob  # "unchanged since main's check"
    planted.put_snapshot(snap.dumps())
    planted.save()
    assert json.loads(BlobCache(folder).snapshot())["listing"][rel] == blob
    report = run_check(repo.root, date(2026, 11, 22), base="base", cache=BlobCache(folder))
    assert [f.rule for f in report.findings if f.file == rel] == ["privacy.mobile"] and report.errors == 1


def test_the_same_bytes_named_pdf_and_png_are_judged_each_by_its_name(tree):
    """loader.evidence reads a .pdf name as a PDF: the cache must not hand one name's findings to
    the other (tree.check compares runs without, with an empty and with a filled cache)."""
    base(tree)
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
                        "53de0000000c4944415408d763f8ffff3f0005fe02fea7d6a4480000000049454e44ae426082")
    tree.write("programs/p/evidence/a.png", png)
    tree.write("programs/p/evidence/b.pdf", png)
    unreadable = [f.file for f in tree.findings("privacy.evidence-unreadable")]
    assert unreadable == ["submissions/programs/p/evidence/b.pdf"]
