"""`techserve export`: 导出公开数据（JSON、CSV、数据结构说明）."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..clock import today_in_shanghai
from ..files import write_atomic
from .common import as_date, cache_of, registry_of, root_of


def add(sub) -> None:
    p = sub.add_parser("export", help="导出公开数据（JSON、CSV、数据结构说明）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=as_date)
    p.add_argument("--out", help="输出目录（默认 public/data；--xlsx 时默认 exports/）")
    p.add_argument("--xlsx", action="store_true",
                   help="导出 Excel 工作簿：每个项目一份，含推荐汇总表、立项名单、服务记录、考核与拨付")
    p.add_argument("--forms", action="store_true",
                   help="为每份申报生成可打印的申报表（HTML，A4，含签字盖章栏；默认输出到 exports/forms/）")
    p.add_argument("--program", help="只导出这个项目（--xlsx、--forms）")
    p.add_argument("--year", type=int, help="只导出这一年（--xlsx）")
    p.add_argument("--recommendations", action="store_true",
                   help="导出每月推荐特派员清单（按推荐单位，Excel 和可打印 A4 页面），与 --month 一起用")
    p.add_argument("--month", help="推荐清单的月份 YYYY-MM（--recommendations）")
    p.add_argument("--unit", help="只导出这个推荐单位的清单（--recommendations）")
    p.add_argument("--records", action="store_true",
                   help="导出登记信息工作簿（--xlsx）：单位、人员、企业、需求各一张表，可修改后用 techserve import 导回")
    p.add_argument("--snapshot", action="store_true",
                   help="把当天公开的数据包保存为一期快照：snapshots/<日期>/（CSV 和 datapackage.json），"
                        "提交后网站的“数据快照”页列出它")
    p.add_argument("--internal", action="store_true",
                   help="内部版（--xlsx）：另含出生年月、政治面貌、职务和企业联系人，不得公开")
    p.set_defaults(func=run)


def run(args) -> int:
    """The open data (JSON, CSV with BOM, schema) without building the site; with --xlsx, the
    office's workbooks per program (and year)."""
    from ..checker import check
    from ..pages.builder import Builder
    from ..pages.withhold import publishable, withheld_lines

    root = root_of(args)
    if args.forms:
        return _export_forms(root, args)
    as_of = args.as_of or today_in_shanghai()
    # As the site (pages.withhold): a record the check finds unsafe (personal data above all) never
    # reaches open data or a workbook; the rest is exported, obligations or not.
    report = check(root, as_of, cache=cache_of(args))
    reg, stop = publishable(registry_of(report), report.findings)
    if stop:
        print(f"注意：{len({f.file for f in stop})} 个文件有不能公开的问题，导出的数据不含这些记录：", file=sys.stderr)
        print("\n".join(withheld_lines(stop)), file=sys.stderr)
    builder = Builder(reg, as_of)
    if args.recommendations:
        return _export_recommendations(builder, root, args)
    if args.xlsx:
        return _export_workbooks(builder, root, args)
    from ..pages.opendata import export

    files = export(builder)
    if args.snapshot:
        return _snapshot(root, as_of, files)
    out = Path(args.out or "public/data")
    for rel, content in files.items():
        target = out / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content)
        print(target)
    return 0


def _snapshot(root: Path, as_of, files: dict[str, bytes]) -> int:
    """The open data as published today, kept under snapshots/<day>/ (pages.snapshots): the CSVs
    and their datapackage.json, never overwriting a snapshot already taken."""
    from ..pages.snapshots import FOLDER, files_of

    out = root / FOLDER / as_of.isoformat()
    if out.exists():
        print(f"错误：{out.relative_to(root)} 已经存在：一期快照保存后不再修改", file=sys.stderr)
        return 2
    for rel, content in files.items():
        name = Path(rel).name
        if name == "datapackage.json" or name.endswith(".csv"):
            out.mkdir(parents=True, exist_ok=True)
            write_atomic(out / name, content)
    print(f"已保存数据快照 {out.relative_to(root)}（{len(files_of(out))} 个文件），请提交到登记库")
    return 0


def _export_forms(root: Path, args) -> int:
    """One printable 申报表 per application, from the registry as checked in this same run."""
    from ..checker import check
    from ..loader.document import read_capped
    from ..pages.builder import Builder
    from ..pages.forms import application_form

    as_of = args.as_of or today_in_shanghai()
    report = check(root, as_of, cache=cache_of(args))
    builder = Builder(registry_of(report), as_of)
    out = Path(args.out or "exports/forms").resolve()
    if out == root / "public" or root / "public" in out.parents:
        print("错误：申报表含出生年月等信息，不能导出到网站目录 public/ 下", file=sys.stderr)
        return 2
    personal = [f for f in report.findings if f.rule.startswith("privacy.") and f.severity == "error"]
    if personal:  # a printed form is copied and filed: it never carries a phone number or an ID
        for f in personal[:20]:
            print(f"  {f.file}:{f.line}: [{f.rule}] {f.message}", file=sys.stderr)
        print(f"错误：登记库含有 {len(personal)} 处个人信息，不予生成申报表。请先删除后再导出", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    unfit = 0
    for entry in registry_of(report).by_kind["application"].values():
        if args.program and entry.program != args.program:
            continue
        if entry.model is None:
            unfit += 1
            print(f"{entry.file}：格式检查未通过，无法生成申报表（请先运行 techserve check 并改正）", file=sys.stderr)
            continue
        mine = [f for f in report.findings if f.file == entry.file]
        html = application_form(builder, entry, mine, read_capped(root / entry.file))
        target = out / f"{entry.id}.html"
        write_atomic(target, html)
        print(target)
    return 1 if unfit else 0


def _export_recommendations(builder, root: Path, args) -> int:
    """The month's 推荐特派员清单 per recommending unit: one workbook, one printable page per unit."""

    from ..pages.recommendations import lists, printable, workbook

    if not args.month or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        print("错误：请用 --month YYYY-MM 指明月份，如 --month 2021-09", file=sys.stderr)
        return 2
    programs = [args.program] if args.program else [e.id for e in builder.programs]
    if args.program and builder.reg.model("program", args.program) is None:
        print(f"错误：没有项目“{args.program}”", file=sys.stderr)
        return 2
    if args.unit and builder.reg.model("unit", args.unit) is None:
        print(f"错误：没有单位“{args.unit}”", file=sys.stderr)
        return 2
    out = Path(args.out or "exports/recommendations").resolve()
    out.mkdir(parents=True, exist_ok=True)
    wrote = 0
    for program in programs:
        units = [u for u in lists(builder, program, args.month, args.unit) if u.rows or args.unit]
        if not units:
            continue
        name = f"{program}-{args.month}" + (f"-{args.unit}" if args.unit else "")
        write_atomic(out / f"{name}.xlsx", workbook(builder, program, args.month, args.unit))
        print(out / f"{name}.xlsx")
        for u in units:
            write_atomic(out / f"{program}-{args.month}-{u.unit}.html", printable(builder, program, args.month, u))
            print(out / f"{program}-{args.month}-{u.unit}.html")
        wrote += 1
    if not wrote:
        print(f"{args.month} 没有审核通过的申请，未生成清单", file=sys.stderr)
    return 0


def _export_workbooks(builder, root: Path, args) -> int:
    from ..pages.workbook import program_workbook

    out = Path(args.out or "exports").resolve()
    if args.internal and (out == root / "public" or root / "public" in out.parents):
        print("错误：内部资料含个人信息，不能导出到网站目录 public/ 下", file=sys.stderr)
        return 2
    programs = [e.id for e in builder.programs]
    if args.program:
        if args.program not in programs:
            print(f"错误：没有可导出的项目“{args.program}”", file=sys.stderr)
            return 2
        programs = [args.program]
    out.mkdir(parents=True, exist_ok=True)
    if args.records:
        from ..pages.workbook import records_workbook

        if out == root / "public" or root / "public" in out.parents:
            print("错误：登记信息工作簿含个人信息，不能导出到网站目录 public/ 下", file=sys.stderr)
            return 2
        write_atomic(out / "登记信息.xlsx", records_workbook(builder))
        print(out / "登记信息.xlsx")
        return 0
    for program in programs:
        name = program + (f"-{args.year}" if args.year else "") + ("-内部" if args.internal else "") + ".xlsx"
        write_atomic(out / name, program_workbook(builder, program, args.year, args.internal))
        print(out / name)
    return 0
