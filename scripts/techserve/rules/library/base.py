"""How a program rule is written: a generator of Hits, registered under its rule id with the
parameters it takes. The runner adds the instance's severity and clause to each hit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ...catalogue import declare
from ...models import Person
from ...registry import Entry

DEGREE_RANK = {"其他": 0, "学士": 1, "硕士": 2, "博士": 3}
LEVEL_RANK = {"无": 0, "初级": 1, "中级": 2, "副高": 3, "正高": 4}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


@dataclass(frozen=True)
class Hit:
    entry: Entry  # the record the finding is about (its file and line)
    path: tuple  # where in that record
    message: str
    severity: str | None = None  # overrides the instance's severity (e.g. team.leader's 正高 case)
    clause: str | None = None  # overrides the instance's clause
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSpec:
    id: str
    check: Callable[..., Iterator[Hit]]
    params: type[Params]
    # A rule that judges each record of several kinds on its own may name the kinds: it is then
    # run once per kind (check(..., part=kind)), so a change to one kind reruns only that part.
    parts: tuple[str, ...] = ()
    # A rule that judges each record of these kinds on its own, whatever the other records of the
    # kind hold: it may run shard by shard (techserve.registry.shards), and a change check reruns
    # only the shard of a changed record.
    each: tuple[str, ...] = ()
    title: str = ""  # Chinese: what the rule requires, for the rule page and `techserve rules`
    requirement: Callable[[dict], str] | None = None  # its parameters as one Chinese sentence
    # Set at error, it still yields some findings as warnings (team.leader's 正高 case, an
    # under-payment): those have a waiver path like any warning.
    warns: bool = False

    @property
    def summary(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]


RULES: dict[str, RuleSpec] = {}


def rule(rule_id: str, params: type[Params] = NoParams, parts: tuple[str, ...] = (), each: tuple[str, ...] = (),
         *, title: str, requirement: Callable[[dict], str] | None = None, warns: bool = False):
    """Register `check(ctx, program, params)` as rule `rule_id` (with parts: `check(ctx, program,
    params, part)`, once per part; with each: see RuleSpec.each), and in the catalogue with its
    Chinese title and the sentence its parameters make. Its docstring states the rule.

    The contract (CONTRIBUTING.md): the rule lives in rules/library/<id's subject>.py, reads only
    through `ctx` (applications(), ctx.decisions, ctx.approved, ctx.status, ctx.reg), skips what
    has not happened by ctx.as_of, and declares `each` only if it judges each record alone."""

    def register(check):
        RULES[rule_id] = RuleSpec(rule_id, check, params, parts, each, title, requirement, warns)
        declare(rule_id, title, "program", "error", check.__doc__ or "", requirement)
        return check

    return register


# ---- helpers the rules share ------------------------------------------------------------------
def settings(program, rule_id: str) -> Any:
    """The parameters a program (its model) sets for one of its rules, read through the rule's own
    Params — its validation and its defaults — so the office, the pages and the matcher read a
    setting exactly as the rule does: the one door to a program's settings, inside the library and out.
    None when the program does not use the rule, or sets parameters the rule refuses
    (`program.rule` reports those)."""
    spec = RULES.get(rule_id)
    for inst in getattr(program, "rules", None) or ():
        if inst.rule == rule_id and spec is not None:
            try:
                return spec.params.model_validate(inst.params)
            except ValidationError:
                return None
    return None



def applications(ctx, program: Entry, kind: str | None = None) -> Iterator[Entry]:
    """The program's applications submitted by the day of the check (a later one has not
    happened yet: record.future-date reports it, and no rule judges it)."""
    for entry in ctx.reg.valid("application", program.id):
        if (kind is None or entry.model.kind == kind) and entry.model.submitted <= ctx.as_of:
            yield entry


def applicants(ctx, app: Entry) -> Iterator[tuple[tuple, str, Person]]:
    """(path, person id, Person model) for each applicant that resolves."""
    model = app.model
    if model.members:
        for i, member in enumerate(model.members):
            person = ctx.reg.model("person", member.person)
            if person is not None:
                yield ("members", i, "person"), member.person, person
    else:
        person = ctx.reg.model("person", model.person)
        if person is not None:
            yield ("person",), model.person, person


def unit_of(ctx, person):
    return ctx.reg.model("unit", person.unit)


def called(ctx, app_id: str) -> str:
    """An application as a reviewer recognises it: “its name”（its id）; the id alone when unknown."""
    return ctx.called("application", app_id)


def names(ctx, kind: str, ids) -> str:
    out = []
    for record_id in ids:
        model = ctx.reg.model(kind, record_id)
        out.append(f"“{getattr(model, 'name', record_id)}”" if model else f"“{record_id}”")
    return "、".join(out)
