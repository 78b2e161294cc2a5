"""Builders for rule tests: a program with chosen rules, people, teams, agreements, decisions."""

from __future__ import annotations

import zlib

import yaml

from .conftest import REPO


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class Kit:
    def __init__(self, tree, rules: list[dict], **program):
        self.tree = tree
        self.units = set()
        self.unit("u-home", city="九江市")
        self.enterprise("ent")
        base = {
            "name": "测试项目", "issuer": "测试单位", "published": "2025-01-01",
            "region": {"province": "江西省", "city": "九江市"}, "application_kinds": ["team", "individual"],
            "period": {"start": "2025-01-01", "end": "2027-12-31"},
            "notice": {"days": 5, "day_kind": "calendar", "contact": "测试单位"},
            "rules": [{"severity": "error", "clause": "测试条款", **r} for r in rules],
        }
        base.update(program)
        tree.write("programs/p/program.yaml", dump(base))
        for year in (2025, 2026):
            tree.write(f"calendar/{year}.yaml", (REPO / f"submissions/calendar/{year}.yaml").read_text(encoding="utf-8"))

    def unit(self, uid, type="高校", province="江西省", city="九江市"):
        self.tree.write(f"units/{uid}.yaml", dump({"name": f"单位{uid}", "type": type, "province": province, "city": city}))

    def enterprise(self, eid, province="江西省", city="九江市", **extra):
        from stdnum.cn import uscc

        # A code of its own for every id, the same in every run (enterprise.duplicate compares them).
        body = "91360400MA35" + f"{zlib.crc32(eid.encode()) % 100000:05d}"
        self.tree.write(f"enterprises/{eid}.yaml", dump({
            "name": f"企业{eid}", "uscc": body + uscc.calc_check_digit(body), "province": province, "city": city,
            "county": "某县", **extra}))

    def person(self, pid, degree="博士", title="教授", level="正高", unit="u-home", birth="1980-01", since="2010-01"):
        self.tree.write(f"people/{pid}.yaml", dump({
            "name": f"人员{pid}", "gender": "男", "birth": birth, "degree": degree, "title": title,
            "title_level": level, "unit": unit, "employed_since": since, "fields": ["新材料"]}))

    def team(self, aid, members, submitted="2025-05-01", **extra):
        self.tree.write(f"programs/p/applications/{aid}.yaml", dump({
            "kind": "team", "name": f"团队{aid}",
            "members": [{"person": m, "role": "leader" if i == 0 else "member"} for i, m in enumerate(members)],
            "recommended_by": "u-home", "submitted": submitted, "fields": ["新材料"], **extra, "commitment": True}))

    def individual(self, aid, person, submitted="2025-05-01", **extra):
        data = {"kind": "individual", "name": f"个人{aid}", "person": person, "recommended_by": "u-home",
                "submitted": submitted, "fields": ["新材料"], "commitment": True}
        data.update(extra)
        self.tree.write(f"programs/p/applications/{aid}.yaml", dump(data))

    def agreement(self, gid, enterprise="ent", start="2025-01-01", end="2025-12-31", match_method="自主申请",
                  parties=None, **who):
        self.tree.write(f"programs/p/agreements/{gid}.yaml", dump({
            **who, "enterprise": enterprise, "signed": start, "start": start, "end": end,
            "match_method": match_method, "parties": parties or ["u-home", enterprise]}))

    def need(self, nid, enterprise="ent", **extra):
        self.tree.write(f"programs/p/needs/{nid}.yaml", dump({
            "enterprise": enterprise, "title": f"需求{nid}", "categories": ["技术难题"], "fields": ["新材料"],
            "description": "说明", "expected_outcome": "效果", "mode": "常规", "published": "2025-01-01", **extra}))

    def decision(self, did, **data):
        self.tree.write(f"programs/p/decisions/{did}.yaml", dump(data))

    def service(self, sid, agreement, day):
        self.tree.write(f"programs/p/services/{sid}.yaml", dump({
            "agreement": agreement, "date": day, "people": ["a"], "content": "入企服务"}))

    def approve(self, apps, date="2025-06-10", funding=None):
        """Review, notice and approve the applications (funding: {app: 万元})."""
        self.decision("rv", kind="review", date="2025-05-20", stage="expert",
                      results=[{"application": a, "outcome": "pass"} for a in apps])
        self.decision("nt", kind="notice", date="2025-05-25", title="公示", applications=list(apps))
        items = [{"application": a, **({"funding_wan": funding[a]} if funding and a in funding else {})} for a in apps]
        self.decision("ap", kind="approval", date=date, notice="nt", applications=items)

    def found(self, rule, as_of="2026-11-22"):
        from datetime import date

        return [f for f in self.tree.check(date.fromisoformat(as_of)).findings if f.rule == rule]
