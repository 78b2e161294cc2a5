"""The rest of the life cycle, written from its clauses: 九江 seed 000 六 (考核不合格的团队、成员退出),
江西 seed 002 五6 (如需要更换特派员或终止服务，在线提出申请并经相关部门同意) and 五7 (三方评价),
景德镇 seed 001 四（三）(入企人员在期满结束时，市科技局将组织工作、项目验收), 江苏 seed 004 五（一）
(按照重点任务……卡住时间节点) and the numbers the seeds set (江苏 10/50/40/200/6/2, 鹰潭 15/48/92/44/30)."""

from __future__ import annotations

from datetime import date

from techserve.registry import load_registry
from techserve.registry.status import derive
from techserve.registry.targets import measure

from .rulekit import Kit, dump

SIZE = {"rule": "team.size", "params": {"min": 3, "max": 5}}


def team_kit(tree, rules=(), members=("a", "b", "c", "d"), **program):
    k = Kit(tree, list(rules), **program)
    for p in (*members, "x", "y"):
        k.person(p)
    k.team("t", list(members))
    k.approve(["t"])  # approved 2025-06-10
    k.agreement("g", start="2025-07-01", end="2026-06-30", application="t",
                parties=["u-home", "ent", *members])
    return k


def serve(k, sid, day, people, agreement="g"):
    k.tree.write(f"programs/p/services/{sid}.yaml", dump({"agreement": agreement, "date": day, "people": list(people),
                                                          "content": "入企服务"}))


def exit_member(k, did, day, person, app="t"):
    k.decision(did, kind="termination", date=day, application=app, person=person, reason="考核不合格，成员退出")


def replace(k, did, day, leaves, joins, **target):
    k.decision(did, kind="replacement", date=day, leaves=leaves, joins=joins, reason="经同意更换", **target)


# ---- roster.change ---------------------------------------------------------------------------

def test_a_member_exits_or_is_replaced_only_after_the_approval(tree):
    k = team_kit(tree)
    exit_member(k, "out", "2025-06-10", "d")  # the approval day itself
    assert k.found("roster.change") == []
    exit_member(k, "out", "2025-06-09", "d")
    [f] = k.found("roster.change")
    assert f.record == "out" and "尚未立项" in f.message and f.clause == ""  # the program cites no clause


def test_an_always_on_rule_cites_the_clause_its_own_program_configured(tree):
    k = team_kit(tree, clauses={"roster.change": "六 成员退出（测试）"})
    exit_member(k, "out", "2025-06-09", "d")
    [f] = k.found("roster.change")
    assert f.clause == "六 成员退出（测试）"


def test_who_leaves_must_be_on_the_team_that_day_and_who_joins_must_not(tree):
    k = team_kit(tree)
    replace(k, "r1", "2025-08-01", "d", "x", application="t")
    assert k.found("roster.change") == []
    replace(k, "r2", "2025-09-01", "d", "y", application="t")  # d already left on 08-01
    replace(k, "r3", "2025-09-02", "a", "b", application="t")  # b is on the team
    found = {f.record: f.message for f in k.found("roster.change")}
    assert set(found) == {"r2", "r3"}
    assert "不是团队" in found["r2"] and "已是团队" in found["r3"]


def test_an_individual_application_has_no_member_to_exit(tree):
    k = Kit(tree, [])
    k.person("a")
    k.individual("i", "a")
    k.approve(["i"])
    exit_member(k, "out", "2025-08-01", "a", app="i")
    [f] = k.found("roster.change")
    assert "个人申报" in f.message


def solo_kit(tree):
    """One commissioner (a) on agreement `solo`, 2025-03-01 to 2025-12-31; x is registered too."""
    k = Kit(tree, [])
    for p in ("a", "x"):
        k.person(p)
    k.agreement("solo", start="2025-03-01", end="2025-12-31", person="a", parties=["u-home", "ent", "a"])
    return k


def test_replacing_the_commissioner_on_an_agreement_after_it_was_signed(tree):
    k = solo_kit(tree)
    replace(k, "r", "2025-03-01", "a", "x", agreement="solo")
    assert k.found("roster.change") == []
    replace(k, "r", "2025-02-28", "a", "x", agreement="solo")
    [f] = k.found("roster.change")
    assert "才签订" in f.message


def test_a_replacement_must_name_two_people_and_one_target(tree):
    k = team_kit(tree)
    replace(k, "same", "2025-08-01", "d", "d", application="t")
    replace(k, "both", "2025-08-01", "d", "x", application="t", agreement="g")
    errors = {f.record for f in tree.check(date(2026, 11, 22)).findings if f.rule == "schema"}
    assert {"same", "both"} <= errors


# ---- service.people ----------------------------------------------------------------------------

def test_after_an_exit_the_member_no_longer_records_services(tree):
    k = team_kit(tree)
    exit_member(k, "out", "2025-09-01", "d")
    serve(k, "s1", "2025-08-31", ["a", "d"])  # the day before the exit
    serve(k, "s2", "2025-09-01", ["a", "d"])
    [f] = k.found("service.people")
    assert f.record == "s2" and "人员d" in f.message and f.line > 0


def test_after_a_replacement_the_newcomer_serves_and_the_leaver_does_not(tree):
    k = team_kit(tree)
    replace(k, "r", "2025-10-01", "d", "x", application="t")
    serve(k, "before", "2025-09-30", ["d"])
    serve(k, "newcomer", "2025-10-01", ["x"])
    assert k.found("service.people") == []
    serve(k, "stranger", "2025-09-30", ["x"])  # not yet on the team
    serve(k, "leaver", "2025-10-01", ["d"])
    assert {f.record for f in k.found("service.people")} == {"stranger", "leaver"}


def test_a_commissioner_replaced_on_the_agreement(tree):
    k = solo_kit(tree)
    replace(k, "r", "2025-06-01", "a", "x", agreement="solo")
    serve(k, "s1", "2025-05-31", ["a"], agreement="solo")
    serve(k, "s2", "2025-06-01", ["x"], agreement="solo")
    assert k.found("service.people") == []
    serve(k, "s3", "2025-06-02", ["a"], agreement="solo")
    assert [f.record for f in k.found("service.people")] == ["s3"]


# ---- team.size after changes ---------------------------------------------------------------------

def test_an_exit_may_not_leave_the_team_below_its_minimum(tree):
    k = team_kit(tree, [SIZE])
    exit_member(k, "out1", "2025-09-01", "d")  # 4 → 3
    assert k.found("team.size") == []
    exit_member(k, "out2", "2025-10-01", "c")  # 3 → 2
    [f] = k.found("team.size")
    assert f.record == "out2" and "只有 2 名成员" in f.message


def test_a_replacement_keeps_the_size(tree):
    k = team_kit(tree, [SIZE], members=("a", "b", "c"))
    replace(k, "r", "2025-09-01", "c", "x", application="t")
    assert k.found("team.size") == []


def test_the_team_page_shows_who_left_and_who_joined_but_the_notice_does_not(tree):
    from techserve.pages.public import Public

    k = team_kit(tree)
    replace(k, "r", "2025-10-01", "d", "x", application="t")
    reg = load_registry(tree.root)
    public = Public(reg, derive(reg, date(2026, 1, 1)))
    entry = reg.get("application", "t")
    now = {m["id"]: m for m in public.application(entry, current=True)["members"]}
    assert now["d"]["left"] == "2025-10-01" and now["x"]["joined"] == "2025-10-01"
    published = [m["id"] for m in public.application(entry)["members"]]
    assert published == ["a", "b", "c", "d"]


# ---- assessment.final (期满验收) -------------------------------------------------------------------

FINAL = {"rule": "assessment.final", "params": {"within_days": 60, "term": "agreement"}}


def accept(k, did, day, app="t"):
    k.decision(did, kind="acceptance", date=day, results=[{"application": app, "outcome": "pass", "grade": "合格"}])


def test_acceptance_is_due_within_the_days_after_the_agreement_ends(tree):
    k = team_kit(tree, [FINAL])  # agreement ends 2026-06-30; due 2026-08-29
    assert k.found("assessment.final", as_of="2026-08-29") == []
    [f] = k.found("assessment.final", as_of="2026-08-30")
    assert f.record == "t" and "仍没有验收结论" in f.message
    accept(k, "ys", "2026-08-29")
    assert k.found("assessment.final", as_of="2026-11-22") == []


def test_acceptance_not_before_the_term_ends_nor_late(tree):
    k = team_kit(tree, [FINAL])
    accept(k, "early", "2026-06-29")  # the day before the term ends
    assert "期满时才能验收" in k.found("assessment.final")[0].message
    accept(k, "early", "2026-06-30")  # 景德镇 四 在期满结束时: the last day of the term itself
    assert k.found("assessment.final") == []
    accept(k, "early", "2026-08-30")
    [f] = k.found("assessment.final")
    assert f.record == "early" and "晚于 60 天的期限" in f.message


def test_acceptance_follows_a_termination_and_skips_an_exited_project(tree):
    k = team_kit(tree, [FINAL])
    k.decision("stop", kind="termination", date="2025-12-01", agreement="g", reason="企业停产")
    [f] = k.found("assessment.final", as_of="2026-01-30")  # last active day 2025-11-30 + 60
    assert "2025-11-30 期满" in f.message
    k.decision("stop", kind="termination", date="2025-12-01", application="t", reason="团队退出")
    assert k.found("assessment.final") == []


def test_acceptance_by_the_program_term(tree):
    k = Kit(tree, [{**FINAL, "params": {"within_days": 30}}], term_years=1)
    for p in ("a", "b", "c"):
        k.person(p)
    k.team("t", ["a", "b", "c"])
    k.approve(["t"])  # term ends 2026-06-10
    assert k.found("assessment.final", as_of="2026-07-10") == []
    assert len(k.found("assessment.final", as_of="2026-07-11")) == 1


# ---- evaluation.three-party (三方评价) ---------------------------------------------------------------

THREE = {"rule": "evaluation.three-party",
         "params": {"parties": ["commissioner", "enterprise", "liaison"], "within_days": 30}}


def rate(k, did, day, parties, agreement="g"):
    k.decision(did, kind="evaluation", date=day, agreement=agreement,
               ratings=[{"party": p, "rating": "好"} for p in parties])


def test_every_party_evaluates_within_the_days_after_the_service(tree):
    k = team_kit(tree, [THREE])  # service ends 2026-06-30; due 2026-07-30
    assert k.found("evaluation.three-party", as_of="2026-07-30") == []
    [f] = k.found("evaluation.three-party", as_of="2026-07-31")
    assert f.record == "g" and "科技特派员（团）、企业、开发区联络员（推荐单位）未评价" in f.message
    rate(k, "e1", "2026-07-05", ["commissioner", "enterprise"])
    [f] = k.found("evaluation.three-party")
    assert f.message.endswith("开发区联络员（推荐单位）未评价")
    rate(k, "e2", "2026-07-06", ["liaison"])
    assert k.found("evaluation.three-party") == []


def test_each_party_evaluates_once_and_not_before_the_service_begins(tree):
    k = team_kit(tree, [THREE])
    rate(k, "e1", "2025-07-01", ["commissioner", "enterprise", "liaison"])  # the first service day
    assert k.found("evaluation.three-party") == []
    rate(k, "e2", "2025-06-30", ["enterprise"])  # earlier, so e1's enterprise rating is the second
    found = {f.record: f.message for f in k.found("evaluation.three-party")}
    assert set(found) == {"e1", "e2"}
    assert "早于服务开始日期 2025-07-01" in found["e2"] and "企业已对“团队t”与“企业ent”的协议（g）作过评价" in found["e1"]


# ---- task.deadline and the progress report ------------------------------------------------------

TASKS = [{"title": "任务一", "deadline": "2025-10", "lead_unit": "处室"},
         {"title": "任务二", "deadline": "持续推进", "lead_unit": "处室"}]
TASK = {"rule": "task.deadline", "severity": "warning", "params": {"grace_days": 31}}


def test_a_task_is_reported_done_by_its_deadline_plus_grace(tree):
    k = Kit(tree, [TASK], tasks=TASKS)  # 2025-10 → 2025-10-31, +31 → 2025-12-01
    assert k.found("task.deadline", as_of="2025-12-01") == []
    [f] = k.found("task.deadline", as_of="2025-12-02")
    assert "没有任何调度" in f.message and f.file.endswith("program.yaml") and f.line > 0
    k.decision("d1", kind="progress", date="2025-11-20", tasks=[{"task": 1, "status": "推进中"}])
    [f] = k.found("task.deadline")
    assert "报告为“推进中”" in f.message
    k.decision("d2", kind="progress", date="2025-12-01", tasks=[{"task": 1, "status": "已完成"}])
    assert k.found("task.deadline") == []
    k.decision("d2", kind="progress", date="2025-12-02", tasks=[{"task": 1, "status": "已完成"}])
    [f] = k.found("task.deadline")
    assert "才报告完成" in f.message


def test_a_deadline_that_is_no_real_month_is_a_schema_error_not_a_crash(tree):
    k = Kit(tree, [TASK], tasks=[{"title": "任务", "deadline": "2025-13", "lead_unit": "处室"}])
    report = tree.check(date(2026, 11, 22))
    assert [f.rule for f in report.findings if "完成时限" in f.message] == ["schema"]
    assert k.found("task.deadline") == []


def test_progress_names_only_reported_targets_and_listed_tasks(tree):
    targets = [{"id": "he", "title": "技术合同成交额", "goal": 92, "count": "reported", "unit": "亿元"},
               {"id": "xq", "title": "需求", "goal": 150, "count": "needs"}]
    k = Kit(tree, [], tasks=TASKS, targets=targets)
    k.decision("d", kind="progress", date="2025-06-01", values=[{"target": "he", "value": 40}],
               tasks=[{"task": 2, "status": "推进中"}])
    assert k.found("progress.target") == []
    k.decision("d", kind="progress", date="2025-06-01", values=[{"target": "xq", "value": 40}],
               tasks=[{"task": 3, "status": "推进中"}])
    found = [f.message for f in k.found("progress.target")]
    assert len(found) == 2 and any("自动统计" in m for m in found) and any("没有第 3 项" in m for m in found)
    # a report dated after the day of the check has not happened: only record.future-date speaks of it
    assert k.found("progress.target", as_of="2025-05-31") == []
    assert [f.record for f in k.found("record.future-date", as_of="2025-05-31")] == ["d"]


def test_reported_targets_take_the_latest_report_of_their_year(tree):
    targets = [{"id": "he", "title": "技术合同成交额", "goal": 92, "count": "reported", "year": 2025, "unit": "亿元"},
               {"id": "xq", "title": "需求", "goal": 2, "count": "needs", "year": 2025}]
    k = Kit(tree, [], targets=targets)
    k.decision("d1", kind="progress", date="2025-07-01", values=[{"target": "he", "value": 40}])
    k.decision("d2", kind="progress", date="2026-01-15", year=2025, values=[{"target": "he", "value": 93.2}])
    k.decision("d3", kind="progress", date="2026-07-01", values=[{"target": "he", "value": 50}])  # 2026's
    k.need("n2024", published="2024-12-31")
    k.need("n2025", published="2025-01-01")
    k.need("n2026", published="2026-01-01")

    def rows(as_of):
        reg = load_registry(tree.root)
        day = date.fromisoformat(as_of)
        return {r["id"]: r for r in measure(reg, derive(reg, day), day)["p"]}

    assert rows("2025-12-31")["he"]["value"] == 40
    r = rows("2026-11-22")
    assert r["he"]["value"] == 93.2 and r["he"]["reported_on"] == "2026-01-15" and r["he"]["unit"] == "亿元"
    assert r["xq"]["value"] == 1  # only the need published in 2025


def test_the_seed_numbers_are_targets(tree):
    from .conftest import REPO

    reg = load_registry(REPO)
    targets = {(p.id, t.goal, t.unit or "项") for p in reg.programs() for t in p.model.targets if t.count == "reported"}
    assert {("jiangsu-jiebang-2021", n, u) for n, u in ((10, "项"), (50, "项"), (40, "项"), (200, "家"), (6, "场"),
                                                        (2, "家"))} <= targets
    assert {("yingtan-xuqiu-2025", n, u) for n, u in ((15, "次"), (48, "项"), (92, "亿元"), (44, "项"),
                                                      (30, "项"))} <= targets
    tasks = reg.model("program", "jiangsu-jiebang-2021").tasks
    assert len(tasks) == 25 and all(t.measures for t in tasks)
    numbers = [m.split("）")[0].lstrip("（") for t in tasks for m in t.measures]
    assert numbers == [str(n) for n in range(1, 59)]


def test_a_team_that_failed_its_assessment_records_no_service_after(tree):
    """六 考核不合格的团队退出: a service after the exit is an error at that record, not months of
    service.frequency warnings."""
    k = team_kit(tree)
    k.decision("kh", kind="assessment", date="2025-12-20", year=2025,
               results=[{"application": "t", "outcome": "fail"}])
    serve(k, "before", "2025-12-19", ["a"])
    serve(k, "after", "2025-12-20", ["a"])
    found = [f for f in tree.findings("service.agreement-period", as_of=date(2026, 1, 31))]
    assert [f.record for f in found] == ["after"] and "退出" in found[0].message


# ---- composition on every day of the team's life ------------------------------------------------

PHD = {"rule": "team.min-phd", "params": {"min": 1}}
LEADER = {"rule": "team.leader", "params": {"degree": "博士"}}
MAX_TEAMS = {"rule": "person.max-teams", "params": {"max": 2, "degree": "博士"}}


def doctors_kit(tree, rules):
    """Team t: leader a (博士) and b, c, d (硕士); x (硕士) and y (博士) are registered too."""
    k = Kit(tree, list(rules))
    k.person("a")
    for p in ("b", "c", "d", "x"):
        k.person(p, degree="硕士", title="讲师", level="中级")
    k.person("y")
    k.team("t", ["a", "b", "c", "d"])
    k.approve(["t"])
    return k


def test_replacing_the_only_doctor_with_a_master_breaks_min_phd_from_that_day(tree):
    """九江 二（二）: the only 博士 replaced by a 硕士 leaves the team without a doctor."""
    k = doctors_kit(tree, [PHD])
    replace(k, "r1", "2025-08-01", "a", "x", application="t")
    assert k.found("team.min-phd", as_of="2025-07-31") == []  # the day before: still a doctor
    [f] = k.found("team.min-phd", as_of="2025-08-01")
    assert f.record == "r1" and "0 名博士" in f.message
    replace(k, "r1", "2025-08-01", "a", "y", application="t")  # a doctor for a doctor
    assert k.found("team.min-phd") == []


def test_the_leader_who_leaves_is_succeeded_by_who_joins(tree):
    k = doctors_kit(tree, [LEADER])
    replace(k, "r1", "2025-08-01", "a", "x", application="t")  # a 硕士 takes over
    [f] = k.found("team.leader")
    assert f.record == "r1" and "接任团长" in f.message
    replace(k, "r1", "2025-08-01", "a", "y", application="t")
    assert k.found("team.leader") == []
    exit_member(k, "r1", "2025-08-01", "a")  # the leader leaves with no successor
    [f] = k.found("team.leader")
    assert "没有团长" in f.message


def test_a_doctor_enters_a_third_team_through_a_replacement(tree):
    """二（二）每名博士至多加入2个团: a replacement counts like applying."""
    k = doctors_kit(tree, [MAX_TEAMS])
    for p in ("m1", "m2", "m3"):
        k.person(p, degree="硕士", title="讲师", level="中级")
    k.team("u", ["y", "m1"], submitted="2025-05-02")
    k.team("v", ["y", "m2"], submitted="2025-05-03")
    k.approve(["t", "u", "v"])
    assert k.found("person.max-teams") == []
    replace(k, "r1", "2025-08-01", "d", "y", application="t")
    [f] = k.found("person.max-teams")
    assert f.record == "r1" and "至多加入 2 个团" in f.message


def test_an_evaluation_after_the_days_allowed_is_late(tree):
    """江西 五7: the evaluation on the last allowed day passes, the day after is late."""
    k = team_kit(tree, [THREE])  # service ends 2026-06-30; due 2026-07-30
    rate(k, "e1", "2026-07-30", ["commissioner", "enterprise", "liaison"])
    assert k.found("evaluation.three-party", as_of="2026-08-15") == []
    rate(k, "e1", "2026-07-31", ["commissioner", "enterprise", "liaison"])
    [f] = k.found("evaluation.three-party", as_of="2026-08-15")
    assert f.record == "e1" and "晚于" in f.message and "2026-07-30" in f.message


CONCURRENT = {"rule": "agreement.max-concurrent", "params": {"max": 3}}


def test_a_replacement_counts_toward_concurrent_enterprises_and_the_leaver_no_longer_does(tree):
    """江西 五5 同时服务企业不超过3家 and 五6 更换特派员: the newcomer counts from the day of the
    replacement, the commissioner who left from then on does not."""
    k = Kit(tree, [CONCURRENT])
    for p in ("a", "x"):
        k.person(p)
    for i in (1, 2, 3, 4):
        k.enterprise(f"e{i}")
    for i in (1, 2, 3):
        k.agreement(f"g{i}", enterprise=f"e{i}", start="2025-03-01", end="2025-12-31", person="a")
    k.agreement("g4", enterprise="e4", start="2025-03-01", end="2025-12-31", person="x")
    assert k.found("agreement.max-concurrent") == []
    replace(k, "r1", "2025-08-01", "x", "a", agreement="g4")  # a takes a fourth enterprise
    [f] = k.found("agreement.max-concurrent")
    assert f.record == "g4" and "2025-08-01" in f.message and "4 家" in f.message
    replace(k, "r0", "2025-07-01", "a", "x", agreement="g1")  # a left g1 before: three again
    assert k.found("agreement.max-concurrent") == []


def test_who_joins_a_team_is_qualified_and_registered_on_that_day(tree):
    """江西 五2 特派团由特派员组成: a newcomer must be a registered commissioner that day, and meet
    the members' qualification."""
    qual = {"rule": "member.qualification", "params": {"min_degree": "硕士", "min_level": "中级"}}
    k = team_kit(tree, [qual, {"rule": "team.members-registered"}])
    for p in ("a", "b", "c", "d"):
        k.individual(f"ind-{p}", p)
    k.approve(["t", "ind-a", "ind-b", "ind-c", "ind-d"])
    k.person("z", degree="学士", title="助教", level="初级")
    replace(k, "r1", "2025-08-01", "d", "z", application="t")
    quals = k.found("member.qualification")
    regs = k.found("team.members-registered")
    assert [f.record for f in quals] == ["r1"] and "更换加入的成员" in quals[0].message
    assert [f.record for f in regs] == ["r1"] and "还不是本项目已入库" in regs[0].message


def test_who_takes_over_an_individual_agreement_is_a_registered_commissioner(tree):
    """江西 五6 如需要更换特派员: the person who takes over a 派驻协议 is a 特派员 of the program on
    that day — one approved the day before may, one never registered (or approved only later) may not."""
    k = Kit(tree, [{"rule": "team.members-registered"}], clauses={"roster.change": "五6 如需要更换特派员"})
    for p in ("a", "b", "c", "z"):
        k.person(p)
    for p in ("a", "b", "c"):
        k.individual(f"ind-{p}", p)
    k.approve(["ind-a", "ind-b"])  # 2025-06-10; c is approved only on 2025-09-01
    k.decision("rv2", kind="review", date="2025-08-20", stage="expert", results=[{"application": "ind-c", "outcome": "pass"}])
    k.decision("nt2", kind="notice", date="2025-08-21", title="公示", applications=["ind-c"])
    k.decision("ap2", kind="approval", date="2025-09-01", notice="nt2", applications=[{"application": "ind-c"}])
    for g in ("g1", "g2", "g3"):
        k.agreement(g, start="2025-07-01", end="2026-06-30", person="a", parties=["u-home", "ent", "a"])
    replace(k, "ok", "2025-08-01", "a", "b", agreement="g1")
    replace(k, "never", "2025-08-01", "a", "z", agreement="g2")
    replace(k, "early", "2025-08-01", "a", "c", agreement="g3")
    found = k.found("team.members-registered")
    assert sorted(f.record for f in found) == ["early", "never"]
    assert all("已入库的特派员" in f.message and f.clause == "五6 如需要更换特派员" for f in found)
    assert "人员z" in next(f.message for f in found if f.record == "never")


def test_a_late_task_can_be_excepted_by_a_waiver_naming_the_task(tree):
    """task.deadline's warnings sit on program.yaml; a waiver names the task by its number (an
    approved new deadline, say) and excepts that task only, from its date on."""
    tasks = TASKS + [{"title": "任务三", "deadline": "2025-09", "lead_unit": "处室"}]
    k = Kit(tree, [TASK], tasks=tasks)
    assert {f.severity for f in k.found("task.deadline", as_of="2025-12-02")} == {"warning"}
    k.decision("w", kind="waiver", date="2025-12-02", rule="task.deadline", task=1, reason="经批准延至2026年3月")
    found = {f.message.split("”")[0]: f for f in k.found("task.deadline", as_of="2025-12-02")}
    assert found["第 1 项任务“任务一"].severity == "info" and "准予例外" in found["第 1 项任务“任务一"].message
    assert found["第 3 项任务“任务三"].severity == "warning"
    assert k.found("task.deadline", as_of="2025-12-01")[0].severity == "warning"  # before the waiver's date
    assert [f for f in k.found("waiver.scope", as_of="2025-12-02")] == []
    # a task the program does not have
    k.decision("w", kind="waiver", date="2025-12-02", rule="task.deadline", task=9, reason="无")
    [f] = k.found("waiver.scope", as_of="2025-12-02")
    assert "没有第 9 项" in f.message
    # an application named for the task rule does nothing, and says so
    k.decision("w", kind="waiver", date="2025-12-02", rule="task.deadline", application="x", reason="无")
    [f] = k.found("waiver.scope", as_of="2025-12-02")
    assert "重点任务序号" in f.message


def test_a_task_number_is_only_for_the_task_rule(tree):
    """A waiver naming a task for a rule about applications would except nothing: it says so."""
    k = Kit(tree, [TASK, {"rule": "applicant.age", "severity": "warning", "params": {"earliest_birth": "1961-07"}}],
            tasks=TASKS)
    k.decision("w", kind="waiver", date="2025-12-02", rule="applicant.age", task=1, reason="无")
    [f] = k.found("waiver.scope", as_of="2025-12-02")
    assert "只有task.deadline的例外写重点任务序号" in f.message and f.severity == "error"


# ---- 九江 附件2 服务登记表: the site photo and the enterprise's seal --------------------------------

EVIDENCE = {"rule": "service.evidence"}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
                    "a7d6a4480000000049454e44ae426082")

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def serve_with(k, sid, day, evidence=(), form=None):
    data = {"agreement": "g", "date": day, "people": ["a"], "content": "入企服务", "evidence": list(evidence)}
    if form:
        data["registration_form"] = form
    for name in (*evidence, *([form] if form else [])):
        k.tree.write(f"programs/p/evidence/{name}", PDF if name.endswith(".pdf") else PNG)
    k.tree.write(f"programs/p/services/{sid}.yaml", dump(data))


def test_a_service_with_its_site_photo_and_sealed_form_passes(tree):
    """附件2: 服务现场照片 (有企业标志或服务场景) and 备注1 此表加盖帮扶企业公章 — both handed in."""
    k = team_kit(tree, [EVIDENCE])
    serve_with(k, "s", "2025-07-10", evidence=["site.jpg", "contract.png"], form="form.png")
    assert tree.findings("service.evidence", as_of=date(2025, 7, 31)) == []


def test_a_service_without_the_site_photo_or_the_sealed_form_is_an_error(tree):
    """附件2: a record with only a contract scan lacks the photo; with no registration_form, the seal."""
    k = team_kit(tree, [EVIDENCE])
    serve_with(k, "no-photo", "2025-07-10", evidence=["contract-scan.pdf"], form="form.png")
    serve_with(k, "no-form", "2025-07-11", evidence=["site.png"])
    serve_with(k, "form-only", "2025-07-12", form="form.jpg")  # the form is not also the site photo
    found = sorted((f.record, "现场照片" in f.message) for f in tree.findings("service.evidence", as_of=date(2025, 7, 31)))
    assert found == [("form-only", True), ("no-form", False), ("no-photo", True)]
    assert all(f.severity == "error" and "2025-07" in f.message
               for f in tree.findings("service.evidence", as_of=date(2025, 7, 31)))


def test_the_evidence_rule_asks_only_for_what_the_program_sets(tree):
    """A program whose form has no seal asks for the photo only; a record not yet due is not judged."""
    k = team_kit(tree, [{**EVIDENCE, "params": {"form": False}}])
    serve_with(k, "s", "2025-07-10", evidence=["site.png"])
    serve_with(k, "later", "2025-08-10")
    assert tree.findings("service.evidence", as_of=date(2025, 7, 31)) == []
    assert [f.record for f in tree.findings("service.evidence", as_of=date(2025, 8, 31))] == ["later"]


def test_a_registration_form_not_uploaded_is_an_unknown_reference(tree):
    k = team_kit(tree, [EVIDENCE])
    serve_with(k, "s", "2025-07-10", evidence=["site.png"])
    path = tree.root / "submissions/programs/p/services/s.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "registration_form: missing.png\n", encoding="utf-8")
    found = tree.findings("ref.unknown", as_of=date(2025, 7, 31))
    assert len(found) == 1 and "missing.png" in found[0].message
