"""`techserve nginx`: 为构建好的网站生成 nginx 配置（压缩、缓存、内容安全策略）."""

from __future__ import annotations

import sys
from pathlib import Path


def add(sub) -> None:
    p = sub.add_parser("nginx", help="为构建好的网站生成 nginx 配置（压缩、缓存、内容安全策略）")
    p.add_argument("--site", default="public", help="构建好的网站目录（默认 public/）")
    p.add_argument("--root-dir", default="/srv/techserve/public", help="服务器上网站文件所在目录")
    p.add_argument("--server-name", default="_", help="域名，如 kjfw.example.gov.cn")
    p.add_argument("--listen", default="80", help="监听端口或地址（HTTPS 请在前面加一层 443 的配置）")
    p.set_defaults(func=run)


def run(args) -> int:
    """The nginx server block for a built site (its CSP hashes read from the pages)."""
    from ..site.nginx import server_block

    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"错误：{site} 下没有 index.html，请先运行 techserve build", file=sys.stderr)
        return 2
    sys.stdout.write(server_block(site, root=args.root_dir, server_name=args.server_name, listen=args.listen))
    return 0
