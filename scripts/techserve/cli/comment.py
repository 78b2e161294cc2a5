"""`techserve comment`: 由 JSON 检查结果生成拉取请求评论（校验并转义，供评论工作流使用）."""

from __future__ import annotations

import sys


def add(sub) -> None:
    p = sub.add_parser("comment", help="由 JSON 检查结果生成拉取请求评论（校验并转义，供评论工作流使用）")
    p.add_argument("report", help="check --format json 的输出文件")
    p.set_defaults(func=run)


def run(args) -> int:
    """JSON report → the pull-request comment (Markdown), validated and escaped."""
    from ..reporters.comment import BadReport, render_comment

    try:
        with open(args.report, "rb") as fh:
            raw = fh.read(64 * 1024 * 1024 + 1)
        sys.stdout.write(render_comment(raw))
    except (OSError, BadReport) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0
