"""The summary a reviewer reads: in the job summary and the pull-request comment."""

from __future__ import annotations

import html
import re
from collections import defaultdict

from ..catalogue import who_acts
from ..checker import Report
from .text import SEVERITY_ZH, STANDING_HEAD, summary_line

MAX_CHARS = 60_000  # a GitHub comment holds 65,536 characters
ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


_PUNCT = re.compile(r"([\\`*_{}\[\]()+!|~<>])")


def cell(text: str) -> str:
    """Applicant text made inert in a comment: no HTML, no Markdown (links, images, emphasis,
    table breaks), no @mention that notifies anyone, no bare URL that GitHub would link."""
    text = html.escape(" ".join(text.split()), quote=False)
    text = _PUNCT.sub(r"\\\1", text)
    return text.replace("@", "＠").replace("#", "＃").replace("://", "：//").replace("www.", "www．")


def effects_markdown(effects: dict | None) -> list[str]:
    """What merging this change does (techserve.workflow.effects), as tables; every value escaped."""
    if not effects or not any(effects.get(k) for k in ("applications", "money", "notices")):
        return []
    out = ["### 合并后的变化", ""]
    if effects.get("applications"):
        out += ["| 申报 | 合并前 | 合并后 |", "|---|---|---|"]
        out += [f"| {cell(a['name'])}（`{cell(a['application'])}`） | {cell(a['before'])} | **{cell(a['after'])}** |"
                for a in effects["applications"]]
        out.append("")
    if effects.get("money"):
        out += ["| 项目 | 资金 | 金额（万元） |", "|---|---|---:|"]
        out += [f"| {cell(m['name'])} | {cell(m['what'])} | {m['wan']:g} |" for m in effects["money"]]
        out.append("")
    for n in effects.get("notices") or ():
        end = f"，公示期至 {cell(n['end'])}（含当日）" if n.get("end") else ""
        out.append(f"- 发布公示“{cell(n['title'])}”：{cell(n['start'])} 起{end}；网站新增页面 `notices/{cell(n['id'])}.html`")
    if effects.get("notices"):
        out.append("")
    return out


def report_markdown(report: Report) -> str:
    head = [
        "## techserve 检查结果",
        "",
        f"**{summary_line(report)}**",
        "",
    ]
    head += effects_markdown(report.extra.get("effects"))
    tail = standing_markdown(report)
    if not report.findings:
        head.append("本次变更的文件符合格式和资格规则。" if report.standing else "所有文件符合格式和资格规则。")
        return "\n".join(head + [""] + tail) + "\n"
    by_file = defaultdict(list)
    for f in report.findings:
        by_file[f.file].append(f)
    body: list[str] = []
    shown = 0
    for file, items in by_file.items():
        block = [f"### {cell(file)}", "", "| 行 | 级别 | 规则 | 说明 | 依据 |", "|---:|---|---|---|---|"]
        for f in items:
            block.append(f"| {f.line} | {ICON[f.severity]} {SEVERITY_ZH[f.severity]} | {cell(f.rule)} | "
                         f"{cell(f.message)} | {cell(f.clause)} |")
        block.append("")
        if sum(len(x) + 1 for x in head + body + block) > MAX_CHARS:
            break
        body.extend(block)
        shown += len(items)
    if shown < len(report.findings):
        body.append(f"> 篇幅所限，另有 {len(report.findings) - shown} 条未列出，请在本地运行 "
                    "`techserve check` 或查看 CI 日志。")
    if sum(len(x) + 1 for x in head + body + tail) <= MAX_CHARS:
        body += [""] + tail
    return "\n".join(head + body) + "\n"


def standing_markdown(report: Report, limit: int = 50) -> list[str]:
    """The findings that stood on main before the change, in their own section, with who acts."""
    if not report.standing:
        return []
    out = ["### 主分支上已有的问题（不因本次变更而失败）", "", cell(STANDING_HEAD), "",
           "| 文件 | 级别 | 规则 | 说明 | 由谁处理 |", "|---|---|---|---|---|"]
    for f in report.standing[:limit]:
        out.append(f"| {cell(f.file)}:{f.line} | {ICON[f.severity]} {SEVERITY_ZH[f.severity]} | {cell(f.rule)} | "
                   f"{cell(f.message)} | {cell(who_acts(f.rule, f.file))} |")
    if len(report.standing) > limit:
        out.append(f"| …… | | | 另有 {len(report.standing) - limit} 条 | |")
    out.append("")
    return out
