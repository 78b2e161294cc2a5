"""GitHub workflow commands (annotations) plus the Markdown job summary."""

from __future__ import annotations

import os

from ..checker import Report
from .markdown import report_markdown
from .text import summary_line

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(report: Report) -> str:
    lines = []
    for f in report.findings:
        props = [f"file={_prop(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_prop(f.rule)}")
        clause = f"（{f.clause}）" if f.clause else ""
        lines.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_data(f.message + clause)}")
    lines.append(summary_line(report))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(report_markdown(report))
    output = os.environ.get("GITHUB_OUTPUT")
    if output:  # for later steps: `steps.<id>.outputs.errors`
        with open(output, "a", encoding="utf-8") as fh:
            fh.write(f"errors={report.errors}\nwarnings={report.warnings}\nfiles={report.files}\n")
    return "\n".join(lines) + "\n"
