"""The privacy boundary: the only fields of each record that may leave the registry.

Every page, chart, feed and download is built from these public views, never from the models,
so a field that is not listed here cannot appear on the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..registry import Registry
from ..registry.status import STATUS_LABELS, StatusBook

# A person on the site: name, gender, unit, title, degree and fields (issue #4 §7).
PERSON_FIELDS = ("name", "gender", "degree", "title", "title_level", "fields")
# Only where a program's public_person_fields lists them, as some 公示 formats do.
OPTIONAL_PERSON_FIELDS = {"birth": "出生年月", "political_status": "政治面貌", "position": "职务",
                          "bio": "个人简介", "achievements": "科研成果及荣誉"}
# Enterprises: who and where. Legal representative, contacts and finances stay in the registry.
ENTERPRISE_FIELDS = ("name", "city", "county", "park", "industry")
UNIT_FIELDS = ("name", "type", "province", "city")
NEED_FIELDS = ("title", "categories", "fields", "description", "expected_outcome", "mode", "budget_wan",
               "deadline", "published")
AGREEMENT_FIELDS = ("application", "person", "enterprise", "need", "signed", "start", "end", "match_method")
SERVICE_FIELDS = ("agreement", "date", "people", "content", "outcome", "conversion")
ROLE_LABELS = {"leader": "团长", "member": "成员"}
WITHHELD = "（信息核实中）"  # a person whose file is withheld from publication


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def pick(model, fields) -> dict:
    return {f: _plain(getattr(model, f)) for f in fields}


@dataclass
class Public:
    """Public views of one registry as of a day."""

    reg: Registry
    book: StatusBook

    def unit(self, unit_id: str) -> dict:
        unit = self.reg.model("unit", unit_id)
        return {"id": unit_id, **pick(unit, UNIT_FIELDS)} if unit else {"id": unit_id, "name": unit_id}

    def person(self, person_id: str, extra: tuple[str, ...] = ()) -> dict:
        """A person as the public sees them; `extra` are the program's public_person_fields."""
        person = self.reg.model("person", person_id)
        if person is None:  # withheld from publication (pages.withhold): a stand-in, nothing of the file
            out: dict[str, Any] = {f: "" for f in PERSON_FIELDS}
            out.update({"id": person_id, "name": WITHHELD, "fields": [], "unit": {"id": "", "name": ""}})
            out.update({name: "" for name in extra if name in OPTIONAL_PERSON_FIELDS})
            return out
        out = {"id": person_id, **pick(person, PERSON_FIELDS), "unit": self.unit(person.unit)}
        for name in extra:
            if name in OPTIONAL_PERSON_FIELDS:
                out[name] = _plain(getattr(person, name))
        return out

    def enterprise(self, enterprise_id: str | None) -> dict | None:
        ent = self.reg.model("enterprise", enterprise_id)
        if ent is None:
            return None
        return {"id": enterprise_id, **pick(ent, ENTERPRISE_FIELDS)}

    def application(self, entry, extra: tuple[str, ...] = (), current: bool = False) -> dict:
        """An application as published; `current` adds the exits and replacements decided since."""
        app = entry.model
        members = app.members or []
        roster = ([{**self.person(m.person, extra), "role": m.role, "role_label": ROLE_LABELS[m.role]}
                   for m in members] if members else
                  [{**self.person(app.person, extra), "role": "leader", "role_label": "申报人"}])
        for change in self.book.changes.get(entry.id, ()) if current else ():
            for m in roster:
                if m["id"] == change.leaves and "left" not in m:
                    m["left"] = change.day.isoformat()
            if change.joins:
                roster.append({**self.person(change.joins, extra), "role": "member",
                               "role_label": "成员（更换加入）", "joined": change.day.isoformat()})
        status = self.book.of(entry.id)
        return {
            "id": entry.id, "program": entry.program, "kind": app.kind, "name": app.name,
            "kind_label": "团队" if app.kind == "team" else "个人",
            "members": roster, "leader": next(m for m in roster if m["role"] == "leader"),
            "recommended_by": self.unit(app.recommended_by), "submitted": app.submitted.isoformat(),
            "fields": list(app.fields), "enterprise": self.enterprise(app.enterprise), "need": app.need,
            "project": pick(app.project, ("category", "title")) if app.project else None,
            "status": status, "status_label": STATUS_LABELS[status],
            "funding_wan": self.book.funding.get(entry.id),
        }

    def need(self, entry, status: str) -> dict:
        ent = self.enterprise(entry.model.enterprise) or {"id": entry.model.enterprise, "name": "",
                                                          "city": "", "county": ""}
        return {"id": entry.id, "program": entry.program, **pick(entry.model, NEED_FIELDS),
                "enterprise": ent, "status": status}

    def agreement(self, entry) -> dict:
        return {"id": entry.id, "program": entry.program, **pick(entry.model, AGREEMENT_FIELDS)}

    def service(self, entry) -> dict:
        return {"id": entry.id, "program": entry.program, **pick(entry.model, SERVICE_FIELDS)}
