"""Byte- and text-level checks that run before any YAML parser sees the file."""

from __future__ import annotations

import re

from ..findings import Finding
from ..personal import MESSAGES as PERSONAL_MESSAGES
from ..personal import find as find_personal

MAX_BYTES = 64 * 1024

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

# C0/C1 controls (tab, LF, CR allowed), and the format characters that hide text: soft hyphen,
# zero-width spaces and joiners, bidi embeddings/overrides/isolates (the "Trojan Source" set),
# word joiner and invisible operators, BOM inside the text, interlinear annotations, line/para
# separators, and Unicode tag characters.
HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)

_GBK_HINT = (
    "文件不是 UTF-8 编码，看起来是 GBK/GB18030（中文 Windows 软件常说的“ANSI”编码）。"
    "请另存为 UTF-8 后重新提交：记事本选“文件→另存为→编码：UTF-8”；VS Code 点击右下角的编码，"
    "选“通过编码保存→UTF-8”；在 GitHub 网页上直接编辑则不会出现此问题"
)


def line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _describe(ch: str) -> str:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "控制字符"
    elif ch in "\u200b\u200c\u200d\u2060\ufeff":
        kind = "零宽字符"
    elif ch in "\u061c\u200e\u200f" or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "双向文本控制字符"
    else:
        kind = "不可见字符"
    return f"{kind} U+{code:04X}"


def best_effort_text(data: bytes) -> str:
    """The text a person would see in an editor, for a file the loader refuses."""
    for bom, codec in ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if data[1:200:2].count(0) > 50 or data[0:200:2].count(0) > 50:  # UTF-16 without a BOM
        return data.decode("utf-16-le" if data[1:200:2].count(0) > 50 else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def personal_in_refused(data: bytes, file: str) -> list[Finding]:
    """A file the loader refuses (another encoding, hidden characters, too large) never reaches
    the privacy rule, yet its bytes are in the repository: scan what can be read of them."""
    text = best_effort_text(data[:MAX_BYTES * 2])
    out = []
    for rule, start, _, value in find_personal(text):
        line, col = line_col(text, start)
        out.append(Finding(file, line, col, "error", rule, PERSONAL_MESSAGES[rule].format(value=value)))
    return out


def decode(data: bytes, file: str) -> tuple[str | None, list[Finding]]:
    """Return the text of a submission, or None and the findings that explain why not (with any
    personal data found in what could be read)."""
    text, findings = _decode(data, file)
    if text is None:
        findings += personal_in_refused(data, file)
    return text, findings


def _decode(data: bytes, file: str) -> tuple[str | None, list[Finding]]:
    if len(data) > MAX_BYTES:
        return None, [
            Finding(file, 0, 0, "error", "yaml.too-large",
                    "文件超过大小上限 64 KiB。"
                    "请精简内容；照片和扫描件请放在 evidence/ 目录，不要写进 YAML")
        ]
    if data.startswith(_UTF16_32_BOMS):
        return None, [
            Finding(file, 1, 1, "error", "yaml.encoding",
                    "文件是 UTF-16/UTF-32 编码（记事本称“Unicode”）。请另存为 UTF-8 后重新提交")
        ]
    if data.startswith(_UTF8_BOM):  # Notepad writes one; harmless
        data = data[len(_UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
            message = _GBK_HINT
        except UnicodeDecodeError:
            message = "文件不是有效的 UTF-8 文本（可能是二进制文件或编码损坏）。请用 UTF-8 编码保存"
        return None, [Finding(file, line, 0, "error", "yaml.encoding", message)]

    findings: list[Finding] = []
    for match in HIDDEN.finditer(text):
        line, col = line_col(text, match.start())
        findings.append(Finding(
            file, line, col, "error", "yaml.encoding",
            f"第 {line} 行含有{_describe(match.group())}，它在网页上看不见却会改变文字含义。请删除后重新输入该处文字"))
        if len(findings) >= 20:
            break
    for match in _TAB_INDENT.finditer(text):
        line, col = line_col(text, match.end() - 1)
        findings.append(Finding(
            file, line, col, "error", "yaml.syntax",
            "这一行用制表符（Tab）缩进，YAML 只允许空格缩进。请把行首的 Tab 换成空格"))
        if len(findings) >= 40:
            break
    if findings:
        return None, findings
    return text, []
