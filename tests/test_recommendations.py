"""The monthly 推荐特派员清单: per unit, the month's passed applications; public fields only;
a printable page with the seal box; LibreOffice reads the workbook."""

from __future__ import annotations

from openpyxl import load_workbook

from techserve.cli import main

from .test_workbook import libreoffice_rows, private_values

PROGRAM = "jiangxi-tepaiyuan-2021"


def export(root, out, *extra) -> list:
    code = main(["export", "--xlsx", "--recommendations", "--root", str(root), "--as-of", "2026-11-22",
                 "--out", str(out), "--program", PROGRAM, *extra])
    assert code == 0
    return sorted(out.iterdir())


def test_each_unit_lists_the_applications_it_passed_that_month(example, tmp_path):
    files = export(example.root, tmp_path / "x", "--month", "2021-09")
    names = [f.name for f in files]
    assert names == [f"{PROGRAM}-2021-09-jxust.html", f"{PROGRAM}-2021-09-ncu.html", f"{PROGRAM}-2021-09.xlsx"]
    wb = load_workbook(files[-1])
    ncu = wb["南昌大学"]
    assert "推荐特派员清单（2021年9月）" in ncu["A1"].value and "盖章" in ncu["A2"].value
    assert "2021年9月25日前" in ncu["A2"].value  # the program's monthly deadline for the list
    people = [ncu.cell(r, 2).value for r in range(4, ncu.max_row + 1)]
    assert people == ["叶斌", "钱璐", "冯宇"]
    assert ncu.oddFooter.center.text == "第 &P 页，共 &N 页"
    # nothing the site does not show
    values = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}
    assert not values & private_values(example.root)
    page = (tmp_path / "x" / f"{PROGRAM}-2021-09-ncu.html").read_text(encoding="utf-8")
    assert "推荐单位（公章）" in page and "counter(pages)" in page and "叶斌" in page


def test_a_month_boundary_counts_the_review_s_own_month(example, tmp_path):
    # the 2021-09 review is dated 2021-09-15: October's list does not repeat it
    out = tmp_path / "oct"
    main(["export", "--xlsx", "--recommendations", "--root", str(example.root), "--as-of", "2026-11-22",
          "--out", str(out), "--program", PROGRAM, "--month", "2021-10"])
    wb = load_workbook(next(out.glob("*.xlsx")))
    listed = {ws.cell(r, 2).value for ws in wb for r in range(4, ws.max_row + 1)}
    assert "叶斌" not in listed


def test_a_month_without_lists_says_so_in_its_one_sheet(example, tmp_path):
    """The command refuses such a month; the workbook itself, asked anyway, is never blank."""
    import io
    from datetime import date

    from techserve.pages.builder import Builder
    from techserve.pages.recommendations import workbook
    from techserve.registry import load_registry

    wb = load_workbook(io.BytesIO(workbook(Builder(load_registry(example.root), date(2026, 11, 22)), PROGRAM, "2026-10")))
    assert wb.sheetnames
    assert all(ws["A4"].value == "（2026年10月本单位没有需要报送的推荐特派员）" for ws in wb)



def test_bad_month_is_a_usage_error(example, capsys):
    assert main(["export", "--xlsx", "--recommendations", "--root", str(example.root), "--month", "2021-13"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_libreoffice_reads_the_list(example, tmp_path):
    files = export(example.root, tmp_path / "lo", "--month", "2021-09", "--unit", "ncu")
    rows = libreoffice_rows(next(f for f in files if f.suffix == ".xlsx"), tmp_path)
    assert "推荐特派员清单" in rows[0][0] and rows[2][:2] == ["序号", "姓名"] and rows[3][1] == "叶斌"


def test_todo_asks_for_the_list_from_the_day_a_review_passes():
    from datetime import date

    from techserve.office import todo
    from techserve.registry import load_registry

    from .conftest import REPO

    reg = load_registry(REPO)

    def listed(day):
        return [i for i in todo(reg, day, PROGRAM) if i.kind == "list"]

    assert not listed(date(2021, 9, 14))  # the month's initial review is dated 2021-09-15
    [item] = listed(date(2021, 9, 15))
    assert item.due == date(2021, 9, 25) and "--month 2021-09" in item.draft and len(item.records) == 5
    assert not listed(date(2021, 10, 1))  # a new month, nothing passed yet
