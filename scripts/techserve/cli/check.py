"""`techserve check`: 检查登记库（格式、资格规则；加 --base 时还检查本次变更）."""

from __future__ import annotations

import sys
from pathlib import Path

from ..clock import today_in_shanghai
from ..files import write_atomic
from .common import as_date, cache_of, root_of


def add(sub) -> None:
    p = sub.add_parser("check", help="检查登记库（格式、资格规则；加 --base 时还检查本次变更）")
    p.add_argument("paths", nargs="*", metavar="PATH", help="只显示与这些文件或目录有关的问题")
    p.add_argument("--root", help="登记库根目录（默认：当前目录向上查找 submissions/）")
    p.add_argument("--as-of", type=as_date, help="按哪一天计算状态和期限（默认：北京时间今天）")
    p.add_argument("--base", help="与此 Git 版本比较，检查本次变更（如 origin/main）")
    p.add_argument("--format", choices=("text", "json", "github", "markdown", "codequality"), default="text")
    p.add_argument("--json-out", metavar="FILE", help="同时把结果以 JSON 写入此文件")
    p.add_argument("--codequality-out", metavar="FILE", help="同时写出 GitLab 代码质量报告（合并请求页面显示）")
    p.add_argument("--no-cache", action="store_true",
                   help="不使用解析缓存（默认缓存在 ~/.cache/techserve，可用环境变量 TECHSERVE_CACHE 指定或设为 off）")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..checker import check
    from ..reporters import REPORTERS

    root = root_of(args)
    if not (root / "submissions").is_dir():
        print(f"错误：{root} 下没有 submissions/ 目录（可用 --root 指定登记库根目录）", file=sys.stderr)
        return 2
    paths = []
    for p in args.paths:
        full = Path(p).resolve()
        try:
            paths.append(full.relative_to(root).as_posix())
        except ValueError:
            print(f"错误：{p} 不在登记库 {root} 之内", file=sys.stderr)
            return 2
    from ..workflow import BaseUnreadable

    try:
        report = check(root, args.as_of or today_in_shanghai(), paths, args.base, cache_of(args))
    except BaseUnreadable as exc:
        print(exc, file=sys.stderr)
        return 2
    sys.stdout.write(REPORTERS[args.format](report))
    if args.json_out:  # the same run, also as JSON (the comment is rendered from it)
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(args.json_out), REPORTERS["json"](report))
    if args.codequality_out:
        Path(args.codequality_out).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(args.codequality_out), REPORTERS["codequality"](report))
    return 1 if report.errors else 0
