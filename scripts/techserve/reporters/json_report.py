from __future__ import annotations

import json

from ..catalogue import who_acts
from ..checker import Report


def _row(f) -> dict:
    return {"file": f.file, "line": f.line, "column": f.column, "severity": f.severity, "rule": f.rule,
            "message": f.message, "clause": f.clause, "record": f.record}


def report_json(report: Report) -> str:
    body = {
        "findings": [_row(f) for f in report.findings],
        "summary": {"files": report.files, "errors": report.errors, "warnings": report.warnings},
    }
    if report.standing:  # a change check: what stood on main before it, and who must act
        body["standing"] = [{**_row(f), "who": who_acts(f.rule, f.file)} for f in report.standing]
    body.update(report.extra)
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
