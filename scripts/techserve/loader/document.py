"""Build plain data from the YAML event stream, without the composer or any constructor.

Working from events keeps every hazard out of reach: aliases are never expanded (so an alias
bomb costs nothing), nesting is counted without recursion, tags are never resolved (so every
scalar stays the string the applicant typed), and each key and value keeps its line and column.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..findings import Finding
from .text import MAX_BYTES, decode

MAX_DEPTH = 16
DEPTH_MESSAGE = f"嵌套层级超过 {MAX_DEPTH} 层。请按模板的结构填写"

try:  # libyaml's event parser is iterative; the text reaching it has passed text.decode()
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser, same events
    from yaml.loader import BaseLoader as _Parser  # type: ignore[assignment]

Path_ = tuple  # a path into the data: keys and list indexes


@dataclass
class Document:
    """One loaded file: its data (dicts, lists, strings, None) and where each part stands.

    Positions are worked out only when something asks for one: a clean file (nearly all of them)
    is built once without recording any, and its text is parsed again with positions the first
    time a finding needs a line. That keeps a 100k-file registry out of millions of small tuples.
    """

    file: str
    data: object = None
    findings: list[Finding] = field(default_factory=list)
    fatal: bool = False  # the data is unusable (not parsed, or parsed only in part)
    lines: int = 0
    text: str | None = None  # kept for the positions; None for a file that never decoded
    # For a document taken from the cache, the file's bytes are read only when a position is
    # asked for (a finding in that file): a warm check of 100k clean files reads none of them.
    source: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)
    _values: dict | None = field(default=None, repr=False, compare=False)
    _keys: dict | None = field(default=None, repr=False, compare=False)

    def _locate(self) -> None:
        if self._values is None:
            if self.text is None and self.source is not None:
                try:
                    self.text = decode(self.source(), self.file)[0]
                except OSError:
                    pass
                self.source = None
            if self.text is None:
                self._values, self._keys = {}, {}
            else:
                full = _load_slow(self.text, self.file)
                self._values, self._keys = full._values, full._keys

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        """path → (line, col) of its value"""
        self._locate()
        assert self._values is not None  # _locate sets both
        return self._values

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        """path → (line, col) of its key"""
        self._locate()
        assert self._keys is not None
        return self._keys

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that exists in the file."""
        values = self.values
        path = tuple(path)
        while path:
            if path in values:
                return values[path]
            path = path[:-1]
        return values.get((), (1, 1))

    def where_key(self, path: Path_) -> tuple[int, int]:
        path = tuple(path)
        return self.keys.get(path) or self.where(path)


_SYNTAX_HINTS = (
    ("tab", "这一行含有制表符（Tab）。YAML 只能用空格缩进"),
    ("mapping values are not allowed", "此处不能出现冒号“:”。如果内容里有英文冒号，请用引号把整个值括起来，或改用中文冒号“：”"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的缩进不一致。每个字段应写成“字段名: 内容”"),
    ("did not find expected key", "缩进不一致：同一层的字段要对齐，列表项“- ”要与同级对齐"),
    ("expected <block end>", "缩进不一致：这一行的缩进与上文不对应"),
    ("did not find expected '-' indicator", "列表缩进不一致：列表项“- ”要上下对齐"),
    ("found unexpected end of stream", "文件意外结束：可能有引号没有闭合"),
    ("while scanning a quoted scalar", "引号没有闭合：请检查这一段的引号是否成对"),
    ("while parsing a flow", "方括号 [ ] 或花括号 { } 没有成对闭合"),
    ("while scanning a simple key", "缺少冒号“:”，或这一行的文字太长、缩进不对"),
    ("found character", "这里有 YAML 不允许的字符（如 @ 或 ` 开头）。请用引号把整个值括起来"),
    ("found undefined tag handle", "这里有以“!”开头的标签。请删去，或用引号把整个值括起来"),
)


def _syntax_message(exc: yaml.YAMLError) -> str:
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return "YAML 语法错误：" + hint
    return "YAML 语法错误：请检查这一行及上一行的缩进、冒号和引号"


# What a Chinese input method types where YAML wants ASCII: a full-width colon after a field name,
# no space after the colon or after a list's dash. The parser notices a line later, and in its own
# words; these name the slip at the line where it is.
_FULL_COLON = re.compile(r"^(\s*-?\s*)([A-Za-z_][\w-]*)\s*[：﹕]")
_NO_SPACE = re.compile(r"^(\s*-?\s*)([A-Za-z_][\w-]*):(?=[^\s/])")
_DASH = re.compile(r"^(\s*)-(?=[^\s-])")


def _ime_slip(text: str, parser_line: int) -> tuple[int, int, str] | None:
    """(line, column, message) of the first input-method slip at or before the parser's line."""
    for n, raw in enumerate(text.splitlines()[:max(parser_line, 1)], 1):
        line = raw.split("#", 1)[0] if not raw.lstrip().startswith("-") else raw
        m = _FULL_COLON.match(line)
        if m:
            return n, len(m.group(1)) + len(m.group(2)) + 1, (
                f"YAML 语法错误：字段名“{m.group(2)}”后面是中文冒号“：”，应为英文冒号加空格“: ”（切换到英文输入法输入）")
        m = _NO_SPACE.match(line)
        if m:
            return n, len(m.group(1)) + len(m.group(2)) + 1, (
                f"YAML 语法错误：字段名“{m.group(2)}:”后面缺少空格：应写成“{m.group(2)}: 内容”")
        m = _DASH.match(line)
        if m:
            return n, len(m.group(1)) + 1, "YAML 语法错误：列表项的“-”后面缺少空格：应写成“- 内容”"
    return None


def _is_depth_limit(exc: yaml.YAMLError) -> bool:
    """libyaml 0.2.6 (PyYAML 6.0.4 wheels) refuses nesting past its own limit while *scanning*,
    so the parser raises before it yields the event at which we would count our depth. Any
    parser's words for a nesting limit count as depth, whatever that limit is."""
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}".lower()
    return "nesting" in text or "depth" in text or "recursion" in text


def _pos(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    """Consumes events and assembles data; every problem becomes a finding."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.stack: list[list] = []  # frames: [container, path, pending_key or _NOKEY, key_pos]
        self.root: object = None
        self.documents = 0
        self.stopped = False
        self.hazards = 0

    def _add(self, event, rule: str, message: str, fatal: bool = True) -> None:
        line, col = _pos(event)
        self.doc.findings.append(Finding(self.doc.file, line, col, "error", rule, message))
        if fatal:
            self.doc.fatal = True

    def _hazard(self, event, message: str) -> None:
        self.hazards += 1
        if self.hazards <= 5:
            self._add(event, "yaml.alias", message)

    def _place(self, value, event) -> tuple | None:
        """Attach a finished value to the current container; return its path (None: dropped)."""
        pos = _pos(event)
        if not self.stack:
            self.root = value
            self.values[()] = pos
            return ()
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = path + (len(container),)
            container.append(value)
            self.values[child] = pos
            return child
        if frame[2] is _NOKEY:  # this value is a key
            if not isinstance(value, str):
                self._add(event, "yaml.syntax", "YAML 语法错误：字段名必须是文字，不能是列表或映射")
                frame[2] = _DROP
                return None
            if value == "<<" and not event.style:  # plain style: None (Python) or "" (libyaml)
                self._hazard(event, "不允许使用合并键“<<”。请把需要的字段直接写出来")
            child = path + (value,)
            if value in container:
                first = self.keys[child][0]
                self._add(event, "yaml.duplicate-key",
                          f"字段“{value}”重复：第 {first} 行已经写过。请删除其中一处", fatal=False)
                frame[2] = _DROP
                return None
            frame[2], frame[3] = value, pos
            return None
        key = frame[2]
        frame[2] = _NOKEY
        if key is _DROP:
            return None
        child = path + (key,)
        container[key] = value
        self.keys[child] = frame[3]
        self.values[child] = pos
        return child

    def feed(self, event) -> None:
        if self.stopped:
            return
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            self._hazard(event, f"不允许使用别名“*{anchor}”。请把内容直接写出来")
            self._place(None, event)
            return
        if anchor is not None:
            self._hazard(event, f"不允许使用锚点“&{anchor}”。请把内容直接写出来")
        tag = getattr(event, "tag", None)
        if tag is not None:
            self._hazard(event, f"不允许使用标签“{tag}”。请删去标签，或用引号把整个值括起来")
        if isinstance(event, yaml.ScalarEvent):
            value = None if (event.value == "" and not event.style) else event.value  # `key:` left empty
            self._place(value, event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                self._add(event, "yaml.depth", DEPTH_MESSAGE)
                self.stopped = True
                return
            container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = self._place(container, event)
            self.stack.append([container, path if path is not None else ("\0dropped",), _NOKEY, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._add(event, "yaml.syntax", "一个文件只能有一份记录：请删除“---”分隔出的第二部分，或拆成两个文件")
                self.stopped = True


class _NoKey:
    __slots__ = ()


_NOKEY = _NoKey()
_DROP = _NoKey()


class _Unusual(Exception):
    """The fast path met something that needs a finding: build again with positions."""


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_OPEN = {yaml.MappingStartEvent: dict, yaml.SequenceStartEvent: list}
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _load_fast(text: str):
    """The data of a clean file, or _Unusual at the first anchor, alias, tag, merge key,
    duplicate or non-text key, second document, excessive depth or syntax error. Records no
    positions and makes no findings, so it runs close to libyaml's own speed."""
    parser = _Parser(text)
    stack: list[list] = []  # [container, pending key or _NOKEY]
    root = None
    documents = 0
    try:
        while True:
            event: Any = parser.get_event()  # narrowed by type(), which mypy does not follow
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = event.value
                if value == "" and not event.style:
                    value = None
            elif kind in _OPEN:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Unusual
                value = _OPEN[kind]()
            elif kind in _CLOSE:
                stack.pop()
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            elif kind is _ALIAS:
                raise _Unusual
            elif event is None or kind is yaml.StreamEndEvent:
                return root
            else:  # stream start, document end
                continue
            if stack:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    container.append(value)
                elif top[1] is _NOKEY:
                    if type(value) is not str or value in container or (value == "<<" and not event.style):
                        raise _Unusual
                    top[1] = value
                    continue  # a key opens nothing
                else:
                    container[top[1]] = value
                    top[1] = _NOKEY
            else:
                root = value
            if kind in _OPEN:
                stack.append([value, _NOKEY])
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


_SLIPS_REPAIRED = 20  # slips mended in one file to read on; past that the file is only refused


def _mend(text: str, line: int) -> str:
    """The text with the input-method slip at `line` typed as YAML wants it."""
    lines = text.splitlines(keepends=True)
    raw = lines[line - 1]
    for pattern, repl in ((r"^(\s*-?\s*[A-Za-z_][\w-]*)\s*[：﹕]\s*", r"\1: "),
                          (r"^(\s*-?\s*[A-Za-z_][\w-]*):(?=[^\s/])", r"\1: "),
                          (r"^(\s*)-(?=[^\s-])", r"\1- ")):
        mended = re.sub(pattern, repl, raw, count=1)
        if mended != raw:
            lines[line - 1] = mended
            break
    return "".join(lines)


def _load_slow(text: str, file: str, slips: int = 0) -> Document:
    """Every value with its position, every hazard as a finding. A slip of a Chinese input method
    is a syntax error, and the file is read on as if it were mended, so its other findings come in
    the same run rather than one fix later."""
    doc = Document(file=file, lines=text.count("\n") + 1, text=text)
    builder = _Builder(doc)
    parser = _Parser(text)
    try:
        while not builder.stopped:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if _is_depth_limit(exc):  # libyaml's own limit (0.2.6+) can fire before ours is reached
            if not any(f.rule == "yaml.depth" for f in doc.findings):
                doc.findings.append(Finding(file, line, col, "error", "yaml.depth", DEPTH_MESSAGE))
        else:
            typed = _ime_slip(text, line)
            if typed is not None:  # name what a Chinese input method typed, at its own line
                line, col, message = typed
                if slips < _SLIPS_REPAIRED:
                    mended = _mend(text, line)
                    again = _load_slow(mended, file, slips + 1) if mended != text else None
                    if again is not None and not again.fatal:
                        again.text = text
                        again.findings.insert(0, Finding(file, line, col, "error", "yaml.syntax", message))
                        return again
            else:
                message = _syntax_message(exc)
            doc.findings.append(Finding(file, line, col, "error", "yaml.syntax", message))
        doc.fatal = True
    except yaml.YAMLError:  # e.g. a reader error without a mark
        doc.findings.append(Finding(file, 0, 0, "error", "yaml.syntax", "YAML 语法错误：文件无法解析"))
        doc.fatal = True
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    if builder.stopped:
        doc.fatal = True
    doc.data = builder.root
    doc._values, doc._keys = builder.values, builder.keys
    return doc


def load_text(text: str, file: str) -> Document:
    try:
        data = _load_fast(text)
    except _Unusual:
        return _load_slow(text, file)
    return Document(file=file, data=data, lines=text.count("\n") + 1, text=text)


def load_bytes(data: bytes, file: str) -> Document:
    text, findings = decode(data, file)
    if text is None:
        return Document(file=file, findings=findings, fatal=True)
    return load_text(text, file)


def read_capped(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """At most limit + 1 bytes of a regular file. The cap applies while reading, not from stat(),
    and the file is opened without following a link and without blocking on a pipe, so nothing
    placed under submissions/ can make the loader read forever or wait forever."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_file(path: Path, file: str) -> Document:
    try:
        data = read_capped(path)
    except OSError:
        return Document(file=file, fatal=True, findings=[
            Finding(file, 0, 0, "error", "yaml.syntax", "文件无法读取（可能是链接、特殊文件或没有权限）")])
    return load_bytes(data, file)
