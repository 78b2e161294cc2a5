"""Program targets (KPIs) measured from the registry as of a day — progress, never findings."""

from __future__ import annotations

from datetime import date

from .registry import Registry
from .status import StatusBook


def _agreement_units(reg: Registry, agreement) -> set[str]:
    units = {p for p in agreement.parties if reg.get("unit", p)}
    people = [agreement.person] if agreement.person else []
    app = reg.model("application", agreement.application)
    if app:
        people = app.people()
    for pid in people:
        person = reg.model("person", pid)
        if person:
            units.add(person.unit)
    return units


def measure(reg: Registry, book: StatusBook, as_of: date) -> dict[str, list[dict]]:
    """program id → [{id, title, goal, value, percent, clause, cells?}]."""
    out: dict[str, list[dict]] = {}
    for program in reg.programs():
        pid = program.id
        needs = [e.model for e in reg.valid("need", pid) if e.model.published <= as_of]
        agreements = [e.model for e in reg.valid("agreement", pid) if e.model.signed <= as_of]
        services = [e.model for e in reg.valid("service", pid) if e.model.date <= as_of]
        apps = [e for e in reg.valid("application", pid) if e.model.submitted <= as_of]
        counts = {
            "needs": len(needs),
            "agreements": len(agreements),
            "conversions": sum(s.conversion for s in services),
            "applications": len(apps),
            "approved": sum(e.id in book.approved_on for e in apps),
            "services": len(services),
        }
        rows = []
        for t in program.model.targets:
            row = {"id": t.id, "title": t.title, "goal": t.goal, "count": t.count, "clause": t.clause or ""}
            if t.by_county and t.by_unit:
                cells = {(c, u): 0 for c in t.by_county for u in t.by_unit}
                for a in agreements:
                    ent = reg.model("enterprise", a.enterprise)
                    if ent is None:
                        continue
                    for unit in _agreement_units(reg, a):
                        if (ent.county, unit) in cells:
                            cells[(ent.county, unit)] += 1
                row["cells"] = [{"county": c, "unit": u, "value": v, "done": v >= t.goal} for (c, u), v in cells.items()]
                done = sum(cell["done"] for cell in row["cells"])
                row.update(value=done, goal=len(cells), percent=round(100 * done / len(cells), 1) if cells else 0)
            else:
                value = counts[t.count]
                row.update(value=value, percent=round(100 * value / t.goal, 1) if t.goal else 100.0)
            rows.append(row)
        if rows:
            out[pid] = rows
    return out
