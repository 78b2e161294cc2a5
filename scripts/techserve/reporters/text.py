from __future__ import annotations

from ..checker import Report
from ..findings import one_line

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "备注"}


def summary_line(report: Report) -> str:
    infos = sum(f.severity == "info" for f in report.findings)
    verdict = "未通过" if report.errors else "通过"
    return (f"{verdict}：检查了 {report.files} 个文件，{report.errors} 个错误，{report.warnings} 个警告"
            + (f"，{infos} 条备注" if infos else ""))


def line_of(f) -> str:
    clause = f"（{f.clause}）" if f.clause else ""
    return one_line(f"{f.file}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}{clause}")


def report_text(report: Report) -> str:
    lines = [line_of(f) for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
