"""Team rules, from 九江 seed 000 二（二）/三（二）3 and 江西 seed 002 五2."""

from __future__ import annotations

import pytest

from .rulekit import Kit


def kit(tree, *rules):
    return Kit(tree, list(rules))


def test_team_size_boundaries(tree):
    k = kit(tree, {"rule": "team.size", "params": {"min": 3, "max": 5}})
    for i in range(7):
        k.person(f"p{i}")
    k.team("two", ["p0", "p1"])
    k.team("three", ["p0", "p1", "p2"])
    k.team("five", ["p0", "p1", "p2", "p3", "p4"])
    k.team("six", ["p0", "p1", "p2", "p3", "p4", "p5"])
    found = {f.record: f for f in k.found("team.size")}
    assert set(found) == {"two", "six"}
    assert "6 名成员" in found["six"].message and found["six"].clause == "测试条款"


def test_team_min_phd(tree):
    k = kit(tree, {"rule": "team.min-phd", "params": {"min": 1}})
    k.person("doc")
    k.person("m1", degree="硕士", title="讲师", level="中级")
    k.person("m2", degree="硕士", title="讲师", level="中级")
    k.team("with-doc", ["doc", "m1"])
    k.team("no-doc", ["m1", "m2"])
    assert [f.record for f in k.found("team.min-phd")] == ["no-doc"]


def test_team_leader_doctor_professor_and_neither(tree):
    k = kit(tree, {"rule": "team.leader", "params": {"degree": "博士", "alternative_level": "正高",
                                                     "alternative_clause": "二（二）由博士担任"}})
    k.person("doc", degree="博士", title="讲师", level="中级")
    k.person("prof", degree="硕士", title="教授", level="正高")
    k.person("assoc", degree="硕士", title="副教授", level="副高")
    k.person("m")
    k.team("a-doc", ["doc", "m"])
    k.team("b-prof", ["prof", "m"])
    k.team("c-assoc", ["assoc", "m"])
    found = {f.record: f for f in k.found("team.leader")}
    assert set(found) == {"b-prof", "c-assoc"}
    assert found["b-prof"].severity == "warning" and found["b-prof"].clause == "二（二）由博士担任"
    assert found["c-assoc"].severity == "error" and found["c-assoc"].clause == "测试条款"


def test_phd_in_at_most_two_live_teams(tree):
    k = kit(tree, {"rule": "person.max-teams", "params": {"max": 2, "degree": "博士"}})
    k.person("doc")
    k.person("ms", degree="硕士", title="讲师", level="中级")
    for i in range(4):
        k.person(f"m{i}", degree="硕士", title="讲师", level="中级")
    k.team("t1", ["doc", "m0"], submitted="2025-03-01")
    k.team("t2", ["doc", "m1"], submitted="2025-03-02")
    k.team("t3", ["doc", "m2"], submitted="2025-03-03")
    k.team("t4", ["m3", "doc"], submitted="2025-03-04")
    k.team("x1", ["ms", "m0"])
    k.team("x2", ["ms", "m1"])
    k.team("x3", ["ms", "m2"])  # a master's degree holder is not limited
    found = {f.record: f for f in k.found("person.max-teams")}
    assert set(found) == {"t3", "t4"}
    assert "团队t1" in found["t3"].message and "团队t2" in found["t3"].message
    assert found["t4"].line == 6  # the member line of the doctor in t4
    # a rejected team no longer counts: t3 becomes the second live team
    k.decision("rv", kind="review", date="2025-04-01", stage="initial",
               results=[{"application": "t1", "outcome": "fail"}])
    assert {f.record for f in k.found("person.max-teams")} == {"t4"}


def test_member_qualification_both_conditions(tree):
    k = kit(tree, {"rule": "member.qualification", "severity": "warning",
                   "params": {"min_degree": "硕士", "min_level": "中级"}})
    k.person("lead", degree="学士", title="助教", level="初级")  # the leader is not judged here
    k.person("ok", degree="硕士", title="讲师", level="中级")
    k.person("bachelor", degree="学士", title="讲师", level="中级")
    k.person("junior", degree="博士", title="助教", level="初级")
    k.team("t", ["lead", "ok", "bachelor", "junior"])
    found = k.found("member.qualification")
    assert sorted(f.message.split("学位")[0].split("职称")[0] for f in found) == ["成员人员bachelor", "成员人员junior"]
    assert all(f.severity == "warning" for f in found)


@pytest.mark.parametrize("clause,said", [("三（二）3 团队成员一般应同时具备硕士及以上学历", "一般应"),
                                         ("五2 原则上不少于4人", "原则上"), ("二（二）各团由3-5名成员组成", None)])
def test_a_warning_under_a_soft_clause_says_the_reviewer_may_except(tree, clause, said):
    """A seed's 一般应 and 原则上 leave room for exceptions: the warning says so in its sentence."""
    k = kit(tree, {"rule": "member.qualification", "severity": "warning", "clause": clause,
                   "params": {"min_degree": "硕士", "min_level": "中级"}})
    k.person("lead")
    k.person("bachelor", degree="学士", title="讲师", level="中级")
    k.team("t", ["lead", "bachelor"])
    [f] = k.found("member.qualification")
    assert (f"政策规定为“{said}”" in f.message) if said else ("政策规定为" not in f.message)


def test_team_members_must_be_registered_commissioners(tree):
    k = kit(tree, {"rule": "team.members-registered"})
    for pid in ("a", "b", "c"):
        k.person(pid)
    k.individual("ia", "a")
    k.individual("ib", "b")
    k.approve(["ia"])
    k.team("t", ["a", "b", "c"], submitted="2025-07-01")
    found = k.found("team.members-registered")
    assert sorted(f.message[:4] for f in found) == ["成员人员", "成员人员"]
    assert len(found) == 2 and all("人员a" not in f.message for f in found)


# ---- issue 37: teams counted as they are today ----------------------------------------------------

def _doctor_in_three(tree, **program):
    k = Kit(tree, [{"rule": "person.max-teams", "params": {"max": 2, "degree": "博士"}}], **program)
    k.person("doc")
    for i in range(3):
        k.person(f"m{i}", degree="硕士", title="讲师", level="中级")
    k.team("t1", ["doc", "m0"], submitted="2025-04-01")
    k.team("t2", ["doc", "m1"], submitted="2025-04-02")
    return k


def test_a_doctor_who_left_one_team_may_join_another(tree):
    """每名博士至多加入2个团 counts the teams she is in, not the rosters she was once on."""
    k = _doctor_in_three(tree)
    k.approve(["t1", "t2"])
    k.team("t3", ["doc", "m2"], submitted="2026-04-01")
    assert [f.record for f in k.found("person.max-teams")] == ["t3"]
    k.decision("out", kind="termination", date="2026-03-01", application="t1", person="doc", reason="成员退出")
    assert k.found("person.max-teams") == []


def test_an_application_not_chosen_in_its_year_no_longer_counts(tree):
    """九江 二（一）每年遴选15个: t2, undecided when the 2025 selection was approved, was not chosen."""
    window = {"opens": "2025-03-15", "closes": "2025-06-30", "yearly": True}
    k = _doctor_in_three(tree, application_window=window)
    k.approve(["t1"], date="2025-07-10")
    k.team("t3", ["doc", "m2"], submitted="2026-04-01")
    assert k.found("person.max-teams") == []
    k.approve(["t1"], date="2025-06-20")  # the selection before the window closed: t2 may still be chosen
    assert [f.record for f in k.found("person.max-teams")] == ["t3"]
