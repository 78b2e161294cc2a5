"""`techserve import`: 由 Excel 工作簿（单位、人员、企业、需求）导入登记文件：全部通过检查才写入."""

from __future__ import annotations

import sys
from pathlib import Path

from ..clock import today_in_shanghai
from ..files import write_atomic
from .common import as_date, cache_of, root_of


def add(sub) -> None:
    p = sub.add_parser("import", help="由 Excel 工作簿（单位、人员、企业、需求）导入登记文件：全部通过检查才写入")
    p.add_argument("file", help="工作簿 .xlsx（版式同 export --xlsx --records，或附件表格的列名）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=as_date, help="按哪一天检查（默认：北京时间今天）")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出将新增的文件，不写入")
    p.set_defaults(func=run)


def run(args) -> int:
    """An office's workbook → record files (techserve.intake.workbook): every row judged, the
    registry with them checked as CI will, and nothing written unless all of it passes."""
    from ..intake.workbook import check_together, read_workbook
    from ..registry import load_registry

    root = root_of(args)
    day = args.as_of or today_in_shanghai()
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"错误：无法读取“{args.file}”：{exc.strerror or exc}", file=sys.stderr)
        return 2
    imported = read_workbook(data, load_registry(root, cache_of(args)))
    if imported.ok and imported.rows:
        imported.problems += check_together(root, imported, day)
    for sheet, line, column, message in imported.problems:
        where = "".join([f"“{sheet}”" if sheet else "", f"第 {line} 行" if line else "", f"“{column}”列" if column else ""])
        print(f"{where}：{message}" if where else message, file=sys.stderr)
    if not imported.ok:
        print(f"未导入：{len(imported.problems)} 处问题，没有写入任何文件。改正工作簿后重新导入", file=sys.stderr)
        return 1
    taken = [rel for rel, _ in imported.files() if (root / rel).exists()]
    if taken:
        print(f"未导入：{'、'.join(taken)} 已存在，不会覆盖", file=sys.stderr)
        return 1
    if args.dry_run:
        for row in imported.rows:
            print(f"将新增 {row.rel}（“{row.sheet}”第 {row.number} 行）")
    else:
        written = []
        try:
            for rel, text in imported.files():
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, text, exclusive=True)
                written.append(target)
        except OSError as exc:  # all or nothing: take back what this run wrote
            for target in written:
                target.unlink(missing_ok=True)
            print(f"错误：写入失败（{exc}），已撤回本次写入的文件", file=sys.stderr)
            return 1
        for row in imported.rows:
            print(f"已新增 {row.rel}（“{row.sheet}”第 {row.number} 行）")
    if imported.same:
        print(f"{len(imported.same)} 行与登记库中的记录相同，未改动")
    print(f"共 {len(imported.rows)} 条新记录" + ("（试导入，未写入）" if args.dry_run else "，请提交拉取请求"))
    return 0
