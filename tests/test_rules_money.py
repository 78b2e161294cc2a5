"""Funding and quota rules: 九江 seed 000 二（一）/五, 景德镇 seed 001 四（二）2."""

from __future__ import annotations

from .rulekit import Kit

AMOUNT = {"rule": "funding.amount", "params": {"home_city": "九江市", "inside_wan": 2, "outside_wan": 10}}


def test_funding_two_or_ten(tree):
    k = Kit(tree, [AMOUNT])
    k.unit("wuhan", city="武汉市")
    k.person("out1", unit="wuhan")
    k.person("out2", unit="wuhan")
    k.person("home", unit="u-home")
    k.team("outside", ["out1", "out2"])
    k.team("mixed", ["out1", "home"])
    k.team("outside-paid-2", ["out2", "out1"])
    k.approve(["outside", "mixed", "outside-paid-2"], funding={"outside": 10, "mixed": 2, "outside-paid-2": 2})
    found = k.found("funding.amount")
    assert len(found) == 1 and "应为每年 10 万元" in found[0].message
    assert found[0].file.endswith("decisions/ap.yaml")


def test_funding_missing_amount(tree):
    k = Kit(tree, [AMOUNT])
    k.person("home")
    k.team("t", ["home"])
    k.approve(["t"])
    [f] = k.found("funding.amount")
    assert "未填写" in f.message and "2 万元" in f.message


def test_funding_range_3_to_20(tree):
    k = Kit(tree, [{"rule": "funding.range", "params": {"min_wan": 3, "max_wan": 20}}])
    k.person("a")
    for aid in ("low", "min", "max", "high"):
        k.individual(aid, "a")
    k.approve(["low", "min", "max", "high"], funding={"low": 2.9, "min": 3, "max": 20, "high": 20.5})
    # messages name the application by name and id: “个人high”（high）
    assert sorted(f.message.split("（")[1].split("）")[0] for f in k.found("funding.range")) == ["high", "low"]


def test_quota_per_cohort(tree):
    k = Kit(tree, [{"rule": "quota.max-approved", "params": {"max": 2}}])
    k.person("a")
    for aid in ("a1", "a2", "a3"):
        k.individual(aid, "a")
    k.approve(["a1", "a2"])
    assert k.found("quota.max-approved") == []
    k.approve(["a1", "a2", "a3"])
    [f] = k.found("quota.max-approved")
    assert "第 3 个" in f.message and "a3" in f.message
