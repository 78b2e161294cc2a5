"""Blob ids git already knows for working-tree files, so a warm check need not read them.

A file counts only when git's index holds it as a plain file and `git diff-files` finds it
unchanged: git compares the file's stat data with the index and, for an entry written in the
same second as the index ("racily clean"), its content. A touched, edited, re-permissioned or
untracked file is absent here and read as usual. Any trouble running git means no hints.
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
    listing = _git(root, "ls-files", "--stage", "-z", "--", scope)
    if not listing:
        return {}
    dirty = _git(root, "diff-files", "--name-only", "--relative", "-z", "--", scope)
    if dirty is None:
        return {}
    changed = set(dirty.split(b"\0"))
    out: dict[str, str] = {}
    for record in listing.split(b"\0"):
        meta, _, raw = record.partition(b"\t")
        parts = meta.split(b" ")
        if len(parts) != 3 or parts[0] not in _PLAIN or parts[2] != b"0" or raw in changed:
            continue
        try:
            out[raw.decode("utf-8")] = parts[1].decode("ascii")
        except UnicodeDecodeError:
            continue
    return out
