"""Where each kind of file lives under submissions/ (schemas/README.md gives each kind's place)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pypinyin import lazy_pinyin

from ..loader.text import HIDDEN

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID = 64
# The site names its index pages index.md, index-2.md, …: a record with such an id would get no
# page of its own (its page and the index would be the same file).
RESERVED_ID = re.compile(r"^index(-[0-9]+)?$")
EVIDENCE_EXT = (".jpg", ".jpeg", ".png", ".pdf")

TOP_FOLDERS = {"units": "unit", "people": "person", "enterprises": "enterprise", "calendar": "calendar"}
PROGRAM_FOLDERS = {
    "applications": "application",
    "needs": "need",
    "agreements": "agreement",
    "services": "service",
    "decisions": "decision",
}
FOLDER_OF = {v: k for k, v in {**TOP_FOLDERS, **PROGRAM_FOLDERS}.items()}


class Place(NamedTuple):
    """What a path under submissions/ holds. (A tuple: one is made for each of 100k paths.)"""

    file: str  # relative to the registry root
    kind: str  # unit … decision, "evidence", or "" for an unknown path
    id: str = ""
    program: str = ""  # the program folder, for program-scoped files


def classify(rel: str) -> Place:
    """rel is 'submissions/…' with '/' separators."""
    parts = rel.split("/")[1:]
    name = parts[-1]
    stem, dot, ext = name.rpartition(".")
    if len(parts) == 2 and parts[0] in TOP_FOLDERS and ext == "yaml" and dot:
        return Place(rel, TOP_FOLDERS[parts[0]], stem)
    if len(parts) >= 3 and parts[0] == "programs":
        program = parts[1]
        if len(parts) == 3 and name == "program.yaml":
            return Place(rel, "program", program, program)
        if len(parts) == 4 and parts[2] in PROGRAM_FOLDERS and ext == "yaml" and dot:
            return Place(rel, PROGRAM_FOLDERS[parts[2]], stem, program)
        if len(parts) == 4 and parts[2] == "evidence" and name.lower().endswith(EVIDENCE_EXT):
            return Place(rel, "evidence", name, program)
    return Place(rel, "")


def unknown_path_hint(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    if name.endswith(".yml"):
        return "扩展名应为 .yaml（不是 .yml）"
    if "/evidence/" in rel:
        return "佐证材料只接受 .jpg、.jpeg、.png、.pdf 文件"
    return ("文件放错了位置：人员放在 submissions/people/，单位放在 units/，企业放在 enterprises/，"
            "申报、需求、协议、服务登记、决定放在 programs/<项目编号>/ 下对应目录")


@dataclass(frozen=True)
class Refused:
    """A path under submissions/ that is not read: a link, a device, a pipe, or a name that
    cannot be shown. `file` is printable even when the name on disk is not."""

    file: str
    rule: str
    message: str




def _shown(name: str) -> str | None:
    """The name when it is clean UTF-8 without hidden characters, else None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as surrogates (PEP 383)
        return None
    return None if HIDDEN.search(name) else name


def _escaped(name: str) -> str:
    """A printable rendering of any name: undecodable bytes as \\xNN, hidden characters as \\uNNNN."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def discover(root: Path) -> tuple[list[str], list[Refused]]:
    """Every regular file under root/submissions as sorted relative paths, and every path that is
    refused instead. Links are never followed, not even to a folder: a symlink could replace a
    merged decision by another file, or point at /dev/zero."""
    base = root / "submissions"
    files: list[str] = []
    refused: list[Refused] = []
    if base.is_symlink():
        return files, [Refused("submissions", "layout.symlink", "submissions/ 是符号链接：登记库目录必须是真实目录")]
    if not base.is_dir():
        return files, refused
    stack = ["submissions"]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(root / rel_dir) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError:
            refused.append(Refused(rel_dir, "layout.unknown-path", "目录无法读取（没有权限或已损坏）"))
            continue
        for item in items:
            name = _shown(item.name)
            if name is None:
                refused.append(Refused(f"{rel_dir}/{_escaped(item.name)}", "layout.unknown-path",
                                       "文件名不是 UTF-8 编码，或含有看不见的字符：请用编号（小写拼音、数字和“-”）重新命名"))
                continue
            rel = f"{rel_dir}/{name}"
            if item.is_symlink():
                refused.append(Refused(rel, "layout.symlink",
                                       "这是符号链接，不是文件：登记库只接受真实的文件和目录。请改为提交文件本身"))
            elif item.is_dir(follow_symlinks=False):
                if os.path.lexists(os.path.join(item.path, ".git")):
                    refused.append(Refused(rel, "layout.special-file",
                                           "这是 Git 子模块（另一个仓库）：登记库只接受本仓库中的普通文件和目录"))
                else:
                    stack.append(rel)
            elif not item.is_file(follow_symlinks=False):
                refused.append(Refused(rel, "layout.special-file",
                                       "这不是普通文件（设备、管道或套接字）：登记库只接受普通文件"))
            elif name != ".gitkeep":
                files.append(rel)
    files.sort()
    refused.sort(key=lambda r: r.file)
    return files, refused


def id_problem(record_id: str) -> str | None:
    if len(record_id) > MAX_ID:
        return f"编号“{record_id[:20]}…”太长：最多 {MAX_ID} 个字符"
    if RESERVED_ID.match(record_id):
        return (f"编号“{record_id}”是网站目录页的保留名称，用它的记录在网站上没有自己的页面。"
                "请换一个编号（如在后面加上单位或年份）")
    if not ID_RE.match(record_id):
        return (f"文件名“{record_id}”不能作编号：只能用小写字母、数字和“-”，如 zhang-wei-hust"
                "（可用 techserve new 按姓名生成拼音编号）")
    return None


def slug(name: str, suffix: str = "") -> str:
    """张伟 → zhang-wei: the id a new record gets from its name; letters and digits kept, everything
    else a separator."""
    words = [w.lower() for w in lazy_pinyin(name)]  # non-Chinese runs are kept as they are
    text = "-".join(words + ([suffix] if suffix else []))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:MAX_ID].strip("-") or "record"


# The online application form of each application kind, one per program open that day: its file
# is `<form>-<program>` on every forge (intake makes them, the program page links to them).
FORM_OF_KIND = {"team": "application", "individual": "individual"}


def form_template(kind: str, program_id: str) -> str:
    return f"{FORM_OF_KIND[kind]}-{program_id}"
