"""Applicant rules: 景德镇 seed 001 一/一3/四（一）, 江西 seed 002 二1（3）/附件2, 九江 seed 000 三（一）/四（一）."""

from __future__ import annotations

import pytest
import yaml

from .rulekit import Kit


def test_unit_type(tree):
    k = Kit(tree, [{"rule": "applicant.unit-type", "params": {"types": ["高校", "科研院所"]}}])
    k.unit("inst", type="科研院所")
    k.unit("corp", type="企业")
    k.person("a", unit="inst")
    k.person("b", unit="corp")
    k.individual("ok", "a")
    k.individual("bad", "b")
    assert [f.record for f in k.found("applicant.unit-type")] == ["bad"]


def test_unit_region(tree):
    k = Kit(tree, [{"rule": "applicant.unit-region", "params": {"city": "景德镇市", "types": ["高校", "科研院所"]}}])
    k.unit("jdz", city="景德镇市")
    k.unit("jdz-gov", type="政府部门", city="景德镇市")
    k.unit("nc", city="南昌市")
    for pid, unit in (("a", "jdz"), ("b", "nc"), ("c", "jdz-gov")):
        k.person(pid, unit=unit)
        k.individual(f"app-{pid}", pid)
    found = {f.record: f.message for f in k.found("applicant.unit-region")}
    assert set(found) == {"app-b", "app-c"}
    assert "南昌市" in found["app-b"] and "政府部门" in found["app-c"]


def test_years_at_unit_at_submission(tree):
    k = Kit(tree, [{"rule": "applicant.years-at-unit", "severity": "warning", "params": {"min_years": 2}}])
    k.person("two", since="2018-07")
    k.person("short", since="2018-08")
    k.individual("exactly-two", "two", submitted="2020-07-15")
    k.individual("one-month-short", "short", submitted="2020-07-15")
    found = k.found("applicant.years-at-unit")
    assert [f.record for f in found] == ["one-month-short"] and "23 个月" in found[0].message


def test_years_in_academia_count_an_earlier_university(tree):
    """景德镇 一3 原则上在高校、院所工作2年以上: a lecturer who moved universities a year ago but
    has taught since 2015 qualifies when research_since says so; without it the current unit's
    months count, and the warning says how to give the earlier years."""
    from .rulekit import dump

    k = Kit(tree, [{"rule": "applicant.years-at-unit", "severity": "warning", "params": {"min_years": 2}}])
    k.person("moved", since="2019-08")
    person = yaml.safe_load((tree.root / "submissions/people/moved.yaml").read_text(encoding="utf-8"))
    k.tree.write("people/moved-long.yaml", dump({**person, "name": "人员moved-long", "research_since": "2015-09"}))
    k.tree.write("people/moved-late.yaml", dump({**person, "name": "人员moved-late", "research_since": "2018-08"}))
    for pid in ("moved", "moved-long", "moved-late"):
        k.individual(f"app-{pid}", pid, submitted="2020-07-15")
    found = {f.record: f.message for f in k.found("applicant.years-at-unit")}
    assert set(found) == {"app-moved", "app-moved-late"}
    assert "research_since" in found["app-moved"] and "在高校、院所工作" in found["app-moved-late"]


def test_qualification_either_title_or_degree(tree):
    k = Kit(tree, [{"rule": "applicant.qualification", "params": {"min_level": "中级", "min_degree": "硕士"}}])
    k.person("title-only", degree="学士", title="工程师", level="中级")
    k.person("degree-only", degree="硕士", title="助理工程师", level="初级")
    k.person("neither", degree="学士", title="助理工程师", level="初级")
    for pid in ("title-only", "degree-only", "neither"):
        k.individual(f"app-{pid}", pid)
    assert [f.record for f in k.found("applicant.qualification")] == ["app-neither"]


def test_age_boundary_1961_07(tree):
    k = Kit(tree, [{"rule": "applicant.age", "severity": "warning", "params": {"earliest_birth": "1961-07"}}])
    k.person("july", birth="1961-07")
    k.person("june", birth="1961-06")
    k.individual("born-july", "july")
    k.individual("born-june", "june")
    found = k.found("applicant.age")
    assert [(f.record, f.severity) for f in found] == [("born-june", "warning")]


def test_age_in_a_program_extended_past_its_first_year_counts_at_submission(tree):
    """江西 二1（3）年龄原则上不超过60周岁（1961年7月后出生）, the action extended to 2023: a 2023
    application is judged at 60 周岁 on its own month — born 1963-05 may apply in 2023-05, born
    1963-04 may not, though both were born after 1961-07."""
    k = Kit(tree, [{"rule": "applicant.age", "severity": "warning",
                    "params": {"earliest_birth": "1961-07", "max_age": 60}}],
            period={"start": "2021-08-15", "end": "2023-12-31"})
    k.person("may", birth="1963-05")
    k.person("april", birth="1963-04")
    k.person("old", birth="1961-06")
    k.individual("born-may", "may", submitted="2023-05-20")
    k.individual("born-april", "april", submitted="2023-05-20")
    k.individual("in-2021", "old", submitted="2021-05-20")  # 59 周岁, but before the seed's own month
    found = k.found("applicant.age")
    assert sorted(f.record for f in found) == ["born-april", "in-2021"]
    assert "人员april" in next(f.message for f in found if f.record == "born-april")
    assert "60 周岁" in next(f.message for f in found if f.record == "born-april")


def test_age_by_max_age_alone_and_a_rule_with_neither_limit_is_refused(tree):
    k = Kit(tree, [{"rule": "applicant.age", "params": {"max_age": 55}}])
    k.person("fifty-five", birth="1970-05")
    k.person("older", birth="1970-04")
    k.individual("a", "fifty-five", submitted="2025-05-01")
    k.individual("b", "older", submitted="2025-05-01")
    assert [f.record for f in k.found("applicant.age")] == ["b"]
    from techserve.rules.library.applicant import AgeParams
    with pytest.raises(ValueError):
        AgeParams()


def test_window_once_and_yearly(tree):
    k = Kit(tree, [{"rule": "application.window", "severity": "warning"}],
            application_window={"opens": "2025-03-15", "closes": "2025-06-30", "yearly": True})
    k.person("a")
    k.individual("first-day", "a", submitted="2025-03-15")
    k.individual("last-day", "a", submitted="2025-06-30")
    k.individual("next-year", "a", submitted="2026-04-10")
    k.individual("late", "a", submitted="2025-07-01")
    k.individual("early", "a", submitted="2026-03-14")
    assert sorted(f.record for f in k.found("application.window")) == ["early", "late"]


def test_window_without_yearly_is_one_span(tree):
    k = Kit(tree, [{"rule": "application.window"}], application_window={"opens": "2025-03-15", "closes": "2025-06-30"})
    k.person("a")
    k.individual("next-year", "a", submitted="2026-04-10")
    assert [f.record for f in k.found("application.window")] == ["next-year"]


def test_duties(tree):
    allowed = ["解决技术难题", "培养技术团队", "搭建研发平台", "促成成果转化"]
    k = Kit(tree, [{"rule": "application.duties", "params": {"allowed": allowed, "min": 1}}])
    k.person("a")
    k.individual("one", "a", duties=["解决技术难题"])
    k.individual("none", "a")
    k.individual("other", "a", duties=["解决技术难题", "写论文"])
    found = {f.record: f.message for f in k.found("application.duties")}
    assert set(found) == {"none", "other"} and "写论文" in found["other"]


def test_commitment(tree):
    k = Kit(tree, [{"rule": "application.commitment"}])
    k.person("a")
    k.individual("signed", "a")
    k.individual("unsigned", "a", commitment=False)
    assert [f.record for f in k.found("application.commitment")] == ["unsigned"]


def test_a_yearly_window_repeats_only_within_the_program_period(tree):
    """九江 四（一）“每年4月前后申报” under a 实施方案 issued 2025-05-12 for the cohorts of 2025–2027:
    an application before the programme existed or after its last year is an error, whatever the
    window's own (warning) severity; the first and last days of the period are inside."""
    k = Kit(tree, [{"rule": "application.window", "severity": "warning"}],
            period={"start": "2025-05-12", "end": "2027-12-31"},
            application_window={"opens": "2025-03-15", "closes": "2025-06-30", "yearly": True})
    k.person("a")
    k.individual("before-the-programme", "a", submitted="2025-05-11")
    k.individual("its-first-day", "a", submitted="2025-05-12")
    k.individual("last-cohort", "a", submitted="2027-04-10")
    k.individual("after-the-last-cohort", "a", submitted="2028-04-10")
    found = {f.record: f.severity for f in k.found("application.window", as_of="2028-05-01")}
    assert found == {"before-the-programme": "error", "after-the-last-cohort": "error"}


def test_the_pre_research_project_and_its_category(tree):
    """九江 附件1: 预研项目类别 is one of three boxes to tick; an application without a project, or
    with a category the form does not offer, is found; each of the three passes."""
    categories = ["产业共性关键技术研发项目", "校企合作产学研前瞻性项目", "其他类型项目"]
    k = Kit(tree, [{"rule": "application.project"}], project_categories=categories)
    k.person("a")
    for i, category in enumerate(categories):
        k.individual(f"ok-{i}", "a", project={"category": category, "title": "预研项目"})
    k.individual("none", "a")
    k.individual("other-box", "a", project={"category": "基础研究项目", "title": "预研项目"})
    found = {f.record: f.message for f in k.found("application.project")}
    assert sorted(found) == ["none", "other-box"]
    assert "基础研究项目" in found["other-box"] and "校企合作产学研前瞻性项目" in found["other-box"]
