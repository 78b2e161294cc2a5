"""service.agreement-period: a service is recorded under an agreement that is active that day."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .context import Context


def check_service_period(ctx: Context) -> Iterator[Finding]:
    """A service record is dated within its agreement's active period: not before the start,
    not after the end, not on or after a termination of the agreement or the exit of its team
    (an assessment failed, the team terminated)."""
    for entry in ctx.reg.valid("service"):
        s = entry.model
        if s.date > ctx.as_of:
            continue  # not happened yet: record.future-date
        agreement = ctx.reg.model("agreement", s.agreement)
        if agreement is None:
            continue  # ref.unknown
        stopped = ctx.status.terminated.get(s.agreement)
        left = ctx.status.team_left(agreement.application)  # its agreement ends with it (registry.status)
        if left is not None and (stopped is None or left < stopped):
            stopped = left
        if s.date < agreement.start:
            problem = f"早于协议开始日期 {agreement.start}"
        elif s.date > agreement.end:
            problem = f"晚于协议结束日期 {agreement.end}"
        elif stopped is not None and s.date >= stopped:
            problem = (f"在团队退出（{stopped}，考核不合格或终止）之后" if stopped == left
                       else f"在协议终止（{stopped}）之后")
        else:
            continue
        yield entry.finding("service.agreement-period",
                            f"服务日期 {s.date} {problem}：服务只能在协议有效期内登记。请核对日期，或先补签、续签协议",
                            "date", clause=ctx.clause(entry.program, "service.agreement-period"),
                            related=ctx.files("agreement", s.agreement))
