"""Every rule id has a passing and a failing case (scripts/techserve/cases/<family>.yaml), and each
is true: applied to a copy of the shipped examples, the failing case carries the id and the passing
case carries nothing at all (a passing case is a valid registry, not merely one the rule misses).

A case is a list of edits to files under submissions/:
  set / unset  merge top-level fields into the record (from: start from another file's record)
  params       in a program.yaml, {rule id: {parameter: value}}: the program's setting of a rule
  text         the file's whole text (encoding: write it in another encoding; pad_to: grow to bytes)
  base64       the file's bytes (a photo; `describe` says in Chinese what it is, for the pages)
  delete       remove the file;  symlink: make it a link;  fifo: make it a named pipe
`setup` edits come first in both; with `change: true` they are committed and the pass or fail edits
are the pull request, checked against that commit as CI does."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from datetime import date

import pytest
import yaml

from techserve.catalogue import CATALOGUE, case_of
from techserve.checker import check
from techserve.rules.library import RULES  # noqa: F401  (the library registers its rules)

from .conftest import EXAMPLE_AS_OF, REPO


def apply(root, edits) -> None:
    sub = root / "submissions"
    for edit in edits:
        path = sub / edit["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if edit.get("delete"):
            path.unlink()
            continue
        if "symlink" in edit:
            path.unlink(missing_ok=True)
            path.symlink_to(edit["symlink"])
            continue
        if edit.get("fifo"):
            os.mkfifo(path)
            continue
        if "base64" in edit:
            data = base64.b64decode(edit["base64"])
        elif "text" in edit:
            data = edit["text"].encode(edit.get("encoding", "utf-8"))
        else:
            source = sub / edit.get("from", edit["file"])
            record = yaml.safe_load(source.read_text(encoding="utf-8")) if source.exists() else {}
            for rule_id, params in edit.get("params", {}).items():  # a program's setting of one rule
                [rule] = [r for r in record["rules"] if r["rule"] == rule_id]
                rule.setdefault("params", {}).update(params)
            for key in edit.get("unset", []):
                record.pop(key)  # a KeyError here is a case that names a field the record lacks
            record.update(edit.get("set", {}))
            data = yaml.safe_dump(record, allow_unicode=True, sort_keys=False).encode()
        while len(data) < edit.get("pad_to", 0):
            data += b"# " + b"x" * 78 + b"\n"
        path.write_bytes(data)


def git(root, *args) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def outcome(tmp_path, case: dict, which: str):
    root = tmp_path / which
    shutil.copytree(REPO / "submissions", root / "submissions")
    apply(root, case.get("setup", []))
    if case.get("change"):
        git(root, "init", "-q", "-b", "main")
        git(root, "-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "add", "-A")
        git(root, "-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-q", "-m", "base")
    apply(root, case[which])
    as_of = date.fromisoformat(str(case["as_of"])) if "as_of" in case else EXAMPLE_AS_OF
    return check(root, as_of, base="HEAD" if case.get("change") else None).findings


@pytest.mark.parametrize("rule_id", sorted(CATALOGUE))
def test_the_failing_case_carries_the_id_and_the_passing_case_nothing(rule_id, tmp_path):
    case = case_of(rule_id)
    assert case and case.get("pass") and case.get("fail"), f"{rule_id} has no passing and failing case"
    assert case["pass"] != case["fail"]
    passed = outcome(tmp_path, case, "pass")
    assert [(f.file, f.rule, f.message) for f in passed] == [], f"{rule_id}: the passing case is not clean"
    failed = outcome(tmp_path, case, "fail")
    assert rule_id in {f.rule for f in failed}, f"{rule_id}: the failing case does not carry it: " + \
        "; ".join(f"[{f.rule}] {f.message}" for f in failed)


def test_every_case_file_belongs_to_ids_of_the_catalogue():
    """A case under a misspelt id would never be shown or checked."""
    from techserve.catalogue import CASES

    stray = [(p.name, rid) for p in sorted(CASES.glob("*.yaml"))
             for rid in yaml.safe_load(p.read_text(encoding="utf-8"))
             if rid not in CATALOGUE or rid.split(".", 1)[0] != p.stem]
    assert stray == []


def test_rules_explain_shows_the_why_and_both_cases(capsys):
    from techserve.cli import main

    assert main(["rules", "--explain", "applicant.age"]) == 0
    out = capsys.readouterr().out
    assert "符合：submissions/people/ye-bin-ncu.yaml\n    birth: 1961-08" in out
    assert "不符合：submissions/people/ye-bin-ncu.yaml\n    birth: 1961-07" in out
    assert main(["rules", "--explain", "privacy.mobile"]) == 0
    out = capsys.readouterr().out
    assert CATALOGUE["privacy.mobile"].why in out and "139 7920 1234" in out
    assert main(["rules", "--explain", "team.sise"]) == 2
    assert "team.size" in capsys.readouterr().err


def test_the_rule_examples_page_holds_every_case():
    from techserve.pages.programs import rule_cases

    ordered = sorted(CATALOGUE.values(), key=lambda i: i.id)
    shown = {c["rule"]: c for group in rule_cases(ordered) for c in group["cases"]}
    assert set(shown) == set(CATALOGUE)
    labels = [b["label"] for b in shown["agreement.recommended"]["blocks"]]
    assert labels == ["前提", "符合", "不符合"]
    assert shown["workflow.frozen"]["change"] is True
