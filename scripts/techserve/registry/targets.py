"""Program targets (KPIs) and key tasks measured from the registry as of a day — progress, never findings."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

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


def reported(reg: Registry, program_id: str, as_of: date) -> dict[tuple[str, int], tuple[float, date]]:
    """(target id, year) → (value, report date) from the latest progress (调度) report on or before as_of."""
    out: dict[tuple[str, int], tuple[float, date]] = {}
    reports = [e.model for e in reg.valid("decision", program_id) if e.model.kind == "progress" and e.model.date <= as_of]
    for d in sorted(reports, key=lambda d: d.date):
        for v in d.values:
            out[(v.target, d.year or d.date.year)] = (v.value, d.date)
    return out


def _counts(reg: Registry, book: StatusBook, pid: str, as_of: date, year: int | None) -> dict[str, Any]:
    """What the registry counts for a program up to as_of, within `year` when a target is yearly."""

    def inside(day: date) -> bool:
        return day <= as_of and (year is None or day.year == year)

    needs = [e.model for e in reg.valid("need", pid) if inside(e.model.published)]
    agreements = [e.model for e in reg.valid("agreement", pid) if inside(e.model.signed)]
    services = [e.model for e in reg.valid("service", pid) if inside(e.model.date)]
    apps = [e for e in reg.valid("application", pid) if inside(e.model.submitted)]
    return {  # counts, and the agreements themselves for the callers that list them
        "needs": len(needs),
        "agreements": len(agreements),
        # one conversion reported on several visits is one: by agreement and the result's name
        "conversions": len({(s.agreement, s.conversion_title or "") for s in services if s.conversion}),
        "applications": len(apps),
        "approved": sum(e.id in book.approved_on and inside(book.approved_on[e.id])
                        for e in reg.valid("application", pid)),
        "services": len(services),
        "_agreements": agreements,
    }


# The short and full names of the parks a seed counts beside the districts (the 鹰潭 plan's
# "贵溪市、余江区、高新区"): an enterprise in 鹰潭高新技术产业开发区 is registered with its real district.
_PARK_WORDS = (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("综合保税区", "综保区"))


def _area_name(name: str, city: str) -> str:
    """一个地名的比较形式：园区用简称，去掉所在市名（鹰潭高新技术产业开发区、鹰潭高新区、高新区 同名）。"""
    for full, short in _PARK_WORDS:
        name = name.replace(full, short)
    stem = city.removesuffix("市")
    return name.removeprefix(stem) if stem and name != stem else name


def area_of(ent, areas) -> str | None:
    """Which of a target's areas an enterprise counts for: its park where one of the areas names
    it (a park is counted as its own area, not in its district), else its county."""
    named = {_area_name(a, ent.city): a for a in areas}
    if ent.park and _area_name(ent.park, ent.city) in named:
        return named[_area_name(ent.park, ent.city)]
    return named.get(_area_name(ent.county, ent.city))


def measure(reg: Registry, book: StatusBook, as_of: date) -> dict[str, list[dict]]:
    """program id → [{id, title, goal, value, percent, clause, year, unit, cells?, reported_on?}].

    A target with a year counts only that year's records; a reported target (count: reported)
    takes the latest progress report for its year, or for the whole period."""
    out: dict[str, list[dict]] = {}
    for program in reg.programs():
        pid = program.id
        by_year: dict[int | None, dict] = {}
        values = reported(reg, pid, as_of)
        rows = []
        for t in program.model.targets:
            if t.year not in by_year:
                by_year[t.year] = _counts(reg, book, pid, as_of, t.year)
            counts = by_year[t.year]
            agreements = counts["_agreements"]
            row = {"id": t.id, "title": t.title, "goal": t.goal, "count": t.count, "clause": t.clause or "",
                   "year": t.year, "unit": t.unit or "项"}
            if t.count == "reported":
                years = [y for (tid, y) in values if tid == t.id and (t.year is None or y == t.year)]
                value, day = values[(t.id, max(years))] if years else (0, None)
                row.update(value=value, reported_on=day.isoformat() if day else None,
                           percent=round(100 * value / t.goal, 1) if t.goal else 100.0)
                rows.append(row)
                continue
            if t.by_county and t.by_unit:
                cells = {(c, u): 0 for c in t.by_county for u in t.by_unit}
                for a in agreements:
                    ent = reg.model("enterprise", a.enterprise)
                    area = area_of(ent, t.by_county) if ent is not None else None
                    if area is None:
                        continue
                    for unit in _agreement_units(reg, a):
                        if (area, unit) in cells:
                            cells[(area, unit)] += 1
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


def task_due(deadline: str) -> date | None:
    """The last day of a task's 完成时限: a month means its last day; 持续推进 has none."""
    if deadline == "持续推进":
        return None
    parts = [int(x) for x in deadline.split("-")]
    try:
        if len(parts) == 2:
            return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return date(*parts)
    except ValueError:  # the model refuses these; never raise here
        return None


def task_progress(reg: Registry, program_id: str, as_of: date) -> dict[int, tuple]:
    """Task number (1-based) → (status, note, report date, report entry), from the latest progress
    report on or before the as-of day."""
    out: dict[int, tuple] = {}
    reports = [e for e in reg.valid("decision", program_id) if e.model.kind == "progress" and e.model.date <= as_of]
    for entry in sorted(reports, key=lambda e: (e.model.date, e.id)):
        for t in entry.model.tasks:
            out[t.task] = (t.status, t.note, entry.model.date, entry)
    return out
