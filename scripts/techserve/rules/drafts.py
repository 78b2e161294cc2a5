"""Drafts (techserve draft) leave the reviewer's choices as 请填写: until each is filled, the file
is not a decision yet."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import declare
from ..findings import Finding
from ..models import format_path, validate
from ..models.common import PLACEHOLDER
from ..registry import Entry

__all__ = ["PLACEHOLDER", "check_unfilled"]
UNFILLED = declare("draft.unfilled", "起草的决定和生成的模板已填写完整（没有“请填写”）", "always",
                   doc="Any value that is exactly the placeholder techserve draft writes.",
                   why="模板和草稿里的“请填写”是需要本人或审核人决定的内容，未填写不能提交。")


def _walk(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, (*path, i))
    elif isinstance(data, str) and data.strip() == PLACEHOLDER:
        yield path


def check_unfilled(entry: Entry) -> Iterator[Finding]:
    """Every value left as 请填写 by a draft is filled before the decision is submitted."""
    doc = entry.doc
    if doc is None or doc.fatal or doc.data is None:
        return
    # A value can be the placeholder only if the text holds it, or writes it with an escape.
    if doc.text is not None and PLACEHOLDER not in doc.text and "\\" not in doc.text:
        return
    blanks = list(_walk(doc.data))
    if blanks:
        # the schema finding already names a blank whose placeholder is no valid value: one
        # finding per blank, not two
        _, errors = validate(entry.kind, doc.data)
        refused = {loc for loc, _, _ in errors}
        blanks = [path for path in blanks if path not in refused]
    for path in blanks:
        yield entry.finding(UNFILLED, f"“{format_path(path)}”还没有填写（仍是“{PLACEHOLDER}”）：请按该行的注释填写后再提交",
                            *path)
