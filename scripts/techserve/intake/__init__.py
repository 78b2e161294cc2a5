"""Intake: GitHub issue forms for people who never touch Git, and their bodies turned into files."""

from .forms import FORMS, render_form
from .parse import from_issue

__all__ = ["FORMS", "from_issue", "render_form"]
