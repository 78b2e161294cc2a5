"""A change is judged by what it changes (workflow.baseline): on git repositories where time has
passed, what stood on main before a pull request is reported beside it and never fails it."""

from __future__ import annotations

import json
from datetime import date

from techserve.cli import main
from techserve.reporters import REPORTERS
from techserve.reporters.comment import render_comment

from .conftest import check
from .test_workflow import JJ, Repo

LATE = date(2027, 1, 4)  # 九江's 2026 assessment is due 2026-12-31 and not yet recorded

PERSON = """
    name: 张敏
    gender: 女
    birth: 1988-03
    degree: 博士
    title: 讲师
    title_level: 中级
    unit: ncu
    employed_since: 2016-09
    fields:
    - 食品工程
"""


def test_the_office_late_with_an_assessment_does_not_fail_an_applicant(example):
    repo = Repo(example)
    # main as it stands on 4 January: two teams without their 2026 assessment
    on_main = [f for f in check(repo.root, LATE).findings if f.severity == "error"]
    assert {f.rule for f in on_main} == {"assessment.yearly"} and len(on_main) == 2
    repo.write("people/zhang-min-ncu.yaml", PERSON)
    repo.commit("a clean person")
    report = check(repo.root, LATE, base="base")
    assert report.errors == 0, [f.message for f in report.findings]
    standing = [f for f in report.standing if f.severity == "error"]
    assert sorted(f.record for f in standing) == sorted(f.record for f in on_main)
    # the reviewer sees them, with who must act, in every format
    text = REPORTERS["text"](report)
    assert "已存在于主分支" in text and "项目主管部门" in text and text.splitlines()[-1].startswith("通过")
    body = json.loads(REPORTERS["json"](report))
    assert body["summary"]["errors"] == 0 and {s["who"] for s in body["standing"]} >= {"项目主管部门"}
    comment = render_comment(REPORTERS["json"](report).encode("utf-8"))
    assert "主分支上已有的问题" in comment and "assessment.yearly" in comment


def test_the_command_exits_zero_for_the_clean_change_and_one_for_its_own_error(example, capsys):
    repo = Repo(example)
    repo.write("people/zhang-min-ncu.yaml", PERSON)
    repo.commit("a clean person")
    args = ["check", "--root", str(repo.root), "--base", "base", "--as-of", LATE.isoformat(), "--no-cache"]
    assert main(args) == 0
    capsys.readouterr()
    repo.write("people/zhang-min-ncu.yaml", PERSON.replace("食品工程", "食品工程，电话 13800138000"))
    repo.commit("a phone number")
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "privacy.mobile" in out.split("已存在于主分支")[0] and "13800138000" not in out


def test_a_finding_on_a_file_the_change_touches_is_the_changes(example):
    """Editing a team whose assessment is overdue makes the overdue finding the change's own: the
    change touched it (and the reviewer must not merge an edit that leaves it)."""
    repo = Repo(example)
    path = f"{JJ}/applications/jju-xincailiao-2025.yaml"
    text = (repo.root / "submissions" / path).read_text(encoding="utf-8")
    repo.write(path, text + "\n# 备注\n")
    repo.commit("touch a team")
    report = check(repo.root, LATE, base="base")
    mine = {(f.rule, f.record) for f in report.findings if f.severity == "error"}
    assert ("assessment.yearly", "jju-xincailiao-2025") in mine
    assert ("assessment.yearly", "hust-zhineng-zhizao-2025") in {(f.rule, f.record) for f in report.standing}


def test_a_worse_finding_is_new(example):
    """The same rule on the same record with another message (the base had none here at all) is the
    change's: a new overdue obligation that the change's own record causes fails it."""
    repo = Repo(example)
    before = check(repo.root, LATE)
    assert not any(f.rule == "person.max-teams" for f in before.findings)
    # a service dated on a day nobody of the team served: the change's own error, not standing
    repo.write(f"{JJ}/services/hust-hengsheng-2027-01-02.yaml", """
        agreement: hust-hengsheng-2025
        date: 2027-01-02
        people:
        - zhang-min-ncu
        content: 入企调研
    """)
    repo.commit("a service by a stranger")
    report = check(repo.root, LATE, base="base")
    assert report.errors >= 1 and all(f.file.endswith("hust-hengsheng-2027-01-02.yaml")
                                      for f in report.findings if f.severity == "error")


DOCTOR = """
    name: 孟洁
    gender: 女
    birth: 1987-06
    degree: 博士
    title: 副教授
    title_level: 副高
    unit: nwpu
    employed_since: 2015-09
    fields:
    - 复合材料
"""


def _team(repo: Repo, name: str) -> str:
    src = (repo.root / "submissions" / JJ / "applications" / "nwpu-fuhe-cailiao-2026.yaml").read_text(encoding="utf-8")
    return src.replace("lin-na-nwpu", "meng-jie-nwpu").replace("西北工业大学复合材料科技服务团", name)


def test_two_changes_that_pass_alone_fail_when_merged(example):
    """每名博士至多加入2个团: main has her first team, each branch adds one more (two each: fine).
    Merged there are three. Checking the merged result against main, as the merge_group trigger
    does, fails it before it reaches main; each branch alone passes."""
    repo = Repo(example)
    repo.write("people/meng-jie-nwpu.yaml", DOCTOR)
    repo.write(f"{JJ}/applications/nwpu-meng-1-2026.yaml", _team(repo, "复合材料第一服务团"))
    repo.commit("main: her first team")
    repo.git("branch", "-f", "base")
    for branch, n in (("pr-a", "二"), ("pr-b", "三")):
        repo.git("checkout", "-q", "-b", branch, "base")
        repo.write(f"{JJ}/applications/nwpu-meng-{branch}-2026.yaml", _team(repo, f"复合材料第{n}服务团"))
        repo.commit(branch)
        report = check(repo.root, date(2026, 11, 22), base="base")
        assert report.errors == 0, [f.message for f in report.findings if f.severity == "error"]
    repo.git("checkout", "-q", "-b", "merge-queue", "pr-a")
    repo.git("merge", "-q", "--no-edit", "pr-b")
    merged = check(repo.root, date(2026, 11, 22), base="base")
    found = [f for f in merged.findings if f.rule == "person.max-teams"]
    assert merged.errors >= 1 and found and "孟洁" in found[0].message
    assert not [f for f in merged.standing if f.rule == "person.max-teams"]


def test_check_workflow_runs_on_the_merge_queue():
    """The merged result is what reaches main: check.yml runs on merge_group as on pull_request,
    and the maintainers' guide asks for the queue (or an up-to-date branch)."""
    import yaml as _yaml

    from .sitekit import REPO

    flow = _yaml.safe_load((REPO / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    triggers = flow.get("on", flow.get(True))
    assert "merge_group" in triggers and "pull_request" in triggers
    guide = "".join(p.read_text(encoding="utf-8") for p in (REPO / "site").rglob("*.md"))
    assert "合并队列" in guide and "merge_group" in guide
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "merge_train" in gitlab or "merged_result" in gitlab
