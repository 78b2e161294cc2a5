"""Git's plumbing, run as plain git commands: blobs, trees and their sizes. What a change is
(workflow.change) and what its commits introduced (workflow.history) are read with these."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    pass


def git(root: Path, *args: str) -> bytes:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def _name(raw: bytes) -> str:
    """A path from git as printable text; a name that is not UTF-8 keeps its bytes as \\xNN."""
    return raw.decode("utf-8", "backslashreplace")


# Paths outside submissions/ that a registry change may touch: CODEOWNERS is generated from the
# units' reviewers (and GitHub reads it from the base branch, never from the pull request).
@dataclass(frozen=True)
class TreeFile:
    path: str  # relative to the registry root
    blob: str


def list_folders(root: Path, rev: str, folder: str) -> list[str]:
    """The names of the folders directly inside `folder` at `rev`."""
    out = git(root, "ls-tree", "-z", rev, "--", folder.rstrip("/") + "/")
    names = []
    for record in out.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        if meta.split()[1:2] == [b"tree"]:
            names.append(_name(name).rsplit("/", 1)[-1])
    return names


def list_tree(root: Path, rev: str, *scope: str) -> list[TreeFile]:
    """The regular files under scope at `rev`, with blob ids, without reading any. (No `-l`:
    sizes would make git open every object; `blob_sizes` asks only for the blobs wanted.)
    Links and submodules in the tree are left out: a link in the base was refused when it was
    checked, and must not point the base registry at anything outside it."""
    # Paths given to ls-tree, and the names it prints, are relative to the folder git runs in,
    # which is the registry root even when that is a subfolder of the repository.
    out = git(root, "ls-tree", "-r", "-z", rev, "--", *(scope or ("submissions",)))
    files = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, blob = meta.split()
        if kind == b"blob" and mode in (b"100644", b"100755"):
            files.append(TreeFile(_name(name), blob.decode()))
    return files


def blob_sizes(root: Path, blobs: list[str]) -> dict[str, int]:
    """Sizes of these blobs from one `git cat-file --batch-check`, without reading their contents."""
    if not blobs:
        return {}
    out = git_input(root, ("\n".join(blobs) + "\n").encode(), "cat-file", "--batch-check")
    sizes = {}
    for line in out.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of these blobs from one `git cat-file --batch`: no checkout, no archive."""
    if not blobs:
        return {}
    out = git_input(root, ("\n".join(blobs) + "\n").encode(), "cat-file", "--batch")
    contents, pos = {}, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) < 3:  # "<id> missing"
            pos = end + 1
            continue
        size = int(header[2])
        contents[header[0].decode()] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return contents


def git_input(root: Path, data: bytes, *args: str) -> bytes:
    proc = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True)
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return proc.stdout
