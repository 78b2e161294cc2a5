"""The office's worklist as one GitHub or GitLab issue body ("待办事项"): `techserve todo
--format markdown --mentions`, kept up to date by .github/workflows/todo.yml and the GitLab
`todo` job.

Record text (an application's name) is made inert like a pull-request comment's, so a team named
"@everyone" notifies nobody; the only mentions are the units' `reviewers` and the programs'
`owners`, the same accounts CODEOWNERS names, each checked to be a handle.
"""

from __future__ import annotations

import re

from .markdown import MAX_CHARS, cell

HANDLE = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?$")


def people_to_ask(reg, item) -> list[str]:
    """The reviewers of the units that recommended the item's applications, else the program's owners."""
    handles: list[str] = []
    for record in item.records:
        app = reg.model("application", record)
        unit = reg.model("unit", app.recommended_by) if app is not None else None
        handles += unit.reviewers if unit is not None else []
    if not handles:
        prog = reg.model("program", item.program)
        handles = list(prog.owners) if prog is not None else []
    return [h for h in dict.fromkeys(handles) if HANDLE.match(h)]


def worklist(reg, items, as_of, mentions: bool = False) -> str:
    lines = [f"# 待办事项（截至 {as_of}）", "",
             "由 `techserve todo` 根据登记库生成，每周一和每次合并后自动更新；办完一项（新增对应的决定文件并合并）后，"
             "该项自动消失。", ""]
    if not items:
        lines.append("目前没有待办事项。")
    for program in sorted({i.program for i in items}):
        prog = reg.model("program", program)
        lines += [f"## {cell(prog.name if prog else program)}（`{program}`）" if program else "## 整个登记库", ""]
        for i in (i for i in items if i.program == program):
            when = f"**{i.due}** " if i.due else ""
            lines.append(f"- {when}{cell(i.what)}")
            lines.append(f"  - 文件：`{i.create}`")
            if i.draft:
                lines.append(f"  - 命令：`{i.draft}`")
            ask = people_to_ask(reg, i) if mentions else []
            if ask:
                lines.append(f"  - 负责：{' '.join(ask)}")
        lines.append("")
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_CHARS:  # an issue body holds 65,536 characters
        text = text[:MAX_CHARS].rsplit("\n- ", 1)[0] + "\n\n……（内容过长，其余请运行 techserve todo 查看）\n"
    return text
