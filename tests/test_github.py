"""The GitHub side: hardened workflows (zizmor, pins, permissions), commands they call, CODEOWNERS."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from techserve.cli import build_parser, main

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_the_workflows_are_these():
    assert {p.name for p in WORKFLOWS} == {"check.yml", "comment.yml", "publish.yml", "intake.yml", "newest.yml",
                                           "todo.yml", "close-issue.yml", "forms.yml"}


def test_an_issue_and_its_pull_request_open_and_close_together():
    intake = load(REPO / ".github/workflows/intake.yml")
    assert set(intake["on"]["issues"]["types"]) >= {"opened", "edited", "closed", "reopened"}
    withdraw = intake["jobs"]["withdraw"]
    assert "closed" in withdraw["if"] and 'state: "closed"' in withdraw["steps"][-1]["with"]["script"]
    # an edit drops the files it no longer makes
    convert = next(s for s in steps({"jobs": {"intake": intake["jobs"]["intake"]}})
                   if s.get("uses", "").startswith("actions/github-script"))["with"]["script"]
    assert "deleteFile" in convert and "--write --json" in "".join(s.get("run", "") for s in steps(intake))
    close = load(REPO / ".github/workflows/close-issue.yml")
    job = close["jobs"]["close"]
    assert "!github.event.pull_request.merged" in job["if"]
    assert "head.repo.full_name == github.repository" in job["if"]  # a fork's intake/issue-N branch proves nothing
    assert job["permissions"] == {"issues": "write"}


def test_every_workflow_that_checks_or_builds_installs_the_semantic_extra():
    """The judge, the site and a local `make test` rank needs the same way (agreement.recommended)."""
    for name in ("check.yml", "publish.yml", "intake.yml"):
        text = (REPO / ".github/workflows" / name).read_text(encoding="utf-8")
        installs = [line for line in text.splitlines() if "pip install" in line and "constraints.txt" in line]
        assert installs and any("[semantic]" in line for line in installs), name


@pytest.mark.parametrize("persona", ["regular", "pedantic", "auditor"])
def test_zizmor_reports_nothing(persona):
    """Nothing at any severity, even for the pedantic persona; the one inline ignore (comment.yml's
    workflow_run trigger) carries its reason beside it."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is a test dependency (pip install -e '.[test]')"
    proc = subprocess.run([zizmor, "--offline", "--persona", persona, "--format", "plain",
                           str(REPO / ".github/workflows")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout + proc.stderr
    ignores = re.findall(r"zizmor: ignore\[([\w-]+)\] -- \S", "".join(p.read_text(encoding="utf-8") for p in WORKFLOWS))
    assert ignores == ["dangerous-triggers"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_least_privilege_and_pinned(path):
    text = path.read_text(encoding="utf-8")
    wf = load(path)
    assert "pull_request_target" not in text
    assert wf["permissions"] == {}
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"job {name} must declare its own permissions"
    for step in steps(wf):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"], f"expression inside run: {step['run']}"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"
    for line in text.splitlines():
        if re.search(r"uses: \S+@[0-9a-f]{40}", line):
            assert re.search(r"# v\d", line), f"no version comment: {line}"


def test_the_checker_that_judges_a_pull_request_comes_from_the_base_branch():
    wf = load(REPO / ".github/workflows/check.yml")
    job = wf["jobs"]["check"]
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    trusted = next(s for s in checkouts if s["with"].get("path") == "trusted")
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha }}"
    pr = next(s for s in checkouts if s["with"].get("path") == "pr")
    assert "ref" not in pr["with"]  # the pull request's merge commit: data only
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert any("pip install" in r and "./trusted" in r for r in runs)
    assert not any("pip install" in r and ("-e ." in r or " pr" in r) for r in runs)
    [check] = [r for r in runs if "techserve check" in r]
    assert "--root pr" in check and "--base" in check and "--json-out" in check


def test_only_the_default_branch_writes_the_parse_cache():
    """The parse cache travels as an artifact of main's publish run, fetched by run id (issue 38): no
    workflow uses actions/cache at all, whose entries a pull request's own runs can save in the
    pull request's scope and restore before main's."""
    uses = {path.name: [step.get("uses", "").split("@")[0] for step in steps(load(path))] for path in WORKFLOWS}
    for name, actions in uses.items():
        assert not [a for a in actions if a.startswith("actions/cache")], name
    publish = [s for s in steps(load(REPO / ".github/workflows/publish.yml"))
               if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert [s["with"]["name"] for s in publish] == ["techserve-cache"]
    fetch = [s for s in steps(load(REPO / ".github/workflows/check.yml"))
             if s.get("uses", "").startswith("actions/download-artifact@")]
    assert [s["with"]["name"] for s in fetch] == ["techserve-cache"]
    assert fetch[0]["with"]["run-id"] == "${{ steps.main-run.outputs.run }}"
    finder = next(s for s in steps(load(REPO / ".github/workflows/check.yml")) if s.get("id") == "main-run")
    assert "--workflow publish.yml" in finder["run"] and '--branch "$DEFAULT_BRANCH"' in finder["run"]
    assert "--status success" in finder["run"]
    check = next(s for s in steps(load(REPO / ".github/workflows/check.yml")) if s.get("id") == "check")
    assert check["env"]["TECHSERVE_CACHE"] == "${{ runner.temp }}/techserve-cache"


def test_comment_workflow_runs_only_default_branch_code_and_resolves_the_pull_request():
    wf = load(REPO / ".github/workflows/comment.yml")
    checkouts = [s for s in steps(wf) if s.get("uses", "").startswith("actions/checkout")]
    assert [c["with"]["ref"] for c in checkouts] == ["${{ github.event.repository.default_branch }}"]
    runs = " ".join(s.get("run", "") for s in steps(wf))
    assert "techserve comment" in runs  # the body is rendered from JSON by main's code
    script = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/github-script"))["with"]["script"]
    assert "run.head_sha" in script and "pulls.list" in script and "head_repository" in script
    assert "report.md" not in script and "LIMIT" in script


def test_intake_never_overwrites_a_file_on_the_default_branch_and_fences_safely():
    wf = load(REPO / ".github/workflows/intake.yml")
    script = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/github-script"))["with"]
    assert script["github-token"] == "${{ steps.app.outputs.token }}"  # so check.yml runs on the PR
    body = script["script"]
    assert "ref: base" in body and "const base = context.payload.repository.default_branch" in body and "不能覆盖" in body
    # the reply is techserve's own Markdown, every applicant string escaped (tested in test_intake_github)
    assert "out.reply" in body and "fs.readFileSync(\"err.txt\"" in body
    # personal data typed into the public issue is masked in the issue itself
    assert "if (out.redacted)" in body and "github.rest.issues.update" in body


def test_publish_deploys_to_github_pages_environment():
    wf = load(REPO / ".github/workflows/publish.yml")
    deploy = wf["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["jobs"]["build"]["permissions"] == {"contents": "read"}


def commands():
    """Every `techserve …` command line the workflows run."""
    for path in WORKFLOWS:
        for step in steps(load(path)):
            for line in step.get("run", "").splitlines():
                line = line.split(">")[0].split("||")[0].strip()
                if line.startswith("techserve "):
                    yield path.name, shlex.split(line)[1:]


def test_every_command_the_workflows_run_exists_in_the_cli():
    parser = build_parser()
    seen = list(commands())
    assert len(seen) >= 6 and any(argv[0] == "from-issue" for _, argv in seen)
    for _name, argv in seen:
        values = {"$BASE_SHA": "HEAD", "$form": "person", "$day": "2026-01-01",
                  "$REPORT_DIR/report.json": "r.json"}
        argv = [values.get(a, a) for a in argv]
        parser.parse_args(argv)  # exits (SystemExit) on an unknown command or option


def test_codeowners_is_current_and_drift_is_caught(example, capsys):
    assert main(["codeowners", "--check", "--root", str(REPO)]) == 0
    root = example.root
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / ".github").mkdir()
    shutil.copy(REPO / ".github/CODEOWNERS", root / ".github/CODEOWNERS")
    assert main(["codeowners", "--check", "--root", str(root)]) == 0
    unit = root / "submissions/units/hust.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("@techserve-demo/hust", "@hust/keyanyuan"),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["codeowners", "--check", "--root", str(root)]) == 1
    assert "@hust/keyanyuan" in capsys.readouterr().err
    assert main(["codeowners", "--root", str(root)]) == 0
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    # people follow their unit's reviewers; protected paths come last, so nothing overrides them
    person = next(p.name for p in (root / "submissions/people").glob("*.yaml")
                  if "unit: hust" in p.read_text(encoding="utf-8"))
    assert any(line.startswith(f"/submissions/people/{person}") and "@hust/keyanyuan" in line for line in lines)
    assert lines[-1].startswith("/submissions/calendar/") and lines[-1].endswith("@techserve-demo/maintainers")
    from techserve.routing.codeowners import PROTECTED

    assert [line.split()[0] for line in lines[-len(PROTECTED):]] == list(PROTECTED)


def _owner_of(path: str) -> list[str]:
    """The owners GitHub applies to a path: the last matching line of CODEOWNERS wins."""
    owners: list[str] = []
    for line in (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *who = line.split()
        if pattern == "*" or (pattern.endswith("/") and ("/" + path).startswith(pattern)) or pattern == "/" + path:
            owners = who
    return owners


@pytest.mark.parametrize("path", [".github/workflows/check.yml", ".github/workflows/comment.yml",
                                  ".github/CODEOWNERS", ".gitlab-ci.yml", ".gitlab/issue_templates/x.md",
                                  ".gitee/ISSUE_TEMPLATE/x.yml", "constraints.txt", "scripts/techserve/cli/check.py",
                                  "site/guide/maintainers.md", "overrides/main.html"])
def test_the_judge_and_everything_it_runs_belong_to_the_maintainers_alone(path):
    """pull_request runs the pull request's own check.yml: a pull request that edits its judge
    must need a maintainer's approval (branch protection: Require review from Code Owners)."""
    from techserve.routing.codeowners import maintainers

    assert _owner_of(path) == maintainers(REPO)
