"""techserve import: an office's workbook → record files. The registry's own export comes back as
the same records; a list in the seeds' 附件 columns is read; one bad row writes nothing."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from openpyxl import Workbook

from techserve.cli import main
from techserve.models.columns import SHEET_KINDS
from techserve.registry import load_registry

AS_OF = "2026-12-06"
KINDS = tuple(SHEET_KINDS)


def _export(root, out) -> bytes:
    assert main(["export", "--xlsx", "--records", "--root", str(root), "--as-of", AS_OF, "--out", str(out)]) == 0
    return (out / "登记信息.xlsx").read_bytes()


def _import(root, path, *extra) -> int:
    return main(["import", str(path), "--root", str(root), "--as-of", AS_OF, *extra])


def _tree(root) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "submissions").rglob("*")) if p.is_file()}


def _files_of(root, kind):
    reg = load_registry(root)
    return {e.id: (e.file, e.model) for e in reg.valid(kind)}


def test_the_exported_records_come_back_as_the_same_records(example, tmp_path, capsys):
    before = {kind: _files_of(example.root, kind) for kind in KINDS}
    assert all(before.values())
    _export(example.root, tmp_path / "x")
    for kind in KINDS:
        for file, _ in before[kind].values():
            (example.root / file).unlink()
    assert _import(example.root, tmp_path / "x" / "登记信息.xlsx") == 0
    after = {kind: _files_of(example.root, kind) for kind in KINDS}
    assert after == before  # same ids, same places, same records
    assert "共 83 条新记录" in capsys.readouterr().out
    # and once more: every row is already there, nothing is written
    snapshot = _tree(example.root)
    assert _import(example.root, tmp_path / "x" / "登记信息.xlsx") == 0
    assert _tree(example.root) == snapshot and "83 行与登记库中的记录相同" in capsys.readouterr().out


def _attachment_sheet(path, rows, title="人员") -> None:
    """A 特派员 list as offices keep it: the 附件 columns, 序号 first, a unit by its full name."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["2026年科技特派员推荐汇总表"])
    ws.append(["序号", "姓名", "性别", "出生年月", "学位", "职称", "职称级别", "工作单位", "入职本单位年月", "研究方向"])
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
    wb.save(path)


GOOD = ["赵敏", "女", datetime(1985, 3, 1), "博士", "副教授", "副高", "华中科技大学", "2012-09", "新材料、铜基材料"]


def test_an_office_list_in_the_attachment_columns_becomes_person_files(example, tmp_path, capsys):
    book = tmp_path / "list.xlsx"
    _attachment_sheet(book, [GOOD])
    assert _import(example.root, book) == 0
    made = example.root / "submissions/people/zhao-min-hust.yaml"
    person = load_registry(example.root).model("person", "zhao-min-hust")
    assert made.is_file() and person.unit == "hust" and person.birth == "1985-03"
    assert person.fields == ["新材料", "铜基材料"] and person.degree == "博士"
    assert not [f for f in example.check().findings if f.file.endswith(made.name) and f.severity == "error"]


@pytest.mark.parametrize("bad,column,words", [
    (["赵敏", "女", "1985年3月", *GOOD[3:]], "出生年月", "1985-03"),  # the form it expects, and what was meant
    ([*GOOD[:6], "华中理工大学", *GOOD[7:]], "工作单位", "名称相近的有：江西理工大学、昆明理工大学、华中科技大学"),
    ([*GOOD[:8], "新材料 手机 13912345678"], "", "privacy"),
    ([*GOOD[:4], "副教授", "正高", *GOOD[6:]], "", "person.title-level"),
])
def test_one_bad_row_writes_nothing_and_names_its_row_and_column(example, tmp_path, capsys, bad, column, words):
    book = tmp_path / "list.xlsx"
    good_too = ["钱坤", "男", "1979-11", "博士", "教授", "正高", "华中科技大学", "2005-07", "机械工程"]
    _attachment_sheet(book, [good_too, bad])
    snapshot = _tree(example.root)
    assert _import(example.root, book) == 1
    assert _tree(example.root) == snapshot  # the good row is not written either
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "第 4 行" in line)
    assert line.startswith("“人员”第 4 行") and words in line and (not column or f"“{column}”列" in line), err
    assert "没有写入任何文件" in err


def test_every_problem_of_a_row_is_reported_in_one_run(example, tmp_path, capsys):
    book = tmp_path / "list.xlsx"
    _attachment_sheet(book, [["钱坤", "男", "1979年11月", "博士", "教授", "副高", "华中理工大学", "2005-07",
                              "机械 13912345678"]])
    assert _import(example.root, book) == 1
    err = capsys.readouterr().err
    for expected in ("“出生年月”列", "“工作单位”列", "privacy.mobile", "person.title-level"):
        assert expected in err, (expected, err)
    assert "birth" not in err  # the column's title, not the file's field name


def test_a_person_already_registered_or_twice_in_the_list_is_refused(example, tmp_path, capsys):
    reg = load_registry(example.root)
    li = reg.model("person", "li-ming-hust")
    twin = [li.name, li.gender, li.birth, li.degree, li.title, li.title_level, "hust", "2020-01", "别的领域"]
    book = tmp_path / "list.xlsx"
    _attachment_sheet(book, [twin])
    assert _import(example.root, book) == 1
    assert "登记库已有编号“li-ming-hust”" in capsys.readouterr().err
    _attachment_sheet(book, [GOOD, GOOD])
    assert _import(example.root, book) == 1
    assert "与“人员”第 3 行重复" in capsys.readouterr().err


def test_a_need_names_its_program_and_its_enterprise_by_name(example, tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.title = "需求"
    ws.append(["项目编号", "企业名称", "需求名称", "需求类别", "技术领域", "需求描述", "预期效果", "方式", "发布日期"])
    ws.append(["jiujiang-kjfwt-2025", "九江瑞丰新材料有限公司", "铜箔边缘起皱", "技术难题", "新材料",
               "分切后铜箔边缘起皱，需要查明张力控制问题。", "起皱率降到 1% 以下。", "常规", datetime(2026, 11, 30)])
    ws.append(["", "九江瑞丰新材料有限公司", "无项目的需求", "技术难题", "新材料", "描述。", "效果。", "常规", "2026-11-30"])
    book = tmp_path / "needs.xlsx"
    wb.save(book)
    assert _import(example.root, book) == 1
    assert "“需求”第 3 行“项目编号”列：需求须写明所属项目的编号" in capsys.readouterr().err
    ws.delete_rows(3)
    wb.save(book)
    assert _import(example.root, book) == 0
    need = load_registry(example.root).model("need", "tong-bo-bian-yuan-qi-zhou")
    assert need.enterprise == "jiujiang-ruifeng-xincai" and str(need.published) == "2026-11-30"


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04broken zip", b""])
def test_a_file_that_is_no_workbook_is_a_clear_error(example, tmp_path, capsys, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    snapshot = _tree(example.root)
    assert _import(example.root, path) == 1
    err = capsys.readouterr().err
    assert "无法读取这个工作簿" in err and "Traceback" not in err
    assert _tree(example.root) == snapshot


def test_a_sheet_with_unknown_names_says_which(example, tmp_path, capsys):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "x.xlsx")
    assert _import(example.root, tmp_path / "x.xlsx") == 1
    assert "工作表名应为 单位、人员、企业、需求" in capsys.readouterr().err


def test_dry_run_lists_and_writes_nothing(example, tmp_path, capsys):
    book = tmp_path / "list.xlsx"
    _attachment_sheet(book, [GOOD])
    snapshot = _tree(example.root)
    assert _import(example.root, book, "--dry-run") == 0
    assert _tree(example.root) == snapshot
    assert "将新增 submissions/people/zhao-min-hust.yaml" in capsys.readouterr().out
