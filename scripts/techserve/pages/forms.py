"""The printable 申报表: one HTML page per application, A4, with signature and seal boxes.

Generated from the checked record, so what the office prints, signs and stamps is what the
registry holds: the page names its file and Git blob id, and shows any error still open.
It holds the birth month the registry keeps for eligibility, so it is an office document and
is never part of the public site.
"""

from __future__ import annotations

from ..registry.cache import blob_id
from .render import environment


def application_form(b, entry, findings: list, raw: bytes) -> str:
    reg, app = b.reg, entry.model
    enterprise = reg.model("enterprise", app.enterprise)
    return environment(markdown=False).get_template("application_form.html").render(
        program=reg.model("program", entry.program), entry=entry, app=app,
        view=b.public.application(entry, extra=("birth",)),
        enterprise=enterprise.name if enterprise else (app.enterprise or ""),
        errors=[f for f in findings if f.severity == "error"], blob=blob_id(raw), as_of=b.as_of)
