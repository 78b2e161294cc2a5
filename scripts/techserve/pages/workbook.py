"""Excel workbooks for the program office: one per program (and year), four sheets.

推荐汇总表 (applications by recommending unit), 立项名单 (the roster, one row per person),
服务记录 (services by team and month) and 考核与拨付 (assessments, payments, recoveries).
Each sheet opens with the program's header (issuer, 文号, as-of date), a frozen header row,
filters, widths that fit the Chinese text, real dates and numbers, and a print setup
(landscape A4, fit to width, header rows repeated on every page).

Rows come from the public views (pages/public.py). `internal` adds what the repository holds
but the site does not show (birth month, political status, position, an enterprise's legal
representative and office contact); contact data the repository may not hold never exists here.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .public import OPTIONAL_PERSON_FIELDS

HEADER_ROW = 3  # title, program line, then the column headers
INTERNAL_PERSON = ("birth", "political_status", "position")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def _width(value) -> int:
    if isinstance(value, date):
        return 11
    text = str(value) if value is not None else ""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _cell_value(value):
    """Lists become "、"-joined text; text never becomes a formula or carries a control character."""
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


_SHEET_FORBIDDEN = str.maketrans({c: "－" for c in "\\/?*[]:"})


def sheet_title(text: str, taken) -> str:
    """A title Excel accepts: none of \\ / ? * [ ] :, no apostrophe at either end, at most 31
    characters, not empty, and distinct from the workbook's others (case-insensitively)."""
    title = ILLEGAL_CHARACTERS_RE.sub("", text).translate(_SHEET_FORBIDDEN).strip().strip("'")[:31] or "工作表"
    used = {t.lower() for t in taken}
    candidate, n = title, 2
    while candidate.lower() in used:
        suffix = f"（{n}）"
        candidate, n = title[:31 - len(suffix)] + suffix, n + 1
    return candidate


def _sheet(wb: Workbook, title: str, heading: str, subtitle: str, columns: list[str], rows: list[list],
           empty: str = "暂无记录"):
    """One sheet: heading, subtitle, the table, printed A4 landscape with page numbers. A table
    with no rows says so in a row of its own (`empty`), so nobody reads a blank sheet as a
    failed export."""
    ws = wb.create_sheet(sheet_title(title, wb.sheetnames))
    ws.cell(1, 1, heading).font = Font(bold=True, size=14)
    ws.cell(2, 1, subtitle).font = Font(size=10, color="555555")
    widths = [_width(c) + 2 for c in columns]
    for col, name in enumerate(columns, 1):
        cell = ws.cell(HEADER_ROW, col, name)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, HEADER_ROW + 1):
        for col, value in enumerate(row, 1):
            value = _cell_value(value)
            cell = ws.cell(r, col)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # "=…" typed by an applicant stays text, never a formula
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            widths[col - 1] = max(widths[col - 1], min(_width(value) + 2, 48))
    last = get_column_letter(len(columns))
    if not rows:
        ws.cell(HEADER_ROW + 1, 1, f"（{empty}）").alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A{HEADER_ROW + 1}:{last}{HEADER_ROW + 1}")
        widths = [max(w, _width(empty) // len(columns) + 4) for w in widths]
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(HEADER_ROW, HEADER_ROW + len(rows))}"
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # printed lists are counted and signed page by page: each page says which of how many
    ws.oddFooter.left.text = heading.replace("&", "&&")
    ws.oddFooter.center.text = "第 &[Page] 页，共 &[Pages] 页"
    ws.oddFooter.left.size = ws.oddFooter.center.size = 9
    return ws


def program_workbook(b, program_id: str, year: int | None = None, internal: bool = False) -> bytes:
    """The office's workbook for one program as of the builder's day."""
    reg, pub = b.reg, b.public
    program = reg.model("program", program_id)
    label = f"{year} 年" if year else "全部年度"
    subtitle = (f"发布单位：{program.issuer}　文号：{program.document or '—'}　数据截至：{b.as_of.isoformat()}　"
                f"范围：{label}　" + ("内部资料，含个人信息，不得公开" if internal else "公开信息"))
    apps = [e for e in reg.valid("application", program_id) if e.model.submitted <= b.as_of
            and (year is None or e.model.submitted.year == year)]
    views = {e.id: pub.application(e, INTERNAL_PERSON if internal else ()) for e in apps}

    wb = Workbook()
    wb.remove(wb.active)

    # 推荐汇总表
    columns = ["序号", "推荐单位", "申报编号", "申报形式", "名称", "团长或申报人", "人数", "服务领域", "结对企业",
               "申报日期", "状态"]
    if internal:
        columns += ["企业法定代表人", "企业联系人", "企业办公电话"]
    ordered = sorted(apps, key=lambda e: (views[e.id]["recommended_by"]["name"], e.id))
    rows = []
    for n, e in enumerate(ordered, 1):
        v = views[e.id]
        ent = v["enterprise"] or {}
        row = [n, v["recommended_by"]["name"], e.id, v["kind_label"], v["name"], v["leader"]["name"],
               len(v["members"]), v["fields"], ent.get("name", ""), e.model.submitted, v["status_label"]]
        if internal:
            model = reg.model("enterprise", e.model.enterprise)
            contact = model.contact if model else None
            row += [model.legal_representative if model else "", contact.name if contact else "",
                    contact.phone if contact else ""]
        rows.append(row)
    _sheet(wb, "推荐汇总表", f"{program.name} 推荐汇总表", subtitle, columns, rows,
           empty=f"截至 {b.as_of}，{label}没有申报")

    # 立项名单
    columns = ["申报编号", "名称", "角色", "姓名", "性别", "工作单位", "职称", "学位", "研究领域"]
    if internal:
        columns += [OPTIONAL_PERSON_FIELDS[f] for f in INTERNAL_PERSON]
    rows = []
    for e in ordered:
        v = views[e.id]
        if v["status"] not in ("approved", "completed"):
            continue
        for m in v["members"]:
            row = [e.id, v["name"], m["role_label"], m["name"], m.get("gender", ""), m["unit"]["name"],
                   m.get("title", ""), m.get("degree", ""), m.get("fields", [])]
            if internal:
                row += [m.get(f) or "" for f in INTERNAL_PERSON]
            rows.append(row)
    _sheet(wb, "立项名单", f"{program.name} 立项名单", subtitle, columns, rows,
           empty=f"截至 {b.as_of}，{label}没有立项")

    # 服务记录：每个团队（或特派员）每月的服务次数
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in reg.valid("service", program_id):
        if s.model.date > b.as_of or (year is not None and s.model.date.year != year):
            continue
        agreement = reg.model("agreement", s.model.agreement)
        owner = (agreement.application or agreement.person) if agreement else s.model.agreement
        counts[owner][s.model.date.strftime("%Y-%m")] += 1
    months = sorted({m for per in counts.values() for m in per})
    rows = []
    for owner in sorted(counts):
        name = views[owner]["name"] if owner in views else (pub.person(owner)["name"] if reg.get("person", owner)
                                                             else owner)
        per = counts[owner]
        rows.append([owner, name, *[per.get(m, 0) for m in months], sum(per.values())])
    _sheet(wb, "服务记录", f"{program.name} 服务记录（按月次数）", subtitle,
           ["编号", "团队或特派员", *months, "合计"], rows, empty=f"截至 {b.as_of}，{label}没有登记服务记录")

    # 考核与拨付
    rows = []
    for d in sorted(reg.valid("decision", program_id), key=lambda e: (e.model.date, e.id)):
        m = d.model
        if m.date > b.as_of:
            continue
        if m.kind == "assessment" and (year is None or m.year == year):
            for r in m.results:
                rows.append([r.application, _name(views, reg, r.application), "年度考核", m.year, m.date,
                             {"pass": "合格", "fail": "不合格"}[r.outcome], r.grade or "", r.score, None, d.id])
        elif m.kind == "payment" and (year is None or m.date.year == year):
            for item in m.items:
                rows.append([item.application, _name(views, reg, item.application), "拨付", f"第 {m.year} 年",
                             m.date, "", "", None, item.amount_wan, d.id])
        elif m.kind == "recovery" and (year is None or m.date.year == year):
            rows.append([m.application, _name(views, reg, m.application), "追回", "", m.date, m.reason, "", None,
                         -m.amount_wan, d.id])
    _sheet(wb, "考核与拨付", f"{program.name} 考核与资金拨付", subtitle,
           ["申报编号", "名称", "事项", "年度", "日期", "结果", "等次", "得分", "金额（万元）", "决定文件"], rows,
           empty=f"截至 {b.as_of}，{label}没有考核、拨付或追回决定")

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _name(views: dict, reg, app_id: str) -> str:
    if app_id in views:
        return views[app_id]["name"]
    model = reg.model("application", app_id)
    return model.name if model else app_id


def records_workbook(b) -> bytes:
    """The registry's units, people, enterprises and needs, one sheet each, in the columns
    `techserve import` reads back (models/columns.py): the office edits a list in Excel and
    brings it back as records. It holds every field a file holds (birth months too), so it is the
    internal copy, never the site's."""
    from ..models.columns import ID_TITLE, PROGRAM_TITLE, SHEET_KINDS, cells, columns

    wb = Workbook()
    wb.remove(wb.active)
    subtitle = (f"数据截至：{b.as_of.isoformat()}　内部资料，含个人信息，不得公开　"
                "修改或增加行后可用 techserve import 导回登记库（编号留空则按名称生成）")
    for kind, title in SHEET_KINDS.items():
        entries = sorted(b.reg.valid(kind), key=lambda e: (e.program or "", e.id))
        head = [ID_TITLE, *([PROGRAM_TITLE] if kind == "need" else []), *(c.title for c in columns(kind))]
        rows = [[e.id, *([e.program] if kind == "need" else []), *cells(kind, e.model)] for e in entries]
        _sheet(wb, title, f"登记信息：{title}", subtitle, head, rows, empty=f"登记库中没有{title}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
