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
    assert 'pip install --quiet "/tmp/trusted[semantic]"' in script and "pip install --quiet ." not in script
    assert 'pip install --quiet ".' not in script
    # nothing started from the merge request's checkout: every Python runs isolated, by absolute path
    for line in job["script"]:
        if "python" in line or "techserve" in line.split()[0]:
            words = shlex.split(line.strip("()").split("&&")[-1])
            assert words[0].startswith("/") or words[0] == "python3", line
            assert words[1] == "-I", line
    assert "--base FETCH_HEAD" in script
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert "techserve build --out public" in ci["pages"]["script"]


def test_every_techserve_command_in_the_pipeline_exists():
    parser = build_parser()
    seen = [shlex.split(line.split("bin/techserve ", 1)[-1] if "bin/techserve " in line else line)[
                0 if "bin/techserve " in line else 1:]
            for job in pipeline().values() if isinstance(job, dict)
            for line in job.get("script", []) if line.startswith("techserve ") or "bin/techserve " in line]
    assert len(seen) >= 3
    for argv in seen:
        parser.parse_args(argv)  # exits (SystemExit) on an unknown command or option


def run_codequality(root, capsys, *extra) -> list:
    capsys.readouterr()
    main(["check", "--root", str(root), "--as-of", "2026-11-22", "--format", "codequality", *extra])
    return json.loads(capsys.readouterr().out)


def test_codequality_report_validates_and_places_every_finding(tree, capsys):
    from .snippets import LI_SI, PERSON, base

    base(tree)
    tree.write("people/li-si.yaml", LI_SI + "bio: 电话 13800138000\nwrong: 1\n")
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


def test_planted_code_in_the_checkout_never_runs(tmp_path):
    """The merge request's files are the current folder of the job: a planted pip/, techserve/ or
    sitecustomize.py must not be imported by the commands the job runs (python -I, absolute paths).
    Without -I, `python -m pip` runs the planted pip: the attack is real."""
    import subprocess
    import sys

    mark = tmp_path / "ran"
    checkout = tmp_path / "mr"
    for rel in ("pip/__main__.py", "pip/__init__.py", "techserve/__init__.py", "techserve/__main__.py",
                "sitecustomize.py", "usercustomize.py"):
        (checkout / rel).parent.mkdir(parents=True, exist_ok=True)
        (checkout / rel).write_text(f"open({str(mark)!r}, 'a').write({rel!r})\n")
    python = Path(sys.executable)
    script = python.parent / "techserve"
    for argv in ([str(python), "-I", "-m", "pip", "--version"], [str(python), "-I", str(script), "rules", "--help"]):
        subprocess.run(argv, cwd=checkout, capture_output=True, timeout=120)
        assert not mark.exists(), (argv, mark.read_text() if mark.exists() else "")
    subprocess.run([str(python), "-m", "pip", "--version"], cwd=checkout, capture_output=True, timeout=120)
    assert "pip/__main__.py" in mark.read_text()
