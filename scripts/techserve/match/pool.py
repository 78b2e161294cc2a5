"""Who may be proposed for a need on a given day, from the registry as it stood that day.

A program's `matching.candidates` says whom it recommends from: `approved` — its own
commissioners and teams in the 库 (江西 特派员、特派团; 九江 服务团); `registry` — every person of
the registry and every approved team (鹰潭, 江苏 揭榜). Whoever cannot take the need is left out:
one already serving as many enterprises as the program's `agreement.max-concurrent` allows
(同时服务企业不超过3家), one who left a team, the enterprise's own staff.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..registry import Registry
from ..registry.status import StatusBook
from .ranker import Profile, Query

LIVE = ("approved",)


def profile_of_person(pid: str, person) -> Profile:
    return Profile(pid, "person", person.name, tuple(person.fields), tuple(person.keywords or ()),
                   person.bio or "", tuple(person.achievements or ()))


def profile_of_team(app_id: str, app, members: list) -> Profile:
    """A team reads as what its members on that day know together."""
    fields = tuple(dict.fromkeys([*app.fields, *(f for m in members for f in m.fields)]))
    keywords = tuple(dict.fromkeys(k for m in members for k in (m.keywords or ())))
    bio = "；".join(m.bio for m in members if m.bio)
    achievements = tuple(a for m in members for a in (m.achievements or ()))
    return Profile(app_id, "team", app.name, fields, keywords, bio, achievements)


def query_of(nid: str, need) -> Query:
    return Query(nid, need.title, need.description, tuple(need.fields))


def one_to_one(program) -> bool:
    """The program pairs one team with one enterprise (its agreement.one-to-one: 结对帮扶)."""
    return program is not None and any(r.rule == "agreement.one-to-one" for r in program.rules)


def capacity_of(program) -> int | None:
    """The program's own limit on enterprises served at once (its agreement.max-concurrent)."""
    for r in program.rules if program is not None else ():
        if r.rule == "agreement.max-concurrent" and "max" in r.params:
            return int(r.params["max"])
    return None


@dataclass
class Pool:
    """The candidates of one program on one day, and what rules them out for a need."""

    profiles: list[Profile]
    capacity: int | None
    load: dict[str, set[str]] = field(default_factory=dict)  # person → enterprises served that day
    team_people: dict[str, list[str]] = field(default_factory=dict)  # team → its members that day
    staff: dict[str, str] = field(default_factory=dict)  # person → their unit's credit code, if any
    designated: dict[str, frozenset[str]] = field(default_factory=dict)  # need → designated people
    enterprise_uscc: dict[str, str] = field(default_factory=dict)  # need → its enterprise's code
    # 结对帮扶 (agreement.one-to-one): a team pairs with one enterprise at a time, an enterprise with
    # one team; pairs: team → the enterprises it is paired with that day
    paired: bool = False
    pairs: dict[str, set[str]] = field(default_factory=dict)

    def people_of(self, p: Profile) -> list[str]:
        return self.team_people.get(p.id, []) if p.kind == "team" else [p.id]

    def full(self, p: Profile, enterprise: str | None = None) -> bool:
        """Serving `capacity` enterprises already (a new agreement with one of them adds none);
        in a 结对 program, a team paired with another enterprise, or an enterprise paired with
        another team."""
        if self.paired and p.kind == "team":
            if self.pairs.get(p.id, set()) - {enterprise}:
                return True
            if enterprise is not None and any(enterprise in firms for team, firms in self.pairs.items() if team != p.id):
                return True
        if self.capacity is None:
            return False
        return any(len(self.load.get(pid, set()) - {enterprise}) >= self.capacity for pid in self.people_of(p))

    def places(self, p: Profile, limit: int) -> int:
        """How many more enterprises p may take (`limit` when the program sets no cap). A team of
        a 结对 program takes one: a new enterprise when unpaired, else only its own (`full` keeps
        it from the others' needs)."""
        if self.paired and p.kind == "team":
            return 1
        if self.capacity is None:
            return limit
        return max(0, min(self.capacity - len(self.load.get(pid, set())) for pid in self.people_of(p)) if
                   self.people_of(p) else 0)

    def conflicted(self, q: Query, p: Profile) -> bool:
        code = self.enterprise_uscc.get(q.id)
        return bool(code) and any(self.staff.get(pid) == code for pid in self.people_of(p))

    def allows(self, q: Query, p: Profile, enterprise: str | None = None) -> bool:
        return not self.full(p, enterprise) and not self.conflicted(q, p)

    def designated_for(self, q: Query) -> frozenset[str]:
        return self.designated.get(q.id, frozenset())


def pool(reg: Registry, status: StatusBook, program_id: str | None, day: date, everyone: bool = False) -> Pool:
    """The candidates for `program_id`'s needs on `day` (`everyone`: every person, no exclusion)."""
    program = reg.model("program", program_id) if program_id else None
    scope = "registry" if everyone or program is None or program.matching is None else program.matching.candidates
    people = {e.id: e.model for e in reg.valid("person")}
    profiles: list[Profile] = []
    team_people: dict[str, list[str]] = {}
    approved = [(e.id, e.model) for e in reg.valid("application")
                if status.approved_on.get(e.id, date.max) <= day and status.of(e.id) in LIVE
                and (scope == "registry" or e.program == program_id)]
    if scope == "registry":
        profiles += [profile_of_person(pid, m) for pid, m in people.items()]
    else:
        for _app_id, app in approved:
            if app.kind == "individual" and app.person in people:
                profiles.append(profile_of_person(app.person, people[app.person]))
    if not everyone:
        for app_id, app in approved:
            if app.kind != "team":
                continue
            members = [pid for pid in status.people_on(app_id, app.people(), day) if pid in people]
            if members:
                team_people[app_id] = members
                profiles.append(profile_of_team(app_id, app, [people[m] for m in members]))
    result = Pool(list({(p.kind, p.id): p for p in profiles}.values()), None if everyone else capacity_of(program),
                  team_people=team_people)
    if everyone:
        return result
    load: dict[str, set[str]] = defaultdict(set)
    for e in reg.valid("agreement"):
        a = e.model
        if a.signed > day or not status.agreement_active(a, e.id, day):
            continue
        sent = [a.person] if a.person else (
            status.people_on(a.application, reg.model("application", a.application).people(), day)
            if reg.model("application", a.application) else [])
        for pid in status.people_on(e.id, sent, day):
            load[pid].add(a.enterprise)
        if a.application and reg.program_of("agreement", e.id) == program_id:
            result.pairs.setdefault(a.application, set()).add(a.enterprise)
    result.load = dict(load)
    result.paired = one_to_one(program)
    units = {e.id: e.model for e in reg.valid("unit")}
    result.staff = {pid: units[m.unit].uscc for pid, m in people.items() if m.unit in units and units[m.unit].uscc}
    for e in reg.valid("need"):
        ent = reg.model("enterprise", e.model.enterprise)
        if ent is not None:
            result.enterprise_uscc[e.id] = ent.uscc
        if e.model.designated:
            result.designated[e.id] = frozenset(e.model.designated)
    return result
