"""An office's Excel list → record files (`techserve import`).

Offices keep their 特派员, enterprises and needs in workbooks. A workbook in the layout `export
--xlsx --records` writes (a sheet per kind: 单位, 人员, 企业, 需求; the seeds' 附件 column titles are
read too) becomes one file per row. Every row is judged as its file would be: the model, the
file rules (personal data, checksums, title levels), its references (by id or by name) and
whether the registry already holds it; then the whole registry with the new files is checked as
CI will check it. Nothing is written unless every row passes; each problem names its sheet, row
and column.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..loader.document import load_text
from ..models import validate
from ..models.columns import SHEET_KINDS, Header, read_header, record_of
from ..registry import Entry, Registry
from ..registry.layout import FOLDER_OF, id_problem, slug
from ..rules import FILE_RULES
from .names import Resolver

MAX_ROWS = 20_000  # a province's list; more is not an office list
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Row:
    sheet: str
    number: int  # the spreadsheet's row number, as the office sees it
    kind: str
    record_id: str
    program: str
    data: dict
    name: str = ""
    unresolved: set[str] = field(default_factory=set)  # columns whose name found no record

    @property
    def rel(self) -> str:
        folder = FOLDER_OF[self.kind]
        if self.kind == "need":
            return f"submissions/programs/{self.program}/{folder}/{self.record_id}.yaml"
        return f"submissions/{folder}/{self.record_id}.yaml"

    def text(self) -> str:
        depth = "../" * self.rel.count("/")
        return (f"# yaml-language-server: $schema={depth}schemas/{self.kind}.schema.json\n"
                + yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False))


@dataclass
class Imported:
    rows: list[Row] = field(default_factory=list)  # rows that become new files
    same: list[Row] = field(default_factory=list)  # rows the registry already holds as they are
    problems: list[tuple[str, int, str, str]] = field(default_factory=list)  # (sheet, row, column, message)

    @property
    def ok(self) -> bool:
        return not self.problems

    def files(self) -> list[tuple[str, str]]:
        return [(r.rel, r.text()) for r in self.rows]


def read_workbook(data: bytes, reg: Registry) -> Imported:
    """The rows of a workbook judged one by one (the whole-registry check is `check_together`)."""
    out = Imported()
    if len(data) > MAX_BYTES:
        out.problems.append(("", 0, "", f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请分批导入"))
        return out
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        out.problems.append(("", 0, "", f"无法读取这个工作簿（应为 Excel .xlsx 文件）：{type(exc).__name__}"))
        return out
    kinds = {title: kind for kind, title in SHEET_KINDS.items()}
    order = list(SHEET_KINDS.values())  # units before the people who name them, whatever the tab order
    known = sorted((ws for ws in wb.worksheets if ws.title.strip() in kinds), key=lambda ws: order.index(ws.title.strip()))
    if not known:
        out.problems.append(("", 0, "", f"没有可导入的工作表：工作表名应为 {'、'.join(SHEET_KINDS.values())}"))
        return out
    resolver = Resolver(reg)
    # what earlier rows add: kind → {name or id → id}, so a person may name a unit of the 单位 sheet
    added: dict[str, dict[str, str]] = {}
    taken: dict[str, tuple[str, int]] = {}
    for ws in known:
        kind = kinds[ws.title.strip()]
        rows = ws.iter_rows(values_only=True)
        header, start = _find_header(kind, rows)
        if header is None:
            out.problems.append((ws.title, 0, "", "前 10 行中没有表头（应有“编号”或“姓名”“企业名称”等列名）"))
            continue
        if header.unknown:
            out.problems.append((ws.title, start, "", f"不认识的列：{'、'.join(header.unknown)}。请删去这些列，"
                                                     "或改用 export --xlsx --records 导出的列名"))
        for number, values in enumerate(rows, start + 1):
            if number - start > MAX_ROWS:
                out.problems.append((ws.title, number, "", f"行数超过 {MAX_ROWS}，请分批导入"))
                break
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if _is_note(values):
                continue
            row = _row(ws.title, number, kind, header, list(values), reg, resolver, added, out)
            if row is None:
                continue
            where = taken.get(row.rel)
            if where is not None:
                out.problems.append((ws.title, number, "编号", f"编号“{row.record_id}”与“{where[0]}”第 {where[1]} 行重复"))
                continue
            taken[row.rel] = (ws.title, number)
            _judge(row, reg, out)
            for key in (row.record_id, row.name):
                added.setdefault(kind, {})[key] = row.record_id
    wb.close()
    return out


def _find_header(kind: str, rows) -> tuple[Header | None, int]:
    for number, values in enumerate(rows, 1):
        header = read_header(kind, list(values))
        if len([c for c in header.at.values() if not isinstance(c, str)]) >= 2:
            return header, number
        if number >= 10:
            break
    return None, 0


def _is_note(values) -> bool:
    """The one merged cell an export writes in an empty table: （登记库中没有…）."""
    filled = [v for v in values if v is not None and str(v).strip()]
    return len(filled) == 1 and str(filled[0]).startswith("（") and str(filled[0]).endswith("）")


def _row(sheet: str, number: int, kind: str, header: Header, values: list[Any], reg: Registry,
         resolver: Resolver, added: dict[str, dict[str, str]], out: Imported) -> Row | None:
    record_id, program, data = record_of(header, values)
    problems: list[tuple[str, str]] = []
    if kind == "person" and isinstance(data.get("unit"), str):
        data["unit"] = _resolved(resolver.unit, added.get("unit", {}), data["unit"], "工作单位", problems)
    if kind == "need":
        if isinstance(data.get("enterprise"), str):
            data["enterprise"] = _resolved(resolver.enterprise, added.get("enterprise", {}), data["enterprise"],
                                           "发布企业", problems)
        if not program or reg.model("program", program) is None:
            problems.append(("项目编号", f"没有项目“{program}”：需求须写明所属项目的编号" if program
                             else "需求须写明所属项目的编号（项目编号列）"))
    name = str(data.get("name") or data.get("title") or "")
    if not record_id:
        suffix = data.get("unit", "") if kind == "person" else ""
        record_id = slug(name, suffix if isinstance(suffix, str) else "") if name else ""
    problem = id_problem(record_id) if record_id else "没有编号，也没有可生成编号的名称"
    if problem:
        problems.append(("编号", problem))
    for column, message in problems:
        out.problems.append((sheet, number, column, message))
    if any(column in ("编号", "项目编号") for column, _ in problems):
        return None  # no file to judge: its path is unknown
    # a name that found no record is reported; the rest of the row is still judged, so the office
    # sees every problem of the list in one run
    return Row(sheet, number, kind, record_id, program, data, name, {column for column, _ in problems})


def _resolved(find, added: dict[str, str], text: str, column: str, problems: list) -> str:
    """An id or a name → the id: of this workbook's earlier rows, else of the registry."""
    if text.strip() in added:
        return added[text.strip()]
    found, problem = find(text)
    if problem:
        problems.append((column, problem))
        return text
    return found


def _judge(row: Row, reg: Registry, out: Imported) -> None:
    """The row as its file: the model, the file rules, and what the registry already holds."""
    text = row.text()
    doc = load_text(text, row.rel)
    model, errors = validate(row.kind, doc.data)
    for loc, _, message in errors:
        column = _column_of(row.kind, loc)
        if column not in row.unresolved:  # already said: no such unit
            out.problems.append((row.sheet, row.number, column, _plain(message)))
    entry = Entry(row.kind, row.record_id, row.rel, row.program, doc, model)
    for rule in FILE_RULES:
        for f in rule(entry):
            if f.severity == "error":
                out.problems.append((row.sheet, row.number, "", f"[{f.rule}] {f.message}"))
    if errors or row.unresolved:
        return
    existing = reg.get(row.kind, row.record_id)
    if existing is not None and (row.kind != "need" or existing.program == row.program):
        if existing.model == model:
            out.same.append(row)
        else:
            out.problems.append((row.sheet, row.number, "编号", f"登记库已有编号“{row.record_id}”（{existing.file}），"
                                                             "内容不同：导入只新增记录，修改已有记录请直接编辑该文件"))
        return
    if row.kind == "person":
        twin = next((e for e in reg.valid("person") if e.model.name == model.name and e.model.birth == model.birth
                     and e.model.unit == model.unit), None)
        if twin is not None:
            out.problems.append((row.sheet, row.number, "姓名", f"登记库已有同一人“{model.name}”（{twin.id}，出生年月和"
                                                             "单位相同）：请使用已有编号，不要重复登记"))
            return
    out.rows.append(row)


def _plain(message: str) -> str:
    """A schema message without the YAML field name: the office sees the column's title."""
    return re.sub(r"^“[A-Za-z_.\[\]0-9]+”（([^）]+)）", r"“\1”", message)


def _column_of(kind: str, loc: tuple) -> str:
    from ..models.columns import columns

    path = tuple(p for p in loc if isinstance(p, str))
    for col in columns(kind):
        if col.path == path[: len(col.path)]:
            return col.title
    return ".".join(path)


def check_together(root: Path, imported: Imported, today: date) -> list[tuple[str, int, str, str]]:
    """Every error the registry's check finds on the new files once they are added, found in a
    copy (hard links where it can) so the registry is untouched: cross-record rules too (a
    duplicate person across rows, an unknown reference, a program rule on a need)."""
    from ..checker import check

    by_rel = {r.rel: r for r in imported.rows}
    with tempfile.TemporaryDirectory(prefix=".techserve-import-", dir=root) as tmp:
        copy = Path(tmp)
        _link_tree(root / "submissions", copy / "submissions")
        for rel, text in imported.files():
            target = copy / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        report = check(copy, today, cache=None)
    out = []
    for f in report.findings:
        row = by_rel.get(f.file)
        if row is not None and f.severity == "error" and f.rule != "draft.unfilled":
            out.append((row.sheet, row.number, "", f"[{f.rule}] {f.message}"))
    return out


def _link_tree(src: Path, dst: Path) -> None:
    for folder, dirs, files in os.walk(src):
        rel = Path(folder).relative_to(src)
        (dst / rel).mkdir(parents=True, exist_ok=True)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in files:
            source = Path(folder) / name
            if source.is_symlink():
                continue
            try:
                os.link(source, dst / rel / name)
            except OSError:
                shutil.copy2(source, dst / rel / name)


__all__ = ["Imported", "Row", "check_together", "read_workbook"]
