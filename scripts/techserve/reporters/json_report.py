from __future__ import annotations

import json

from ..checker import Report


def report_json(report: Report) -> str:
    body = {
        "findings": [
            {"file": f.file, "line": f.line, "column": f.column, "severity": f.severity, "rule": f.rule,
             "message": f.message, "clause": f.clause, "record": f.record}
            for f in report.findings
        ],
        "summary": {"files": report.files, "errors": report.errors, "warnings": report.warnings},
    }
    body.update(report.extra)
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
