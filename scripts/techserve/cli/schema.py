"""`techserve schema`: 由模型生成 schemas/*.schema.json."""

from __future__ import annotations

from pathlib import Path

from .common import find_root, sync_generated


def add(sub) -> None:
    p = sub.add_parser("schema", help="由模型生成 schemas/*.schema.json")
    p.add_argument("--check", action="store_true", help="只检查是否一致，不写文件")
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..models.export import all_schemas, contract
    from ..registry.layout import FOLDER_OF
    from ..rules.references import KIND_NAMES

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    where = {k: (f"submissions/{f}/<编号>.yaml" if k in ("unit", "person", "enterprise", "calendar")
                 else f"submissions/programs/<项目编号>/{f}/<编号>.yaml") for k, f in FOLDER_OF.items()}
    where["program"] = "submissions/programs/<项目编号>/program.yaml"
    wanted = {**all_schemas(), "README.md": contract(where, KIND_NAMES)}
    return sync_generated(root, "schemas", wanted, args.check, "schema", stray=("*.schema.json",))
