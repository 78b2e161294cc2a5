"""The change from a base revision to the working tree, read with plain git commands."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path


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
    status: dict[str, str] = field(default_factory=dict)  # path → A / M / D (working tree vs base)
    changed_lines: dict[str, list[int]] = field(default_factory=dict)  # path → new line numbers
    added: list[tuple[str, int, str, str]] = field(default_factory=list)  # (path, line, text, commit)

    def paths(self, *states: str) -> list[str]:
        return sorted(p for p, s in self.status.items() if s in states)

    def first_line(self, path: str) -> int:
        lines = self.changed_lines.get(path)
        return lines[0] if lines else 1


_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _parse_patch(patch: bytes, commit: str, change: Change, record_lines: bool) -> None:
    path, line = None, 0
    for raw in patch.splitlines():
        if raw.startswith(b"+++ "):
            name = raw[4:].decode("utf-8", "replace")
            path = None if name == "/dev/null" else name[2:] if name.startswith("b/") else name
        elif raw.startswith(b"@@"):
            m = _HUNK.match(raw)
            line = int(m.group(1)) if m else 0
        elif raw.startswith(b"+") and path:
            text = raw[1:].decode("utf-8", "replace")
            change.added.append((path, line, text, commit))
            if record_lines:
                change.changed_lines.setdefault(path, []).append(line)
            line += 1
        elif raw.startswith(b"-") and path and record_lines and not raw.startswith(b"---"):
            change.changed_lines.setdefault(path, []).append(max(line, 1))


def read_change(root: Path, base: str, scope: str = "submissions") -> Change:
    """Files changed between `base` and the working tree, and every line added by each commit
    since the merge base (a number added in one commit and removed in the next still counts)."""
    base_rev = git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").decode().strip()
    # Compare from the fork point, so a branch that is behind main does not "undo" main's changes.
    fork = git(root, "merge-base", base_rev, "HEAD").decode().strip()
    change = Change(base_rev)
    listing = git(root, "diff", "--relative", "--name-status", "--no-renames", "-z", fork, "--", scope).split(b"\0")
    for state, name in zip(listing[::2], listing[1::2]):
        change.status[name.decode("utf-8")] = state.decode()[:1]
    for name in git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", scope).split(b"\0"):
        if name:
            change.status[name.decode("utf-8")] = "A"
    _parse_patch(git(root, "diff", "--relative", "--unified=0", "--no-color", "--no-renames", fork, "--", scope),
                 "working tree", change, record_lines=True)
    commits = git(root, "rev-list", "--reverse", "--no-merges", f"{fork}..HEAD").decode().split()
    for commit in commits:
        _parse_patch(git(root, "show", "--relative", "--format=", "--unified=0", "--no-color", "--no-renames", commit,
                         "--", scope), commit[:8], change, record_lines=False)
    for name in change.paths("A"):  # untracked files: every line is added
        full = root / name
        if full.is_file() and full.stat().st_size <= 1 << 20:
            for n, text in enumerate(full.read_bytes().decode("utf-8", "replace").splitlines(), 1):
                change.added.append((name, n, text, "working tree"))
    return change


def export_tree(root: Path, rev: str, target: Path, scope: str = "submissions") -> Path:
    """The registry as it was at `rev`, unpacked into `target` (never touching the work tree)."""
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()  # root may be a subfolder
    data = git(root, "archive", "--format=tar", f"{rev}:{prefix}" if prefix else rev, "--", scope)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(target, filter="data")
    (target / scope).mkdir(parents=True, exist_ok=True)
    return target
