"""`techserve codeowners`: 由登记库生成 .github/CODEOWNERS（审核人路由）."""

from __future__ import annotations

from .common import cache_of, root_of, sync_generated


def add(sub) -> None:
    p = sub.add_parser("codeowners", help="由登记库生成 .github/CODEOWNERS（审核人路由）")
    p.add_argument("--root")
    p.add_argument("--check", action="store_true", help="只检查是否一致，不写文件")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..registry import load_registry
    from ..routing import render_codeowners

    root = root_of(args)
    wanted = {"CODEOWNERS": render_codeowners(load_registry(root, cache_of(args)), root)}
    return sync_generated(root, ".github", wanted, args.check, "codeowners")
