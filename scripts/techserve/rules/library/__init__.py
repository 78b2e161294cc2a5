"""The rule library: program rules that a program.yaml instantiates with parameters and a clause.

Each rule lives in the module its id names (`team.size` in team.py, `agreement.one-to-one` in
agreement.py); importing them registers their rules in RULES. What several of them read is in
shared.py, how a rule is written in base.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from pydantic import ValidationError

from ...findings import Finding
from ...models.messages import validation_errors
from ...registry.shards import SHARDS, ShardView
from ..context import Context
from ..dates import EVENT, is_future
from ..waivers import excepted, granted, waiver_key
from . import (  # noqa: F401  (each module registers the rules its id names: team.size in team.py)
    agreement,
    applicant,
    application,
    approval,
    assessment,
    enterprise,
    evaluation,
    expert,
    funding,
    member,
    need,
    notice,
    person,
    process,
    quota,
    recommendation,
    review,
    service,
    task,
    team,
)
from .assessment import owed_assessments, required_assessments, yearly_params
from .base import RULES, Hit, RuleSpec, settings
from .funding import expected_amount

# What the office's desk and the pages read of the rules' own readings (a team's yearly
# assessments, the amount it is due): through this door only, so a subject module is a leaf that
# only this runner imports (import-linter: "Rules are leaves").
__all__ = ["RULES", "Hit", "RuleSpec", "expected_amount", "owed_assessments", "required_assessments",
           "settings", "yearly_params"]

# The words by which a seed leaves room for exceptions: a finding under such a clause says so.
SOFT_WORDS = ("原则上", "一般应")



def configured(ctx: Context):
    """(program entry, index, instance, spec, params) for each valid rule instance; findings otherwise."""
    problems: list[Finding] = []
    out = []
    for program in ctx.reg.programs():
        for i in range(len(program.model.rules)):
            found, problem = configure(program, i)
            if found:
                out.append(found)
            problems.extend(problem)
    return out, problems


def configure(program, i: int):
    """Instance i of a program's rules with its spec and parameters, or the program.rule findings."""
    inst = program.model.rules[i]
    spec = RULES.get(inst.rule)
    if spec is None:
        close = sorted(RULES)
        return None, [program.finding("program.rule", f"规则库中没有规则“{inst.rule}”。可用的规则：{'、'.join(close)}",
                                      "rules", i, "rule")]
    try:
        params = spec.params.model_validate(inst.params)
    except ValidationError as exc:
        return None, [program.finding("program.rule", f"规则“{inst.rule}”的参数有误：{message}", "rules", i, "params", *loc)
                      for loc, _, message in validation_errors(exc, spec.params)]
    return (program, i, inst, spec, params), []


def program_units(ctx: Context, sharded: bool = False) -> Iterator[tuple[str, Callable[[Context], Iterator[Finding]]]]:
    """One unit per rule instance of each valid program (per part, and — when sharded — per shard
    for a rule that judges each record on its own): the unit reads its program itself, so a
    changed program.yaml reruns it."""
    for program in ctx.reg.programs():
        for i, inst in enumerate(program.model.rules):
            spec = RULES.get(inst.rule)
            parts = spec.parts if spec is not None and spec.parts else (None,)
            shards = range(SHARDS) if sharded and spec is not None and spec.each else (None,)
            for part in parts:
                for shard in shards:
                    key = "|".join(str(k) for k in ("rule", program.id, i, part, shard) if k is not None)
                    yield key, partial(run_instance, program=program.id, index=i, part=part, shard=shard)


def run_instance(ctx: Context, program: str, index: int, part: str | None = None,
                 shard: int | None = None) -> Iterator[Finding]:
    """Instance `index` of the program's rules (one part of it, for a rule in parts; one shard of
    the records it judges each on its own); a warning its program waived for that record becomes
    a note. The waivers are read only when a warning is hit: a rule without warnings does not
    depend on them."""
    found, problems = configure(ctx.reg.get("program", program), index)
    yield from problems  # each part and shard repeats them; the check reports equal findings once
    if not found:
        return
    entry, i, inst, spec, params = found
    if shard is not None:
        ctx = ctx.narrowed(ShardView(ctx.reg, spec.each, shard))
    waivers = None
    hits = spec.check(ctx, entry, params, part=part) if spec.parts else spec.check(ctx, entry, params)
    for hit in hits:
        if hit.entry.kind in EVENT and hit.entry.model is not None and is_future(ctx, hit.entry.kind, hit.entry.model):
            continue  # it has not happened by as-of: record.future-date reports it, no other rule judges it
        line, col = hit.entry.doc.where(hit.path)
        clause = hit.clause or inst.clause
        severity = hit.severity or inst.severity
        message = hit.message
        soft = next((w for w in SOFT_WORDS if w in clause), None) if severity == "warning" else None
        if soft and soft not in message:
            # the seed says 原则上 (or 一般应): the sentence says so too, so nobody reads a warning as a refusal
            message += f"（政策规定为“{soft}”，特殊情况由审核人员判断）"
        finding = Finding(hit.entry.file, line, col, severity, inst.rule, message, clause, hit.entry.id, hit.related)
        if finding.severity == "warning":
            if waivers is None:
                waivers = granted(ctx, entry)
            waiver = waivers.get(waiver_key(inst.rule, hit.entry, tuple(hit.path)))
            if waiver:
                finding = excepted(finding, waiver)
        yield finding


__all__ = ["RULES", "Hit", "RuleSpec", "configured", "program_units"]


def each_breaches(ctx: Context) -> list[str]:
    """The rule instances declared `each` whose findings differ when run shard by shard: such a
    rule reads other records of the kind it judges (a count, a comparison) and must not declare
    `each`. The suite runs this when a cached check disagrees with a plain one, to say which rule."""
    def facts(findings) -> set[tuple]:
        return {(f.file, f.line, f.column, f.severity, f.rule, f.message) for f in findings}

    out = []
    for program in ctx.reg.programs():
        for i, inst in enumerate(program.model.rules):
            spec = RULES.get(inst.rule)
            if spec is None or not spec.each:
                continue
            for part in spec.parts or (None,):
                whole = facts(run_instance(ctx, program.id, i, part))
                pieces = facts(f for s in range(SHARDS) for f in run_instance(ctx, program.id, i, part, s))
                if whole != pieces:
                    out.append(f"{inst.rule} (program {program.id}, rule {i + 1}) is declared each={spec.each}, but "
                               f"its findings differ shard by shard: it reads other {'/'.join(spec.each)} records "
                               "than the one it judges. Drop `each`, or judge each record alone.")
    return out
