"""The change from a base revision to the working tree, read with plain git commands."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .history import History


class GitError(Exception):
    pass


def git(root: Path, *args: str) -> bytes:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return proc.stdout


@dataclass
class Change:
    base: str
    fork: str = ""  # the merge base of base and HEAD, which status is measured from
    status: dict[str, str] = field(default_factory=dict)  # path → A / M / D (working tree vs base)
    changed_lines: dict[str, list[int]] = field(default_factory=dict)  # path → new line numbers
    history: History | None = None  # what each commit since the fork point put into Git
    prefix: str = ""  # the registry root inside its repository ("" or "registry/")
    gitlinks: list[str] = field(default_factory=list)  # submodule entries the change adds under the scope
    outside: list[str] = field(default_factory=list)  # changed paths outside the registry (code, config)

    def rel(self, path: str) -> str:
        """A repository path as the registry names it (relative to the registry root)."""
        return path[len(self.prefix):] if self.prefix and path.startswith(self.prefix) else path

    def paths(self, *states: str) -> list[str]:
        return sorted(p for p, s in self.status.items() if s in states)

    def first_line(self, path: str) -> int:
        lines = self.changed_lines.get(path)
        return lines[0] if lines else 1


def _name(raw: bytes) -> str:
    """A path from git as printable text; a name that is not UTF-8 keeps its bytes as \\xNN."""
    return raw.decode("utf-8", "backslashreplace")


# Paths outside submissions/ that a registry change may touch: CODEOWNERS is generated from the
# units' reviewers (and GitHub reads it from the base branch, never from the pull request).
GENERATED_WITH_DATA = (".github/CODEOWNERS",)

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _parse_patch(patch: bytes, change: Change) -> None:
    path, line = None, 0
    for raw in patch.splitlines():
        if raw.startswith(b"+++ "):
            name = _name(raw[4:])
            path = None if name == "/dev/null" else name[2:] if name.startswith("b/") else name
        elif raw.startswith(b"@@"):
            m = _HUNK.match(raw)
            line = int(m.group(1)) if m else 0
        elif raw.startswith(b"+") and path:
            change.changed_lines.setdefault(path, []).append(line)
            line += 1
        elif raw.startswith(b"-") and path and not raw.startswith(b"---"):
            change.changed_lines.setdefault(path, []).append(max(line, 1))


def read_change(root: Path, base: str, scope: str = "submissions") -> Change:
    """Files changed between `base` and the working tree, the lines they changed, and what every
    commit since the merge base put into history (a number added in one commit and removed in the
    next still counts)."""
    base_rev = git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").decode().strip()
    # Compare from the fork point, so a branch that is behind main does not "undo" main's changes.
    fork = git(root, "merge-base", base_rev, "HEAD").decode().strip()
    change = Change(base_rev, fork)
    listing = git(root, "diff", "--relative", "--raw", "--no-renames", "--no-abbrev", "-z", fork, "--", scope).split(b"\0")
    for meta, name in zip(listing[::2], listing[1::2], strict=False):  # a trailing NUL leaves one field over
        fields = meta.decode("ascii", "replace").split()
        if len(fields) < 5:
            continue
        state = fields[4][:1]
        # T (a file turned into a symlink, or back) is an edit of that path like any other
        change.status[_name(name)] = {"T": "M"}.get(state, state)
        if fields[1] == "160000":  # a submodule entry: another repository's commit, never read
            change.gitlinks.append(_name(name))
    untracked = set()
    for name in git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", scope).split(b"\0"):
        if name:
            change.status[_name(name)] = "A"
            untracked.add(_name(name))
    outside = git(root, "diff", "--relative", "--name-only", "--no-renames", "-z", fork, "--", ".",
                  f":(exclude){scope}").split(b"\0")
    change.outside = sorted(p for p in map(_name, outside) if p and p not in GENERATED_WITH_DATA)
    # The lines of the files just listed: naming them spares git a second look at every file in
    # the tree (100k stat calls); a change of many files asks for the whole scope instead.
    tracked = [p for p in change.status if p not in untracked]
    named = len(tracked) <= 256 and not any("\\" in p for p in tracked)  # \xNN: not the name on disk
    spec = [f":(literal){p}" for p in tracked] if named else [scope]
    if spec:
        # --text: a file git would call binary (a NUL byte, a -diff attribute) still has lines
        _parse_patch(git(root, "diff", "--relative", "--unified=0", "--no-color", "--no-renames", "--text",
                         "--no-ext-diff", "--no-textconv", fork, "--", *spec), change)
    change.prefix = git(root, "rev-parse", "--show-prefix").decode("utf-8", "replace").strip()
    from .history import read_history  # history reads blobs with this module's helpers

    change.history = read_history(root, fork)
    return change


def differing(root: Path, change: Change, scope: str = "submissions") -> set[str]:
    """Paths whose bytes differ between the base revision and the working tree. Usually the
    fork point is the base and that is the change itself; if the base moved on, ask git."""
    if change.fork == change.base:
        return set(change.status)
    names = git(root, "diff", "--relative", "--name-only", "--no-renames", "-z", change.base, "--", scope)
    return {_name(n) for n in names.split(b"\0") if n} | set(change.paths("A"))


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
