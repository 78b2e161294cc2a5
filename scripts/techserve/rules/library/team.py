"""team.*: a team's composition — its size, its doctors, its leader, its registered members."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from .base import Hit, Params, applicants, applications, rule
from .shared import after_changes, agreements


class SizeParams(Params):
    min: int = Field(ge=1)
    max: int = Field(ge=1)


@rule("team.size", SizeParams, each=("application",),
      title="团队人数在规定范围内（含团长）",
      requirement=lambda p: f"{p['min']}–{p['max']} 人（含团长）")
def team_size(ctx, program, p: SizeParams) -> Iterator[Hit]:
    """A team has between `min` and `max` members, its leader included — when it applies, and
    after every exit or replacement the agency decides later."""
    for app in applications(ctx, program, "team"):
        n = len(app.model.members)
        if not p.min <= n <= p.max:
            yield Hit(app, ("members",), f"团队“{app.model.name}”有 {n} 名成员，应为 {p.min}-{p.max} 名（含团长）")
            continue
        for change in ctx.status.changes.get(app.id, ()):
            people = ctx.status.people_on(app.id, app.model.people(), change.day)
            if not p.min <= len(people) <= p.max:
                decision = ctx.reg.get("decision", change.decision)
                yield Hit(decision, ("person",) if change.joins is None else ("joins",),
                          f"成员变动后团队“{app.model.name}”只有 {len(people)} 名成员，应为 {p.min}-{p.max} 名"
                          "（含团长）：请同时补充成员（更换），或终止整个团队", related=(app.file,))
                break


class PhdParams(Params):
    min: int = Field(1, ge=1)
    degree: str = "博士"


@rule("team.min-phd", PhdParams, each=("application",),
      title="团队中博士人数不少于规定人数",
      requirement=lambda p: f"至少 {p['min']} 名博士")
def team_min_phd(ctx, program, p: PhdParams) -> Iterator[Hit]:
    """A team counts at least `min` members holding the degree (博士) — when it applies, and after
    every exit or replacement the agency decides later."""
    for app in applications(ctx, program, "team"):
        doctors = [pid for _, pid, person in applicants(ctx, app) if person.degree == p.degree]
        if len(doctors) < p.min:
            yield Hit(app, ("members",), f"团队“{app.model.name}”有 {len(doctors)} 名{p.degree}，至少应有 {p.min} 名")
            continue
        for change in after_changes(ctx, app):
            people = ctx.status.people_on(app.id, app.model.people(), change.day)
            n = sum(1 for pid in people if getattr(ctx.reg.model("person", pid), "degree", None) == p.degree)
            if n < p.min:
                yield Hit(ctx.reg.get("decision", change.decision), _changed(change),
                          f"成员变动后团队“{app.model.name}”只有 {n} 名{p.degree}，至少应有 {p.min} 名："
                          f"更换的成员须保持{p.degree}人数", related=(app.file,))
                break


class LeaderParams(Params):
    degree: str = "博士"
    alternative_level: str | None = None  # a level that is accepted with a warning instead
    alternative_clause: str | None = None  # the clause that the alternative still contradicts


@rule("team.leader", LeaderParams, each=("application",),
      title="团长须具备规定学位（或规定级别职称）",
      requirement=lambda p: (f"团长须为{p['degree']}"
                             + (f"（或{p['alternative_level']}职称）" if p.get("alternative_level") else "")),
      warns=True)
def team_leader(ctx, program, p: LeaderParams) -> Iterator[Hit]:
    """The team leader holds the degree; a leader at the alternative title level passes one clause
    but not the other, and is flagged as a warning citing that other clause. A leader who leaves
    is succeeded by who joins in the same replacement, who must meet the rule too; a leader's exit
    without a successor leaves the team without a leader."""
    for app in applications(ctx, program, "team"):
        index, member = next((i, m) for i, m in enumerate(app.model.members) if m.role == "leader")
        person = ctx.reg.model("person", member.person)
        yield from _leader_after_changes(ctx, app, member.person, p)
        if person is None or person.degree == p.degree:
            continue
        path = ("members", index, "person")
        if p.alternative_level and person.title_level == p.alternative_level:
            yield Hit(app, path, f"团长{person.name}是{person.title}（{person.title_level}），但没有{p.degree}学位："
                                 f"符合“正高级职称”的条件，与“由{p.degree}担任”不一致，请审核确认",
                      severity="warning", clause=p.alternative_clause)
        else:
            alt = f"或{p.alternative_level}职称" if p.alternative_level else ""
            yield Hit(app, path, f"团长{person.name}的学位是{person.degree}、职称级别{person.title_level}："
                                 f"团长应具有{p.degree}学位{alt}")


def _changed(change) -> tuple:
    return ("person",) if change.joins is None else ("joins",)


def _leader_after_changes(ctx, app, leader: str, p: LeaderParams) -> Iterator[Hit]:
    """The leader who leaves is succeeded by who joins in the same replacement: a team whose
    leader exits without one has no leader, and a new leader must meet the rule too."""
    for change in after_changes(ctx, app):
        if change.leaves != leader:
            continue
        decision = ctx.reg.get("decision", change.decision)
        if change.joins is None:
            yield Hit(decision, ("person",), f"团长退出后团队“{app.model.name}”没有团长：请以更换（replacement）"
                                             "写明新团长，或终止整个团队", related=(app.file,))
            return
        leader = change.joins
        person = ctx.reg.model("person", leader)
        if person is not None and person.degree != p.degree and not (
                p.alternative_level and person.title_level == p.alternative_level):
            alt = f"或{p.alternative_level}职称" if p.alternative_level else ""
            yield Hit(decision, ("joins",), f"接任团长的{person.name}学位是{person.degree}、职称级别{person.title_level}："
                                            f"团长应具有{p.degree}学位{alt}", related=(app.file,))


@rule("team.members-registered",
      title="团队成员须是已入库的科技特派员")
def team_members_registered(ctx, program, p) -> Iterator[Hit]:
    """Every member of a team is a registered commissioner: an approved individual application
    of the same program; so is everyone who joins through a replacement, on the day they join."""
    registered = {
        app.model.person for app in applications(ctx, program, "individual")
        if ctx.status.of(app.id) in ("approved", "completed")
    }
    registered_on = {app.model.person: ctx.status.approved_on.get(app.id) for app in applications(ctx, program, "individual")
                     if app.model.person in registered}
    for app in applications(ctx, program, "team"):
        for path, pid, person in applicants(ctx, app):
            if pid not in registered:
                yield Hit(app, path, f"成员{person.name}还不是本项目已入库的特派员：请先提交个人申请并经审核入库")
        for change, who in _unregistered_joiners(ctx, app, registered_on):
            yield Hit(ctx.reg.get("decision", change.decision), ("joins",),
                      f"更换加入的{who}在 {change.day} 还不是本项目已入库的特派员：特派团只由已入库的特派员组成",
                      related=(app.file,))
    # 五6 如需要更换特派员: the one who takes over an individual 派驻协议 is a 特派员 too
    for entry in agreements(ctx, program):
        if entry.model.person is None:
            continue  # a team's agreement: its people change through the team, judged above
        for change, who in _unregistered_joiners(ctx, entry, registered_on):
            yield Hit(ctx.reg.get("decision", change.decision), ("joins",),
                      f"接替{ctx.called('agreement', entry.id)}的{who}在 {change.day} 还不是本项目已入库的特派员："
                      "派驻协议只能更换为已入库的特派员",
                      clause=ctx.clause(program.id, "roster.change"), related=(entry.file,))


def _unregistered_joiners(ctx, entry, registered_on: dict):
    """(change, the joiner's name) for each replacement into `entry` (a team or an agreement)
    whose joiner was not a registered commissioner on the day it took effect."""
    for change in after_changes(ctx, entry):
        if change.joins is None:
            continue
        since = registered_on.get(change.joins)
        if since is None or since > change.day:
            joiner = ctx.reg.model("person", change.joins)
            yield change, joiner.name if joiner else change.joins
