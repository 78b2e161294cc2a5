"""The rule library: program rules that a program.yaml instantiates with parameters and a clause.

Importing the subject modules registers their rules in RULES.
"""

from __future__ import annotations

from typing import Iterator

from pydantic import ValidationError

from ...findings import Finding
from ...models.messages import validation_errors
from ..context import Context
from . import agreements, applicants, assessments, enterprises, experts, funding, lifecycle, process, teams  # noqa: F401
from .base import RULES, Hit, RuleSpec


def configured(ctx: Context):
    """(program entry, index, instance, spec, params) for each valid rule instance; findings otherwise."""
    problems: list[Finding] = []
    out = []
    for program in ctx.reg.programs():
        for i, inst in enumerate(program.model.rules):
            spec = RULES.get(inst.rule)
            if spec is None:
                close = sorted(RULES)
                problems.append(program.finding("program.rule", f"规则库中没有规则“{inst.rule}”。可用的规则：{'、'.join(close)}",
                                                "rules", i, "rule"))
                continue
            try:
                params = spec.params.model_validate(inst.params)
            except ValidationError as exc:
                for loc, _, message in validation_errors(exc, spec.params):
                    problems.append(program.finding("program.rule", f"规则“{inst.rule}”的参数有误：{message}",
                                                    "rules", i, "params", *loc))
                continue
            out.append((program, i, inst, spec, params))
    return out, problems


def run_program_rules(ctx: Context) -> Iterator[Finding]:
    instances, problems = configured(ctx)
    yield from problems
    for program, i, inst, spec, params in instances:
        for hit in spec.check(ctx, program, params):
            line, col = hit.entry.doc.where(hit.path)
            yield Finding(hit.entry.file, line, col, hit.severity or inst.severity, inst.rule, hit.message,
                          hit.clause or inst.clause, hit.entry.id, hit.related)


__all__ = ["RULES", "Hit", "RuleSpec", "configured", "run_program_rules"]
