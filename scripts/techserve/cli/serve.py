"""`techserve serve`: 本地预览网站；修改 submissions/ 后自动重建."""

from __future__ import annotations

from .common import as_date, site_env


def add(sub) -> None:
    p = sub.add_parser("serve", help="本地预览网站；修改 submissions/ 后自动重建")
    p.add_argument("--root")
    p.add_argument("--as-of", type=as_date)
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def run(args) -> int:
    from mkdocs.commands.serve import serve

    root = site_env(args)
    if root is None:
        return 2
    serve(str(root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{args.port}")
    return 0
