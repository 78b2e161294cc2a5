"""What waits for a fix: a file whose format errors leave no record to judge (a required value
wrong or missing with nothing to read it as) is not judged by the program rules yet. The
applicant is told so in the same run, so a clean second run does not surprise them with the
eligibility findings the first one could not give."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import declare
from ..findings import Finding
from .context import Context

WAITING = declare("schema.waiting", "格式错误改正后，按项目规则检查该文件", "always", severity="info",
                  doc="Info on a file with loader or schema errors and no record to judge; the file's "
                      "other checks (personal data, references, ids) have run.",
                  why="格式改正前读不准记录的内容，先按能读出的部分检查，改正后再完整检查。")
_FORMAT = ("schema", "draft.unfilled", "ref.unknown")


def check_waiting(ctx: Context) -> Iterator[Finding]:
    """A file the program rules cannot judge until its format errors are fixed says so."""
    broken = {f.file for f in ctx.reg.findings if f.severity == "error" and (f.rule in _FORMAT or f.rule.startswith("yaml."))}
    if not broken:
        return
    for entry in ctx.reg.entries:
        if entry.file in broken and entry.model is None:
            broken.discard(entry.file)  # one note per file, whatever its duplicates
            yield Finding(entry.file, 0, 0, "info", WAITING,
                          "这个文件的格式错误改正后，才能按项目规则（申报条件、人数、期限、金额等）检查它；"
                          "个人信息、编号和引用已经检查过了", record=entry.id)
