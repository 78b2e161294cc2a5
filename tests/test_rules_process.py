"""The process rules, written from their clauses: 九江 seed 000 四（一）–（三） (初审 → 专家评审 →
公示5天 → 立项), 二（三）1 (结对签约), 一 (45 团结对 45 企); 景德镇 seed 001 二1 (所在单位推荐);
and the always-on rule that a service falls inside its agreement."""

from __future__ import annotations

from datetime import date

import pytest

from techserve.registry import load_registry

from .rulekit import Kit

ORDER = {"rule": "process.order", "params": {"steps": ["initial", "expert", "notice", "approval"]}}


def pipeline(tree, *, initial="pass", expert="pass", notice_apps=("t",), approval_date="2025-06-10",
             expert_date="2025-05-20", notice_days=None, rules=(ORDER,)):
    k = Kit(tree, list(rules))
    for p in ("a", "b", "c"):
        k.person(p)
    k.team("t", ["a", "b", "c"])
    if initial:
        k.decision("cs", kind="review", date="2025-05-10", stage="initial",
                   results=[{"application": "t", "outcome": initial}])
    if expert:
        k.decision("zj", kind="review", date=expert_date, stage="expert",
                   results=[{"application": "t", "outcome": expert}])
    notice = {"kind": "notice", "date": "2025-05-25", "title": "公示", "applications": list(notice_apps) or ["x"]}
    if notice_days:
        notice["days"] = notice_days
    k.decision("gs", **notice)
    k.decision("lx", kind="approval", date=approval_date, notice="gs", applications=[{"application": "t"}])
    return k


def messages(k, rule="process.order"):
    return [(f.record, f.message) for f in k.found(rule)]


def test_the_full_pipeline_in_order_passes(tree):
    assert messages(pipeline(tree)) == []


def test_expert_review_of_an_application_that_skipped_the_initial_review(tree):
    found = messages(pipeline(tree, initial=None))
    assert [r for r, _ in found] == ["zj"] and "没有通过初审" in found[0][1]


def test_expert_review_of_an_application_that_failed_the_initial_review(tree):
    found = messages(pipeline(tree, initial="fail"))
    assert ("zj", "“团队t”（t）未通过初审，不能进入专家评审") in found


def test_initial_review_dated_after_the_expert_review_is_out_of_order(tree):
    found = messages(pipeline(tree, expert_date="2025-05-09"))  # initial review is on 05-10
    assert [r for r, _ in found] == ["zj"]
    assert messages(pipeline(tree, expert_date="2025-05-10")) == []  # the same day is in order


def test_notice_of_an_application_without_expert_review(tree):
    found = messages(pipeline(tree, expert=None))
    assert [r for r, _ in found] == ["gs"] and "专家评审" in found[0][1]


def test_approval_of_an_application_not_in_the_cited_notice(tree):
    found = messages(pipeline(tree, notice_apps=("x",)))
    assert ("lx", "“团队t”（t）不在所依据的公示“公示”名单中：未经公示不能立项") in found


@pytest.mark.parametrize("day,fires", [("2025-05-29", True), ("2025-05-30", False)])
def test_approval_on_the_notices_last_day_is_inside_it(tree, day, fires):
    # 5 calendar days from Sunday 2025-05-25: the 25th to the 29th
    found = messages(pipeline(tree, approval_date=day))
    assert bool(found) is fires
    if fires:
        assert "2025-05-29" in found[0][1] and "最早为 2025-05-30" in found[0][1]


def test_the_earliest_approval_day_named_is_the_day_the_check_accepts(tree):
    """A notice of 2025-05-26 (5 calendar days) ends on Friday 05-30, before 端午 (05-31 to 06-02):
    the finding, `todo` and `draft approval` all name 05-31, and an approval dated 05-31 passes."""
    from techserve.office.draft import Refused, make
    from techserve.office.todo import todo

    k = pipeline(tree, approval_date="2025-05-30")
    k.decision("gs", kind="notice", date="2025-05-26", title="公示", applications=["t"])
    found = messages(k)
    assert len(found) == 1 and "最早为 2025-05-31" in found[0][1]
    reg = load_registry(tree.root)
    running = [i for i in todo(reg, date(2025, 5, 28), "p") if i.kind == "notice"]
    assert running and "立项日期最早为 2025-05-31" in running[0].what
    with pytest.raises(Refused, match="最早在 2025-05-31"):
        make(reg, date(2025, 5, 30), "approval", notice_id="gs")
    k.decision("lx", kind="approval", date="2025-05-31", notice="gs", applications=[{"application": "t"}])
    assert messages(k) == []


EXPERT_NO_NOTICE = {"rule": "process.order", "params": {"steps": ["initial", "expert", "approval"]}}


def test_a_program_without_a_notice_step_approves_without_one(tree):
    """景德镇 二1-3 (所在单位审核推荐 → 专家考核 → 择优支持) has no 公示: an approval naming no notice
    passes; one that skips the expert review does not."""
    k = pipeline(tree, rules=(EXPERT_NO_NOTICE,))
    k.decision("lx", kind="approval", date="2025-06-10", applications=[{"application": "t"}])
    assert messages(k) == []
    k.decision("zj", kind="review", date="2025-05-20", stage="expert", results=[{"application": "t", "outcome": "fail"}])
    found = messages(k)
    assert [r for r, _ in found] == ["lx"] and "未通过专家评审" in found[0][1]


def test_a_notice_the_office_chose_to_publish_binds_the_approval_that_cites_it(tree):
    """Without a 公示 step, an approval that cites a notice still waits for its end (its objection
    days were promised to the public)."""
    k = pipeline(tree, rules=(EXPERT_NO_NOTICE,), approval_date="2025-05-27")
    found = messages(k)
    assert [r for r, _ in found] == ["lx"] and "公示期内" in found[0][1]
    k.decision("lx", kind="approval", date="2025-05-30", notice="gs", applications=[{"application": "t"}])
    assert messages(k) == []


def test_approval_after_an_upheld_objection(tree):
    k = pipeline(tree)
    k.decision("yy", kind="objection", date="2025-05-27", application="t", outcome="upheld", note="成员资格不符")
    assert ("lx", "“团队t”（t）的异议已成立，不能立项") in messages(k)


def test_a_program_without_expert_review_skips_that_step(tree):
    steps = {"rule": "process.order", "params": {"steps": ["initial", "notice", "approval"]}}
    assert messages(pipeline(tree, expert=None, rules=(steps,))) == []


def test_unknown_step_is_a_program_rule_error(tree):
    bad = {"rule": "process.order", "params": {"steps": ["initial", "vote"]}}
    k = pipeline(tree, rules=(bad,))
    assert [f.rule for f in k.tree.findings("program.rule")] == ["program.rule"]


DURATION = {"rule": "notice.duration"}


@pytest.mark.parametrize("days,fires", [(4, True), (5, False), (7, False)])
def test_a_notice_may_lengthen_never_shorten_the_programs_days(tree, days, fires):
    k = pipeline(tree, notice_days=days, rules=(ORDER, DURATION))
    found = messages(k, "notice.duration")
    assert bool(found) is fires
    if fires:
        assert "5 天" in found[0][1] and "2025-05-29" in found[0][1]


def test_a_shortened_notice_still_runs_the_programs_days_for_the_approval(tree):
    # days: 1 would end the notice on the 25th; the status and the approval check use the 29th
    k = pipeline(tree, notice_days=1, approval_date="2025-05-27", rules=(ORDER, DURATION))
    assert [r for r, _ in messages(k)] == ["lx"]
    from datetime import date

    from techserve.registry.status import derive

    book = derive(k.tree.check().registry, date(2025, 5, 26))
    assert book.notice_end["gs"] == date(2025, 5, 29) and book.of("t") == "in_notice"


def test_a_workday_notice_cannot_undercut_a_calendar_day_program(tree):
    k = Kit(tree, [DURATION], notice={"days": 10, "day_kind": "calendar", "contact": "x"})
    k.decision("gs", kind="notice", date="2025-09-29", title="公示", applications=["x"], days=5, day_kind="workday")
    # 5 workdays from Monday 09-29 run past the National Day holiday to 10-11 (a make-up Saturday)
    assert messages(k, "notice.duration") == []
    k.decision("gs", kind="notice", date="2025-06-02", title="公示", applications=["x"], days=5, day_kind="workday")
    # 5 workdays from Monday 06-02 end Friday 06-06, before the 10 calendar days (06-11)
    assert [r for r, _ in messages(k, "notice.duration")] == ["gs"]


RECOMMENDER = {"rule": "application.recommender"}


def test_recommended_by_one_of_the_programs_units(tree):
    k = Kit(tree, [RECOMMENDER], recommending_units=["u-home"])
    k.unit("u-other")
    k.person("a")
    k.individual("ok", "a")
    k.individual("other", "a", recommended_by="u-other")
    assert [r for r, _ in messages(k, "application.recommender")] == ["other"]


def test_recommended_by_the_applicants_own_unit(tree):
    k = Kit(tree, [{"rule": "application.recommender", "params": {"same_unit": True}}])
    k.unit("u-other")
    k.person("a")  # works at u-home
    k.individual("own", "a")
    k.individual("other", "a", recommended_by="u-other")
    found = messages(k, "application.recommender")
    assert [r for r, _ in found] == ["other"] and "所在单位" in found[0][1]


AFTER = {"rule": "agreement.after-approval", "severity": "warning", "params": {"within_days": 60}}


@pytest.mark.parametrize("as_of,fires", [("2025-08-09", False), ("2025-08-10", True)])
def test_approved_team_without_agreement_after_the_days_allowed(tree, as_of, fires):
    k = pipeline(tree, rules=(ORDER, AFTER))  # approved 2025-06-10; 60 days later is 2025-08-09
    assert bool(k.found("agreement.after-approval", as_of=as_of)) is fires


def test_agreement_signed_before_the_approval(tree):
    k = pipeline(tree, rules=(ORDER, AFTER))
    k.agreement("early", application="t", start="2025-06-09")
    assert [f.record for f in k.found("agreement.after-approval")] == ["early"]
    k.agreement("early", application="t", start="2025-06-10")
    assert k.found("agreement.after-approval") == []


@pytest.mark.parametrize("signed,fires", [("2025-08-09", False), ("2025-08-10", True)])
def test_an_agreement_signed_after_the_days_allowed(tree, signed, fires):
    """立项后60日内签订: a first agreement signed on day 61 is as late as none on day 61; a
    re-pairing signed later still (a second agreement) is not judged by the term."""
    k = pipeline(tree, rules=(ORDER, AFTER))  # approved 2025-06-10; 60 days later is 2025-08-09
    k.agreement("first", application="t", start=signed, end="2026-06-30")
    assert [f.record for f in k.found("agreement.after-approval")] == (["first"] if fires else [])
    k.agreement("again", application="t", start="2025-12-01", end="2026-06-30")
    assert [f.record for f in k.found("agreement.after-approval")] == (["first"] if fires else [])


def test_one_team_one_enterprise(tree):
    k = Kit(tree, [{"rule": "agreement.one-to-one"}])
    k.enterprise("ent2")
    for p in ("a", "b", "c", "d"):
        k.person(p)
    k.team("t1", ["a", "b"])
    k.team("t2", ["c", "d"])
    k.agreement("g1", application="t1", start="2025-07-01")
    k.agreement("g1-renewed", application="t1", start="2026-01-01", end="2026-12-31")  # same pair: fine
    assert k.found("agreement.one-to-one") == []
    k.agreement("g2", application="t2", start="2025-08-01")  # a second team for the same enterprise
    k.agreement("g3", application="t1", enterprise="ent2", start="2025-09-01")  # a second enterprise for t1
    assert sorted(f.record for f in k.found("agreement.one-to-one")) == ["g2", "g3"]


@pytest.mark.parametrize("day,fires", [("2024-12-31", True), ("2025-01-01", False), ("2025-12-31", False),
                                       ("2026-01-01", True)])
def test_service_inside_its_agreement(tree, day, fires):
    k = Kit(tree, [])
    k.person("a")
    k.agreement("g", person="a", start="2025-01-01", end="2025-12-31")
    k.service("s", "g", day)
    assert bool(k.found("service.agreement-period")) is fires


def test_service_on_or_after_a_termination(tree):
    k = Kit(tree, [])
    k.person("a")
    k.agreement("g", person="a", start="2025-01-01", end="2025-12-31")
    k.decision("zz", kind="termination", date="2025-06-01", agreement="g", reason="企业停产")
    k.service("before", "g", "2025-05-31")
    k.service("on", "g", "2025-06-01")
    assert [f.record for f in k.found("service.agreement-period")] == ["on"]


@pytest.mark.parametrize("submitted,fires", [("2025-05-10", False), ("2025-05-11", True)])
def test_a_decision_dated_before_the_application_was_submitted(tree, submitted, fires):
    # The initial review is on 05-10: an application submitted that day may be reviewed that day.
    k = pipeline(tree)
    k.team("t", ["a", "b", "c"], submitted=submitted)
    found = [(r, m) for r, m in messages(k) if "提交日期" in m]
    assert [r for r, _ in found] == (["cs"] if fires else [])
    if fires:
        assert "2025-05-11" in found[0][1] and "2025-05-10" in found[0][1]


def test_where_the_agreement_comes_first_an_approval_needs_one(tree):
    """景德镇 二2–3: 签订三方协议, then 专家考核, then 择优支持: an approval of an application without
    an agreement signed by the approval's day is refused, on that day's boundary."""
    from .rulekit import Kit

    k = Kit(tree, [{"rule": "approval.agreement"}])
    k.person("a")
    k.individual("i", "a")
    k.approve(["i"])  # approved 2025-06-10
    [f] = k.found("approval.agreement")
    assert f.record == "ap" and "没有签订三方协议" in f.message
    k.agreement("g", start="2025-06-11", end="2025-12-31", application="i")  # signed the day after
    [f] = k.found("approval.agreement")
    assert "2025-06-11 才签订" in f.message
    k.agreement("g", start="2025-06-10", end="2025-12-31", application="i")  # the day itself
    assert k.found("approval.agreement") == []


MONTHLY = {"rule": "review.monthly", "severity": "warning", "params": {"day": 20, "stage": "initial"}}


@pytest.mark.parametrize("submitted,due", [("2025-08-19", "2025-08-20"), ("2025-08-20", "2025-09-22"),
                                           ("2025-09-25", "2025-10-20")])
def test_each_application_is_reviewed_by_the_day_of_its_monthly_cycle(tree, submitted, due):
    """江西 六4 每月20日前完成本月特派员申请审核: before the 20th it is this month's cycle, from the
    20th on next month's; 2025-09-20 is a Saturday, so that cycle ends on Monday the 22nd."""
    from datetime import date as day_of
    from datetime import timedelta

    from .rulekit import Kit

    k = Kit(tree, [MONTHLY])
    k.person("a")
    k.individual("i", "a", submitted=submitted)
    k.decision("rv", kind="review", date=due, stage="initial", results=[{"application": "i", "outcome": "pass"}])
    assert k.found("review.monthly", as_of="2025-12-31") == []
    late = (day_of.fromisoformat(due) + timedelta(days=1)).isoformat()
    k.decision("rv", kind="review", date=late, stage="initial", results=[{"application": "i", "outcome": "pass"}])
    [f] = k.found("review.monthly", as_of="2025-12-31")
    assert f.severity == "warning" and due in f.message and late in f.message
    k.tree.remove("programs/p/decisions/rv.yaml")
    assert k.found("review.monthly", as_of=due) == []  # the day itself is still in time
    assert "没有初审结果" in k.found("review.monthly", as_of=late)[0].message


def test_a_recommender_recommends_within_its_scope(tree):
    """江西 四 各推荐单位应在本单位职能和业务范围内组织推荐: a university its own staff, a city
    bureau the units of its city, a unit whose scope is 本省 its province's."""
    from .rulekit import Kit

    k = Kit(tree, [{"rule": "application.recommender", "params": {"within_scope": True}}])
    k.unit("uni", city="南昌市")
    k.unit("other-uni", city="赣州市")
    k.tree.write("units/bureau.yaml", "name: 南昌市科学技术局\ntype: 政府部门\nprovince: 江西省\ncity: 南昌市\n")
    k.tree.write("units/dept.yaml", "name: 江西省科学技术厅\ntype: 政府部门\nprovince: 江西省\ncity: 南昌市\nscope: 本省\n")
    k.person("a", unit="uni")
    k.person("b", unit="other-uni")
    for aid, pid, by in (("own", "a", "uni"), ("foreign", "b", "uni"), ("city-in", "a", "bureau"),
                         ("city-out", "b", "bureau"), ("province", "b", "dept")):
        k.individual(aid, pid, recommended_by=by)
    found = {f.record: f.message for f in k.found("application.recommender")}
    assert set(found) == {"foreign", "city-out"}
    assert "只推荐本单位职工" in found["foreign"] and "南昌市的单位人员" in found["city-out"]


def test_a_cross_unit_team_is_recommended_where_its_leader_works(tree):
    """江西 五2 特派团可由1名特派员发起……组成跨单位、跨学科的团队 and 四 各省属高校……负责推荐审核
    本单位特派员申请: the leader's university recommends the team with another university's member;
    the other university, where the leader does not work, may not."""
    from .rulekit import Kit

    k = Kit(tree, [{"rule": "application.recommender", "params": {"within_scope": True}}])
    k.unit("uni", city="南昌市")
    k.unit("other-uni", city="赣州市")
    k.person("lead", unit="uni")
    k.person("m", unit="other-uni")
    k.team("by-leader", ["lead", "m"], recommended_by="uni")
    k.team("by-member", ["lead", "m"], recommended_by="other-uni")
    found = {f.record: f.message for f in k.found("application.recommender")}
    assert set(found) == {"by-member"} and "人员lead" in found["by-member"]


LISTS = {"rule": "recommendation.monthly", "severity": "warning", "params": {"day": 25, "stage": "initial"}}


@pytest.mark.parametrize("passed,due", [("2025-08-20", "2025-08-25"), ("2025-08-25", "2025-09-25"),
                                        ("2025-10-24", "2025-10-27")])
def test_a_passed_application_is_on_its_units_list_by_the_25th(tree, passed, due):
    """江西 六4 并于每月25日前将……推荐函、推荐特派员清单……寄送: a pass before the 25th goes on this
    month's list, one on or after it on next month's; 2025-10-25 is a Saturday, so that list may
    go on Monday the 27th (遇节假日顺延, this project's reading)."""
    from datetime import date as day_of
    from datetime import timedelta

    from .rulekit import Kit

    k = Kit(tree, [LISTS])
    k.person("a")
    k.individual("i", "a", submitted="2025-08-01")
    k.decision("rv", kind="review", date=passed, stage="initial", results=[{"application": "i", "outcome": "pass"}])
    after = (day_of.fromisoformat(due) + timedelta(days=1)).isoformat()
    assert k.found("recommendation.monthly", as_of=due) == []  # the day itself is still in time
    [missing] = k.found("recommendation.monthly", as_of=after)
    assert missing.record == "i" and due in missing.message and "没有寄送记录" in missing.message
    k.decision("list", kind="recommendation", date=due, unit="u-home", applications=["i"])
    assert k.found("recommendation.monthly", as_of="2025-12-31") == []
    k.decision("list", kind="recommendation", date=after, unit="u-home", applications=["i"])
    [late] = k.found("recommendation.monthly", as_of="2025-12-31")
    assert late.record == "list" and due in late.message and after in late.message


def test_a_list_names_only_its_units_applications_that_passed(tree):
    from .rulekit import Kit

    k = Kit(tree, [LISTS])
    k.unit("u-other")
    k.person("a")
    k.individual("mine", "a", submitted="2025-08-01")
    k.individual("theirs", "a", submitted="2025-08-01", recommended_by="u-other")
    k.individual("unreviewed", "a", submitted="2025-08-01")
    k.decision("rv", kind="review", date="2025-08-10", stage="initial",
               results=[{"application": "mine", "outcome": "pass"}, {"application": "theirs", "outcome": "pass"}])
    k.decision("list", kind="recommendation", date="2025-08-20", unit="u-home",
               applications=["mine", "theirs", "unreviewed"])
    k.decision("list-2", kind="recommendation", date="2025-08-20", unit="u-other", applications=["theirs"])
    found = k.found("recommendation.monthly", as_of="2025-12-31")
    assert sorted(f.message.split("”")[0] for f in found) == ["“个人theirs", "“个人unreviewed"]
    assert any("的推荐单位是“单位u-other”" in f.message for f in found)
    assert any("没有通过初审" in f.message for f in found)


# ---- issue 37: a withdrawn application goes no further --------------------------------------------

def test_a_withdrawn_application_is_put_in_no_notice_and_approved_by_no_one(tree):
    k = pipeline(tree)
    k.decision("zz", kind="termination", date="2025-05-24", application="t", reason="申报人撤回申请")
    found = messages(k)
    assert {r for r, _ in found} == {"gs", "lx"} and all("终止或退出" in m for _, m in found)
    k.decision("zz", kind="termination", date="2025-06-11", application="t", reason="团队解散")  # after the approval
    assert messages(k) == []


def test_one_project_approved_twice_is_judged_by_its_sum(tree):
    """景德镇 四（二）2 择优给予每人（团队）3-20万元: 15 + 15 is 30 万 for one project."""
    rng = {"rule": "funding.range", "params": {"min_wan": 3, "max_wan": 20}}
    k = pipeline(tree, rules=(ORDER, rng))
    k.decision("lx", kind="approval", date="2025-06-10", notice="gs", applications=[{"application": "t", "funding_wan": 15}])
    assert messages(k, "funding.range") == []
    k.decision("lx2", kind="approval", date="2025-07-10", notice="gs", applications=[{"application": "t", "funding_wan": 5}])
    assert messages(k, "funding.range") == []  # 20: at the cap
    k.decision("lx2", kind="approval", date="2025-07-10", notice="gs", applications=[{"application": "t", "funding_wan": 15}])
    [(record, message)] = messages(k, "funding.range")
    assert record == "lx2" and "合计 30 万元" in message


def test_a_team_repaired_after_its_first_pairing_was_terminated(tree):
    """Issue 37: re-pairing after the first 结对 ended is not a second pair."""
    k = Kit(tree, [{"rule": "agreement.one-to-one"}])
    k.enterprise("ent2")
    for p in ("a", "b"):
        k.person(p)
    k.team("t1", ["a", "b"])
    k.agreement("g1", application="t1", start="2025-01-01", end="2025-12-31")
    k.decision("stop", kind="termination", date="2025-06-01", agreement="g1", reason="企业停产")
    k.agreement("g2", application="t1", enterprise="ent2", start="2025-06-01", end="2026-05-31")
    assert k.found("agreement.one-to-one") == []
    k.agreement("g2", application="t1", enterprise="ent2", start="2025-05-31", end="2026-05-31")  # one day together
    [f] = k.found("agreement.one-to-one")
    assert f.record == "g2" and "至 2025-05-31" in f.message


# ---- issue 37: only the steps each seed has --------------------------------------------------------

NO_NOTICE = {"rule": "process.order", "params": {"steps": ["initial", "approval"]}}


def test_a_program_without_a_notice_approves_without_one(tree):
    """江西 三 审核 → 报送省科技厅备案 → 入库: no 公示 in the seed, none demanded."""
    k = Kit(tree, [NO_NOTICE])
    for p in ("a", "b"):
        k.person(p)
    k.team("t", ["a", "b"])
    k.decision("cs", kind="review", date="2025-05-10", stage="initial", results=[{"application": "t", "outcome": "pass"}])
    k.decision("rk", kind="approval", date="2025-05-20", applications=[{"application": "t"}])
    assert messages(k) == [] and k.tree.findings("schema") == []
    k2 = pipeline(tree)  # the same approval where the program has a 公示
    k2.decision("lx", kind="approval", date="2025-06-10", applications=[{"application": "t"}])
    assert any("须经公示" in m for _, m in messages(k2))


def test_the_worklist_and_the_draft_skip_a_notice_the_program_does_not_have(tree):
    from datetime import date

    from techserve.office.draft import make
    from techserve.office.todo import todo
    from techserve.registry import load_registry

    k = Kit(tree, [NO_NOTICE])
    for p in ("a", "b"):
        k.person(p)
    k.team("t", ["a", "b"])
    k.decision("cs", kind="review", date="2025-05-10", stage="initial", results=[{"application": "t", "outcome": "pass"}])
    reg = load_registry(tree.root)
    [item] = [i for i in todo(reg, date(2025, 5, 12)) if i.kind == "step"]
    assert "等待立项" in item.what and "draft approval --program p" in item.draft
    d = make(reg, date(2025, 5, 12), "approval", program="p")
    assert "notice:" not in d.text and "- application: t" in d.text


# ---- issue 37: "等"-lists are examples -------------------------------------------------------------

@pytest.mark.parametrize("closed,by,fires", [(False, "csu", False), (False, "firm", True), (True, "csu", True),
                                             (False, "u-home", False)])
def test_a_list_with_deng_names_examples(tree, closed, by, fires):
    """九江 二（二）依托华中科技大学……九江学院等省内外高校院所: 中南大学 recommending its own team is fine
    unless the program's list is closed; a unit that is neither listed nor the applicant's 高校院所 is not."""
    k = Kit(tree, [{"rule": "application.recommender", "params": {"closed": closed}}], recommending_units=["u-home"])
    k.unit("csu", city="长沙市", province="湖南省")
    k.unit("firm", type="企业", city="长沙市", province="湖南省")
    k.person("a", unit="csu")
    k.person("b", unit="firm")
    k.team("t", ["a", "b"], recommended_by=by)
    assert bool(messages(k, "application.recommender")) == fires


def test_a_university_that_recommends_recommends_its_own_staff(tree):
    """江西 四 各省属高校和科研院所负责推荐审核本单位特派员申请: not the province's department."""
    k = Kit(tree, [{"rule": "application.recommender", "params": {"within_scope": True, "closed": True}}],
            recommending_units=["uni", "dept"])
    k.unit("uni", city="南昌市")
    k.tree.write("units/dept.yaml", "name: 江西省科学技术厅\ntype: 政府部门\nprovince: 江西省\ncity: 南昌市\nscope: 本省\n")
    k.person("a", unit="uni")
    k.individual("by-dept", "a", recommended_by="dept")
    k.individual("by-uni", "a", recommended_by="uni")
    found = messages(k, "application.recommender")
    assert [r for r, _ in found] == ["by-dept"] and "应由其所在单位推荐审核" in found[0][1]
