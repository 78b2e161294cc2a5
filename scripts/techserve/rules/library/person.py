"""person.*: a person across the program's teams."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...registry.terms import lapsed
from .base import Hit, Params, applicants, applications, rule
from .shared import after_changes


class MaxTeamsParams(Params):
    max: int = Field(ge=1)
    degree: str | None = "博士"  # who the limit applies to; None: everyone


@rule("person.max-teams", MaxTeamsParams,
      title="每名博士在本项目中至多加入规定数量的团队",
      requirement=lambda p: f"每名{p['degree']}至多加入 {p['max']} 个团队")
def person_max_teams(ctx, program, p: MaxTeamsParams) -> Iterator[Hit]:
    """A person holding the degree is in at most `max` live teams of the program; the teams beyond
    that, in order of submission, are flagged and name the earlier ones; a replacement that would
    bring them into one more is flagged at the replacement."""
    teams_of: dict[str, list] = {}
    for app in counted_teams(ctx, program):
        current = set(ctx.status.people_on(app.id, app.model.people(), ctx.as_of))  # after exits
        for path, pid, person in applicants(ctx, app):
            if pid in current and (p.degree is None or person.degree == p.degree):
                teams_of.setdefault(pid, []).append((app.model.submitted, app.id, app, path, person))
    yield from _joins_beyond_max(ctx, program, p)
    for teams in teams_of.values():
        teams.sort(key=lambda t: (t[0], t[1]))
        for _, _, app, path, person in teams[p.max:]:
            earlier = "、".join(f"“{t[2].model.name}”" for t in teams if t[2] is not app)
            yield Hit(app, path, f"{person.name}（{person.degree}）已加入 {earlier}，"
                                 f"本团是第 {teams.index(next(t for t in teams if t[2] is app)) + 1} 个，"
                                 f"每名{p.degree or '成员'}至多加入 {p.max} 个团",
                      related=tuple(t[2].file for t in teams if t[2] is not app))


def counted_teams(ctx, program) -> list:
    """The teams a person is "in" today: live (not rejected, exited or completed) and not lapsed —
    an application still undecided after its year's selection was made was not chosen
    (registry.terms.lapsed)."""
    approvals = [d.date for _, d, _ in ctx.decisions("approval", program.id)]
    window = program.model.application_window
    return [app for app in applications(ctx, program, "team") if ctx.status.live(app.id)
            and not lapsed(ctx.status.of(app.id), app.model.submitted, window, approvals)]


def _joins_beyond_max(ctx, program, p: MaxTeamsParams) -> Iterator[Hit]:
    """A replacement that brings a person into a team counts like applying with it: on that day
    they may be on at most `max` live teams, this one included."""
    teams = counted_teams(ctx, program)
    for app in teams:
        for change in after_changes(ctx, app):
            if change.joins is None:
                continue
            person = ctx.reg.model("person", change.joins)
            if person is None or (p.degree is not None and person.degree != p.degree):
                continue
            on = [t for t in teams if t is not app
                  and change.joins in ctx.status.people_on(t.id, t.model.people(), change.day)]
            if len(on) + 1 > p.max:
                yield Hit(ctx.reg.get("decision", change.decision), ("joins",),
                          f"{person.name}（{person.degree}）更换加入“{app.model.name}”时已在 "
                          f"{'、'.join(f'“{t.model.name}”' for t in on)}，每名{p.degree or '成员'}至多加入 {p.max} 个团",
                          related=(app.file, *(t.file for t in on)))
