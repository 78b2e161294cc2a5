"""Money, assessments and the expert draw, written from their clauses: 九江 seed 000 五 (每年给予2万元
项目资金), 六 (每年年底考核；考核不合格的团队退出，不再享受相关政策支持), 四（二）(评审专家从专家库中
随机抽选产生); 江苏 seed 004 8（22）(揭榜挂帅: the award stays within the published budget)."""

from __future__ import annotations

import pytest

from techserve.cli import main
from techserve.registry.draw import draw_panel, rank

from .rulekit import Kit

PAY = {"rule": "funding.payments", "params": {"years": 2}}


def approved(tree, rules, funding=2, **program):
    k = Kit(tree, rules, term_years=2, **program)
    for p in ("a", "b", "c"):
        k.person(p)
    k.team("t", ["a", "b", "c"])
    k.approve(["t"], funding={"t": funding})  # approved 2025-06-10
    return k


def pay(k, did, day, year, amount, app="t"):
    k.decision(did, kind="payment", date=day, year=year, items=[{"application": app, "amount_wan": amount}])


def test_yearly_payments_within_the_approved_amount(tree):
    k = approved(tree, [PAY])
    pay(k, "p1", "2025-07-01", 1, 2)
    pay(k, "p2", "2026-07-01", 2, 2)
    assert k.found("funding.payments") == []
    pay(k, "p2", "2026-07-01", 2, 2.5)
    [f] = k.found("funding.payments")
    assert f.record == "p2" and "超过立项核定的每年 2 万元" in f.message


def test_payment_before_approval_twice_a_year_or_past_the_term(tree):
    k = approved(tree, [PAY])
    pay(k, "early", "2025-06-09", 1, 2)
    assert "尚未立项" in k.found("funding.payments")[0].message
    pay(k, "early", "2025-06-10", 1, 2)  # the approval day itself
    pay(k, "again", "2025-08-01", 1, 2)
    pay(k, "third", "2026-09-01", 3, 2)
    found = {f.record: f.message for f in k.found("funding.payments")}
    assert set(found) == {"again", "third"}
    assert "不能重复拨付" in found["again"] and "只有 2 年" in found["third"]


def test_no_payment_after_a_failed_assessment(tree):
    k = approved(tree, [PAY])
    k.decision("kh", kind="assessment", date="2025-12-20", year=2025,
               results=[{"application": "t", "outcome": "fail", "grade": "不合格"}])
    pay(k, "before", "2025-12-19", 1, 2)
    pay(k, "after", "2025-12-20", 2, 2)
    assert [f.record for f in k.found("funding.payments")] == ["after"]


def test_recovery_never_exceeds_what_was_paid(tree):
    k = approved(tree, [PAY])
    pay(k, "p1", "2025-07-01", 1, 2)
    k.decision("zh", kind="recovery", date="2025-12-30", application="t", amount_wan=2, reason="考核不合格")
    assert k.found("funding.payments") == []
    k.decision("zh", kind="recovery", date="2025-12-30", application="t", amount_wan=2.5, reason="考核不合格")
    assert "超过已拨付" in k.found("funding.payments")[0].message


def test_grade_and_outcome_agree(tree):
    k = approved(tree, [])
    k.decision("kh", kind="assessment", date="2025-12-20", year=2025,
               results=[{"application": "t", "outcome": "pass", "grade": "不合格"}])
    [f] = [f for f in k.tree.findings("schema") if f.record == "kh"]
    assert "不一致" in f.message


YEARLY = {"rule": "assessment.yearly", "params": {"deadline": "12-31"}}


@pytest.mark.parametrize("as_of,fires", [("2025-12-31", False), ("2026-01-01", True)])
def test_every_approved_team_is_assessed_by_the_years_end(tree, as_of, fires):
    k = approved(tree, [YEARLY])
    assert bool(k.found("assessment.yearly", as_of=as_of)) is fires


def test_assessment_on_the_deadline_passes_and_after_it_is_late(tree):
    k = approved(tree, [YEARLY])
    k.decision("kh", kind="assessment", date="2025-12-31", year=2025, results=[{"application": "t", "outcome": "pass"}])
    assert k.found("assessment.yearly", as_of="2026-06-01") == []
    k.decision("kh", kind="assessment", date="2026-01-05", year=2025, results=[{"application": "t", "outcome": "pass"}])
    [f] = k.found("assessment.yearly", as_of="2026-06-01")
    assert "晚于 2025-12-31" in f.message


def test_a_team_that_left_is_not_assessed_again(tree):
    k = approved(tree, [YEARLY])
    k.decision("kh", kind="assessment", date="2025-12-20", year=2025, results=[{"application": "t", "outcome": "fail"}])
    assert k.found("assessment.yearly", as_of="2027-06-01") == []


BUDGET = {"rule": "funding.within-budget"}


@pytest.mark.parametrize("award,fires", [(150, False), (150.5, True)])
def test_challenge_award_within_its_budget(tree, award, fires):
    k = Kit(tree, [BUDGET])
    k.person("a")
    k.need("bang", mode="揭榜挂帅", budget_wan=150, deadline="2025-12-31")
    k.individual("t", "a", need="bang")
    k.approve(["t"], funding={"t": award})
    assert bool(k.found("funding.within-budget")) is fires


def test_the_draw_is_a_public_ranking():
    pool = ["e1", "e2", "e3", "e4"]
    panel = draw_panel("2025-06-12 深证成指收盘 10162.18", pool, {"e2"}, 2)
    assert panel == sorted(["e1", "e3", "e4"], key=lambda e: rank("2025-06-12 深证成指收盘 10162.18", e))[:2]
    assert "e2" not in draw_panel("x", pool, {"e2"}, 4)


DRAW = {"rule": "expert.draw"}


def drawn(tree, panel=None, size=2, cite=True):
    k = Kit(tree, [DRAW], expert_pool=["x1", "x2", "x3", "x4"])
    k.unit("u-away")
    for pid in ("x1", "x2", "x3"):
        k.person(pid, unit="u-away")
    k.person("x4")  # works at u-home, like the applicant: steps aside
    k.person("a")
    k.individual("t", "a")
    seed = "2025-05-15 深证成指收盘 10001.23"
    expected = draw_panel(seed, ["x1", "x2", "x3", "x4"], {"x4"}, size)
    k.decision("yg", kind="drawplan", date="2025-05-12", seed_source="深证成指收盘", seed_date="2025-05-15",
               size=size, applications=["t"], pool=["x1", "x2", "x3", "x4"])
    k.decision("cq", kind="draw", date="2025-05-15", plan="yg", seed=seed, size=size, applications=["t"],
               panel=panel or expected)
    review = {"kind": "review", "date": "2025-05-20", "stage": "expert",
              "results": [{"application": "t", "outcome": "pass"}]}
    if cite:
        review["draw"] = "cq"
    k.decision("zj", **review)
    return k, expected


def test_a_panel_that_matches_its_seed_passes(tree, capsys):
    k, expected = drawn(tree)
    assert k.found("expert.draw") == []
    capsys.readouterr()
    assert main(["draw", "cq", "--verify", "--root", str(tree.root)]) == 0
    out = capsys.readouterr().out
    assert all(e in out for e in expected) and "复核通过" in out, out


def test_a_chosen_panel_is_caught(tree, capsys):
    k, expected = drawn(tree, panel=["x4", "x1"])  # x4 should have stepped aside
    [f] = k.found("expert.draw")
    assert f.record == "cq" and "应为" in f.message
    assert main(["draw", "cq", "--verify", "--root", str(tree.root)]) == 1


def test_a_pool_too_small_after_stepping_aside(tree):
    k, _ = drawn(tree, size=4, panel=["x1", "x2", "x3", "x4"])
    assert "不足 4 人" in k.found("expert.draw")[0].message


def test_an_expert_review_must_cite_a_draw(tree):
    k, _ = drawn(tree, cite=False)
    [f] = k.found("expert.draw")
    assert f.record == "zj" and "draw" in f.message


def test_each_year_is_paid_inside_its_support_year(tree):
    """Year N = the N-th year after the approval (2025-06-10): year 2's money paid inside year 1 is
    early, at its boundary days."""
    k = approved(tree, [PAY])
    pay(k, "p1", "2026-06-09", 1, 2)  # year 1's last day
    pay(k, "p2", "2026-06-10", 2, 2)  # year 2's first day
    assert k.found("funding.payments") == []
    pay(k, "p2", "2026-06-09", 2, 2)
    [f] = k.found("funding.payments")
    assert f.record == "p2" and "第 2 个支持年度" in f.message and "2026-06-10" in f.message
    pay(k, "p2", "2027-06-10", 2, 2)  # past year 2
    assert [f.record for f in k.found("funding.payments", as_of="2027-07-01")] == ["p2"]


def test_paying_less_than_approved_is_a_warning(tree):
    k = approved(tree, [PAY])
    pay(k, "p1", "2025-07-01", 1, 1.5)
    [f] = k.found("funding.payments")
    assert f.severity == "warning" and "少于" in f.message


QUOTA = {"rule": "quota.max-approved", "params": {"max": 2}}


def test_an_application_approved_twice_counts_once(tree):
    k = approved(tree, [QUOTA])
    k.team("t2", ["a", "b", "c"])
    k.decision("ap2", kind="approval", date="2025-06-11", notice="nt", applications=[{"application": "t"}])
    found = k.found("quota.max-approved")
    assert [f.record for f in found] == ["ap2"] and "不能重复立项" in found[0].message


def test_awards_on_one_challenge_add_up_within_its_budget(tree):
    k = Kit(tree, [BUDGET])
    k.person("a")
    k.person("b")
    k.need("bang", mode="揭榜挂帅", budget_wan=150, deadline="2025-12-31")
    k.individual("t", "a", need="bang")
    k.individual("u", "b", need="bang")
    k.approve(["t", "u"], funding={"t": 100, "u": 50})
    assert k.found("funding.within-budget") == []
    k.approve(["t", "u"], funding={"t": 100, "u": 60})
    [f] = k.found("funding.within-budget")
    assert "合计超过" in f.message and "此前已资助 100" in f.message


def test_a_challenge_states_a_budget_above_zero_and_is_taken_up_after_it_is_published(tree):
    k = Kit(tree, [{"rule": "need.challenge"}, {"rule": "application.need-open"}])
    k.person("a")
    k.need("bang", mode="揭榜挂帅", budget_wan=0, deadline="2025-12-31", published="2025-05-01")
    k.individual("t", "a", need="bang", submitted="2025-04-30")
    assert "大于 0" in k.found("need.challenge")[0].message
    assert "发布前" in k.found("application.need-open")[0].message
    k.individual("t", "a", need="bang", submitted="2025-05-01")
    assert k.found("application.need-open") == []


def test_a_team_approved_days_before_the_deadline_is_first_assessed_next_year(tree):
    k = Kit(tree, [YEARLY], term_years=2)
    for p in ("a", "b", "c"):
        k.person(p)
    k.team("t", ["a", "b", "c"])
    k.approve(["t"], date="2025-12-28")
    assert k.found("assessment.yearly", as_of="2026-06-01") == []
    k.approve(["t"], date="2025-10-02")  # 90 days before 12-31: that year counts
    assert k.found("assessment.yearly", as_of="2026-06-01")


# ---- issue 37: money per support year, summed; the 10 万 tier as 五 writes it -----------------------

def test_a_years_money_in_two_instalments_is_one_payment(tree):
    """九江 五 每年给予…项目资金: the year's amount may be paid in parts; only their sum is judged."""
    k = approved(tree, [PAY], funding=10)
    pay(k, "p1a", "2025-07-01", 1, 5)
    pay(k, "p1b", "2025-12-01", 1, 5)
    assert k.found("funding.payments") == []
    pay(k, "p1c", "2026-01-10", 1, 0.5)
    [f] = k.found("funding.payments")
    assert f.record == "p1c" and "此前已拨付 10 万元" in f.message and "合计超过" in f.message


def test_a_year_paid_short_is_a_warning_once_the_year_is_over(tree):
    k = approved(tree, [PAY], funding=10)
    pay(k, "p1a", "2025-07-01", 1, 5)
    assert k.found("funding.payments", as_of="2026-06-09") == []  # the rest may still come
    [f] = k.found("funding.payments", as_of="2026-06-10")
    assert f.severity == "warning" and "共拨付 5 万元" in f.message


AMOUNT = {"rule": "funding.amount", "params": {"home_city": "九江市", "inside_wan": 2, "outside_wan": 10}}


@pytest.mark.parametrize("units,expected", [
    ([("hust", "高校", "武汉市")] * 3, 10),  # 由市外高校院所单独组建
    ([("hust", "高校", "武汉市"), ("imr", "科研院所", "沈阳市"), ("hust", "高校", "武汉市")], 10),
    ([("hust", "高校", "武汉市"), ("hust", "高校", "武汉市"), ("ent", "企业", "武汉市")], 2),  # an engineer: not 单独组建
    ([("hust", "高校", "武汉市"), ("hust", "高校", "武汉市"), ("jju", "高校", "九江市")], 2),  # a 九江 member
])
def test_the_ten_wan_tier_is_for_teams_formed_by_out_of_city_universities_alone(tree, units, expected):
    k = Kit(tree, [AMOUNT], term_years=2)
    for uid, kind, city in {u for u in units}:
        k.unit(uid, type=kind, city=city, province="湖北省" if city == "武汉市" else "江西省")
    for n, (uid, _, _) in enumerate(units):
        k.person(f"p{n}", unit=uid)
    k.team("t", [f"p{n}" for n in range(len(units))])
    k.approve(["t"], funding={"t": expected})
    assert k.found("funding.amount") == []
    k.approve(["t"], funding={"t": 12 - expected})
    [f] = k.found("funding.amount")
    assert f"应为每年 {expected} 万元" in f.message
