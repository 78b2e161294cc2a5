from __future__ import annotations

from ..catalogue import who_acts
from ..checker import Report
from ..findings import one_line

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "备注"}


def summary_line(report: Report) -> str:
    infos = sum(f.severity == "info" for f in report.findings)
    verdict = "未通过" if report.errors else "通过"
    standing = sum(f.severity == "error" for f in report.standing)
    return (f"{verdict}：检查了 {report.files} 个文件，{report.errors} 个错误，{report.warnings} 个警告"
            + (f"，{infos} 条备注" if infos else "")
            + (f"；另有 {standing} 个错误在本次变更之前已存在于主分支，不因本次变更而失败" if standing else ""))


STANDING_HEAD = "以下问题在本次变更之前已存在于主分支（本次变更没有涉及这些文件），不因本次变更而失败，由所列的人处理："


def line_of(f) -> str:
    clause = f"（{f.clause}）" if f.clause else ""
    return one_line(f"{f.file}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}{clause}")


def report_text(report: Report) -> str:
    lines = [line_of(f) for f in report.findings]
    if report.standing:
        lines.append(STANDING_HEAD)
        lines += [f"  {line_of(f)} → {who_acts(f.rule, f.file)}" for f in report.standing]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
