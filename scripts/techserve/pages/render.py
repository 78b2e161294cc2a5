"""Templates with autoescaping, and the filters that keep applicant text inert in Markdown."""

from __future__ import annotations

import posixpath
from datetime import date

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
# Characters Markdown (and its extensions) may read as syntax: emitted as numeric entities, so
# "**", "|", "[x](javascript:...)" or a leading "#" in a team name render as the characters.
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~:="}


def md(value) -> Markup:
    """Escape any text for a Markdown line (headings, paragraphs): HTML and Markdown syntax."""
    if value is None:
        return Markup("")
    out = []
    for ch in str(value):
        if ch in "\r\n":
            out.append(" ")
        else:
            out.append(_HTML.get(ch) or _MARKDOWN.get(ch) or ch)
    return Markup("".join(out))


def zh_date(value) -> str:
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day.year}年{day.month}月{day.day}日"


def wan(value) -> str:
    if value is None:
        return "—"
    number = float(value)
    return (f"{number:.0f}" if number == int(number) else f"{number:g}") + " 万元"


def joined(values, sep: str = "、") -> str:
    return sep.join(str(v) for v in values or [])


def relative(page_uri: str, target_uri: str) -> str:
    """Link from one generated page to another, as MkDocs lays them out (use_directory_urls off)."""
    def html(uri: str) -> str:
        return uri[:-3] + ".html" if uri.endswith(".md") else uri
    start = posixpath.dirname(html(page_uri)) or "."
    return posixpath.relpath(html(target_uri), start)


def environment() -> Environment:
    env = Environment(loader=PackageLoader("techserve.pages", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=md, zh_date=zh_date, wan=wan, joined=joined)
    return env
