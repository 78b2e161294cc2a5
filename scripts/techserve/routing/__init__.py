"""Routing: who reviews which file, generated from the data as .github/CODEOWNERS."""

from .codeowners import render_codeowners

__all__ = ["render_codeowners"]
