"""privacy.*: no ID numbers, mobile numbers or e-mail addresses anywhere in a submission.

The registry is public; the seeds' forms ask for phones and e-mails, but the public record
must not carry them. Every string is scanned (keys too), and so are the file's comments, a
number split over consecutive values, and every part of every path. Findings show masked
values only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..loader import Document
from ..loader.text import decode
from ..personal import MESSAGES, find, find_split, institutional, may_contain, may_split
from ..personal import scan as scan_text
from ..registry import Entry
from .context import Context
from .paths import strings

_NOT_PERSONAL = {"uscc"}  # an all-digit credit code is not an ID number
_OFFICE_MAILBOX = ("notice", "email")  # a program's 公示 mailbox, institutional only


_ASCII_MARKS = re.compile(r"[@\\ ()\[\]{}<>]")
_ELEVEN_ASCII_DIGITS = re.compile(r"(?:[^0-9OoIl]*+[0-9OoIl]){11}")  # digits and letters typed for them


def _may_hold_name(part: str) -> bool:
    """A cheap test first for the names nearly every path has (ids: ASCII letters, digits, "-"):
    only eleven digits (or letters that look like them) could make one personal."""
    if len(part) < 6:
        return False
    if part.isascii() and not _ASCII_MARKS.search(part):
        return _ELEVEN_ASCII_DIGITS.match(part) is not None
    return True


def check_file_names(ctx: Context) -> Iterator[Finding]:
    """Every part of every path under submissions/ (folders too): a name is public as soon as it
    is a file or folder name."""
    # Folders repeat across 100k paths: each distinct part is tested once, and the paths are
    # walked again only when some part holds something.
    parts = {part for rel in ctx.reg.paths for part in rel.split("/")}
    known = {part: hits for part in parts if _may_hold_name(part) and (hits := list(scan_text(part)))}
    if not known:
        return
    seen: set[tuple[str, str]] = set()
    for rel in ctx.reg.paths:
        names = rel.split("/")
        if known.keys().isdisjoint(names):
            continue
        for depth, part in enumerate(names):
            for rule, value in known.get(part, ()):
                folder = "/".join(names[:depth + 1])
                if (folder, rule) in seen:
                    continue
                seen.add((folder, rule))
                what = "文件名" if depth == len(names) - 1 else f"文件夹名“{folder}”"
                yield Finding(rel, 0, 0, "error", rule, what + MESSAGES[rule].format(value=value)
                              + "；请改用姓名拼音等作编号")


def scalars_in_order(data) -> Iterator[tuple[tuple, str]]:
    """(path, value) of every string value in document order (keys left out)."""
    stack: list = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))


def comments(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of every part of a line from a # that can open a YAML comment. Such a
    part inside a quoted value is content, already scanned as data; it is looked at again only
    for what the data did not hold."""
    for number, line in enumerate(text.split("\n"), 1):
        at = line.find("#")
        while at > 0 and not line[at - 1].isspace():
            at = line.find("#", at + 1)
        if at >= 0:
            yield number, at + 1, line[at:]


def personal_hits(doc: Document) -> Iterator[tuple[str, str, tuple[int, int], str]]:
    """(rule, masked value, (line, column), where) for each piece of personal data in a loaded
    file: every string (keys too), numbers split over consecutive values, every comment. `where`
    says where it stood when that was not a plain value."""
    raw = doc.text
    if raw is None:
        if doc.data is None:
            return  # not decoded: the loader scanned what it could read (loader.text.decode)
        if doc.source is not None:  # an entry from the cache, whose file rules never ran
            try:
                raw = decode(doc.source(), doc.file)[0]
            except OSError:
                raw = None
    whole, split = (may_contain(raw), may_split(raw)) if raw is not None else (True, True)
    if not (whole or split):
        return
    found: set[tuple[str, str]] = set()
    if doc.data is not None and whole:
        texts = [(path, text) for path, text in strings(doc.data) if not (path and path[-1] in _NOT_PERSONAL)]
        # The exact search over every string at once, joined by spaces: anything one string holds
        # is found in the joined text too (which may find more), so a file with a landline and
        # no personal data is searched once instead of string by string.
        if next(find(" ".join(text for _, text in texts)), None) is not None:
            for path, text in texts:
                if path[-2:] == _OFFICE_MAILBOX and institutional(text):
                    continue  # an office's mailbox in the field made for it (models.program)
                for rule, value in scan_text(text):
                    found.add((rule, value))
                    yield rule, value, doc.where(path), ""
    if doc.data is not None and split:
        values = [(p, v) for p, v in scalars_in_order(doc.data) if not (p and p[-1] in _NOT_PERSONAL)]
        for rule, first, _, value in find_split([v for _, v in values]):
            found.add((rule, value))
            yield rule, value, doc.where(values[first][0]), "split"
    if whole and raw is not None and "#" in raw:
        for line, column, text in comments(raw):
            for rule, start, _, value in find(text):
                if (rule, value) not in found:
                    found.add((rule, value))
                    yield rule, value, (line, column + start), "comment"


def message(rule: str, value: str, where: str = "") -> str:
    text = MESSAGES[rule].format(value=value)
    if where == "split":
        return "拆分在相邻几项中" + text + "（连起来就是完整号码）"
    if where == "comment":
        return "注释中" + text + "。注释同样公开"
    return text


def privacy_in_file(entry: Entry) -> Iterator[Finding]:
    """Every string of the file (keys too), also in a file that failed validation; every comment;
    numbers split over consecutive values of one record."""
    if entry.doc is None:
        return
    for rule, value, (line, column), where in personal_hits(entry.doc):
        yield Finding(entry.file, line, column, "error", rule, message(rule, value, where), "", entry.id)
