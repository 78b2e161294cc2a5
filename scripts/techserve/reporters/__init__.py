"""Findings → text for people and machines. Each reporter is a function of a Report."""

from .codequality import report_codequality
from .github import report_github
from .json_report import report_json
from .markdown import report_markdown
from .text import report_text

REPORTERS = {"text": report_text, "json": report_json, "github": report_github, "markdown": report_markdown,
             "codequality": report_codequality}

__all__ = ["REPORTERS"]
