"""`techserve pages`: 只生成网站的页面（Markdown 和数据文件），不构建网站，供其他静态网站工具使用."""

from __future__ import annotations

import sys
from pathlib import Path

from ..clock import today_in_shanghai
from .common import SITE_MARK, as_date, registry_of, root_of, unsafe_site_dir


def add(sub) -> None:
    p = sub.add_parser("pages", help="只生成网站的页面（Markdown 和数据文件），不构建网站，供其他静态网站工具使用")
    p.add_argument("--root")
    p.add_argument("--as-of", type=as_date, help="按哪一天计算公示状态（默认：北京时间今天）")
    p.add_argument("--out", required=True, help="输出目录（空文件夹或以前的输出）")
    p.add_argument("--site-url", default="", help="网站地址，用于规范链接和订阅")
    p.set_defaults(func=run)


def run(args) -> int:
    """The site's pages as plain Markdown and files (the generated tree beside docs_dir's own
    pages), without MkDocs: what another static-site builder would take as its input."""
    import shutil

    from ..checker import check
    from ..pages import generate
    from ..pages.withhold import publishable, withheld_lines
    from ..registry.cache import default_location, open_cache
    from ..site.plugin import repository_url

    root = root_of(args)
    out = Path(args.out).resolve()
    problem = unsafe_site_dir(out, root.resolve())
    if problem:
        print(f"错误：不能输出到 {args.out}：{problem}", file=sys.stderr)
        return 2
    as_of = args.as_of or today_in_shanghai()
    report = check(root, as_of, cache=open_cache(default_location()), snapshot=False)
    reg, stop = publishable(registry_of(report), report.findings)
    if stop:
        print(f"注意：{len({f.file for f in stop})} 个文件有不能公开的问题，生成的页面不含这些记录（其余照常生成）：",
              file=sys.stderr)
        print("\n".join(withheld_lines(stop)), file=sys.stderr)
    docs = root / "site"  # mkdocs.yml's docs_dir: the guides and assets written by hand
    if out.exists():
        shutil.rmtree(out)
    if docs.is_dir():
        shutil.copytree(docs, out)
    else:
        out.mkdir(parents=True)
    generated = generate(reg, as_of, args.site_url or "", repository_url(None))
    for uri, content in generated.items():
        target = out / uri
        if target.exists():
            print(f"错误：{docs.name}/{uri} 已存在，与生成的页面重名", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (out / SITE_MARK).write_text("techserve pages\n", encoding="utf-8")
    print(f"已写入 {len(generated)} 个生成的页面和文件到 {out}（另有 {docs.name}/ 的文件）")
    return 0
