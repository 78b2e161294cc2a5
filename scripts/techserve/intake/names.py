"""Names people know → the ids the registry uses: a program by its name, a unit or an enterprise
by its name, a person as 姓名（单位）. An id still works. A name that matches nobody, or more than
one record, is a problem whose message lists what to write instead; nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from ..registry import Registry

# 张伟（华中科技大学） / 张伟(hust) / 张伟 华中科技大学 / 张伟，华中科技大学
PERSON = re.compile(r"^\s*(?P<name>[^（(，,\s]+)\s*(?:[（(](?P<unit>[^）)]*)[）)]|[，,\s]+(?P<unit2>.+))?\s*$")
SHOWN = 5


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass
class Resolver:
    reg: Registry
    scope: str | None = None  # the program whose needs and agreements are looked up
    # people registered in the same issue: (id, name, unit id)
    new: list[tuple[str, str, str]] = field(default_factory=list)

    def _by_name(self, kind: str, text: str, what: str, how: str, attr: str = "name",
                 program: str | None = None) -> tuple[str | None, str | None]:
        text = text.strip()
        if self.reg.model(kind, text) is not None:
            return text, None
        want = _norm(text)
        pool = list(self.reg.valid(kind, program) if program else self.reg.valid(kind))
        found = sorted(e.id for e in pool if _norm(getattr(e.model, attr)) == want)
        if len(found) == 1:
            return found[0], None
        if found:
            return None, f"有 {len(found)} 个{what}叫“{text}”（编号 {'、'.join(found[:SHOWN])}），请填写编号"
        near = sorted(getattr(e.model, attr) for e in pool if want and want in _norm(getattr(e.model, attr)))[:SHOWN]
        if not near:  # a character typed or remembered wrong: 华中理工大学, 恒盛 for 恒晟
            names = {_norm(getattr(e.model, attr)): getattr(e.model, attr) for e in pool}
            near = [names[n] for n in difflib.get_close_matches(want, list(names), n=SHOWN, cutoff=0.6)]
        hint = f"；名称相近的有：{'、'.join(near)}" if near else ""
        return None, f"没有名为“{text}”的{what}{hint}。{how}"

    def need(self, text: str):
        return self._by_name("need", text, "需求", "请写需求榜上的需求名称，或留空", attr="title", program=self.scope)

    def agreement(self, text: str) -> tuple[str | None, str | None]:
        """An agreement of the program, by its id, its team's (application's) name or its enterprise's name."""
        text = text.strip()
        if self.reg.model("agreement", text) is not None:
            return text, None
        want = _norm(text)
        rows = []
        for e in self.reg.valid("agreement", self.scope):
            a = e.model
            app = self.reg.model("application", a.application) if a.application else None
            ent = self.reg.model("enterprise", a.enterprise)
            names = {_norm(x.name) for x in (app, ent) if x is not None}
            if want in names:
                rows.append((e.id, app.name if app else "", ent.name if ent else a.enterprise))
        if len(rows) == 1:
            return rows[0][0], None
        if rows:
            listed = "；".join(f"{t} — {n}（编号 {i}）" for i, t, n in rows[:SHOWN])
            return None, f"“{text}”有 {len(rows)} 份协议：{listed}。请改写企业全称，或直接写协议编号"
        return None, f"本项目没有“{text}”的协议：请写签了协议的团队名称或企业全称；尚未签订协议的，不能登记服务"

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
        for pid, new_name, unit_id in self.new:
            if _norm(new_name) == _norm(name) and (not unit or _norm(unit) in (_norm(unit_id), _norm(self._unit_name(unit_id)))):
                return pid, None
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
            return None, (f"没有登记“{name}{where}”：请在“尚未登记的人员”一栏写上他（她）的信息，"
                          "或先用“登记科技人员”表单登记；已登记的，请核对姓名和单位的写法")
        listed = "、".join(f"{e.model.name}（{self._unit_name(e.model.unit)}，编号 {e.id}）" for e in same[:SHOWN])
        return None, f"登记了 {len(same)} 位“{name}”：{listed}。请写明单位，或直接写编号"

    def _unit_name(self, unit_id: str) -> str:
        model = self.reg.model("unit", unit_id)
        return model.name if model is not None else unit_id


# Which form field names which kind of record (the rest are taken as written).
RESOLVE = {"recommended_by": "unit", "unit": "unit", "enterprise": "enterprise", "leader": "person",
           "members": "person", "person": "person", "people": "person", "need": "need", "agreement": "agreement"}


def resolve(reg: Registry, data: dict, labels: dict[str, str], program: str | None = None,
            new: list[tuple[str, str, str]] | None = None) -> list[tuple[str, str]]:
    """Replace names with ids in `data` in place; the problems, as (field label, message)."""
    r = Resolver(reg, program, new or [])
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
