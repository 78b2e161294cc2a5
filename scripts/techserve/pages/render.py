"""Templates with autoescaping, and the filters that keep applicant text inert in Markdown."""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
# Characters Markdown (and Material's extensions: emoji, mark, tilde, caret, attr_list) may read
# as syntax anywhere in a line: emitted as numeric entities, so "**", "|", "[x](javascript:...)"
# or ":smile:" in a team name render as the characters. Line breaks become spaces, so a value
# can open a block (a list, a heading, a numbered item) only with its first characters.
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_{}[]|~=^:#!"}
_INERT = str.maketrans({**_HTML, **_MARKDOWN, "\r": " ", "\n": " ", "\u2028": " ", "\u2029": " "})
_BLOCK_START = re.compile(r"^(\s*)([-+]|\d+[.)])")


def md(value) -> Markup:
    """Escape any text for a Markdown line (headings, paragraphs, table cells): HTML and Markdown
    syntax. Text already marked safe (a macro's HTML, a link the builder made) is left as it is."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = str(value).translate(_INERT)
    start = _BLOCK_START.match(text)
    if start:  # "- x", "+ x", "1. x" at the start of a line would open a list
        lead = start.group(2)
        text = start.group(1) + lead[:-1] + f"&#{ord(lead[-1])};" + text[start.end():]
    return Markup(text)


def inert(value):
    """Every {{ }} of every template: whatever a record holds (applicant or office text) reaches
    the Markdown as characters only, never as a link, emphasis or HTML. Only the builder's own
    Markup (links between pages, macros) passes as is."""
    if value is None or isinstance(value, (Markup, bool)):
        return value
    return md(value)


def dial(text, phones) -> Markup:
    """Office text (“九江市科协学会部 0792-8225304”) made inert, with each of its listed phone numbers
    a tap-to-call link: on a phone the number in the sentence is the one people tap."""
    out = str(md(text))
    for number in sorted({str(n) for n in phones or []}, key=len, reverse=True):
        shown = str(md(number))
        out = out.replace(shown, f'<a href="tel:{number.replace("-", "")}">{shown}</a>', 1)
    return Markup(out)


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


def environment(markdown: bool = True) -> Environment:
    """The templates' environment. Markdown pages (the site) make every value inert as Markdown
    too; plain HTML documents (the printable forms) need HTML escaping only."""
    env = Environment(loader=PackageLoader("techserve.pages", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, finalize=inert if markdown else None)
    env.filters.update(md=md, zh_date=zh_date, wan=wan, joined=joined, dial=dial)
    return env


def rss_text(text: str) -> str:
    """Applicant text as an RSS <description>: readers take a description as HTML once the XML is
    read, so it is escaped twice (an enterprise named `<img src=…>` stays text in every reader)."""
    from xml.sax.saxutils import escape as xml_escape

    return xml_escape(html.escape(text, quote=False))
