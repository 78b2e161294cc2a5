"""What merging a change of decisions would do, beside its findings: each named application's status
before → after, the money it commits (per year, per program), and the notices it publishes with
their computed last day. Shown in the pull-request comment so a reviewer who approves an approval
sees its consequences.

"Before" is the registry with the change's added or edited decision files taken out; both sides are
derived for the same day. Only a change that touches decision files pays for this.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import date

from ..registry import Registry
from ..registry.status import STATUS_LABELS, derive

LIMIT = 200  # rows per table: a comment stays readable (and under GitHub's size limit)


def _without(reg: Registry, ids: set[str]) -> Registry:
    """The same registry less some decisions (a view: entries are shared, nothing is copied deep)."""
    other = copy.copy(reg)
    kinds = copy.copy(reg.by_kind)
    kinds["decision"] = {k: v for k, v in reg.by_kind["decision"].items() if k not in ids}
    other.by_kind = kinds
    other._shards = {}
    return other


def _named(d) -> list[str]:
    """The applications a decision names."""
    out = []
    for attr in ("applications", "results", "items"):
        for x in getattr(d, attr, None) or ():
            out.append(x if isinstance(x, str) else getattr(x, "application", None))
    if getattr(d, "application", None):
        out.append(d.application)
    return [a for a in out if a]


def effects(head: Registry, changed: list[str], as_of: date) -> dict:
    touched = [e for e in head.valid("decision") if e.file in set(changed)]
    if not touched:
        return {}
    before = derive(_without(head, {e.id for e in touched}), as_of)
    after = derive(head, as_of)
    names = dict.fromkeys(a for e in touched for a in _named(e.model))
    apps = []
    for a in names:
        entry = head.get("application", a)
        if entry is None or entry.model is None:
            continue
        was, now = before.of(a) if a in before.status else None, after.of(a) if a in after.status else None
        if was != now:
            apps.append({"application": a, "name": entry.model.name,
                         "before": STATUS_LABELS[was] if was else "—", "after": STATUS_LABELS[now] if now else "—"})
    money: dict[tuple, float] = defaultdict(float)
    notices = []
    for e in touched:
        d, program = e.model, head.model("program", e.program)
        pname = program.name if program else e.program
        if d.kind == "approval":
            for i in d.applications:
                if i.funding_wan:
                    money[(e.program, pname, "立项核定（每年）")] += i.funding_wan
        elif d.kind == "payment":
            money[(e.program, pname, f"拨付第 {d.year} 年资金")] += sum(i.amount_wan for i in d.items)
        elif d.kind == "recovery":
            money[(e.program, pname, "追回资金")] -= d.amount_wan
        elif d.kind == "notice":
            end = after.notice_end.get(e.id)
            notices.append({"id": e.id, "title": d.title, "start": d.date.isoformat(),
                            "end": end.isoformat() if end else "", "page": f"notices/{e.id}.html"})
    return {
        "applications": apps[:LIMIT],
        "money": [{"program": p, "name": n, "what": w, "wan": round(v, 4)} for (p, n, w), v in sorted(money.items())][:LIMIT],
        "notices": notices[:LIMIT],
    }
