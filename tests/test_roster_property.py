"""A property over a team's later life: random sequences of replacements and member exits on a
valid team. The checker's verdict for team.size, team.min-phd and team.leader equals a direct
evaluation of the rules on the roster of every day a change takes effect."""

from __future__ import annotations

import os
from datetime import date, timedelta

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from techserve.checker import check

from .conftest import Tree
from .rulekit import Kit

SCALE = int(os.environ.get("TECHSERVE_FUZZ_EXAMPLES", "0"))
RULES = [{"rule": "team.size", "params": {"min": 3, "max": 5}}, {"rule": "team.min-phd", "params": {"min": 1}},
         {"rule": "team.leader", "params": {"degree": "博士"}}]
DOCTORS = {"a", "p", "q"}
POOL = ["a", "b", "c", "d", "p", "q", "m", "n"]  # a, p, q hold 博士; the rest 硕士
START = ["a", "b", "c", "d"]  # a leads


@st.composite
def histories(draw):
    """Valid changes only: who leaves is on the team that day, who joins is not."""
    roster, changes = list(START), []
    day = date(2025, 7, 1)
    for _ in range(draw(st.integers(1, 5))):
        if not roster:
            break
        day += timedelta(days=draw(st.integers(1, 40)))
        leaves = draw(st.sampled_from(roster))
        outside = [p for p in POOL if p not in roster]
        joins = draw(st.sampled_from(outside)) if outside and draw(st.booleans()) else None
        changes.append((day, leaves, joins))
        roster.remove(leaves)
        if joins:
            roster.append(joins)
    return changes


def expected(changes) -> set[tuple[str, int]]:
    """(rule, index of the change that breaks it) from the roster of each day."""
    out: set[tuple[str, int]] = set()
    roster, leader = list(START), "a"
    size_broken = phd_broken = leader_gone = False
    for i, (_, leaves, joins) in enumerate(changes):
        roster.remove(leaves)
        if joins:
            roster.append(joins)
        if not size_broken and not 3 <= len(roster) <= 5:
            out.add(("team.size", i))
            size_broken = True
        if not phd_broken and not any(p in DOCTORS for p in roster):
            out.add(("team.min-phd", i))
            phd_broken = True
        if not leader_gone and leaves == leader:
            if joins is None:
                out.add(("team.leader", i))
                leader_gone = True
            else:
                leader = joins
                if joins not in DOCTORS:
                    out.add(("team.leader", i))
    return out


@seed(20261201)
@settings(max_examples=SCALE or 25, deadline=None, derandomize=not SCALE, database=None,
          suppress_health_check=list(HealthCheck))
@given(histories())
def test_the_verdict_equals_the_rules_on_every_days_roster(tmp_path_factory, changes):
    tree = Tree(tmp_path_factory.mktemp("r"))
    k = Kit(tree, RULES)
    for p in POOL:
        if p in DOCTORS:
            k.person(p)
        else:
            k.person(p, degree="硕士", title="副教授", level="副高")
    k.team("t", list(START))
    k.approve(["t"])  # 2025-06-10
    for i, (day, leaves, joins) in enumerate(changes):
        if joins:
            k.decision(f"c{i}", kind="replacement", date=day.isoformat(), application="t", leaves=leaves,
                       joins=joins, reason="更换")
        else:
            k.decision(f"c{i}", kind="termination", date=day.isoformat(), application="t", person=leaves,
                       reason="成员退出")
    report = check(tree.root, date(2026, 11, 22))
    assert not [f for f in report.findings if f.rule in ("roster.change", "schema", "ref.unknown")], changes
    got = {(f.rule, int(f.record[1:])) for f in report.findings
           if f.rule in ("team.size", "team.min-phd", "team.leader") and f.record.startswith("c")}
    assert got == expected(changes), changes
