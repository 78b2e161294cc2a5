"""The day each decision file became public: the first-parent commit of the published branch that
added it (where no pull request can forge it).

A 公示 counts its objection days from the day the public could see it. A notice dated 11-22 and
merged on 11-28 was seen by nobody for six days: counted from its date, it would end before anyone
could object. Main's first-parent history is written by merges only (branch protection: no direct
pushes, no force pushes), and the merge or squash commit's committer date is the forge's, taken
when the reviewer pressed the button; the site publishes from main the same day (publish.yml runs
on every push to main and daily). A pull request's own commits are never first-parent commits of
main, so nothing it writes moves a publication day.

Where the history cannot say (not a git work tree, a shallow clone), the days are unknown (None)
and a notice counts from its date, as before: publish.yml and check.yml fetch the whole history.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..clock import SHANGHAI
from .worktree import _git  # git without a calling hook's GIT_* variables; None on any trouble

DECISIONS = ":(glob)submissions/programs/*/decisions/*"


def first_published(root: Path, rev: str = "HEAD") -> dict[str, date] | None:
    """Decision file (relative to the registry root) → the day (China time) the first-parent
    commit of `rev` that added it was committed; None when git cannot tell."""
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is None or shallow.strip() != b"false":
        return None
    out = _git(root, "log", "--first-parent", "--diff-filter=A", "--relative", "--name-only", "-z",
               "--no-renames", "--format=%x01%cI", rev, "--", DECISIONS)
    if out is None:
        return None
    days: dict[str, date] = {}
    day: date | None = None
    # newest first: a path added again after a deletion keeps its first (oldest) day
    for field in out.split(b"\0"):
        field = field.strip(b"\n")
        if field.startswith(b"\x01"):
            stamp, _, rest = field[1:].partition(b"\n")
            try:
                day = datetime.fromisoformat(stamp.decode("ascii")).astimezone(SHANGHAI).date()
            except ValueError:
                day = None
            field = rest
        if field and day is not None:
            days[field.decode("utf-8", "backslashreplace")] = day
    return days
