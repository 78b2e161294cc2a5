"""Agreement rules: 江西 seed 002 五3/五4/五5, 景德镇 seed 001 二2/三, 九江 seed 000 二（三）2."""

from __future__ import annotations

import re
from datetime import date

from techserve.registry import load_registry

from .rulekit import Kit


def test_three_party_agreement(tree):
    k = Kit(tree, [{"rule": "agreement.parties"}])
    k.person("a")
    k.individual("ia", "a")
    k.agreement("full", application="ia", parties=["u-home", "ent", "a"])
    k.agreement("no-person", application="ia", parties=["u-home", "ent"])
    k.agreement("no-unit", person="a", parties=["ent", "a"])
    found = {f.record: f.message for f in k.found("agreement.parties")}
    assert set(found) == {"no-person", "no-unit"}
    assert "人员a" in found["no-person"] and "派出单位" in found["no-unit"]


def test_min_duration_half_year(tree):
    k = Kit(tree, [{"rule": "agreement.min-duration", "params": {"min_months": 6}}])
    k.person("a")
    k.agreement("six", person="a", start="2020-09-15", end="2021-03-14")
    k.agreement("short", person="a", start="2020-09-15", end="2021-03-13")
    k.agreement("feb-ok", person="a", start="2020-08-31", end="2021-02-27")  # Feb has no 31st: 6 months end 02-27
    k.agreement("feb-short", person="a", start="2020-08-31", end="2021-02-26")
    assert sorted(f.record for f in k.found("agreement.min-duration")) == ["feb-short", "short"]


def test_need_matched_once(tree):
    k = Kit(tree, [{"rule": "need.max-matches", "severity": "warning", "params": {"max": 1}}])
    k.person("a")
    k.person("b")
    k.need("n")
    k.agreement("g1", person="a", need="n", start="2025-01-01", end="2025-06-30")
    k.agreement("g2", person="b", need="n", start="2025-07-01", end="2025-12-31")  # after g1: fine
    assert k.found("need.max-matches") == []
    k.agreement("g3", person="b", need="n", start="2025-06-30", end="2025-08-31")  # overlaps both
    found = {f.record: f.message for f in k.found("need.max-matches")}
    assert set(found) == {"g3", "g2"}  # g3 starts while g1 runs; g2 starts while g3 runs
    assert "g1" in found["g3"] and "g3" in found["g2"]
    # the reviewer reads names, the id beside them: 需求“需求n”（n）, “人员a”与“企业ent”的协议（g1）
    assert "需求“需求n”（n）" in found["g3"] and "“人员a”与“企业ent”的协议（g1）" in found["g3"]


def test_three_enterprises_at_once_pass_a_fourth_warns(tree):
    k = Kit(tree, [{"rule": "agreement.max-concurrent", "severity": "warning", "params": {"max": 3}}])
    k.person("a")
    k.person("b")
    for e in ("e1", "e2", "e3", "e4", "e5"):
        k.enterprise(e)
    k.agreement("g1", person="a", enterprise="e1", start="2025-01-01", end="2025-12-31")
    k.agreement("g2", person="a", enterprise="e2", start="2025-02-01", end="2025-12-31")
    k.individual("ta", "a")
    k.team("team", ["b", "a"])
    k.agreement("g3", application="team", enterprise="e3", start="2025-03-01", end="2025-12-31")
    k.agreement("g1b", person="a", enterprise="e1", start="2025-04-01", end="2025-05-01")  # same enterprise again
    k.agreement("g5", person="a", enterprise="e5", start="2026-01-01", end="2026-06-30")  # after the others end
    assert k.found("agreement.max-concurrent") == []
    k.agreement("g4", person="a", enterprise="e4", start="2025-12-31", end="2026-03-31")  # one overlapping day
    found = k.found("agreement.max-concurrent")
    assert [f.record for f in found] == ["g4"]
    assert "4 家企业" in found[0].message and "企业e1" in found[0].message


def test_terminated_agreement_frees_the_slot(tree):
    k = Kit(tree, [{"rule": "agreement.max-concurrent", "params": {"max": 1}}])
    k.person("a")
    k.enterprise("e2")
    k.agreement("g1", person="a", start="2025-01-01", end="2025-12-31")
    k.agreement("g2", person="a", enterprise="e2", start="2025-06-01", end="2025-12-31")
    assert [f.record for f in k.found("agreement.max-concurrent")] == ["g2"]
    k.decision("stop", kind="termination", date="2025-06-01", agreement="g1", reason="企业申请终止")
    assert k.found("agreement.max-concurrent") == []


def test_designation(tree):
    k = Kit(tree, [{"rule": "agreement.designation"}])
    k.person("a")
    k.person("b")
    k.need("n", designated=["a"])
    k.agreement("right", person="a", need="n", match_method="企业指定")
    k.agreement("wrong", person="b", need="n", match_method="企业指定")
    k.agreement("no-need", person="b", match_method="企业指定")
    k.agreement("other-method", person="b", need="n", match_method="系统推荐")
    assert sorted(f.record for f in k.found("agreement.designation")) == ["no-need", "wrong"]


def test_service_frequency_full_months_only(tree):
    k = Kit(tree, [{"rule": "service.frequency", "severity": "warning", "params": {"min_per_month": 2}}])
    k.person("a")
    k.agreement("g", person="a", start="2025-07-10", end="2027-07-09")
    # July 2025 is not a full month of service; August and September are
    k.service("s1", "g", "2025-07-20")
    k.service("s2", "g", "2025-08-05")
    k.service("s3", "g", "2025-08-25")
    k.service("s4", "g", "2025-09-05")
    assert k.found("service.frequency", as_of="2025-09-30") == []  # September not over yet
    [f] = k.found("service.frequency", as_of="2025-10-01")
    assert "2025年9月 1 次" in f.message and "8月" not in f.message and f.severity == "warning"
    k.service("s5", "g", "2025-09-30")
    assert k.found("service.frequency", as_of="2025-10-01") == []


def test_two_records_on_one_day_are_one_visit(tree):
    """每月至少入企服务2次: two service records of the same day count once."""
    k = Kit(tree, [{"rule": "service.frequency", "severity": "warning", "params": {"min_per_month": 2}}])
    k.person("p")
    k.agreement("g", start="2025-08-01", end="2025-12-31", person="p")
    k.service("s1", "g", "2025-08-05")
    k.service("s2", "g", "2025-08-05")
    [f] = k.found("service.frequency", as_of="2025-09-01")
    assert "2025年8月 1 次" in f.message
    k.service("s2", "g", "2025-08-06")
    assert k.found("service.frequency", as_of="2025-09-01") == []


def test_a_record_dated_after_the_check_day_is_judged_only_as_future(tree):
    """Issue 39: `--as-of D` means today is D. An agreement signed after D has not happened: only
    record.future-date reports it, not agreement.min-duration or agreement.parties; the day it
    happens, they judge it."""
    k = Kit(tree, [{"rule": "agreement.min-duration", "params": {"min_months": 6}}, {"rule": "agreement.parties"}])
    k.person("a")
    k.unit("u-other")
    k.agreement("short-later", person="a", start="2026-12-01", end="2027-01-31", parties=["ent", "u-other"])
    for rule in ("agreement.min-duration", "agreement.parties"):
        assert k.found(rule, as_of="2026-11-22") == [], rule
        assert [f.record for f in k.found(rule, as_of="2026-12-01")] == ["short-later"], rule
    assert [f.record for f in k.found("record.future-date", as_of="2026-11-22")] == ["short-later"]


def test_monthly_visits_are_not_owed_after_the_cultivation_period(example):
    """九江 二（三）2 asks 每月至少入企服务2次 of a team in its 培育期 (two years, term_years: 2): an
    agreement signed to run past it owes no visits after it. 华中科大's team, approved 2025-07-01,
    ends its 培育期 on 2027-06-30."""
    path = example.root / "submissions/programs/jiujiang-kjfwt-2025/agreements/hust-hengsheng-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("end: 2027-07-09", "end: 2028-06-30"), encoding="utf-8")
    [hit] = [f for f in example.findings("service.frequency", as_of=date(2028, 2, 1)) if f.record == "hust-hengsheng-2025"]
    months = re.findall(r"(\d{4})年(\d{1,2})月", hit.message)
    assert months and max((int(y), int(m)) for y, m in months) <= (2027, 6)
    total = re.search(r"等 (\d+) 个月", hit.message)
    last_logged = max(f.model.date for f in load_registry(example.root).valid("service", "jiujiang-kjfwt-2025")
                      if f.model.agreement == "hust-hengsheng-2025")
    owed = (2027 - last_logged.year) * 12 + 6 - last_logged.month  # the full months after the last visit, to June 2027
    assert total is None or int(total.group(1)) <= owed + 1
    # a visit after the 培育期 is still a service under the agreement: no other finding on it
    assert not [f for f in example.findings("service.agreement-period", as_of=date(2028, 2, 1))]
    # and the worklist, reading the same span, asks for no visits either
    import json

    from techserve.cli import main

    out = tmp_out(example, main)
    assert not [i for i in json.loads(out)["items"] if "hust-hengsheng-2025" in json.dumps(i, ensure_ascii=False)
                and "入企服务" in json.dumps(i, ensure_ascii=False)]


def tmp_out(example, main) -> str:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["todo", "--root", str(example.root), "--as-of", "2028-02-01", "--format", "json",
              "--program", "jiujiang-kjfwt-2025"])
    return buf.getvalue()
