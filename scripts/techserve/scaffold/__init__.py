"""`techserve new <kind>`: a valid, commented file to start from, named by the pinyin of its name."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from ..files import write_atomic
from ..models.common import PLACEHOLDER
from ..registry.layout import FOLDER_OF, slug
from .templates import TEMPLATES

PROGRAM_KINDS = ("application", "need", "agreement", "service")


def _known(root: Path, folder: str, wanted: str) -> str:
    """`wanted` when a record of that id exists in `folder`, else the placeholder: a template
    never borrows somebody else's unit or enterprise (the first file found passed the check
    unread)."""
    return wanted if wanted and (root / "submissions" / folder / f"{wanted}.yaml").is_file() else PLACEHOLDER


def render(root: Path, kind: str, name: str, program: str | None, today: date, suffix: str = "") -> str:
    depth = "../../" if kind not in PROGRAM_KINDS else "../../../../"
    values = {
        "schema": f"{depth}schemas/{kind}.schema.json",
        "name": name,
        "today": today.isoformat(),
        # --suffix names the unit (li-ming-hust): its unit when the registry has it
        "unit": _known(root, "units", suffix),
        "enterprise": PLACEHOLDER,
        "application": PLACEHOLDER,
        "agreement": PLACEHOLDER,
    }
    return TEMPLATES[kind].format(**values)


def namesakes(root: Path, kind: str, name: str) -> list[tuple[str, str]]:
    """(id, unit) of the registered people or units already called `name`."""
    if kind not in ("person", "unit", "enterprise"):
        return []
    from ..loader.document import load_file

    out = []
    for path in sorted((root / "submissions" / FOLDER_OF[kind]).glob("*.yaml")):
        data = load_file(path, path.name).data
        if isinstance(data, dict) and data.get("name") == name:
            out.append((path.stem, str(data.get("unit") or "")))
    return out


def write_new(root: Path, args) -> int:
    from ..clock import today_in_shanghai

    if args.kind in PROGRAM_KINDS and not args.program:
        print(f"错误：生成 {args.kind} 需要 --program 项目编号", file=sys.stderr)
        return 2
    record_id = args.id or slug(args.name, args.suffix)
    text = render(root, args.kind, args.name, args.program, today_in_shanghai(), args.suffix)
    same = namesakes(root, args.kind, args.name)
    if same:
        # a second file for one person splits their teams and services in two (person.duplicate)
        listed = "、".join(f"{rid}" + (f"（单位 {unit}）" if unit else "") for rid, unit in same)
        print(f"注意：登记库里已有名为“{args.name}”的记录：{listed}。如是同一人（同一单位），请直接使用该编号，"
              "不要再新建（可删去刚生成的文件）；确是重名的另一人，再填写刚生成的文件。", file=sys.stderr)
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
