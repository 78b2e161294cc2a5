"""techserve draft: each kind drafted on the example registry, filled, checks clean; too early is
refused in Chinese; nothing is ever overwritten; unfilled placeholders are findings."""

from __future__ import annotations

from datetime import date

import pytest

from techserve.cli import main
from techserve.office.draft import Refused, make, write
from techserve.registry import load_registry

JJ = "jiujiang-kjfwt-2025"
DAY = date(2026, 12, 1)


def _draft(example, kind, day=DAY, **kw):
    d = make(load_registry(example.root), day, kind, **kw)
    return d, write(example.root, d)


def _fill(path, **answers):
    """Fill each 请填写 as a reviewer would: the first choice the comment offers, unless told."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if ": 请填写" in line:
            key = line.split(":", 1)[0].strip()
            value = answers.get(key, "pass")
            line = line.split(": 请填写", 1)[0] + f": {value}\n"
        lines.append(line)
    path.write_text("".join(lines), encoding="utf-8")


def _clean(example, day=DAY):
    bad = [f for f in example.check(day).findings if f.severity != "info"]
    assert not bad, [f.one_line() if hasattr(f, "one_line") else f for f in bad]


def test_an_unfilled_draft_is_reported_line_by_line(example):
    d, path = _draft(example, "assessment", program=JJ, year=2026)
    found = [f for f in example.findings("draft.unfilled", as_of=DAY)]
    assert len(found) == d.text.count(": 请填写") == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all("请填写" in lines[f.line - 1] for f in found)
    _fill(path)
    _clean(example)


def test_each_blank_is_one_finding_in_the_forms_numbering(example):
    """A blank whose field refuses the placeholder (outcome) is one draft.unfilled finding, not a
    schema error beside it; paths read as the schema's (results[1]), not 0-based."""
    _draft(example, "assessment", program=JJ, year=2026)
    found = [f for f in example.check(DAY).findings if "niandu-kaohe" in f.file and f.file.startswith("submissions")
             and "2026" in f.file and f.severity != "info"]
    assert sorted(f.rule for f in found) == ["draft.unfilled", "draft.unfilled"]
    assert {f.message.split("”")[0] for f in found} == {"“results[1].outcome", "“results[2].outcome"}


@pytest.mark.parametrize("words", [("合格", "不合格"), ("通过", "不通过"), ("pass", "fail")])
def test_a_clerk_writes_the_outcome_in_chinese(example, words):
    d, path = _draft(example, "assessment", program=JJ, year=2026)
    text = path.read_text(encoding="utf-8")
    first, rest = text.split(": 请填写", 1)
    path.write_text(first + f": {words[0]}" + rest.replace(": 请填写", f": {words[1]}"), encoding="utf-8")
    _clean(example)
    reg = load_registry(example.root)
    results = reg.model("decision", path.stem).results
    assert [r.outcome for r in results] == ["pass", "fail"]


def test_a_wrong_outcome_names_the_chinese_words(example):
    d, path = _draft(example, "assessment", program=JJ, year=2026)
    path.write_text(path.read_text(encoding="utf-8").replace(": 请填写", ": 良"), encoding="utf-8")
    messages = [f.message for f in example.findings("schema", as_of=DAY) if path.name in f.file]
    assert len(messages) == 2 and all("通过、不通过" in m and "合格、不合格" in m for m in messages)


@pytest.mark.parametrize("min_days, listed", [(36, True), (37, False), (None, False)])
def test_the_assessment_draft_leaves_teams_approved_too_close_to_the_deadline(example, min_days, listed):
    """九江's deadline is 12-31; a team approved 2026-11-25 has served 36 days by then. The draft
    reads the rule's first_year_min_days (90 when unset) as the rule does."""
    _, approval = _draft(example, "approval", day=date(2026, 11, 25), notice_id="2026-gongshi-2")
    approved = [line.split(":", 1)[1].strip() for line in approval.read_text(encoding="utf-8").splitlines()
                if line.startswith("- application:")]
    assert approved
    if min_days is not None:
        program = example.root / "submissions" / "programs" / JJ / "program.yaml"
        text = program.read_text(encoding="utf-8")
        setting = f"    deadline: 12-31\n    first_year_min_days: {min_days}\n"
        program.write_text(text.replace("    deadline: 12-31\n", setting, 1), encoding="utf-8")
    d = make(load_registry(example.root), DAY, "assessment", program=JJ, year=2026)
    assert all((a in d.text) == listed for a in approved)
    assert "hust-zhineng-zhizao-2025" in d.text  # approved 2025: assessed in 2026 whatever the setting


def test_a_placeholder_written_with_an_escape_is_still_unfilled(example):
    """The checker skips files whose text does not hold 请填写; an escaped one must not slip by."""
    d, path = _draft(example, "assessment", program=JJ, year=2026)
    text = path.read_text(encoding="utf-8")
    escaped = text.replace(": 请填写", ': "\\u8bf7\\u586b\\u5199"').replace("请填写", "填")
    path.write_text(escaped, encoding="utf-8")
    assert text.count(": 请填写") == 2 and "请填写" not in escaped
    assert len(example.findings("draft.unfilled", as_of=DAY)) == 2


def test_initial_review_lists_who_waits_and_checks_clean_once_filled(example):
    d, path = _draft(example, "review", program=JJ, stage="initial")
    assert "hust-gongye-hulian-2025" in d.text and "stage: initial" in d.text
    _fill(path)
    _clean(example)


def test_expert_review_needs_a_draw_covering_its_applications(example):
    with pytest.raises(Refused, match="专家抽取"):
        make(load_registry(example.root), DAY, "review", program=JJ, stage="expert")


def test_notice_is_titled_and_lists_the_shortlisted(example):
    d, path = _draft(example, "notice", program=JJ)
    assert "拟入选名单公示" in d.text and "shu-yejin-2025" in d.text and "至 2026-12-05（含当日）" in d.text
    _clean(example)


def test_approval_is_refused_inside_its_notice_and_drafted_the_first_day_after(example):
    # 2026-gongshi-2: 2026-11-20, five calendar days, ends 2026-11-24 (a Tuesday)
    with pytest.raises(Refused, match="最早在 2026-11-25"):
        make(load_registry(example.root), date(2026, 11, 24), "approval", notice_id="2026-gongshi-2")
    d, path = _draft(example, "approval", day=date(2026, 11, 25), notice_id="2026-gongshi-2")
    assert "funding_wan: 10" in d.text  # every member from outside 九江: 10 万 (funding.amount)
    _clean(example, date(2026, 11, 25))


def test_approval_fills_the_inside_amount_for_a_team_with_a_local_member(example):
    reg = load_registry(example.root)
    d = make(reg, DAY, "approval", notice_id="2026-gongshi-1")
    assert "funding_wan: 10" in d.text
    # the first batch's team with a 九江 member instead (its unit moved to 九江)
    app = reg.model("application", "nwpu-fuhe-cailiao-2026")
    unit = reg.model("person", app.members[0].person).unit
    path = example.root / "submissions" / "units" / f"{unit}.yaml"
    text = path.read_text(encoding="utf-8")
    city = next(line for line in text.splitlines() if line.startswith("city:"))
    path.write_text(text.replace(city, "city: 九江市"), encoding="utf-8")
    assert "funding_wan: 2" in make(load_registry(example.root), DAY, "approval", notice_id="2026-gongshi-1").text


def test_payment_due_in_its_year_and_refused_before_or_past_the_support_years(example):
    (example.root / "submissions" / "programs" / JJ / "decisions" / "2026-bofu.yaml").unlink()
    # approved 2025-07-01: year 2 runs 2026-07-01 to 2027-06-30
    with pytest.raises(Refused, match="2026-07-01"):
        make(load_registry(example.root), date(2026, 6, 30), "payment", program=JJ, year=2)
    assert make(load_registry(example.root), date(2026, 7, 1), "payment", program=JJ, year=2)
    d, path = _draft(example, "payment", program=JJ, year=2)
    assert "hust-zhineng-zhizao-2025" in d.text and "jju-xincailiao-2025" in d.text
    assert "wtu-fangzhi-2025" not in d.text  # exited after its 2025 assessment
    assert "amount_wan: 10" in d.text and "amount_wan: 2" in d.text  # what each approval fixed
    _clean(example)
    with pytest.raises(Refused, match="最多 2 年"):
        make(load_registry(example.root), DAY, "payment", program=JJ, year=3)


def test_a_draft_never_overwrites(example):
    d1, p1 = _draft(example, "assessment", program=JJ, year=2026)
    p1.write_text(p1.read_text(encoding="utf-8") + "# 已修改\n", encoding="utf-8")
    before = p1.read_bytes()
    d2, p2 = _draft(example, "assessment", program=JJ, year=2026)
    assert p2 != p1 and p2.name == "2026-niandu-kaohe-2.yaml" and p1.read_bytes() == before


def test_the_command(example, capsys):
    assert main(["draft", "notice", "--root", str(example.root), "--program", JJ, "--date", "2026-12-01"]) == 0
    assert "已起草 submissions/programs/jiujiang-kjfwt-2025/decisions/2026-gongshi.yaml" in capsys.readouterr().out
    assert main(["draft", "approval", "--root", str(example.root), "--notice", "nope", "--date", "2026-12-01"]) == 1
    assert "未起草：没有公示“nope”" in capsys.readouterr().err


def test_every_draft_command_todo_names_runs(example, capsys):
    import shlex

    from techserve.office import todo

    commands = [c.strip() for i in todo(load_registry(example.root), DAY) for c in i.draft.split(";") if c.strip()]
    assert any("draft approval" in c for c in commands) and any("draft assessment" in c for c in commands)
    for c in commands:
        argv = shlex.split(c)[1:] + ["--root", str(example.root), "--date", "2026-12-01", "--stdout"]
        code = main(argv)
        err = capsys.readouterr().err
        # an expert review waits for its draw: refused, saying so
        assert code == 0 or ("--stage expert" in c and "专家抽取" in err), (c, err)


def test_a_drawn_panel_is_the_one_the_seed_gives_and_checks_clean(example, capsys):
    with pytest.raises(Refused, match="抽取预告"):  # no plan yet: nothing to draw
        make(load_registry(example.root), DAY, "draw", program=JJ, seed="11837.40")
    plan, _ = _draft(example, "drawplan", program=JJ)
    assert "nwpu-hangkong-2025" in plan.text and "seed_date: 2026-12-03" in plan.text  # two workdays on
    with pytest.raises(Refused, match="种子日期是 2026-12-03"):
        make(load_registry(example.root), DAY, "draw", program=JJ, seed="11837.40")
    later = date(2026, 12, 3)
    with pytest.raises(Refused, match="--seed"):
        make(load_registry(example.root), later, "draw", program=JJ, seed=" ")
    d = make(load_registry(example.root), later, "draw", program=JJ, seed="11837.40")
    assert "nwpu-hangkong-2025" in d.text and "panel:" in d.text and "2026-12-03 深证成指收盘点位 11837.40" in d.text
    path = write(example.root, d)
    _clean(example, later)
    assert main(["draw", path.stem, "--root", str(example.root), "--verify"]) == 0
    assert "复核通过" in capsys.readouterr().out
    # then the expert review drafts against that draw
    review, _ = _draft(example, "review", later, program=JJ, stage="expert")
    assert f"draw: {path.stem}" in review.text


def _file_errors(example, path, day=DAY):
    rel = path.relative_to(example.root).as_posix()
    return [f for f in example.check(day).findings if f.file == rel and f.severity == "error"]


def test_progress_asks_for_each_reported_target_and_task(example):
    d, path = _draft(example, "progress", program="yingtan-xuqiu-2025")
    assert "target: jishu-hetong" in d.text and "year: 2025" in d.text  # its period ended in 2025
    _fill(path, value="3", status="推进中")
    assert _file_errors(example, path) == []


def test_evaluation_drafts_the_earliest_ended_agreement_with_its_parties(example):
    (example.root / "submissions/programs/jiangxi-tepaiyuan-2021/decisions/2022-05-pingjia-qian-lu.yaml").unlink()
    d, path = _draft(example, "evaluation", program="jiangxi-tepaiyuan-2021")
    assert "agreement: qian-lu-lvyuan-2021" in d.text
    assert [line.split(":")[1].split("#")[0].strip() for line in d.text.splitlines() if line.startswith("- party:")] == [
        "commissioner", "enterprise", "liaison"]
    _fill(path, rating="好")
    # late (served ended 2022-04-30) is a warning of evaluation.three-party; nothing is an error
    assert _file_errors(example, path) == []
    with pytest.raises(Refused, match="没有配置三方评价"):
        make(load_registry(example.root), DAY, "evaluation", program=JJ)


def test_acceptance_lists_the_completed_projects_not_yet_accepted(example):
    (example.root / "submissions/programs/jingdezhen-ruqi-2020/decisions/2021-10-yanshou.yaml").unlink()
    d, path = _draft(example, "acceptance", program="jingdezhen-ruqi-2020")
    assert d.text.count("- application:") >= 1
    _fill(path)
    assert _file_errors(example, path) == []
    (path).unlink()
    (example.root / "submissions/programs/jingdezhen-ruqi-2020/decisions/2021-07-yanshou.yaml").unlink()
    assert make(load_registry(example.root), DAY, "acceptance", program="jingdezhen-ruqi-2020").text.count("- application:") == 2


def test_recommendation_lists_a_units_passed_applications_not_yet_sent(example):
    """江西 六4: the unit's 推荐清单 names what passed the initial review and no list sent has named."""
    decisions = example.root / "submissions/programs/jiangxi-tepaiyuan-2021/decisions"
    for unit in ("ncu", "jxust"):
        (decisions / f"2021-09-tuijian-{unit}.yaml").unlink()
    reg = load_registry(example.root)
    with pytest.raises(Refused, match="请用 --unit 指明推荐单位：jxust（2 份）、ncu（3 份）"):
        make(reg, date(2021, 9, 22), "recommendation", program="jiangxi-tepaiyuan-2021")
    d, path = _draft(example, "recommendation", day=date(2021, 9, 22), program="jiangxi-tepaiyuan-2021", unit="jxust")
    assert "unit: jxust" in d.text and d.text.count("\n- ") == 2 and "tang-kai-jxust-2021" in d.text
    _fill(path, note="EMS 寄送")
    assert _file_errors(example, path) == []
    with pytest.raises(Refused, match="没有通过初审、尚未寄送推荐清单的申请"):
        make(load_registry(example.root), date(2021, 9, 22), "recommendation", program="jiangxi-tepaiyuan-2021",
             unit="jxust")
