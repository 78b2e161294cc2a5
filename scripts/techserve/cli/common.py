"""What several commands share: the registry root, dates, the cache, generated files kept in
step, the site folder."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from ..files import write_atomic


def as_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "submissions").is_dir():
            return folder
    return start


def root_of(args) -> Path:
    return Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())


def registry_of(report):
    """The registry a check read (every check keeps it; a report read back from JSON has none)."""
    if report.registry is None:
        raise RuntimeError("the check kept no registry")
    return report.registry


def cache_of(args):
    """The blob cache every command reads the registry through, unless --no-cache or
    TECHSERVE_CACHE=off. --no-cache also keeps the matcher's sentence vectors from being stored."""
    from ..match import keep_vectors
    from ..registry.cache import default_location, open_cache

    off = getattr(args, "no_cache", False)
    keep_vectors(not off)
    return None if off else open_cache(default_location())


def sync_generated(root: Path, folder: str, wanted: dict[str, str], check: bool, command: str,
          stray: tuple[str, ...] = ()) -> int:
    """Write generated files under root/folder, or with --check report every stale, missing or
    stray one (and the lines that differ) and fail. Files matching `stray` that are no longer
    wanted are removed on write (a closed program's form). Used by schema, codeowners and forms."""
    out = root / folder
    extra = sorted({p.name for pattern in stray for p in out.glob(pattern) if p.name not in wanted}) \
        if out.is_dir() else []
    if check:
        stale = [n for n, text in wanted.items()
                 if not (out / n).is_file() or (out / n).read_text(encoding="utf-8") != text]
        for name in stale + extra:
            print(f"错误：{folder}/{name} 与数据或代码不一致：请运行 techserve {command} 重新生成并提交", file=sys.stderr)
            if name in wanted and (out / name).is_file():
                old = set((out / name).read_text(encoding="utf-8").splitlines())
                new = set(wanted[name].splitlines())
                for line in sorted(new - old)[:10]:
                    print(f"  缺少：{line}", file=sys.stderr)
                for line in sorted(old - new)[:10]:
                    print(f"  多余：{line}", file=sys.stderr)
        if not stale and not extra:
            print(f"{folder}/ 与数据和代码一致")
        return 1 if stale or extra else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in wanted.items():
        write_atomic(out / name, text)
    for name in extra:
        (out / name).unlink()
    print(f"已写入 {len(wanted)} 个文件到 {folder}/" + (f"，删除 {len(extra)} 个过时文件" if extra else ""))
    return 0


def unknown_ids(reg, *wanted: tuple[str, str | None, str]) -> bool:
    """Say so (and return True) when an option names a record the registry has no valid file for."""
    for kind, value, label in wanted:
        if value and reg.model(kind, value) is None:
            print(f"错误：没有{label}“{value}”（或该文件未通过检查）", file=sys.stderr)
            return True
    return False


def site_env(args) -> Path | None:
    """Where mkdocs.yml is; the as-of day travels to the plugin in its environment variable."""

    from ..site.plugin import AS_OF_ENV

    root = root_of(args)
    if not (root / "mkdocs.yml").is_file():
        print(f"错误：{root} 下没有 mkdocs.yml", file=sys.stderr)
        return None
    if args.as_of:
        os.environ[AS_OF_ENV] = args.as_of.isoformat()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return root


SITE_MARK = ".techserve-site"  # written into every site output, so a rebuild may empty it


def unsafe_site_dir(out: Path, root: Path) -> str | None:
    """Why MkDocs may not empty `out` before writing the site there, or None. It deletes
    everything in the folder: only an empty folder or a previous site output qualifies."""
    if out == root or out in root.parents or root / "submissions" in (out, *out.parents):
        return "这是登记库本身或其上级目录，构建会删除其中的全部文件"
    if out.exists() and not out.is_dir():
        return "这是一个文件，不是文件夹"
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARK).is_file():
        return "文件夹不是空的，也不是以前生成的网站（构建会先清空它）。请换一个空文件夹"
    return None
