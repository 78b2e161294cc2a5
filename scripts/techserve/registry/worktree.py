"""Blob ids git already knows for working-tree files, so a warm check need not read them.

A file counts only when git's index holds it as a plain file (not marked assume-unchanged or
skip-worktree, which make git stop looking at it) and `git diff-files` finds it
unchanged: git compares the file's stat data with the index and, for an entry written in the
same second as the index ("racily clean"), its content. A touched, edited, re-permissioned or
untracked file is absent here and read as usual. Any trouble running git means no hints.

The blob id names the bytes on disk only when git converts nothing between the two: with
core.autocrlf, or an attribute (text, eol, working-tree-encoding, filter, ident) on a path, a
UTF-16 or CRLF file on disk could pass as the UTF-8 blob in the index. So autocrlf means no
hints, and where any attributes file exists, paths with such an attribute are left out.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_PLAIN = {b"100644", b"100755"}


def _git(root: Path, *args: str) -> bytes | None:
    # GIT_* variables of a calling hook could point git at another repository or index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def clean_blobs(root: Path, scope: str = "submissions") -> dict[str, str]:
    """path (relative to root) → blob id, for every tracked file under scope that git reports
    identical to its index entry. Empty when root is not in a git work tree."""
    # -v tags each entry: H is a plain cached file; a lowercase tag (assume-unchanged) or S
    # (skip-worktree) tells diff-files not to look at the file, so its index id says nothing.
    listing = _git(root, "ls-files", "--stage", "-v", "-z", "--", scope)
    if not listing:
        return {}
    dirty = _git(root, "diff-files", "--name-only", "--relative", "-z", "--", scope)
    if dirty is None:
        return {}
    if _autocrlf(root):
        return {}
    changed = set(dirty.split(b"\0"))
    out: dict[str, str] = {}
    for record in listing.split(b"\0"):
        meta, _, raw = record.partition(b"\t")
        parts = meta.split(b" ")
        if len(parts) != 4 or parts[0] != b"H" or parts[1] not in _PLAIN or parts[3] != b"0" or raw in changed:
            continue
        try:
            out[raw.decode("utf-8")] = parts[2].decode("ascii")
        except UnicodeDecodeError:
            continue
    if out and _attributes_exist(root):
        for path in _converted(root, out):
            out.pop(path, None)
    return out


_CONVERTING = ("text", "eol", "working-tree-encoding", "filter", "ident")


def _autocrlf(root: Path) -> bool:
    value = _git(root, "config", "--get", "core.autocrlf")
    return value is not None and value.strip().lower() in (b"true", b"input", b"yes", b"on", b"1")


def _attributes_exist(root: Path) -> bool:
    """Whether any gitattributes could apply: tracked .gitattributes files, the repository's
    info/attributes, the user's (core.attributesFile or the XDG default) or the system's."""
    tracked = _git(root, "ls-files", "-z", "--full-name", "--", ":(top,glob)**/.gitattributes")
    if tracked is None or tracked.strip(b"\0"):
        return True
    info = _git(root, "rev-parse", "--git-path", "info/attributes")
    configured = _git(root, "config", "--path", "--get", "core.attributesFile")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    candidates = [os.path.join(xdg, "git", "attributes"), "/etc/gitattributes"]
    if info is None:
        return True
    candidates.append(os.path.join(str(root), info.decode("utf-8", "replace").strip()))
    if configured:
        candidates.append(configured.decode("utf-8", "replace").strip())
    return any(os.path.exists(c) for c in candidates)


def _converted(root: Path, paths: dict[str, str]) -> set[str]:
    """The paths on which a converting attribute is set (or anything but unspecified)."""
    names = "\0".join(paths).encode("utf-8") + b"\0"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        proc = subprocess.run(["git", "-C", str(root), "check-attr", "-z", "--stdin", *_CONVERTING],
                              input=names, capture_output=True, env=env, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return set(paths)
    if proc.returncode != 0:
        return set(paths)
    fields = proc.stdout.split(b"\0")
    out = set()
    # -z output ends in a NUL, so the last field is empty and the triples do not divide evenly.
    for path, _, value in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
        if value != b"unspecified":
            out.add(path.decode("utf-8", "replace"))
    return out
