"""`techserve draft`: 按登记库的状态起草下一份决定（评审、公示、立项、拨付、考核），不覆盖已有文件."""

from __future__ import annotations

import sys

from ..clock import today_in_shanghai
from .common import as_date, cache_of, root_of


def add(sub) -> None:
    p = sub.add_parser("draft", help="按登记库的状态起草下一份决定（评审、公示、立项、拨付、考核），不覆盖已有文件")
    p.add_argument("kind", choices=("review", "drawplan", "draw", "notice", "approval", "payment", "assessment", "acceptance",
                                     "evaluation", "progress", "recommendation"))
    p.add_argument("--root", help="登记库根目录")
    p.add_argument("--program", help="项目编号（立项按 --notice 确定项目）")
    p.add_argument("--stage", choices=("initial", "expert"), default="initial", help="评审阶段：initial 初审，expert 专家评审")
    p.add_argument("--notice", help="立项所依据的公示（决定编号）")
    p.add_argument("--year", type=int, help="拨付：支持年度（第几年）；考核：考核年度")
    p.add_argument("--seed", help="专家抽取：抽取预告的种子日期公布的数字（如 11837.40）")
    p.add_argument("--size", type=int, help="抽取预告：抽取人数（默认 5）")
    p.add_argument("--seed-source", help="抽取预告：种子来源（默认：深证成指收盘点位）")
    p.add_argument("--seed-date", type=as_date, help="抽取预告：种子日期（默认：今天起第二个工作日），须晚于预告合并之日")
    p.add_argument("--unit", help="推荐清单：推荐单位（单位编号）")
    p.add_argument("--date", type=as_date, help="决定日期（默认：北京时间今天）")
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    """The next decision, drafted from the registry (techserve.office.draft); never overwrites."""
    from ..office.draft import Refused, make, write
    from ..registry import load_registry

    root = root_of(args)
    reg = load_registry(root, cache_of(args))
    as_of = args.date or today_in_shanghai()
    try:
        d = make(reg, as_of, args.kind, args.program, args.stage, args.notice, args.year, args.seed, args.size,
                 args.unit, args.seed_source, args.seed_date)
    except Refused as exc:
        print(f"未起草：{exc}", file=sys.stderr)
        return 1
    if args.stdout:
        print(d.text, end="")
        return 0
    path = write(root, d)
    rel = path.relative_to(root).as_posix()
    print(f"已起草 {rel}：请填写标有“请填写”的各项（techserve check 会逐条提示），核对后提交")
    return 0
