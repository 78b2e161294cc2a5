"""Enterprise and need rules: 江西 seed 002 二2（1）-（4）, 鹰潭 seed 003, 江苏 seed 004 二8（22）."""

from __future__ import annotations

from .rulekit import Kit

ALL = ["independent_legal_person", "no_tax_violation", "no_major_accident_3y", "rd_commitment", "integrity_commitment"]


def test_enterprise_region_province_and_city(tree):
    k = Kit(tree, [{"rule": "enterprise.region", "params": {"province": "江西省", "city": "鹰潭市"}}])
    k.enterprise("yt", city="鹰潭市")
    k.enterprise("jj", city="九江市")
    k.enterprise("js", province="江苏省", city="南京市")
    for e in ("yt", "jj", "js"):
        k.need(f"n-{e}", enterprise=e)
    assert sorted(f.record for f in k.found("enterprise.region")) == ["n-jj", "n-js"]


def test_attestations_all_required(tree):
    k = Kit(tree, [{"rule": "enterprise.attestations", "params": {"required": ALL}}])
    k.enterprise("full", attestations={a: True for a in ALL})
    k.enterprise("partial", attestations={**{a: True for a in ALL}, "no_tax_violation": False})
    k.enterprise("none")
    for e in ("full", "partial", "none"):
        k.need(f"n-{e}", enterprise=e)
    found = {f.record: f.message for f in k.found("enterprise.attestations")}
    assert set(found) == {"n-partial", "n-none"}
    assert "无偷漏税" in found["n-partial"] and "独立法人" not in found["n-partial"]


def test_unknown_attestation_is_a_program_finding(tree):
    k = Kit(tree, [{"rule": "enterprise.attestations", "params": {"required": ["no_tax"]}}])
    [f] = k.found("program.rule")
    assert "no_tax" in f.message and f.file.endswith("program.yaml")


def test_challenge_needs_budget_and_deadline(tree):
    k = Kit(tree, [{"rule": "need.challenge"}])
    k.need("complete", mode="揭榜挂帅", budget_wan=100, deadline="2025-09-30")
    k.need("no-deadline", mode="揭榜挂帅", budget_wan=100)
    k.need("plain")
    found = k.found("need.challenge")
    assert [f.record for f in found] == ["no-deadline"] and "deadline" in found[0].message


def test_application_after_need_deadline(tree):
    k = Kit(tree, [{"rule": "application.need-open"}])
    k.person("a")
    k.need("n", mode="揭榜挂帅", budget_wan=100, deadline="2025-09-30")
    k.individual("on-time", "a", submitted="2025-09-30", need="n")
    k.individual("late", "a", submitted="2025-10-01", need="n")
    assert [f.record for f in k.found("application.need-open")] == ["late"]
