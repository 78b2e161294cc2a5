"""The expert draw cannot be steered (issue 38, attack 6): a draw plan (kind: drawplan) names the
seed's source and day, the applications, the size and the pool, and must be on main — public on
the site — before that day. The draw uses that day's value. An office that tries seeds until the
wanted experts come up, or writes the plan after seeing the number, is caught by the check and
by `draw --verify`."""

from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest

from techserve.cli import main
from techserve.registry import load_registry
from techserve.registry.draw import draw_panel, excluded_experts

from .conftest import check
from .test_workflow import JJ, Repo

PLAN = f"submissions/{JJ}/decisions/2026-zhuanjia-chouqu-yugao-2.yaml"
DRAW = f"submissions/{JJ}/decisions/2026-zhuanjia-chouqu-2.yaml"
APPS = ["nwpu-hangkong-2025"]


def _plan_text(seed_date: str = "2026-12-09", size: int = 3) -> str:
    return f"""
        kind: drawplan
        date: 2026-12-07
        seed_source: 深证成指收盘点位
        seed_date: {seed_date}
        size: {size}
        applications: [{", ".join(APPS)}]
        pool: [chen-jing-jju, du-wei-kust, fang-ning-seu, hu-yan-xjtu, jiang-tao-csu, qin-yue-seu]
    """


def _commit_on(repo: Repo, when: str, message: str) -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{when}T10:00:00+08:00", "GIT_AUTHOR_DATE": f"{when}T09:00:00+08:00"}
    subprocess.run(["git", "-C", str(repo.root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo.root), "commit", "-q", "-m", message], check=True, env=env)
    repo.git("branch", "-f", "base")


def _draw(repo: Repo, seed: str, panel: list[str] | None = None, day: str = "2026-12-09") -> list[str]:
    reg = load_registry(repo.root)
    pool = ["chen-jing-jju", "du-wei-kust", "fang-ning-seu", "hu-yan-xjtu", "jiang-tao-csu", "qin-yue-seu"]
    program = reg.model("program", JJ.rsplit("/", 1)[1])
    expected = draw_panel(seed, pool, excluded_experts(reg, program, APPS, pool), 3)
    repo.write(f"{JJ}/decisions/2026-zhuanjia-chouqu-2.yaml", f"""
        kind: draw
        date: {day}
        plan: 2026-zhuanjia-chouqu-yugao-2
        seed: "{seed}"
        size: 3
        applications: [{", ".join(APPS)}]
        panel: [{", ".join(panel or expected)}]
    """)
    return expected


def _draw_findings(repo: Repo, day: date = date(2026, 12, 9), base: str | None = None) -> list:
    """expert.draw as main's full check sees it, or a pull request's change check against `base`."""
    return [f for f in check(repo.root, day, base=base).findings if f.rule == "expert.draw"]


def _planned(example, merged_on: str = "2026-12-07") -> Repo:
    """The plan (seed day 2026-12-09) reaching main on `merged_on`."""
    repo = Repo(example)
    repo.write(f"{JJ}/decisions/2026-zhuanjia-chouqu-yugao-2.yaml", _plan_text())
    _commit_on(repo, merged_on, "draw plan")
    return repo


@pytest.mark.parametrize(("merged_on", "steerable"), [("2026-12-08", False), ("2026-12-09", True)])
def test_a_plan_counts_from_its_merge_and_must_precede_its_seed_day(example, capsys, merged_on, steerable):
    """Dated 12-07 for the seed of 12-09 either way: merged the day before the seed day it is in
    advance; merged on the seed day itself, the number was already out."""
    repo = _planned(example, merged_on)
    _draw(repo, "2026-12-09 深证成指收盘点位 11837.40")
    _commit_on(repo, "2026-12-10", "draw")
    found = _draw_findings(repo, date(2026, 12, 10))
    code = main(["draw", "2026-zhuanjia-chouqu-2", "--verify", "--root", str(repo.root)])
    out = capsys.readouterr()
    if steerable:
        [f] = found
        assert f.file == PLAN and "2026-12-09" in f.message and "公开" in f.message
        assert code == 1 and "可能是先看到再定的" in out.err
    else:
        assert found == [] and code == 0
        assert f"于 {merged_on} 公开" in out.out and "无法挑选" in out.out and "复核通过" in out.out


def test_a_plan_in_a_pull_request_counts_as_public_today(example):
    """Not yet on main, the plan is public no earlier than the check's day: a seed day that is
    today or past fails at once, a later one passes."""
    repo = Repo(example)
    repo.write(f"{JJ}/decisions/2026-zhuanjia-chouqu-yugao-2.yaml", _plan_text("2026-12-09"))
    repo.commit("draw plan, in review")
    assert [f.file for f in _draw_findings(repo, date(2026, 12, 9), "base")] == [PLAN]
    assert _draw_findings(repo, date(2026, 12, 8), "base") == []


def test_a_seed_off_the_plan_or_a_panel_from_another_seed(example):
    repo = _planned(example)
    # another source's number, tried until it suits; the plan's words without a number
    for seed in ("2026-12-09 上证指数收盘 3301.12", "2026-12-09 深证成指收盘点位 "):
        _draw(repo, seed)
        repo.commit("draw")
        assert any("不能另选来源或日期" in f.message for f in _draw_findings(repo)), seed
    # the plan's seed, but a panel someone chose
    expected = _draw(repo, "2026-12-09 深证成指收盘点位 11837.40")
    chosen = sorted({"chen-jing-jju", "du-wei-kust", "fang-ning-seu", "hu-yan-xjtu", "jiang-tao-csu",
                     "qin-yue-seu"} - set(expected))[:3]
    _draw(repo, "2026-12-09 深证成指收盘点位 11837.40", panel=chosen)
    repo.commit("draw, chosen")
    assert any("应为" in f.message for f in _draw_findings(repo))


def test_a_draw_before_its_seed_day_or_without_a_plan(example):
    repo = _planned(example)
    _draw(repo, "2026-12-09 深证成指收盘点位 11837.40", day="2026-12-08")
    repo.commit("draw a day early")
    assert any("早于抽取预告规定的种子日期" in f.message for f in _draw_findings(repo))
    text = (repo.root / DRAW).read_text(encoding="utf-8").replace("plan: 2026-zhuanjia-chouqu-yugao-2\n", "")
    (repo.root / DRAW).write_text(text, encoding="utf-8")
    repo.commit("no plan")
    assert any("抽取预告（plan 字段" in f.message for f in _draw_findings(repo))
