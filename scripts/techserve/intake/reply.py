"""The answer on an issue, in the form's own words: a finding on a file the form made is named by
the form's field (栏目“出生年月”), not by a line of a YAML file the applicant never saw; personal
data typed into the issue is named so it can be taken out of the public issue."""

from __future__ import annotations

import re

from ..findings import Finding
from .forms import NEW_PEOPLE, Form, fields_of

_KEY = re.compile(r"^([A-Za-z_][\w-]*):")


def field_of_line(text: str, line: int) -> str | None:
    """The top-level key a line of a generated file belongs to."""
    lines = text.splitlines()
    for n in range(min(line, len(lines)), 0, -1):
        m = _KEY.match(lines[n - 1])
        if m:
            return m.group(1)
    return None


def labelled(form: Form, files: list[tuple[str, str]], findings: list[Finding]) -> list[tuple[str, str, str]]:
    """(severity, form label, message) of each finding on the files the form made; a finding on
    a person registered in the same issue is that person's line of 尚未登记的人员."""
    labels = {f.key.split(".")[0]: f.label for f in fields_of(form)}
    labels.setdefault("members", "团队成员")  # the keys the parser writes for 团长/成员 and 申报人
    labels.setdefault("person", "申报人")
    record = files[-1][0] if files else ""
    texts = dict(files)
    out = []
    for f in findings:
        if f.file not in texts or f.severity == "info":
            continue
        if f.file != record:
            label = NEW_PEOPLE.label
        else:
            key = field_of_line(texts[f.file], f.line) if f.line else None
            label = labels.get(key or "", "") if key else ""
            if key == "members" and "leader" in labels:
                label = f"{labels['leader']}或{labels['members']}"
        out.append((f.severity, label, f.message))
    return out


def reply_text(rows: list[tuple[str, str, str]], cell) -> str:
    """The reply: errors by field, then reminders; `cell` makes what the applicant wrote inert."""
    errors = [r for r in rows if r[0] == "error"]
    warnings = [r for r in rows if r[0] == "warning"]

    def line(label: str, message: str) -> str:
        return f"- {('**' + cell(label) + '**：') if label else ''}{cell(message)}"

    out = []
    if errors:
        out.append(f"表单内容还有 {len(errors)} 处问题，请编辑议题改正对应栏目，保存后会自动重新检查：\n")
        out += [line(label, message) for _, label, message in errors]
    else:
        out.append("表单内容已通过检查，已转为拉取请求，等待审核。")
    if warnings:
        out.append("\n需要审核人留意（不影响提交）：\n")
        out += [line(label, message) for _, label, message in warnings]
    return "\n".join(out) + "\n"


REDACTED_NOTE = ("议题里有手机号、身份证号或个人邮箱等个人信息。议题是公开的，任何人都能看到，所以已把这些内容"
                 "替换为部分隐去的形式（如 139****5678）。登记和申报不需要这些信息，请不要再填写；联系电话"
                 "只写单位座机。议题的编辑记录里仍有原文：请本站管理员在编辑记录中删除原来的版本。")
