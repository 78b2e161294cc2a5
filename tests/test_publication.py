"""A 公示 counts from the day the public could see it (registry.published): the first-parent commit
on main that added it, which no pull request can write. A notice merged a week after its date
keeps all its objection days; an approval cannot be dated or submitted before they are over."""

from __future__ import annotations

import os
import subprocess
from datetime import date

from techserve.cli import main
from techserve.registry import load_registry
from techserve.registry.published import first_published
from techserve.registry.status import derive

from .conftest import check
from .test_workflow import JJ, Repo

NOTICE = """
    kind: notice
    date: 2026-12-07
    title: 2026年九江市科技服务团卓越行动拟入选名单公示（第三批）
    applications:
    - shu-yejin-2025
"""
PATH = f"submissions/{JJ}/decisions/2026-gongshi-3.yaml"


def _merge_late(repo: Repo, when: str) -> None:
    """The notice reaches main (a first-parent commit) on `when`, China time."""
    repo.write(f"{JJ}/decisions/2026-gongshi-3.yaml", NOTICE)
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{when}T10:00:00+08:00", "GIT_AUTHOR_DATE": "2026-12-07T09:00:00+08:00"}
    subprocess.run(["git", "-C", str(repo.root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo.root), "commit", "-q", "-m", "notice"], check=True, env=env)
    repo.git("branch", "-f", "base")


def test_a_notice_merged_late_counts_from_its_merge(example):
    repo = Repo(example)
    _merge_late(repo, "2026-12-14")
    reg = load_registry(repo.root)
    assert reg.published is not None and reg.published[PATH] == date(2026, 12, 14)
    # counted from its date it would have ended on 12-11, before anybody saw it
    book = derive(reg, date(2026, 12, 15))
    assert book.notice_end["2026-gongshi-3"] == date(2026, 12, 18)
    assert book.of("shu-yejin-2025") == "in_notice"
    assert derive(reg, date(2026, 12, 19)).of("shu-yejin-2025") == "notice_ended"


def test_an_approval_before_the_published_notice_ends_is_premature(example):
    repo = Repo(example)
    _merge_late(repo, "2026-12-14")
    repo.write(f"{JJ}/decisions/2026-lixiang-3.yaml", """
        kind: approval
        date: 2026-12-15
        notice: 2026-gongshi-3
        applications:
        - application: shu-yejin-2025
          funding_wan: 10
    """)
    repo.commit("approval")
    found = [f for f in check(repo.root, date(2026, 12, 15), base="base").findings
             if f.rule == "workflow.premature-approval"]
    assert found and "2026-12-18" in found[0].message


def test_the_draft_approval_waits_for_the_published_end(example, capsys):
    repo = Repo(example)
    _merge_late(repo, "2026-12-14")
    args = ["draft", "approval", "--notice", "2026-gongshi-3", "--root", str(repo.root), "--stdout"]
    assert main([*args, "--date", "2026-12-16"]) != 0
    err = capsys.readouterr().err
    assert "2026-12-18 才结束" in err and "最早在 2026-12-19" in err  # the day after, which the check accepts
    assert main([*args, "--date", "2026-12-19"]) == 0


def test_a_notice_merged_on_its_day_is_unchanged_and_imported_notices_count_from_their_date(example):
    repo = Repo(example)
    _merge_late(repo, "2026-12-07")
    book = derive(load_registry(repo.root), date(2026, 12, 8))
    assert book.notice_end["2026-gongshi-3"] == date(2026, 12, 11)
    # the examples' own notices (dated on or before notice.imported_until) were published on the
    # office's website before the registry: committed today, they still count from their date
    assert book.notice_end["2026-gongshi-2"] < date(2026, 12, 1)


def test_an_unmerged_notice_is_not_public_yet(example):
    """In the working tree but not on main: its days have not started."""
    repo = Repo(example)
    repo.write(f"{JJ}/decisions/2026-gongshi-3.yaml", NOTICE)
    reg = load_registry(repo.root)
    assert PATH not in (reg.published or {})
    assert derive(reg, date(2026, 12, 20)).notice_end["2026-gongshi-3"] == date(2026, 12, 24)


def test_history_a_clone_does_not_have_says_nothing(example, tmp_path):
    repo = Repo(example)
    _merge_late(repo, "2026-12-14")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow)], check=True)
    assert first_published(shallow) is None
    assert first_published(tmp_path / "nowhere") is None
    assert derive(load_registry(shallow), date(2026, 12, 15)).notice_end["2026-gongshi-3"] == date(2026, 12, 11)


def test_the_notice_page_shows_when_it_became_public_and_runs_from_then(example):
    from techserve.pages import generate

    repo = Repo(example)
    _merge_late(repo, "2026-12-14")
    page = generate(load_registry(repo.root), date(2026, 12, 15), beside=False)["notices/2026-gongshi-3.md"]
    assert "本站公开于" in page and "2026年12月14日" in page and "公示中" in page and "2026年12月18日" in page
    ended = generate(load_registry(repo.root), date(2026, 12, 19), beside=False)["notices/2026-gongshi-3.md"]
    assert "已结束" in ended
