"""registry → pages: the site's generated Markdown, feeds, charts and open data."""

from .builder import generate

__all__ = ["generate"]
