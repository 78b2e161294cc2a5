"""How the library says things in Chinese: the labels its messages and requirement sentences share,
spelled once (a step, a party, an attestation read the same on every page and in every finding)."""

from __future__ import annotations

from ...models.entities import Attestations

STEPS = {"initial": "初审", "expert": "专家评审", "notice": "公示", "approval": "立项"}
PARTIES = {"commissioner": "科技特派员（团）", "enterprise": "企业", "liaison": "开发区联络员（推荐单位）"}
ATTESTATIONS = {name: info.title for name, info in Attestations.model_fields.items()}


def items(values, labels=None) -> str:
    return "、".join((labels or {}).get(v, str(v)) for v in values)


def month(value: str) -> str:
    year, m = str(value).split("-")
    return f"{year}年{int(m)}月"


def mmdd(value: str) -> str:
    m, day = str(value).split("-")
    return f"{int(m)}月{int(day)}日"


def qualification(p) -> str:
    parts = [f"{p['min_degree']}及以上学位" if p.get("min_degree") else "",
             f"{p['min_level']}及以上职称" if p.get("min_level") else ""]
    return "或".join(x for x in parts if x)
