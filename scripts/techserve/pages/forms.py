"""The printable 申报表: one HTML page per application, A4, with signature and seal boxes.

Generated from the checked record, so what the office prints, signs and stamps is what the
registry holds: the page names its file and Git blob id, and shows any error still open.
It holds the birth month the registry keeps for eligibility, so it is an office document and
is never part of the public site.
"""

from __future__ import annotations

from ..registry.cache import blob_id
from .render import environment

ROLE = {"leader": "团长", "member": "成员"}


def application_form(b, entry, findings: list, raw: bytes) -> str:
    reg, app = b.reg, entry.model
    program = reg.model("program", entry.program)
    people = [(m.person, ROLE[m.role]) for m in app.members] if app.members else [(app.person, "申报人")]
    members = []
    for person_id, role in people:
        p = reg.model("person", person_id)
        unit = reg.model("unit", p.unit) if p else None
        members.append({"name": p.name if p else person_id, "role": role, "gender": p.gender if p else "",
                        "birth": p.birth if p else "", "degree": p.degree if p else "",
                        "title": p.title if p else "", "unit": unit.name if unit else "",
                        "fields": p.fields if p else []})
    unit = reg.model("unit", app.recommended_by)
    enterprise = reg.model("enterprise", app.enterprise)
    errors = [f for f in findings if f.severity == "error"]
    return environment().get_template("application_form.html").render(
        program=program, entry=entry, app=app, members=members, errors=errors,
        recommender=unit.name if unit else app.recommended_by,
        enterprise=enterprise.name if enterprise else (app.enterprise or ""),
        blob=blob_id(raw), as_of=b.as_of)
