"""member.*: what each team member must hold."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from .base import DEGREE_RANK, LEVEL_RANK, Hit, Params, applicants, applications, rule
from .shared import after_changes


def _short_of(person, p) -> list[str]:
    short = []
    if DEGREE_RANK[person.degree] < DEGREE_RANK[p.min_degree]:
        short.append(f"学位为{person.degree}（应为{p.min_degree}及以上）")
    if LEVEL_RANK[person.title_level] < LEVEL_RANK[p.min_level]:
        short.append(f"职称为{person.title}（应为{p.min_level}及以上）")
    return short


class QualificationParams(Params):
    min_degree: str = Field(pattern="^(博士|硕士|学士|其他)$")
    min_level: str = Field(pattern="^(正高|副高|中级|初级|无)$")


@rule("member.qualification", QualificationParams, each=("application",),
      title="团长以外的成员须同时具备规定以上学位和职称",
      requirement=lambda p: f"{p['min_degree']}及以上学位，且{p['min_level']}及以上职称")
def member_qualification(ctx, program, p: QualificationParams) -> Iterator[Hit]:
    """Members other than the leader hold at least `min_degree` AND a title of at least `min_level`;
    so does everyone who joins through a replacement, except who takes the leader's place."""
    for app in applications(ctx, program, "team"):
        leader = app.model.leader()
        for path, pid, person in applicants(ctx, app):
            if pid == leader:
                continue
            short = _short_of(person, p)
            if short:
                yield Hit(app, path, f"成员{person.name}" + "，".join(short))
        for change in after_changes(ctx, app):
            if change.joins is None or change.leaves == leader:
                if change.leaves == leader:
                    leader = change.joins  # who takes the leader's place leads (team.leader judges them)
                continue
            person = ctx.reg.model("person", change.joins)
            if person is None:
                continue  # ref.unknown
            short = _short_of(person, p)
            if short:
                yield Hit(ctx.reg.get("decision", change.decision), ("joins",),
                          f"更换加入的成员{person.name}" + "，".join(short), related=(app.file,))
