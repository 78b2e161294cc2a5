"""The rule library: program rules that a program.yaml instantiates with parameters and a clause.

Importing the subject modules registers their rules in RULES.
"""

from __future__ import annotations

from typing import Iterator

from pydantic import ValidationError

from ...findings import Finding
from ...models.messages import validation_errors
from ..context import Context
from ..waivers import excepted, granted
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
    """Each instance's hits as findings; a warning its program waived for that record becomes a note."""
    instances, problems = configured(ctx)
    yield from problems
    waivers: dict[str, dict] = {}
    for program, i, inst, spec, params in instances:
        if program.id not in waivers:
            waivers[program.id] = granted(ctx, program)
        for hit in spec.check(ctx, program, params):
            line, col = hit.entry.doc.where(hit.path)
            finding = Finding(hit.entry.file, line, col, hit.severity or inst.severity, inst.rule, hit.message,
                              hit.clause or inst.clause, hit.entry.id, hit.related)
            waiver = waivers[program.id].get((inst.rule, hit.entry.kind, hit.entry.id))
            yield excepted(finding, waiver) if waiver and finding.severity == "warning" else finding


__all__ = ["RULES", "Hit", "RuleSpec", "configured", "run_program_rules"]
