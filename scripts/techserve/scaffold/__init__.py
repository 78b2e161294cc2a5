"""`techserve new <kind>`: a valid, commented file to start from, named by the pinyin of its name."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from stdnum.cn import uscc

from ..files import write_atomic
from ..registry.layout import FOLDER_OF, slug
from .templates import TEMPLATES

PROGRAM_KINDS = ("application", "need", "agreement", "service")


def _first(root: Path, folder: str, default: str) -> str:
    found = sorted((root / "submissions" / folder).glob("*.yaml")) if (root / "submissions").is_dir() else []
    return found[0].stem if found else default


def _first_in(root: Path, program: str, folder: str, default: str) -> str:
    return _first(root, f"programs/{program}/{folder}", default)


def render(root: Path, kind: str, name: str, program: str | None, today: date) -> str:
    depth = "../../" if kind not in PROGRAM_KINDS else "../../../../"
    values = {
        "schema": f"{depth}schemas/{kind}.schema.json",
        "name": name,
        "today": today.isoformat(),
        "unit": _first(root, "units", "jiujiang-university"),
        "person": _first(root, "people", "zhang-wei"),
        "enterprise": _first(root, "enterprises", "example-enterprise"),
        "application": _first_in(root, program or "", "applications", "example-application"),
        "agreement": _first_in(root, program or "", "agreements", "example-agreement"),
        "end": today.replace(year=today.year + 1).isoformat(),
        # a checksum-valid placeholder, so the template checks clean until the real code is typed
        "uscc": "91360400MA35000000"[:17] + uscc.calc_check_digit("91360400MA35000000"[:17]),
    }
    return TEMPLATES[kind].format(**values)


def write_new(root: Path, args) -> int:
    from ..clock import today_in_shanghai

    if args.kind in PROGRAM_KINDS and not args.program:
        print(f"错误：生成 {args.kind} 需要 --program 项目编号", file=sys.stderr)
        return 2
    record_id = args.id or slug(args.name, args.suffix)
    text = render(root, args.kind, args.name, args.program, today_in_shanghai())
    if args.stdout:
        sys.stdout.write(text)
        return 0
    folder = root / "submissions" / (f"programs/{args.program}/" if args.kind in PROGRAM_KINDS else "")
    folder = folder / FOLDER_OF[args.kind]
    path, n = folder / f"{record_id}.yaml", 2
    folder.mkdir(parents=True, exist_ok=True)
    while True:  # never overwrite somebody's file; written whole or not at all
        try:
            write_atomic(path, text, exclusive=True)
            break
        except FileExistsError:
            path, n = folder / f"{record_id}-{n}.yaml", n + 1
    print(f"已生成 {path.relative_to(root)}，请按注释修改后运行 techserve check 检查")
    return 0
