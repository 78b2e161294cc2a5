"""The change from a base revision to the working tree: its files, their changed lines and what
its commits introduced (workflow.history), read with git's plumbing (workflow.git)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .git import _name, git
from .history import History, read_history


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
    change.history = read_history(root, fork)
    return change


def differing(root: Path, change: Change, scope: str = "submissions") -> set[str]:
    """Paths whose bytes differ between the base revision and the working tree. Usually the
    fork point is the base and that is the change itself; if the base moved on, ask git."""
    if change.fork == change.base:
        return set(change.status)
    names = git(root, "diff", "--relative", "--name-only", "--no-renames", "-z", change.base, "--", scope)
    return {_name(n) for n in names.split(b"\0") if n} | set(change.paths("A"))
