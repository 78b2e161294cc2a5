"""Everything a change put into Git history: each blob each commit added or changed (anywhere in
the repository, binary or not), each path it used and each commit message.

A number added in one commit and removed in the next is still public in the history, so the
privacy scan reads whole blobs with the real loader, not diff lines: a number folded over lines,
written with escapes, in UTF-16 or behind a `-diff` attribute is found the same way as in a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .git import blob_sizes, git, git_input, read_blobs

MAX_BLOB = 1 << 20  # a blob larger than this is named for the reviewer, not read
_ZERO = "0" * 40


@dataclass
class Introduced:
    commit: str  # abbreviated id of the first commit that introduced this blob at this path
    path: str
    blob: str
    mode: str
    data: bytes | None = None  # None: too large to read (or a submodule)


@dataclass
class History:
    blobs: list[Introduced] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (commit, message)
    identities: list[tuple[str, str]] = field(default_factory=list)  # (commit, "author <e-mail>\ncommitter <e-mail>")
    paths: dict[str, str] = field(default_factory=dict)  # every path any commit touched → first commit


def _raw_records(out: bytes):
    """(commit, mode, blob, status, path) from `git diff-tree --stdin -r -z -m --root`."""
    parts = out.split(b"\0")
    commit, i = "", 0
    while i < len(parts):
        part = parts[i]
        if part.startswith(b":"):
            meta = part[1:].split()
            status = meta[4].decode()[:1]
            path = parts[i + 1].decode("utf-8", "backslashreplace")
            i += 2
            if status in ("R", "C"):  # not asked for (--no-renames), but never misread a second path
                path = parts[i].decode("utf-8", "backslashreplace")
                i += 1
            yield commit, meta[1].decode(), meta[3].decode(), status, path
        else:
            if part:
                commit = part.decode()
            i += 1


def read_history(root: Path, fork: str) -> History:
    """What every commit in fork..HEAD introduced. A merge introduces only what differs from every
    one of its parents (a merge of main brings main's own files, which are not the change's)."""
    history = History()
    commits = git(root, "rev-list", "--reverse", f"{fork}..HEAD").decode().split()
    if not commits:
        return history
    for record in git(root, "log", "-z", "--format=%H%n%B", f"{fork}..HEAD").split(b"\0"):
        sha, _, body = record.decode("utf-8", "replace").partition("\n")
        if sha.strip():
            history.messages.append((sha.strip()[:8], body))
    for record in git(root, "log", "-z", "--format=%H%n%an <%ae>%n%cn <%ce>", f"{fork}..HEAD").split(b"\0"):
        sha, _, who = record.decode("utf-8", "replace").partition("\n")
        if sha.strip():
            history.identities.append((sha.strip()[:8], who))
    out = git_input(root, ("\n".join(commits) + "\n").encode(), "diff-tree", "--stdin", "-r", "-z", "-m",
                    "--root", "--no-renames")
    per_commit: dict[str, list[list[tuple[str, str, str]]]] = {}
    last = None
    for commit, mode, blob, status, path in _raw_records(out):
        if commit != last:  # a merge's id is printed once for each parent
            per_commit.setdefault(commit, []).append([])
            last = commit
        history.paths.setdefault(path, commit[:8])
        if status != "D" and blob != _ZERO:
            per_commit[commit][-1].append((path, blob, mode))
    seen: set[tuple[str, str]] = set()
    for commit in commits:
        parents = per_commit.get(commit, [])
        if not parents:
            continue
        introduced = set(parents[0]).intersection(*map(set, parents[1:])) if len(parents) > 1 else parents[0]
        for path, blob, mode in sorted(introduced):
            if (path, blob) not in seen:
                seen.add((path, blob))
                history.blobs.append(Introduced(commit[:8], path, blob, mode))
    readable = [b.blob for b in history.blobs if b.mode != "160000"]
    sizes = blob_sizes(root, sorted(set(readable)))
    contents = read_blobs(root, sorted(b for b, size in sizes.items() if size <= MAX_BLOB))
    for item in history.blobs:
        item.data = contents.get(item.blob)
    return history

