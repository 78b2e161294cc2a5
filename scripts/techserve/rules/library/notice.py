"""notice.*: the public notice (公示) itself."""

from __future__ import annotations

from collections.abc import Iterator

from ...registry.status import program_notice_end
from ...registry.workdays import MissingYear
from .base import Hit, NoParams, rule


@rule("notice.duration", NoParams,
      title="公示期不短于项目规定的天数，可以延长，不能缩短")
def notice_duration(ctx, program, p) -> Iterator[Hit]:
    """A notice runs at least as long as the program sets (公示天数): it may be lengthened,
    never shortened, whatever its own days or day kind say."""
    rule_ = program.model.notice
    for entry, d, _ in ctx.decisions("notice", program.id):
        if d.days is None and d.day_kind is None:
            continue
        try:  # the notice's own count (the status uses the later of this and the program's)
            own = ctx.calendar.end_of(d.date, d.days or rule_.days, d.day_kind or rule_.day_kind)
            required = program_notice_end(ctx.calendar, program.model, d.date)
        except MissingYear:
            continue  # calendar.missing-year is reported where the end is computed
        if own < required:
            kind = "工作日" if rule_.day_kind == "workday" else "天"
            yield Hit(entry, ("days",) if d.days is not None else ("day_kind",),
                      f"公示期不能短于项目规定的 {rule_.days} {kind}：按规定应到 {required} 结束，"
                      f"本公示写的天数只到 {own}。公示期按 {required} 计算")
