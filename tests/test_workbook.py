"""Excel workbooks for the office: every sheet opens, types are real, nothing private leaks,
and a real spreadsheet program (LibreOffice) reads them."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import datetime

import pytest
from openpyxl import load_workbook

from techserve.cli import main
from techserve.registry import load_registry

from .conftest import EXAMPLE_AS_OF

SHEETS = ["推荐汇总表", "立项名单", "服务记录", "考核与拨付"]
AS_OF = EXAMPLE_AS_OF.isoformat()


def export(root, out, *extra) -> list:
    assert main(["export", "--xlsx", "--root", str(root), "--as-of", AS_OF, "--out", str(out), *extra]) == 0
    return sorted(out.glob("*.xlsx"))


def cells(wb) -> list:
    return [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]


def private_values(root) -> set[str]:
    """What the repository holds but the public site must not show."""
    reg = load_registry(root)
    out = set()
    for e in reg.valid("person"):
        out |= {e.model.birth, e.model.political_status or "", e.model.position or ""}
    for e in reg.valid("enterprise"):
        c = e.model.contact
        out |= {e.model.legal_representative or "", c.name if c else "", c.phone if c else ""}
    return {v for v in out if v}


def test_one_workbook_per_program_with_header_types_and_print_setup(example, tmp_path):
    files = export(example.root, tmp_path / "x")
    assert len(files) == len(list((example.root / "submissions" / "programs").iterdir()))
    jiujiang = load_workbook(next(f for f in files if f.name == "jiujiang-kjfwt-2025.xlsx"))
    assert jiujiang.sheetnames == SHEETS
    for ws in jiujiang:
        assert ws.freeze_panes == "A4" and ws.print_title_rows == "$1:$3"
        assert "九江市科技服务团" in ws["A1"].value and "九才字〔2025〕3号" in ws["A2"].value
        assert ws.page_setup.orientation == "landscape"
        assert ws.column_dimensions["A"].width >= 6
    summary = jiujiang["推荐汇总表"]
    assert [c.value for c in summary[3]][:4] == ["序号", "推荐单位", "申报编号", "申报形式"]
    first = [c.value for c in summary[4]]
    assert isinstance(first[0], int) and isinstance(first[6], int)  # 序号, 人数 are numbers
    assert isinstance(first[9], datetime) and summary.cell(4, 10).number_format == "yyyy-mm-dd"
    money = jiujiang["考核与拨付"]
    amounts = [r[8] for r in money.iter_rows(min_row=4, values_only=True) if r[2] == "拨付"]
    assert amounts and all(isinstance(a, (int, float)) for a in amounts)
    services = jiujiang["服务记录"]
    header = [c.value for c in services[3]]
    assert header[-1] == "合计" and all(len(m) == 7 and m[4] == "-" for m in header[2:-1])
    for row in services.iter_rows(min_row=4, values_only=True):
        assert row[-1] == sum(row[2:-1])
    roster = jiujiang["立项名单"]
    assert {r[2] for r in roster.iter_rows(min_row=4, values_only=True)} <= {"团长", "成员", "申报人"}


def test_every_printed_page_is_numbered_and_no_sheet_is_blank(example, tmp_path):
    """An office signs printed lists page by page: each sheet's footer says 第 N 页，共 M 页 and
    its list; a list with no rows (江苏 has no 考核) says so in words, never a blank table."""
    for f in export(example.root, tmp_path / "x"):
        for ws in load_workbook(f):
            assert ws.oddFooter.center.text == "第 &P 页，共 &N 页", (f.name, ws.title)
            assert ws.oddFooter.left.text and ws["A1"].value.split(" ")[0] in ws.oddFooter.left.text
            body = [r for r in ws.iter_rows(min_row=4, values_only=True) if any(v is not None for v in r)]
            assert body, (f.name, ws.title)
    jiangsu = load_workbook(tmp_path / "x" / "jiangsu-jiebang-2021.xlsx")
    assert jiangsu["考核与拨付"]["A4"].value == f"（截至 {AS_OF}，全部年度没有考核、拨付或追回决定）"


def test_public_workbooks_hold_no_private_field_and_the_internal_one_does(example, tmp_path):
    secret = private_values(example.root)
    assert secret  # the examples hold birth months and enterprise contacts
    texts = set()
    for f in export(example.root, tmp_path / "pub"):
        texts |= {str(c.value) for c in cells(load_workbook(f))}
    leaked = {s for s in secret if any(s in t for t in texts)}
    assert not leaked
    [internal] = export(example.root, tmp_path / "int", "--internal", "--program", "jiujiang-kjfwt-2025")
    assert internal.name == "jiujiang-kjfwt-2025-内部.xlsx"
    wb = load_workbook(internal)
    assert "内部资料" in wb["立项名单"]["A2"].value and "出生年月" in [c.value for c in wb["立项名单"][3]]
    inner = {str(c.value) for c in cells(wb)}
    assert any(s in inner for s in secret)


def test_internal_copy_never_lands_in_the_site_folder(example, capsys):
    code = main(["export", "--xlsx", "--internal", "--root", str(example.root), "--out", str(example.root / "public" / "x")])
    assert code == 2 and "不能导出到网站目录" in capsys.readouterr().err


def test_text_that_looks_like_a_formula_stays_text(example, tmp_path):
    app = next((example.root / "submissions" / "programs" / "jiujiang-kjfwt-2025" / "applications").glob("*.yaml"))
    lines = app.read_text(encoding="utf-8").splitlines()
    lines = [('name: "=HYPERLINK(\\"http://example.invalid\\",\\"点此\\")"' if line.startswith("name:") else line)
             for line in lines]
    app.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [f] = export(example.root, tmp_path / "f", "--program", "jiujiang-kjfwt-2025")
    found = [c for c in cells(load_workbook(f)) if str(c.value).startswith("=HYPERLINK")]
    assert found and all(c.data_type == "s" for c in found)


def test_year_filter_keeps_only_that_years_rows(example, tmp_path):
    [f] = export(example.root, tmp_path / "y", "--program", "jiujiang-kjfwt-2025", "--year", "2026")
    assert f.name == "jiujiang-kjfwt-2025-2026.xlsx"
    wb = load_workbook(f)
    months = [c.value for c in wb["服务记录"][3]][2:-1]
    assert months and all(m.startswith("2026-") for m in months)
    submitted = [r[9] for r in wb["推荐汇总表"].iter_rows(min_row=4, values_only=True)]
    assert submitted and all(d.year == 2026 for d in submitted)
    everything = load_workbook(export(example.root, tmp_path / "all", "--program", "jiujiang-kjfwt-2025")[0])
    assert everything["推荐汇总表"].max_row - 3 > len(submitted)


def libreoffice_rows(xlsx, tmp_path) -> list[list[str]]:
    """The first sheet as LibreOffice (headless) reads it, as CSV rows."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if shutil.which("apt-get"):
            pytest.fail("LibreOffice is missing: `make office` installs it (Debian libreoffice-calc-nogui)")
        pytest.skip("no LibreOffice and no apt to install it")
    out = tmp_path / "csv"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    [converted] = out.glob("*.csv")
    return list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))


def test_libreoffice_reads_the_workbook(example, tmp_path):
    [f] = export(example.root, tmp_path / "lo", "--program", "jiujiang-kjfwt-2025")
    rows = libreoffice_rows(f, tmp_path)
    assert "推荐汇总表" in rows[0][0]
    assert rows[2][:3] == ["序号", "推荐单位", "申报编号"]
    assert rows[3][2] == "shu-yejin-2025"  # the first by recommending unit
    assert rows[3][9] == "2025-05-28"  # its submitted date: a date cell, shown with its yyyy-mm-dd format
