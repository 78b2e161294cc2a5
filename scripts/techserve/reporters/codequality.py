"""GitLab Code Quality: the report a merge request widget shows beside the changed lines.

The format (docs.gitlab.com/ci/testing/code_quality/, "Code Quality report format") is a JSON
array of issues, each with description, check_name, fingerprint, severity and location.path
plus location.lines.begin. GitLab shows one issue per fingerprint, so each finding gets its own.
"""

from __future__ import annotations

import hashlib
import json

from ..checker import Report

# An error blocks the merge; a warning is the reviewer's call; an info note is for reading.
SEVERITY = {"error": "critical", "warning": "minor", "info": "info"}


def issues(report: Report) -> list[dict]:
    out, seen = [], set()
    for f in report.findings:
        clause = f"（{f.clause}）" if f.clause else ""
        key = "\0".join((f.file, str(f.line), str(f.column), f.rule, f.record, f.message))
        fingerprint = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        out.append({
            "description": f"{f.message}{clause}",
            "check_name": f.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITY[f.severity],
            "location": {"path": f.file or ".", "lines": {"begin": max(f.line, 1)}},
        })
    return out


def report_codequality(report: Report) -> str:
    return json.dumps(issues(report), ensure_ascii=False, indent=2) + "\n"
