"""The monthly 推荐特派员清单: per recommending unit, the applications it reviewed and passed that
month, as the attachment of its 推荐函 (unit, 公章 box, date, page numbers), in XLSX and as a
printable A4 page. "推荐特派员清单需从平台导出": this is that export.

From public views only (name, gender, unit, title, degree, fields): the list is mailed and filed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from openpyxl import Workbook

from ..rules.library.shared import passed_between
from .render import environment
from .workbook import _sheet

COLUMNS = ["序号", "姓名", "性别", "工作单位", "职称", "学位", "研究领域", "申请日期", "审核通过日期"]


@dataclass
class UnitList:
    unit: str
    unit_name: str
    rows: list[list]


def month_bounds(month: str) -> tuple[date, date]:
    year, m = (int(x) for x in month.split("-"))
    first = date(year, m, 1)
    return first, (date(year + (m == 12), m % 12 + 1, 1))


def lists(b, program: str, month: str, unit: str | None = None) -> list[UnitList]:
    """Per unit (all the program's recommending units, or `unit`), the applications whose
    initial review (推荐单位审核) passed in `month`, in the order they were submitted."""
    first, after = month_bounds(month)
    passed = passed_between(b.reg, program, first, min(after - timedelta(days=1), b.as_of))
    prog = b.reg.model("program", program)
    units = [unit] if unit else list(dict.fromkeys([*prog.recommending_units,
                                                    *(b.reg.model("application", a).recommended_by for a in passed
                                                      if b.reg.model("application", a))]))
    out = []
    for u in units:
        apps = sorted((e for e in b.reg.valid("application", program) if e.id in passed and e.model.recommended_by == u),
                      key=lambda e: (e.model.submitted, e.id))
        rows: list[list] = []
        for e in apps:
            v = b.public.application(e)
            for m in v["members"]:
                rows.append([len(rows) + 1, m["name"], m["gender"], m["unit"]["name"], m["title"], m["degree"],
                             m["fields"], e.model.submitted, passed[e.id]])
        out.append(UnitList(u, b.public.unit(u)["name"], rows))
    return out


def deadline_text(prog, month: str) -> str:
    first, _ = month_bounds(month)
    for d in prog.monthly_deadlines:
        if "清单" in d.task:
            return f"{first.year}年{first.month}月{d.day}日前：{d.task}"
    return ""


def workbook(b, program: str, month: str, unit: str | None = None) -> bytes:
    prog = b.reg.model("program", program)
    first, _ = month_bounds(month)
    wb = Workbook()
    wb.remove(wb.active)
    for ul in lists(b, program, month, unit):
        title = f"{prog.name} 推荐特派员清单（{first.year}年{first.month}月）"
        subtitle = f"推荐单位（盖章）：{ul.unit_name}　　日期：　　年　　月　　日　　{deadline_text(prog, month)}"
        ws = _sheet(wb, ul.unit_name or ul.unit, title, subtitle, COLUMNS, ul.rows,
                    empty=f"{first.year}年{first.month}月本单位没有需要报送的推荐特派员")
        ws.page_setup.orientation = "portrait"
        ws.oddFooter.right.text = "推荐单位（公章）"
    if not wb.sheetnames:
        # a workbook needs a sheet: it says why it holds no list, never a blank one
        _sheet(wb, "推荐清单", f"{prog.name} 推荐特派员清单（{first.year}年{first.month}月）",
               deadline_text(prog, month), COLUMNS, [],
               empty=f"{first.year}年{first.month}月没有需要报送的推荐特派员" + (f"（推荐单位 {unit}）" if unit else ""))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def printable(b, program: str, month: str, ul: UnitList) -> str:
    prog = b.reg.model("program", program)
    first, _ = month_bounds(month)
    return environment(markdown=False).get_template("recommendations.html").render(
        program=prog, unit=ul, columns=COLUMNS, year=first.year, month=first.month,
        deadline=deadline_text(prog, month), as_of=b.as_of)
