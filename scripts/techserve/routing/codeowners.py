"""CODEOWNERS from the registry. GitHub applies the *last* matching line, so the file goes from
general to specific, and the maintainers' own paths come last where nothing can override them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..registry import Registry

# Paths that decide how everything else is checked: only the maintainers may change them.
# The forges' CI files come first: a pull request that edits its own judge (check.yml runs from
# the pull request's branch) can merge only with a maintainer's approval.
PROTECTED = ("/.github/", "/.gitlab-ci.yml", "/.gitlab/", "/.gitee/", "/schemas/", "/scripts/", "/tests/", "/.ci/",
             "/pyproject.toml", "/constraints.txt", "/.pre-commit-hooks.yaml", "/mkdocs.yml", "/Makefile",
             "/site/", "/overrides/", "/benchmarks/", "/submissions/calendar/")


def maintainers(root: Path) -> list[str]:
    """[tool.techserve] maintainers in pyproject.toml."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return list(data.get("tool", {}).get("techserve", {}).get("maintainers", []))


def _line(path: str, owners) -> str:
    owners = list(dict.fromkeys(o for o in owners if o))  # keep order, drop repeats
    return f"{path.replace(' ', chr(92) + ' '):<64} {' '.join(owners)}".rstrip()


def render_codeowners(reg: Registry, root: Path) -> str:
    admins = maintainers(root)
    reviewers = {e.id: list(e.model.reviewers) for e in reg.valid("unit")}
    lines = ["# 由 `techserve codeowners` 根据登记库生成，请勿手工修改；CI 用 `techserve codeowners --check` 检查。",
             "# 规则：后面的行优先。项目文件夹归项目负责人；人员文件归其所在单位的审核人；",
             "# 申报归项目负责人和推荐单位；工作流、模式、代码和节假日安排只归维护者。", "",
             _line("*", admins), "", "# 单位"]
    for e in sorted(reg.valid("unit"), key=lambda e: e.id):
        lines.append(_line(f"/{e.file}", reviewers.get(e.id) or admins))
    lines += ["", "# 人员：所在单位的审核人"]
    for e in sorted(reg.valid("person"), key=lambda e: e.id):
        lines.append(_line(f"/{e.file}", reviewers.get(e.model.unit) or admins))
    for prog in sorted(reg.programs(), key=lambda e: e.id):
        owners = list(prog.model.owners) or admins
        lines += ["", f"# 项目：{prog.model.name}", _line(f"/submissions/programs/{prog.id}/", owners)]
        for e in sorted(reg.valid("application", prog.id), key=lambda e: e.id):
            extra = reviewers.get(e.model.recommended_by, [])
            if extra:
                lines.append(_line(f"/{e.file}", owners + extra))
        lines.append(_line(f"/submissions/programs/{prog.id}/decisions/", owners))
    lines += ["", "# 维护者专属"] + [_line(p, admins) for p in PROTECTED]
    return "\n".join(lines) + "\n"
