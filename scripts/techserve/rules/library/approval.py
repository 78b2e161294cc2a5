"""approval.*: what an approval requires before it is written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .base import Hit, NoParams, names, rule


@rule("approval.agreement", NoParams,
      title="择优支持（立项）的项目须已签订三方协议")
def approval_agreement(ctx, program, p) -> Iterator[Hit]:
    """Where the agreement comes first (景德镇: 签订三方协议, then 专家考核, then 择优支持), every
    application an approval lists has an agreement of this program that names it, signed on or
    before the approval's date."""
    signed: dict[str, list] = defaultdict(list)
    for entry in ctx.reg.valid("agreement", program.id):
        if entry.model.application and entry.model.signed <= ctx.as_of:
            signed[entry.model.application].append(entry.model.signed)
    for entry, d, _ in ctx.decisions("approval", program.id):
        if d.date > ctx.as_of:
            continue
        for i, item in enumerate(d.applications):
            days = signed.get(item.application, [])
            if not any(day <= d.date for day in days):
                later = f"（协议于 {min(days)} 才签订）" if days else ""
                yield Hit(entry, ("applications", i, "application"),
                          f"{names(ctx, 'application', [item.application])}在立项（{d.date}）前没有签订三方协议{later}："
                          "须先签订三方协议，再经专家考核择优支持")
