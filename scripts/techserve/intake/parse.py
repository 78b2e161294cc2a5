"""An issue-form body → one YAML file, validated like any submission. Never raises on bad input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from ..models import validate
from .forms import FORMS, fields_of
from .names import resolve

NO_RESPONSE = {"_No response_", "_无回复_", "None", ""}
HEADING = re.compile(r"^###\s+(.+?)\s*$")
BULLET = re.compile(r"^\s*(?:[-*+•·]|\d+[.、)）])\s*")


@dataclass
class Intake:
    form: str
    data: dict = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field label, Chinese message)

    @property
    def ok(self) -> bool:
        return not self.problems


COMMENT = re.compile(r"<!--.*?-->", re.S)


def sections(body: str) -> dict[str, str]:
    """'### 标签' headings and the text under each, as GitHub renders issue forms (and as the
    Markdown templates of GitLab and Gitee lay them out; their help comments are dropped)."""
    out: dict[str, str] = {}
    current = None
    for line in COMMENT.sub("", body.replace("\r\n", "\n")).split("\n"):
        m = HEADING.match(line)
        if m:
            current = m.group(1)
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


def _list(text: str) -> list[str]:
    """One item per line; bullets, numbering and 、，, separators on one line are accepted."""
    items = []
    for line in text.splitlines():
        line = BULLET.sub("", line).strip()
        items += [p.strip() for p in re.split(r"[、，,；;]", line) if p.strip()]
    return items


def from_issue(form_name: str, body: str, today: date, reg=None) -> Intake:
    """`reg`: resolve the names people write (项目, 单位, 企业, 姓名（单位）) to the registry's ids."""
    form = FORMS.get(form_name)
    if form is None:
        return Intake(form_name, problems=[("", f"没有表单“{form_name}”，可用：{'、'.join(FORMS)}")])
    intake = Intake(form_name)
    if len(body) > 65536:
        intake.problems.append(("", "议题内容超过 64 KiB，请精简后重新提交"))
        return intake
    found = sections(body)
    expected = fields_of(form)
    labels = {f.label for f in expected}
    if not labels & set(found):
        intake.problems.append(("", f"这不是“{form.title}”表单：没有找到 {'、'.join(sorted(labels)[:4])} 等栏目。"
                                    "请用对应的议题模板重新提交"))
        return intake
    data: dict = {}
    for f in expected:
        raw = found.get(f.label)
        if raw is None or raw in NO_RESPONSE:
            if f.required:
                intake.problems.append((f.label, f"“{f.label}”是必填项"))
            continue
        if f.kind == "list":
            data[f.key] = _list(raw)
        elif f.kind == "bool":
            data[f.key] = bool(re.search(r"-\s*\[[xX]\]", raw))
            if f.required and not data[f.key]:
                intake.problems.append((f.label, f"请勾选“{f.help}”"))
        elif f.kind == "dropdown" and f.key == "conversion":
            data[f.key] = raw == "是"
        elif f.kind == "input" and "\n" in raw:
            intake.problems.append((f.label, f"“{f.label}”只能填一行，现在有 {raw.count(chr(10)) + 1} 行"))
        else:
            data[f.key] = raw
    if intake.problems:
        return intake
    if reg is not None:
        intake.problems += resolve(reg, data, {f.key: f.label for f in expected})
        if intake.problems:
            return intake
    program = data.pop("program", None)
    if form.name == "application":
        data = {"kind": "team", "name": data["name"],
                "members": [{"person": data["leader"], "role": "leader"}]
                + [{"person": p, "role": "member"} for p in data.get("members", []) if p != data["leader"]],
                **{k: v for k, v in data.items() if k not in ("name", "leader", "members")},
                "submitted": today.isoformat()}
    elif form.name == "need":
        data["published"] = today.isoformat()
    # Every scalar goes through the same string-typed path as a file would.
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    reloaded = yaml.load(text, Loader=yaml.BaseLoader)
    for key in ("commitment", "conversion"):
        if key in data:
            reloaded[key] = data[key]
    _model, errors = validate(form.kind, reloaded)
    labels_by_key = {f.key: f.label for f in expected}
    for loc, _kind, message in errors:
        head = loc[0] if loc else ""
        intake.problems.append((labels_by_key.get(head, "members" if head == "members" else str(head)), message))
    intake.data = {"program": program, "record": data} if not errors else {}
    return intake
