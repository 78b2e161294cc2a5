"""Statistics: charts across programs, and service records per team and month against the minimum."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from ..rules.library import settings
from .charts import columns, hbar

MONTHS_SHOWN = 12


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _months_back(as_of: date, n: int) -> list[date]:
    y, m = as_of.year, as_of.month
    out = []
    for _ in range(n):
        out.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def build(b) -> None:
    needs = [e for e in b.reg.valid("need") if e.model.published <= b.as_of]
    agreements = [e for e in b.reg.valid("agreement") if e.model.signed <= b.as_of]
    services = [e for e in b.reg.valid("service") if e.model.date <= b.as_of]
    fields = Counter(f for e in needs for f in e.model.fields)
    per_month = Counter(_month(e.model.signed) for e in agreements)
    svc_month = Counter(_month(e.model.date) for e in services)
    window = [_month(m) for m in _months_back(b.as_of, 24)]
    charts = {
        "fields": hbar(fields.most_common(12), "技术需求：按领域（前12）", " 项", head="领域"),
        "agreements": columns([(m, per_month[m]) for m in window], "每月新签协议（近24个月）"),
        "services": columns([(m, svc_month[m]) for m in window], "每月服务登记（近24个月）"),
        "programs": hbar([(e.model.name, sum(b.book.of(a.id) in ("approved", "completed")
                                             for a in b.reg.valid("application", e.id))) for e in b.programs],
                         "各项目立项（入库）数", " 个"),
    }
    totals = {"needs": len(needs), "agreements": len(agreements), "services": len(services),
              "conversions": sum(e.model.conversion for e in services)}
    b.totals = totals
    sections = []
    minimums = _minimums(b)
    for prog in b.programs:
        rows = _service_table(b, prog.id, services, minimums.get(prog.id))
        if rows is None:
            continue
        months, table = rows
        b.paged(f"stats/{prog.id}", table, "services.md", program=prog.model, program_id=prog.id,
                months=months, minimum=minimums.get(prog.id),
                chart=columns([(m, svc_month_p) for m, svc_month_p in _program_months(prog.id, services, window)],
                              "本项目每月服务登记（近24个月）"))
        sections.append({"id": prog.id, "name": prog.model.name, "rows": len(table)})
    b.page("stats/index.md", "stats.md", charts=charts, totals=totals, sections=sections)


def _program_months(pid, services, window):
    counts = Counter(_month(e.model.date) for e in services if e.program == pid)
    return [(m, counts[m]) for m in window]


def _minimums(b) -> dict[str, int]:
    out = {}
    for prog in b.programs:
        frequency = settings(prog.model, "service.frequency")
        if frequency is not None:
            out[prog.id] = frequency.min_per_month
    return out


def _service_table(b, pid: str, services, minimum: int | None):
    """Rows of (agreement, counts per month) for the last MONTHS_SHOWN months; cells that are
    whole months inside the agreement and under the minimum are marked."""
    agreements = [e for e in b.reg.valid("agreement", pid) if e.model.signed <= b.as_of]
    if not agreements:
        return None
    months = _months_back(b.as_of, MONTHS_SHOWN)
    counts: defaultdict[str, Counter] = defaultdict(Counter)
    for e in services:
        if e.program == pid:
            counts[e.model.agreement][_month(e.model.date)] += 1
    from .needs import _who

    table = []
    for g in sorted(agreements, key=lambda e: (e.model.start, e.id), reverse=True):
        cells = []
        for m in months:
            nxt = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
            whole = g.model.start <= m and nxt <= g.model.end and nxt <= b.as_of
            active = b.book.agreement_active(g.model, g.id, m) if whole else False
            n = counts[g.id][_month(m)]
            in_term = g.model.start < nxt and m <= g.model.end
            cells.append({"n": n, "in_term": in_term, "low": bool(minimum and active and n < minimum)})
        table.append({"id": g.id, "who": _who(b, g.model), "enterprise": b.public.enterprise(g.model.enterprise),
                      "cells": cells, "total": sum(counts[g.id].values())})
    return [_month(m) for m in months], table
