"""Waivers (例外), from POLICY: "原则上/一般应" clauses are warnings and reviewers may grant a
waiver for them; "须/应/不超过" statements are errors. A waiver reaches one warning of one of its
program's rules about one record, from its date on, and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from .rulekit import Kit

AGE = {"rule": "applicant.age", "severity": "warning", "clause": "二1（3）", "params": {"earliest_birth": "1961-07"}}
SIZE = {"rule": "team.size", "severity": "error", "clause": "二（二）", "params": {"min": 3, "max": 5}}


def findings(tree, as_of="2026-01-01"):
    return {(f.rule, f.record): f for f in tree.check(date.fromisoformat(as_of)).findings}


def old_applicant(tree, rules=(AGE,)):
    k = Kit(tree, list(rules))
    k.person("old", birth="1958-01")
    k.individual("ia", "old")
    return k


def waiver(k, rule, day="2025-06-01", **target):
    k.decision("w1", kind="waiver", date=day, rule=rule, reason="专家组同意破格", **(target or {"application": "ia"}))


@pytest.mark.parametrize("as_of,applies", [("2025-06-01", True), ("2025-05-31", False)])
def test_a_waiver_excepts_a_warning_from_its_own_date(tree, as_of, applies):
    k = old_applicant(tree)
    waiver(k, "applicant.age")
    found = findings(tree, as_of)
    assert found[("applicant.age", "ia")].severity == ("info" if applies else "warning")
    assert ("waiver.scope", "w1") not in found


def test_a_waiver_never_excepts_an_error_of_its_program(tree):
    k = Kit(tree, [SIZE])
    for p in ("a", "b"):
        k.person(p)
    k.team("t", ["a", "b"])  # two members: the program says 3 to 5
    waiver(k, "team.size", application="t")
    found = findings(tree)
    assert found[("team.size", "t")].severity == "error"
    scope = found[("waiver.scope", "w1")]
    assert scope.severity == "error" and "必须满足" in scope.message and scope.line == 3


def test_a_waiver_never_excepts_personal_data(tree):
    k = old_applicant(tree)
    path = tree.root / "submissions/people/old.yaml"
    path.write_text(path.read_text("utf-8") + "bio: 联系我 13912345678\n", "utf-8")
    waiver(k, "privacy.mobile", person="old")
    found = findings(tree)
    assert found[("privacy.mobile", "old")].severity == "error"
    scope = found[("waiver.scope", "w1")]
    assert "没有“privacy.mobile”" in scope.message and "applicant.age" in scope.message


def test_a_waiver_reaches_only_the_record_of_the_kind_it_names(tree):
    # A person with the application's id: a waiver naming that person is not one for the application.
    k = old_applicant(tree)
    k.person("ia")
    waiver(k, "applicant.age", person="ia")
    assert findings(tree)[("applicant.age", "ia")].severity == "warning"


def test_the_warning_case_of_a_rule_set_at_error_can_be_waived(tree):
    """team.leader at error warns for a 正高 leader without 博士 ("原则上"): that warning has a
    waiver path like any other; the rule's errors still have none."""
    leader = {"rule": "team.leader", "severity": "error", "clause": "二（二）",
              "params": {"degree": "博士", "alternative_level": "正高", "alternative_clause": "二（二）原则上由博士担任"}}
    k = Kit(tree, [leader])
    k.person("prof", degree="硕士", title="教授", level="正高")
    k.person("assoc", degree="硕士", title="副教授", level="副高")
    k.person("m")
    k.team("t", ["prof", "m"])
    k.team("u", ["assoc", "m"])
    waiver(k, "team.leader", application="t")
    k.decision("w2", kind="waiver", date="2025-06-01", rule="team.leader", reason="同意", application="u")
    found = findings(tree)
    assert ("waiver.scope", "w1") not in found and found[("team.leader", "t")].severity == "info"
    assert found[("team.leader", "u")].severity == "error"  # an error stays an error


def test_a_waiver_naming_the_wrong_kind_of_record_is_a_finding(tree):
    """applicant.age judges applications: a waiver naming the person would silently do nothing."""
    k = old_applicant(tree)
    waiver(k, "applicant.age", person="old")
    found = findings(tree)
    assert found[("applicant.age", "ia")].severity == "warning"  # not excepted
    scope = found[("waiver.scope", "w1")]
    assert "申报（application）" in scope.message and "不会生效" in scope.message


def test_a_warning_from_a_yuanzeshang_clause_says_so_in_its_sentence(tree):
    """The seed's 原则上 stays in the message: a warning is not read as a refusal."""
    rule = dict(AGE, clause="二1（3）年龄原则上不超过60周岁（1961年7月后出生）")
    old_applicant(tree, rules=(rule,))
    [f] = [f for f in tree.check(date(2026, 1, 1)).findings if f.rule == "applicant.age"]
    assert f.severity == "warning" and "原则上" in f.message and "审核人员判断" in f.message
    # a clause without it: the message is as the rule wrote it
    tree2_rule = dict(AGE, clause="二1（3）年龄不超过60周岁")
    old_applicant(tree, rules=(tree2_rule,))
    [f] = [f for f in tree.check(date(2026, 1, 1)).findings if f.rule == "applicant.age"]
    assert "原则上" not in f.message
