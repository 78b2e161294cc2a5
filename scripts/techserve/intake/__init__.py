"""Intake: GitHub issue forms for people who never touch Git, and their bodies turned into files."""

from .forms import FORMS, render_form
from .parse import files_of, from_issue

__all__ = ["FORMS", "files_of", "from_issue", "render_form"]
