"""Names people know → the ids the registry uses: a program by its name, a unit or an enterprise
by its name, a person as 姓名（单位）. An id still works. A name that matches nobody, or more than
one record, is a problem whose message lists what to write instead; nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..registry import Registry

# 张伟（华中科技大学） / 张伟(hust) / 张伟 华中科技大学 / 张伟，华中科技大学
PERSON = re.compile(r"^\s*(?P<name>[^（(，,\s]+)\s*(?:[（(](?P<unit>[^）)]*)[）)]|[，,\s]+(?P<unit2>.+))?\s*$")
SHOWN = 5


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass
class Resolver:
    reg: Registry

    def _by_name(self, kind: str, text: str, what: str, how: str) -> tuple[str | None, str | None]:
        text = text.strip()
        if self.reg.model(kind, text) is not None:
            return text, None
        want = _norm(text)
        found = sorted(e.id for e in self.reg.valid(kind) if _norm(e.model.name) == want)
        if len(found) == 1:
            return found[0], None
        if found:
            return None, f"有 {len(found)} 个{what}叫“{text}”（编号 {'、'.join(found[:SHOWN])}），请填写编号"
        near = sorted(e.model.name for e in self.reg.valid(kind) if want and want in _norm(e.model.name))[:SHOWN]
        hint = f"；名称相近的有：{'、'.join(near)}" if near else ""
        return None, f"没有名为“{text}”的{what}{hint}。{how}"

    def program(self, text: str):
        return self._by_name("program", text, "项目", "请从下拉列表中选择项目")

    def unit(self, text: str):
        return self._by_name("unit", text, "单位", "请写单位全称；单位尚未登记的，请联系项目办公室登记")

    def enterprise(self, text: str):
        return self._by_name("enterprise", text, "企业", "请写营业执照上的企业全称；企业尚未登记的，请联系所在地科技局登记")

    def person(self, text: str) -> tuple[str | None, str | None]:
        """姓名（单位） → person id; the unit may be its name, part of it, or its id."""
        text = text.strip()
        if self.reg.model("person", text) is not None:
            return text, None
        m = PERSON.match(text)
        if not m:
            return None, f"“{text}”看不出姓名和单位，请按“姓名（单位）”填写，如“张伟（华中科技大学）”"
        name, unit = m.group("name"), (m.group("unit") or m.group("unit2") or "").strip()
        same = [e for e in self.reg.valid("person") if _norm(e.model.name) == _norm(name)]
        if unit:
            u = _norm(unit)

            def at(e) -> bool:
                model = self.reg.model("unit", e.model.unit)
                return _norm(e.model.unit) == u or (model is not None and u in _norm(model.name))

            same = [e for e in same if at(e)]
        if len(same) == 1:
            return same[0].id, None
        if not same:
            where = f"（{unit}）" if unit else ""
            return None, (f"没有登记“{name}{where}”：请先用“登记科技人员”表单登记，或核对姓名和单位的写法")
        listed = "、".join(f"{e.model.name}（{self._unit_name(e.model.unit)}，编号 {e.id}）" for e in same[:SHOWN])
        return None, f"登记了 {len(same)} 位“{name}”：{listed}。请写明单位，或直接写编号"

    def _unit_name(self, unit_id: str) -> str:
        model = self.reg.model("unit", unit_id)
        return model.name if model is not None else unit_id


# Which form field names which kind of record (the rest are taken as written).
RESOLVE = {"program": "program", "recommended_by": "unit", "unit": "unit", "enterprise": "enterprise",
           "leader": "person", "members": "person", "people": "person"}


def resolve(reg: Registry, data: dict, labels: dict[str, str]) -> list[tuple[str, str]]:
    """Replace names with ids in `data` in place; the problems, as (field label, message)."""
    r = Resolver(reg)
    problems = []
    for key, kind in RESOLVE.items():
        if key not in data or data[key] in (None, ""):
            continue
        values = data[key] if isinstance(data[key], list) else [data[key]]
        out = []
        for v in values:
            got, problem = getattr(r, kind)(str(v))
            if problem:
                problems.append((labels.get(key, key), problem))
            out.append(got if got is not None else v)
        data[key] = out if isinstance(data[key], list) else out[0]
    return problems
