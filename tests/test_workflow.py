"""Change rules on real git repositories: a base commit (main) and a head (the pull request)."""

from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest
import yaml

from techserve.cli import main
from techserve.registry import load_registry
from techserve.registry.status import derive

from .conftest import EXAMPLE_AS_OF, check

JJ = "programs/jiujiang-kjfwt-2025"
TP = "programs/jiangxi-tepaiyuan-2021"
DISMISSED = """
    kind: objection
    date: 2026-11-21
    application: whu-cailiao-huaxue-2026
    outcome: dismissed
    note: 经核实，异议不成立
"""


class Repo:
    def __init__(self, tree):
        self.tree, self.root = tree, tree.root
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "ci@example.invalid")
        self.git("config", "user.name", "CI")
        self.commit("base")
        self.git("branch", "base")

    def git(self, *args):
        return subprocess.run(["git", "-C", str(self.root), *args], check=True, capture_output=True, text=True)

    def commit(self, message="change"):
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def write(self, rel, text):
        self.tree.write(rel, text)

    def edit(self, rel, **changes):
        path = self.root / "submissions" / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(changes)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def findings(self, rule=None, as_of=EXAMPLE_AS_OF):
        return [f for f in check(self.root, as_of, base="base").findings if rule is None or f.rule == rule]


@pytest.fixture
def repo(example) -> Repo:
    return Repo(example)


def rules(findings):
    return sorted({f.rule for f in findings if f.rule.startswith("workflow.")})


def test_clean_change_has_no_workflow_findings(repo):
    repo.edit(f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml", expected_outcome="形成稀土永磁晶界扩散量产工艺")
    repo.commit()
    assert rules(repo.findings()) == []


def test_decision_edited_after_merge(repo):
    repo.edit(f"{JJ}/decisions/2025-gongshi.yaml", title="改过的公示标题")
    repo.commit()
    found = repo.findings("workflow.decision-immutable")
    assert [f.file for f in found] == [f"submissions/{JJ}/decisions/2025-gongshi.yaml"]
    assert found[0].line >= 1 and "新增" in found[0].message


def test_decision_deleted_after_merge(repo):
    (repo.root / f"submissions/{JJ}/decisions/2025-niandu-kaohe.yaml").unlink()
    repo.commit()
    assert [f.rule for f in repo.findings("workflow.decision-immutable")] == ["workflow.decision-immutable"]


def test_a_new_decision_alone_is_allowed(repo):
    repo.write(f"{JJ}/decisions/2026-objection-x.yaml", DISMISSED)
    repo.commit()
    assert rules(repo.findings()) == []


def test_mixed_change(repo):
    repo.edit(f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml", expected_outcome="新的预期效果")
    repo.write(f"{JJ}/decisions/2026-objection-x.yaml", DISMISSED)
    repo.commit()
    found = repo.findings("workflow.mixed-change")
    assert [f.file for f in found] == [f"submissions/{JJ}/decisions/2026-objection-x.yaml"]
    assert "ganzhou-xitu-yongci-2021" in found[0].message


EARLY_APPROVAL = """
    kind: approval
    date: 2021-10-28
    notice: 2021-10-gongshi
    applications:
      - application: xitu-tepaituan-2021
"""


def _shorten_notice(repo, days):
    path = repo.root / f"submissions/{TP}/program.yaml"
    text = path.read_text("utf-8")
    assert "  days: 5\n  day_kind: workday\n" in text
    path.write_text(text.replace("  days: 5\n", f"  days: {days}\n", 1), "utf-8")


def test_a_notice_shortened_in_the_change_that_needs_it_is_mixed(repo):
    # 2021-10-gongshi runs 5 workdays, to Friday 10-29: an approval on Thursday the 28th is early.
    # Cut to 3 workdays in the same change, the notice "ended" on the 27th and the approval passes
    # the date rules as of the new days: the mixed change stands in its way, and the notice keeps
    # the days it was published with (the base's), so the approval is early too.
    _shorten_notice(repo, 3)
    repo.write(f"{TP}/decisions/2021-10-ruku-2.yaml", EARLY_APPROVAL)
    repo.commit()
    assert [f.record for f in repo.findings("workflow.premature-approval")] == ["2021-10-ruku-2"]
    found = repo.findings("workflow.mixed-change")
    assert [f.file for f in found] == [f"submissions/{TP}/program.yaml"]
    assert "2021-10-ruku-2" in found[0].message and found[0].line == 18


def test_a_program_or_calendar_changed_alone_is_not_mixed(repo):
    _shorten_notice(repo, 6)
    cal = repo.root / "submissions/calendar/2026.yaml"
    cal.write_text(cal.read_text("utf-8") + "# 核对国办通知\n", "utf-8")
    repo.commit()
    assert repo.findings("workflow.mixed-change") == []


def test_the_calendar_changed_with_an_application_is_mixed(repo):
    cal = repo.root / "submissions/calendar/2021.yaml"
    cal.write_text(cal.read_text("utf-8") + "# 核对国办通知\n", "utf-8")
    repo.edit(f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml", expected_outcome="新的预期效果")
    repo.commit()
    found = repo.findings("workflow.mixed-change")
    assert [f.file for f in found] == ["submissions/calendar/2021.yaml"] and "节假日安排" in found[0].message


def _status(repo, app):
    return derive(load_registry(repo.root), EXAMPLE_AS_OF).of(app)


def test_edit_to_a_team_in_notice_or_approved(repo):
    assert _status(repo, "whu-cailiao-huaxue-2026") == "in_notice"
    repo.edit(f"{JJ}/applications/whu-cailiao-huaxue-2026.yaml", fields=["材料化学", "新能源"])
    repo.commit()
    found = repo.findings("workflow.frozen")
    assert [f.record for f in found] == ["whu-cailiao-huaxue-2026"] and "公示中" in found[0].message


def test_edit_to_an_approved_individual_is_frozen_but_a_submitted_one_is_not(repo):
    book = derive(load_registry(repo.root), EXAMPLE_AS_OF)
    approved = next(a for a, s in book.status.items() if s == "approved")
    reg = load_registry(repo.root)
    loose = next(e for e in reg.valid("application") if book.of(e.id) in ("submitted", "in_review", "shortlisted"))
    for app in (approved, loose.id):
        entry = reg.get("application", app)
        repo.edit(entry.file.removeprefix("submissions/"), fields=["新材料"])
    repo.commit()
    assert [f.record for f in repo.findings("workflow.frozen")] == [approved]


def test_deleting_a_record_named_by_a_decision(repo):
    (repo.root / f"submissions/{JJ}/applications/whu-cailiao-huaxue-2026.yaml").unlink()
    repo.write("people/temp-person.yaml", (repo.root / "submissions/people/liu-yang-whu.yaml").read_text("utf-8"))
    repo.commit("add then delete an unreferenced person")
    repo.git("branch", "-f", "base")
    (repo.root / "submissions/people/temp-person.yaml").unlink()
    repo.commit()
    assert repo.findings("workflow.delete") == []  # nobody's decision names temp-person
    repo.git("branch", "-f", "base", "HEAD~2")
    found = repo.findings("workflow.delete")
    assert [f.record for f in found] == ["whu-cailiao-huaxue-2026"]


@pytest.mark.parametrize("day,fires", [("2021-10-29", True), ("2021-10-30", False), ("2021-11-01", False)])
def test_approval_one_workday_too_early(repo, day, fires):
    # 2021-10-gongshi starts Monday 2021-10-25 and runs 5 workdays: its last day is Friday the 29th,
    # and the hint names the day after, the first the check accepts (registry.terms.after_notice)
    repo.write(f"{TP}/decisions/2021-10-ruku-2.yaml", f"""
        kind: approval
        date: {day}
        notice: 2021-10-gongshi
        applications:
          - application: xitu-tepaituan-2021
    """)
    repo.commit()
    found = repo.findings("workflow.premature-approval")
    assert bool(found) is fires
    if fires:
        assert "2021-10-29" in found[0].message and "最早为 2021-10-30" in found[0].message and found[0].line == 2


@pytest.mark.parametrize("today,fires", [("2021-10-29", True), ("2021-10-30", False)])
def test_an_approval_dated_after_the_notice_but_submitted_during_it(repo, today, fires):
    # 2021-10-gongshi ends Friday 10-29: an approval dated Monday 11-01 may not be merged on the 29th.
    repo.write(f"{TP}/decisions/2021-10-ruku-2.yaml", EARLY_APPROVAL.replace("2021-10-28", "2021-11-01"))
    repo.commit()
    found = repo.findings("workflow.premature-approval", as_of=date.fromisoformat(today))
    assert bool(found) is fires
    if fires:
        assert "2021-10-29" in found[0].message and today in found[0].message and found[0].line == 2


def test_approval_after_an_upheld_objection(repo):
    repo.write(f"{JJ}/decisions/2026-objection-y.yaml", """
        kind: objection
        date: 2026-11-21
        application: whu-cailiao-huaxue-2026
        outcome: upheld
        note: 成员资格不符
    """)
    repo.commit()
    repo.git("branch", "-f", "base")
    repo.write(f"{JJ}/decisions/2026-lixiang-2.yaml", """
        kind: approval
        date: 2026-11-30
        notice: 2026-gongshi-2
        applications:
          - application: whu-cailiao-huaxue-2026
    """)
    repo.commit()
    found = repo.findings("workflow.premature-approval", as_of=date(2026, 12, 1))
    assert [f.record for f in found] == ["whu-cailiao-huaxue-2026"] and "异议已成立" in found[0].message


def test_personal_data_added_then_removed_is_still_reported_masked(repo):
    need = f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml"
    repo.edit(need, expected_outcome="有意者请联系 13912345678")
    repo.commit("add a mobile number")
    repo.edit(need, expected_outcome="有意者请联系单位科研处")
    repo.commit("remove it")
    found = [f for f in repo.findings() if f.rule == "privacy.mobile"]
    assert len(found) == 1 and "13912345678" not in found[0].message and "139****5678" in found[0].message
    assert "历史" in found[0].message and found[0].file == f"submissions/{need}"


def test_no_history_finding_when_nothing_personal_was_added(repo):
    repo.edit(f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml", expected_outcome="联系单位科研处 0797-8312345")
    repo.commit()
    assert [f for f in repo.findings() if f.rule.startswith("privacy.")] == []


def test_bad_base_is_a_usage_error(repo, capsys):
    assert main(["check", "--root", str(repo.root), "--as-of", "2026-11-22", "--base", "no-such-ref"]) == 2
    assert "no-such-ref" in capsys.readouterr().err


def test_github_format_writes_summary_and_outputs(repo, tmp_path, monkeypatch, capsys):
    repo.edit(f"{JJ}/decisions/2025-gongshi.yaml", title="改过的公示标题")
    repo.commit()
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    code = main(["check", "--root", str(repo.root), "--as-of", "2026-11-22", "--base", "base", "--format", "github"])
    assert code == 1
    out = capsys.readouterr().out
    assert "::error file=submissions/programs/jiujiang-kjfwt-2025/decisions/2025-gongshi.yaml" in out
    assert "workflow.decision-immutable" in summary.read_text(encoding="utf-8")
    assert "errors=1" in output.read_text(encoding="utf-8").splitlines()


def test_the_checker_never_modifies_the_work_tree(repo):
    repo.edit(f"{JJ}/decisions/2025-gongshi.yaml", title="改过的公示标题")
    before = repo.git("status", "--porcelain").stdout
    repo.findings()
    assert repo.git("status", "--porcelain").stdout == before
    assert os.path.exists(repo.root / "submissions")


@pytest.mark.parametrize("moved_on", [False, True])
def test_the_base_borrows_from_the_head_only_what_git_says_is_the_same(repo, moved_on):
    """load_base takes unchanged files from the head registry; the result equals parsing every
    base blob, also when main moved on after the branch forked (so path equality is not enough)."""
    from techserve.workflow.change import read_change
    from techserve.workflow.rules import load_base

    if moved_on:  # main edits a decision after the branch point; the branch does not have it
        repo.git("checkout", "-q", "-b", "pr")
        repo.git("checkout", "-q", "base")
        repo.edit(f"{JJ}/decisions/2025-chushen.yaml", date="2025-06-04")
        repo.commit("main moves on")
        repo.git("checkout", "-q", "pr")
    repo.edit(f"{JJ}/applications/whu-cailiao-huaxue-2026.yaml", name="改过的名称")
    head = load_registry(repo.root)
    change = read_change(repo.root, "base")
    borrowed, parsed = load_base(repo.root, change, None, head), load_base(repo.root, change, None, None)

    def view(reg):
        return {e.file: (e.doc.data, e.model) for e in reg.entries}

    assert view(borrowed) == view(parsed)
    chushen = borrowed.get("decision", "2025-chushen")
    assert (str(chushen.model.date) == "2025-06-04") is moved_on
    assert borrowed.get("application", "whu-cailiao-huaxue-2026").model.name != "改过的名称"


def test_an_oversize_base_blob_is_sized_but_never_read(repo, monkeypatch):
    """The base's sizes come from cat-file --batch-check; a blob over the loader's cap is not
    read, and its stand-in gives yaml.too-large in the base registry."""
    from techserve.loader.document import MAX_BYTES
    from techserve.workflow import git as gitmod
    from techserve.workflow.change import read_change
    from techserve.workflow.rules import load_base

    big = f"{JJ}/applications/zz-big.yaml"
    repo.write(big, "name: x\n" + "#" * (MAX_BYTES + 10) + "\n")
    repo.commit("an oversize file in the base")
    repo.git("branch", "-f", "base")
    repo.write(big, "name: y\n")  # changed on the branch, so the base version is wanted
    asked = []
    real = gitmod.read_blobs
    monkeypatch.setattr("techserve.workflow.rules.read_blobs", lambda root, blobs: asked.extend(blobs) or real(root, blobs))
    change = read_change(repo.root, "base")
    base = load_base(repo.root, change, None, load_registry(repo.root))
    oversize = repo.git("rev-parse", f"base:submissions/{big}").stdout.strip()
    assert oversize not in asked  # (everything else the base needs is borrowed from the head)
    assert [f.rule for f in base.findings if f.file == f"submissions/{big}"] == ["yaml.too-large"]


def test_the_check_unfreezes_the_collector_when_it_is_done(repo):
    import gc

    check(repo.root, EXAMPLE_AS_OF, base="base")
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("nested", [False, True])
def test_the_base_lists_only_where_its_files_can_be_and_misses_none(example, tmp_path, monkeypatch, nested):
    """load_base lists the calendar, each program's program.yaml and decisions and the changed
    paths; the base it builds equals the one from listing the whole tree: with a deletion, an
    edit, a new decision, a program that exists only in the base, and a registry kept in a
    subfolder of its repository (paths are relative to the registry, not to the repository)."""
    import shutil

    from techserve.workflow import rules as wrules
    from techserve.workflow.change import read_change

    root = example.root
    if nested:  # the registry lives in data/ of a larger repository
        outer = tmp_path / "outer"
        shutil.copytree(example.root, outer / "data")
        root = outer / "data"
        example.root = outer  # Repo runs git at the repository's top
    repo = Repo(example)
    repo.root = root
    sub = root / "submissions"
    (sub / "programs/old-only-2019").mkdir(parents=True)
    shutil.copy(sub / f"{JJ}/program.yaml", sub / "programs/old-only-2019/program.yaml")
    repo.git("add", "-A")
    repo.commit("a program only the base has")
    repo.git("branch", "-f", "base")
    shutil.rmtree(sub / "programs/old-only-2019")
    person = next(p for p in sorted((sub / "people").iterdir()))
    person.unlink()
    repo.edit(f"{JJ}/applications/whu-cailiao-huaxue-2026.yaml", name="改过的名称")
    (sub / f"{JJ}/decisions/2026-new-notice.yaml").write_text((sub / f"{JJ}/decisions/2025-gongshi.yaml").read_text())
    change = read_change(root, "base")
    head = load_registry(root)
    scoped = wrules.load_base(root, change, None, head)
    monkeypatch.setattr(wrules, "_base_scope", lambda root, change: ["submissions"])
    full = wrules.load_base(root, change, None, head)

    def view(reg):
        return sorted((e.file, e.kind, e.id) for e in reg.entries)

    assert view(scoped) == view(full)
    files = {f for f, _, _ in view(scoped)}
    assert "submissions/programs/old-only-2019/program.yaml" in files
    assert f"submissions/people/{person.name}" in files  # the deleted person's base version
    assert f"submissions/{JJ}/applications/whu-cailiao-huaxue-2026.yaml" in files
    assert f"submissions/{JJ}/decisions/2026-new-notice.yaml" not in files  # new on the branch
    assert sum(k == "decision" for _, k, _ in view(scoped)) > 5


def test_a_registry_in_a_subfolder_of_its_repository_is_judged_like_any_other(example, tmp_path):
    """The base is read relative to the registry root: with the registry in data/ of a larger
    repository, editing a merged decision is still refused (an empty base would wave it through)."""
    import shutil

    outer = tmp_path / "outer"
    shutil.copytree(example.root, outer / "data")
    example.root = outer
    repo = Repo(example)
    repo.root = outer / "data"
    repo.edit(f"{JJ}/applications/whu-cailiao-huaxue-2026.yaml", fields=["材料化学", "新能源"])  # in its notice
    (repo.root / f"submissions/{TP}/applications").joinpath(
        next(p.name for p in sorted((repo.root / f"submissions/{TP}/applications").iterdir()))).unlink()
    repo.commit()
    # the one in its notice, and the deleted one (completed: settled records are history too)
    assert sorted(f.record for f in repo.findings("workflow.frozen")) == ["feng-yu-ncu-2021", "whu-cailiao-huaxue-2026"]
    assert repo.findings("workflow.delete")


def test_a_changed_file_named_with_pattern_characters_keeps_its_lines(repo):
    """The patch is read for the changed paths only, by name: a name with *, ? or [ ] still gets
    its added lines (the lines privacy and first-line positions rely on), and an unchanged file
    the same characters would match as a pattern brings none."""
    from techserve.workflow.change import read_change

    source = (repo.root / "submissions/people/liu-yang-whu.yaml").read_text("utf-8")
    repo.write("people/a[1]*.yaml", source + "bio: 电话 13800138000\n")
    repo.write("people/a1x.yaml", source)
    repo.commit("base has both")
    repo.git("branch", "-f", "base")
    repo.write("people/a[1]*.yaml", source + "bio: 电话 13800138001\n")
    repo.commit()
    change = read_change(repo.root, "base")
    assert set(change.changed_lines) == {"submissions/people/a[1]*.yaml"}
    assert any(b"13800138001" in (b.data or b"") for b in change.history.blobs)


NEED = f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml"


def _history_mobiles(repo):
    return [f for f in repo.findings() if f.rule == "privacy.mobile" and "历史" in f.message + "提交说明"]


@pytest.mark.parametrize("name,content", [
    ("folded over lines", b"bio: >\n  \xe7\x94\xb5\xe8\xaf\x9d 139 1234\n  5678\n"),
    ("escaped digits", b'bio: "\\u0031\\u0033\\u0039\\x31\\x32\\x33\\x345678"\n'),
    ("a NUL byte", b"bio: 13912345678\n\x00\n"),
    ("utf-16", "bio: 电话13912345678\n".encode("utf-16")),
    ("in a comment", b"# 13912345678\nname: x\n"),
])
def test_history_reads_whole_blobs_as_the_loader_does(repo, name, content):
    """Added in one commit and removed in the next, in every form the diff-line scan missed."""
    (repo.root / f"submissions/{TP}/needs/tmp-x.yaml").write_bytes(content)
    repo.commit("add")
    (repo.root / f"submissions/{TP}/needs/tmp-x.yaml").unlink()
    repo.commit("remove")
    found = _history_mobiles(repo)
    assert found and all("13912345678" not in f.message for f in found), name
    assert "提交" in found[0].message


def test_history_behind_a_no_diff_attribute_on_main(repo):
    (repo.root / ".gitattributes").write_text("submissions/** -diff\n")
    repo.commit("attributes")
    repo.git("branch", "-f", "base")
    repo.edit(NEED, expected_outcome="有意者请联系 13912345678")
    repo.commit("add")
    repo.edit(NEED, expected_outcome="有意者请联系单位科研处")
    repo.commit("remove")
    assert len(_history_mobiles(repo)) == 1


def test_history_outside_submissions_and_in_paths_and_messages(repo):
    (repo.root / "notes.txt").write_text("张老师 13912345678\n", encoding="utf-8")
    repo.write(f"{TP}/needs/a13912345679.yaml", "x: 1\n")
    repo.commit("add notes; 联系 13912345670")
    (repo.root / "notes.txt").unlink()
    repo.git("mv", f"submissions/{TP}/needs/a13912345679.yaml", f"submissions/{TP}/needs/renamed.yaml")
    repo.commit("remove")
    found = [f for f in repo.findings() if f.rule == "privacy.mobile"]
    joined = " ".join(f.file + f.message for f in found)
    assert any(f.file == "notes.txt" for f in found)
    assert any("文件或文件夹名" in f.message for f in found)
    assert any("提交说明" in f.message for f in found)
    assert not any(n in joined for n in ("13912345678", "13912345679", "13912345670"))


def test_evidence_added_then_removed_is_named_for_the_reviewer(repo):
    (repo.root / f"submissions/{TP}/evidence").mkdir(exist_ok=True)
    (repo.root / f"submissions/{TP}/evidence/scan.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 100)
    repo.commit("add a scan")
    (repo.root / f"submissions/{TP}/evidence/scan.jpg").unlink()
    repo.commit("remove it")
    found = [f for f in repo.findings() if f.rule == "privacy.evidence-review"]
    assert [f.file for f in found] == [f"submissions/{TP}/evidence/scan.jpg"] and "历史" in found[0].message


def test_a_submodule_entry_under_submissions(repo):
    blob = repo.git("rev-parse", "HEAD").stdout.strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{blob},submissions/{TP}/needs/sub")
    repo.git("commit", "-q", "-m", "submodule")
    found = [f for f in repo.findings() if f.rule == "layout.special-file"]
    assert [f.file for f in found] == [f"submissions/{TP}/needs/sub"] and "子模块" in found[0].message


def test_a_long_line_in_history_is_scanned_in_linear_time(repo):
    import time

    (repo.root / "big.txt").write_text("a" * 131072 + "@\n", encoding="utf-8")
    repo.commit("add")
    (repo.root / "big.txt").unlink()
    repo.commit("remove")
    start = time.process_time()
    repo.findings()
    assert time.process_time() - start < 20


@pytest.mark.parametrize("cited", ["2025-chushen", "2025-lixiang"])
def test_an_approval_citing_a_decision_that_is_no_notice_is_a_finding(repo, cited):
    """check --base crashed (AttributeError, exit 2) when `notice` named a review or an approval."""
    import glob

    decisions = sorted(glob.glob(str(repo.root / f"submissions/{JJ}/decisions/*.yaml")))
    kinds = {os.path.basename(p)[:-5]: yaml.safe_load(open(p, encoding="utf-8"))["kind"] for p in decisions}
    target = next((i for i, k in kinds.items() if k == ("review" if "chushen" in cited else "approval")), None)
    assert target, kinds
    repo.write(f"{JJ}/decisions/2026-lixiang-x.yaml", f"""
        kind: approval
        date: 2026-11-30
        notice: {target}
        applications:
          - application: whu-cailiao-huaxue-2026
    """)
    repo.commit()
    assert main(["check", "--root", str(repo.root), "--as-of", "2026-12-01", "--base", "base"]) == 1
    found = [f for f in repo.findings(as_of=date(2026, 12, 1)) if f.file.endswith("2026-lixiang-x.yaml")]
    assert any(target in f.message for f in found if f.severity == "error"), [(f.rule, f.message) for f in found]


@pytest.mark.parametrize("judge", [".github/workflows/check.yml", ".gitlab-ci.yml"])
def test_a_change_to_the_judge_that_rides_with_data_is_reported(repo, judge):
    path = repo.root / judge
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# 改过的检查流程\n", encoding="utf-8")
    repo.edit(NEED, expected_outcome="形成稀土永磁晶界扩散量产工艺")
    repo.commit()
    found = repo.findings("workflow.mixed-change")
    assert found and any(judge in f.message for f in found)


def test_a_member_of_a_team_in_its_notice_is_frozen_too(repo):
    """Renaming a member's file (delete + add) would change the published roster."""
    src = repo.root / "submissions/people/liu-yang-whu.yaml"
    text = src.read_text("utf-8")
    src.unlink()
    repo.write("people/liu-yang-whu-2.yaml", text)
    repo.commit()
    found = repo.findings("workflow.frozen")
    assert [f.record for f in found] == ["liu-yang-whu"] and "申报" in found[0].message


def test_a_person_named_by_no_settled_application_may_be_edited(repo):
    people = {p.stem for p in (repo.root / "submissions/people").glob("*.yaml")}
    named = set()
    for app in (repo.root / "submissions/programs").glob("*/applications/*.yaml"):
        data = yaml.safe_load(app.read_text("utf-8"))
        named |= {m["person"] for m in data.get("members", [])} | {data.get("person")}
    free = sorted(people - named)
    assert free, "the examples have a registered person outside every team"
    repo.edit(f"people/{free[0]}.yaml", fields=["新材料", "表面处理"])
    repo.commit()
    assert repo.findings("workflow.frozen") == []


def test_a_backdated_notice_is_refused(repo):
    notice = """
        kind: notice
        date: {day}
        title: 2026年第三批公示
        applications:
          - whu-cailiao-huaxue-2026
    """
    repo.write(f"{JJ}/decisions/2026-gongshi-3.yaml", notice.format(day="2026-11-30"))
    repo.commit()
    found = repo.findings("workflow.notice-date", as_of=date(2026, 12, 1))
    assert [f.record for f in found] == ["2026-gongshi-3"] and "2026-12-01" in found[0].message
    assert repo.findings("workflow.notice-date", as_of=date(2026, 11, 30)) == []  # dated the day it is filed


def test_a_notice_and_its_approval_never_ride_in_one_change(repo):
    repo.write(f"{JJ}/decisions/2026-gongshi-3.yaml", """
        kind: notice
        date: 2026-12-01
        title: 2026年第三批公示
        applications:
          - whu-cailiao-huaxue-2026
    """)
    repo.write(f"{JJ}/decisions/2026-lixiang-3.yaml", """
        kind: approval
        date: 2026-12-31
        notice: 2026-gongshi-3
        applications:
          - application: whu-cailiao-huaxue-2026
    """)
    repo.commit()
    found = repo.findings("workflow.premature-approval", as_of=date(2026, 12, 1))
    assert any(f.record == "2026-lixiang-3" and "同一次变更" in f.message for f in found)


def test_a_lone_program_change_may_not_shorten_a_published_notice(repo):
    _shorten_notice(repo, 3)
    repo.commit()
    found = repo.findings("workflow.notice-shortened")
    assert found and all(f.file == f"submissions/{TP}/program.yaml" for f in found)
    assert {f.record for f in found} >= {"2021-10-gongshi"}
    repo.git("reset", "-q", "--hard", "base")
    _shorten_notice(repo, 6)  # lengthening is allowed
    repo.commit()
    assert repo.findings("workflow.notice-shortened") == []


SERVICE = "agreement: hust-hengsheng-2025\ndate: {day}\npeople: [li-ming-hust]\ncontent: 补登的入企服务\n"
ASSESSMENT = ("kind: assessment\ndate: {day}\nyear: 2026\nresults:\n- application: hust-zhineng-zhizao-2025\n"
              "  outcome: pass\n  grade: 合格\n")


@pytest.mark.parametrize(("kind", "days", "late"), [("service", 31, False), ("service", 32, True),
                                                    ("decision", 15, False), ("decision", 16, True)])
def test_a_record_added_long_after_its_day_is_named_for_the_reviewer(repo, kind, days, late):
    """Backfilling last month's visits (or a review dated before its deadline) passes the rules
    judged on the date written; the change check names it, at the boundary day."""
    from datetime import timedelta

    day = EXAMPLE_AS_OF - timedelta(days=days)
    if kind == "service":
        repo.write(f"{JJ}/services/hust-hengsheng-2025-late.yaml", SERVICE.format(day=day))
    else:
        repo.write(f"{JJ}/decisions/2026-niandu-kaohe-late.yaml", ASSESSMENT.format(day=day))
    repo.commit()
    found = repo.findings("workflow.late-record")
    assert [(f.severity, f"早 {days} 天" in f.message) for f in found] == ([("warning", True)] if late else [])


def test_a_backdated_notice_is_its_own_error_not_a_late_record(repo):
    repo.write(f"{JJ}/decisions/2026-gongshi-late.yaml",
               "kind: notice\ndate: 2026-10-20\ntitle: 补发的公示\napplications: [whu-cailiao-huaxue-2026]\n")
    repo.commit()
    assert repo.findings("workflow.late-record") == [] and repo.findings("workflow.notice-date")


# ---- issue 38: everything a change adds is scanned ------------------------------------------------

def test_a_gitkeep_and_a_page_outside_submissions_are_scanned(repo):
    (repo.root / "submissions/people/.gitkeep").write_text("联系 13912345678\n", encoding="utf-8")
    repo.commit("gitkeep")
    found = repo.findings("privacy.mobile")
    assert [f.file for f in found] == ["submissions/people/.gitkeep"]


def test_a_change_that_touches_only_the_guide_is_scanned(repo):
    guide = repo.root / "site/guide"
    guide.mkdir(parents=True, exist_ok=True)
    (guide / "contact.md").write_text("# 联系\n\n请发邮件到 zhangsan1990@163.com 或致电 13912345678\n", encoding="utf-8")
    repo.commit("guide")
    rules_found = {(f.file, f.rule) for f in repo.findings() if f.rule.startswith("privacy.")}
    assert rules_found == {("site/guide/contact.md", "privacy.mobile"), ("site/guide/contact.md", "privacy.email")}


def test_a_mobile_number_in_a_commit_identity_is_reported(repo):
    repo.edit(f"{TP}/needs/ganzhou-xitu-yongci-2021.yaml", expected_outcome="形成稀土永磁晶界扩散量产工艺")
    repo.git("-c", "user.email=13912345678@163.com", "-c", "user.name=张三", "commit", "-qam", "edit")
    found = [f for f in repo.findings() if f.rule == "privacy.mobile"]
    assert found and "作者或提交者" in found[0].message and "13912345678" not in found[0].message
    assert not [f for f in repo.findings() if f.rule == "privacy.email" and "作者或提交者" in f.message]


def test_moving_a_merged_service_date_back_is_a_late_record(repo):
    path = next((repo.root / "submissions" / JJ / "services").glob("hust-hengsheng-2025-2026*.yaml"))
    text = path.read_text(encoding="utf-8")
    day = next(line.split(": ")[1] for line in text.splitlines() if line.startswith("date: "))
    path.write_text(text.replace(f"date: {day}", "date: 2026-09-01"), encoding="utf-8")
    repo.commit("date moved back")
    found = repo.findings("workflow.late-record", as_of=date(2026, 11, 22))
    assert [f.file for f in found] == [str(path.relative_to(repo.root))] and f"由 {day} 改为 2026-09-01" in found[0].message
