"""`techserve todo`: 项目办公室的待办事项：等待各环节的申报、进行中的公示、待签协议、年度考核."""

from __future__ import annotations

from pathlib import Path

from ..clock import today_in_shanghai
from ..files import write_atomic
from .common import as_date, cache_of, root_of, unknown_ids


def add(sub) -> None:
    p = sub.add_parser("todo", help="项目办公室的待办事项：等待各环节的申报、进行中的公示、待签协议、年度考核")
    p.add_argument("--program", help="只列出这个项目")
    p.add_argument("--unit", help="只列出这个推荐单位推荐的申报")
    p.add_argument("--as-of", type=as_date, help="按这一天计算（默认今天，北京时间）")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--mentions", action="store_true",
                   help="markdown：每项写明负责审核的账号（单位的 reviewers、项目的 owners），用于“待办事项”议题")
    p.add_argument("--out", help="markdown：写入此文件（而不是打印）")
    p.add_argument("--root")
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    """What the office has to do next (techserve.office): due dates on the workday calendar."""
    import json

    from ..office import todo
    from ..registry import load_registry

    reg = load_registry(root_of(args), cache_of(args))
    if unknown_ids(reg, ("program", args.program, "项目"), ("unit", args.unit, "单位")):
        return 2
    as_of = args.as_of or today_in_shanghai()
    items = todo(reg, as_of, args.program, args.unit)
    if args.format == "markdown":
        from ..reporters.worklist import worklist

        text = worklist(reg, items, as_of, args.mentions)
        if args.out:
            write_atomic(Path(args.out), text)
        else:
            print(text, end="")
        return 0
    if args.format == "json":
        print(json.dumps({"as_of": as_of.isoformat(), "items": [i.as_dict() for i in items]}, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(f"截至 {as_of}，没有待办事项")
        return 0
    bullet = "- " if args.format == "markdown" else "  "
    for program in sorted({i.program for i in items}):
        heading = f"{reg.model('program', program).name}（{program}）" if program else "整个登记库"
        print(f"{'## ' if args.format == 'markdown' else ''}{heading}")
        for i in (i for i in items if i.program == program):
            when = f"[{i.due}] " if i.due else ""
            pad = "  " if args.format == "markdown" else "    "
            print(f"{bullet}{when}{i.what}\n{pad}文件：{i.create}" + (f"\n{pad}命令：`{i.draft}`" if i.draft else ""))
        print()
    return 0
