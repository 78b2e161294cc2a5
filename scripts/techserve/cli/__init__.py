"""The techserve command line (README "Commands"). Thin: parse options, call a stage, print, exit.
One module per command, each with `add(sub)` (its options) and `run(args)`; what several share is in
common.py."""

from __future__ import annotations

import argparse
import os
import sys

from . import (
    build,
    check,
    codeowners,
    comment,
    draft,
    draw,
    export,
    forms,
    from_issue,
    importing,
    match,
    new,
    nginx,
    pages,
    rules,
    schema,
    serve,
    todo,
)
from .common import find_root, registry_of, unsafe_site_dir

__all__ = ["build_parser", "find_root", "main", "registry_of", "unsafe_site_dir"]

# The order `techserve --help` lists them in.
COMMANDS = (
    check, comment, schema, draft, match, todo, rules, new, importing, build, pages, nginx, serve,
    draw, codeowners, forms, from_issue, export,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="techserve", description="科技服务项目登记库：检查、模板与公示网站")
    sub = parser.add_subparsers(dest="command", required=True)

    for command in COMMANDS:
        command.add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 2
    except BrokenPipeError:  # the reader went away (`techserve rules --all | head`)
        return 0
    except OSError as exc:  # a full disk, a folder without permission: nothing was half-written
        print(f"错误：文件读写失败（{exc.strerror or exc}）。已写入的文件保持原样，请检查磁盘空间和权限后重试",
              file=sys.stderr)
        return 2
    except Exception as exc:  # an internal failure is exit 2 with a short message, never a trace
        print(f"techserve 内部错误：{type(exc).__name__}: {exc}。请把这条信息报告给维护者", file=sys.stderr)
        if "TECHSERVE_DEBUG" in os.environ:
            raise
        return 2
