"""GitLab: the merge request pipeline, its Code Quality report, and the same commands as GitHub."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import jsonschema
import yaml

from techserve.cli import build_parser, main

from .conftest import REPO

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))


def pipeline() -> dict:
    return yaml.load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def test_merge_requests_are_checked_by_the_target_branchs_code_and_report_code_quality():
    ci = pipeline()
    job = ci["check"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    script = "\n".join(job["script"])
    # installed from a worktree of the target branch, never from the merge request's files
    assert "git worktree add --detach /tmp/trusted FETCH_HEAD" in script
    assert "pip install --quiet /tmp/trusted" in script and "pip install --quiet ." not in script
    assert "--base FETCH_HEAD" in script
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert "techserve build --out public" in ci["pages"]["script"]


def test_every_techserve_command_in_the_pipeline_exists():
    parser = build_parser()
    seen = [shlex.split(line)[1:] for job in pipeline().values() if isinstance(job, dict)
            for line in job.get("script", []) if line.startswith("techserve ")]
    assert len(seen) >= 3
    for argv in seen:
        parser.parse_args(argv)  # exits (SystemExit) on an unknown command or option


def run_codequality(root, capsys, *extra) -> list:
    capsys.readouterr()
    main(["check", "--root", str(root), "--as-of", "2026-11-22", "--format", "codequality", *extra])
    return json.loads(capsys.readouterr().out)


def test_codequality_report_validates_and_places_every_finding(tree, capsys):
    from .snippets import PERSON, base

    base(tree)
    tree.write("people/li-si.yaml", PERSON + "bio: 电话 13800138000\nwrong: 1\n")
    tree.write("people/Bad Name.yaml", PERSON)
    report = run_codequality(tree.root, capsys)
    jsonschema.validate(report, SCHEMA)
    by_rule = {i["check_name"]: i for i in report}
    assert by_rule["privacy.mobile"]["severity"] == "critical"
    assert by_rule["privacy.mobile"]["location"] == {"path": "submissions/people/li-si.yaml", "lines": {"begin": 11}}
    assert "13800138000" not in json.dumps(report, ensure_ascii=False)
    # a finding about a whole file (line 0) still points at a line GitLab can show
    assert by_rule["id.format"]["location"]["lines"]["begin"] == 1
    assert len({i["fingerprint"] for i in report}) == len(report)


def test_codequality_of_a_clean_registry_is_an_empty_list_and_the_file_matches_stdout(example, capsys, tmp_path):
    out = tmp_path / "gl.json"
    report = run_codequality(example.root, capsys, "--codequality-out", str(out))
    jsonschema.validate(report, SCHEMA)
    assert all(i["severity"] != "critical" for i in report)
    assert json.loads(out.read_text(encoding="utf-8")) == report


def test_the_schema_itself_refuses_what_gitlab_would_drop():
    bad = [{"description": "x", "check_name": "r", "fingerprint": "f", "severity": "error",
            "location": {"path": "a", "lines": {"begin": 0}}}]
    try:
        jsonschema.validate(bad, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted an unknown severity and line 0")
