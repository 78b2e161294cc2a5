"""`techserve build`: 由登记库生成页面并构建公示网站（public/）."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .common import as_date, site_env, unsafe_site_dir


def add(sub) -> None:
    p = sub.add_parser("build", help="由登记库生成页面并构建公示网站（public/）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=as_date, help="按哪一天计算公示状态（默认：北京时间今天）")
    p.add_argument("--out", help="输出目录（默认：mkdocs.yml 中的 public/）")
    p.add_argument("--builder", choices=BUILDERS, default=os.environ.get("TECHSERVE_BUILDER") or "mkdocs",
                   help="网站生成器：mkdocs（默认）或 properdocs（MkDocs 1.x 的维护分支，pip install 'techserve[properdocs]'）；"
                        "也可用环境变量 TECHSERVE_BUILDER 设置")
    p.set_defaults(func=run)


# What can build the site with the techserve plugin: MkDocs 1.x, and ProperDocs, its maintained
# fork, which loads MkDocs plugins and themes and writes the same pages (tests/test_site_mkdocs.py).
BUILDERS = ("mkdocs", "properdocs")


def run(args) -> int:
    import logging
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    root = site_env(args)
    if root is None:
        return 2
    overrides = {}
    if args.out:
        out = Path(args.out).resolve()
        problem = unsafe_site_dir(out, root.resolve())
        if problem:
            print(f"错误：不能输出到 {args.out}：{problem}", file=sys.stderr)
            return 2
        overrides = {"site_dir": str(out)}
    if args.builder == "properdocs":
        return _properdocs(root, overrides.get("site_dir"))
    # MkDocs reports a plugin's refusal (e.g. the registry has errors) and the warnings that abort
    # a strict build through its logger; without this the reader would see only "3 warnings".
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    # What the techserve plugin withheld from publication, and why, is told to the office as info
    # (a warning would abort the strict build, and the site publishes every day).
    ours = logging.StreamHandler(sys.stderr)
    ours.setLevel(logging.INFO)
    ours.setFormatter(logging.Formatter("%(message)s"))
    ours.addFilter(lambda r: r.levelno < logging.WARNING and r.getMessage().startswith("techserve: 以"))
    plugin_log = logging.getLogger("mkdocs.plugins.techserve")
    plugin_log.addHandler(ours)
    level = plugin_log.level
    plugin_log.setLevel(logging.INFO)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True, **overrides)
        if urlsplit(config.site_url or "").hostname in (None, "127.0.0.1", "localhost"):
            # canonical links, og:url, sitemap and feed links would point at this machine
            print(f"提示：网站地址是 {config.site_url or '（未设置）'}：规范链接、分享链接、站点地图和订阅中的地址都会指向它。"
                  "正式发布前请设置环境变量 TECHSERVE_SITE_URL（如 https://kjfw.example.gov.cn/）", file=sys.stderr)
        build(config)
    except MkDocsException as exc:  # includes the strict-mode abort
        print(f"错误：网站构建失败：{exc}", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        plugin_log.removeHandler(ours)
        plugin_log.setLevel(level)
    return 0


def _properdocs(root: Path, out: str | None) -> int:
    """The same build by ProperDocs, in its own process (it keeps its own copy of MkDocs' modules).
    Not quiet: what the techserve plugin withheld from publication is logged as info, for the office."""
    import importlib.util

    if importlib.util.find_spec("properdocs") is None:
        print("错误：没有安装 ProperDocs：pip install 'techserve[properdocs]'", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")]
    done = subprocess.run([*command, *(["-d", out] if out else [])], env=os.environ, cwd=root)
    if done.returncode:
        print("错误：网站构建失败（ProperDocs）", file=sys.stderr)
    return 1 if done.returncode else 0
