"""techserve todo: the office's worklist from the registry's state, on the workday calendar."""

from __future__ import annotations

import json
from datetime import date

from techserve.cli import main
from techserve.office import todo
from techserve.registry import load_registry

from .conftest import REPO

JJ = "jiujiang-kjfwt-2025"


def items(as_of, program=None):
    return todo(load_registry(REPO), as_of, program)


def test_a_running_notice_and_the_first_day_its_approval_may_be_dated():
    """2026-gongshi-2 runs to 2026-11-24 (inclusive): an approval may be dated from the 25th."""
    running = [i for i in items(date(2026, 11, 22), JJ) if i.kind == "notice"]
    assert [(i.records, i.due) for i in running] == [(("2026-gongshi-2",), date(2026, 11, 24))]
    assert "2026-11-25" in running[0].what
    assert [i for i in items(date(2026, 11, 24), JJ) if i.kind == "notice"]  # the last day still runs
    after = items(date(2026, 11, 25), JJ)
    assert not [i for i in after if i.kind == "notice"]
    ready = [i for i in after if i.kind == "step" and "可以立项" in i.what]
    assert any("whu-cailiao-huaxue-2026" in i.records for i in ready)


def test_applications_waiting_for_each_step_are_listed_with_their_age():
    waiting = [i for i in items(date(2026, 11, 22)) if i.kind == "step" and "等待" in i.what]
    assert waiting and all("已等待" in i.what and i.create.startswith("submissions/programs/") for i in waiting)


def test_the_yearly_assessment_is_due_within_sixty_days_of_its_deadline():
    due = [i for i in items(date(2026, 11, 22), JJ) if i.kind == "assessment"]
    assert [i.due for i in due] == [date(2026, 12, 31)] and len(due[0].records) >= 1
    assert not [i for i in items(date(2026, 10, 31), JJ) if i.kind == "assessment"]  # 61 days before


def test_todo_command_formats(capsys):
    assert main(["todo", "--root", str(REPO), "--as-of", "2026-11-22", "--format", "json", "--no-cache"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["as_of"] == "2026-11-22" and {"program", "due", "kind", "what", "records", "create"} <= set(body["items"][0])
    assert main(["todo", "--root", str(REPO), "--as-of", "2026-11-22", "--format", "markdown", "--no-cache"]) == 0
    assert "## " in capsys.readouterr().out
    assert main(["todo", "--root", str(REPO), "--program", "no-such", "--no-cache"]) == 2


def test_a_unit_sees_only_what_it_recommended():
    """SPEC §4 `todo --unit`: a recommending unit's own applications, and the notices naming them."""
    reg = load_registry(REPO)
    mine = {e.id for e in reg.valid("application") if e.model.recommended_by == "whu"}
    got = todo(reg, date(2026, 11, 22), unit="whu")  # 武汉大学, whose team is in the running notice
    assert got and all(set(i.records) <= mine for i in got if i.kind != "notice")
    notices = [i for i in got if i.kind == "notice"]
    assert notices and all(mine & set(reg.model("decision", i.records[0]).applications) for i in notices)
    everyone = todo(reg, date(2026, 11, 22))
    assert sum(len(i.records) for i in got) < sum(len(i.records) for i in everyone)
    assert main(["todo", "--root", str(REPO), "--unit", "no-such", "--no-cache"]) == 2


def test_visits_short_this_month_and_last_month_appear_on_their_boundary(example):
    """九江 asks for two visits a month (service.frequency). On 2026-11-22 both agreements have
    their two November visits; remove one and the month's shortfall appears, due on the 30th;
    remove one of October's and, from 1 November on, last month's shortfall appears."""
    from techserve.office import todo as worklist
    from techserve.registry import load_registry

    folder = example.root / "submissions/programs/jiujiang-kjfwt-2025/services"

    def visits(day):
        return [i for i in worklist(load_registry(example.root), day, "jiujiang-kjfwt-2025") if i.kind == "visits"]

    assert visits(date(2026, 11, 22)) == []
    (folder / "hust-hengsheng-2025-20261120.yaml").unlink()
    [item] = visits(date(2026, 11, 22))
    assert item.due == date(2026, 11, 30) and "本月已入企服务 1 次" in item.what and "还需 1 次" in item.what
    (folder / "jju-ruifeng-2025-20261020.yaml").unlink()
    assert not [i for i in visits(date(2026, 10, 31)) if "10月入企服务" in i.what]  # October not over
    late = [i for i in visits(date(2026, 11, 1)) if "2026年10月入企服务 1 次" in i.what]
    assert len(late) == 1 and late[0].records == ("jju-ruifeng-2025",)


def test_jiangxi_reviews_are_due_by_the_20th_of_their_cycle(example):
    """江西 六4 每月20日前完成本月特派员申请审核: an application in before the 20th is due that 20th;
    one in on the 20th joins next month's cycle (2021-11-20 is a Saturday: the next workday)."""
    from techserve.office import todo as worklist
    from techserve.registry import load_registry

    def due(day):
        items = [i for i in worklist(load_registry(example.root), day, "jiangxi-tepaiyuan-2021")
                 if i.kind == "step" and "等待初审" in i.what]
        return items[0].due if items else None

    path = example.root / "submissions/programs/jiangxi-tepaiyuan-2021/applications/xitu-tepaituan-2021.yaml"
    text = path.read_text(encoding="utf-8")
    # the month's review (2021-10-20) taken out, so the application still waits on the 20th
    (example.root / "submissions/programs/jiangxi-tepaiyuan-2021/decisions/2021-10-shenhe.yaml").unlink()
    assert due(date(2021, 10, 16)) == date(2021, 10, 20)  # submitted 2021-10-15
    path.write_text(text.replace("submitted: 2021-10-15", "submitted: 2021-10-19"), encoding="utf-8")
    assert due(date(2021, 10, 19)) == date(2021, 10, 20)
    path.write_text(text.replace("submitted: 2021-10-15", "submitted: 2021-10-20"), encoding="utf-8")
    assert due(date(2021, 10, 20)) == date(2021, 11, 22)


def test_key_tasks_near_their_deadline_until_reported_done():
    from techserve.office import todo as worklist
    from techserve.registry import load_registry

    reg = load_registry(REPO)

    def tasks(day):
        return {i.records[0] for i in worklist(reg, day, "jiangsu-jiebang-2021") if i.kind == "task"}

    assert "24" not in tasks(date(2021, 9, 30))  # 完成时限 2021-10: 31 days away
    assert "24" in tasks(date(2021, 10, 1))
    assert "24" not in tasks(date(2021, 11, 30))  # the November 调度 reports it done
