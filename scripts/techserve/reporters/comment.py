"""The pull-request comment, rendered from the check's JSON report by the base branch's code.

The JSON comes from a run of the pull request's workflow, so it is untrusted data: it is read
with a size cap, validated field by field, and every string goes through the same escaping as
the job summary. Markdown that the pull request produced is never posted.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..checker import Report
from ..findings import Finding
from .markdown import report_markdown

MAX_REPORT_BYTES = 8 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Finding(_Strict):
    file: str = Field(max_length=500)
    line: int = Field(ge=0, le=10_000_000)
    column: int = Field(ge=0, le=10_000_000)
    severity: Literal["error", "warning", "info"]
    rule: str = Field(max_length=100, pattern=r"^[a-z0-9.-]+$")
    message: str = Field(max_length=2000)
    clause: str = Field("", max_length=5000)
    record: str = Field("", max_length=200)


class _Standing(_Finding):
    who: str = Field("", max_length=100)


class _Summary(_Strict):
    files: int = Field(ge=0)
    errors: int = Field(ge=0)
    warnings: int = Field(ge=0)


class _Status(_Strict):
    application: str = Field(max_length=200, pattern=r"^[a-z0-9-]+$")
    name: str = Field(max_length=500)
    before: str = Field(max_length=20)
    after: str = Field(max_length=20)


class _Money(_Strict):
    program: str = Field(max_length=200, pattern=r"^[a-z0-9-]+$")
    name: str = Field(max_length=500)
    what: str = Field(max_length=100)
    wan: float = Field(ge=-1e9, le=1e9)


class _Notice(_Strict):
    id: str = Field(max_length=200, pattern=r"^[a-z0-9-]+$")
    title: str = Field(max_length=500)
    start: str = Field(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")
    end: str = Field("", max_length=10, pattern=r"^(\d{4}-\d{2}-\d{2})?$")


class _Effects(_Strict):
    applications: list[_Status] = Field([], max_length=200)
    money: list[_Money] = Field([], max_length=200)
    notices: list[_Notice] = Field([], max_length=200)


class _Report(_Strict):
    findings: list[_Finding] = Field(max_length=200_000)
    standing: list[_Standing] = Field([], max_length=200_000)
    summary: _Summary
    effects: _Effects | None = None


class BadReport(Exception):
    pass


def read_report(raw: bytes) -> Report:
    """A JSON report (`check --format json`) back into a Report, or BadReport saying why not."""
    if len(raw) > MAX_REPORT_BYTES:
        raise BadReport("检查报告过大")
    try:
        data = _Report.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError, RecursionError) as exc:
        raise BadReport(f"检查报告格式不对：{type(exc).__name__}") from None
    findings = [Finding(f.file, f.line, f.column, f.severity, f.rule, f.message, f.clause, f.record)
                for f in data.findings]
    standing = [Finding(f.file, f.line, f.column, f.severity, f.rule, f.message, f.clause, f.record)
                for f in data.standing]
    extra = {"effects": data.effects.model_dump()} if data.effects else {}
    return Report(findings, data.summary.files, extra=extra, standing=standing)


def render_comment(raw: bytes) -> str:
    return report_markdown(read_report(raw))
