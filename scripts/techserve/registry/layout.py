"""Where each kind of file lives under submissions/ (SPEC §2)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID = 64
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


@dataclass(frozen=True)
class Place:
    """What a path under submissions/ holds."""

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


def discover(root: Path) -> list[str]:
    """Every file under root/submissions, as sorted relative paths (links are not followed)."""
    base = root / "submissions"
    out: list[str] = []
    if not base.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        for name in filenames:
            if name == ".gitkeep":
                continue
            out.append(f"{rel_dir}/{name}")
    out.sort()
    return out


def id_problem(record_id: str) -> str | None:
    if len(record_id) > MAX_ID:
        return f"编号“{record_id[:20]}…”太长：最多 {MAX_ID} 个字符"
    if not ID_RE.match(record_id):
        return (f"文件名“{record_id}”不能作编号：只能用小写字母、数字和“-”，如 zhang-wei-hust"
                "（可用 techserve new 按姓名生成拼音编号）")
    return None
