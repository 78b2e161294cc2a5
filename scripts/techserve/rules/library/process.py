"""process.*: the order of a program's steps (submission → reviews → notice → approval)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import Field

from ...models.references import DECISION_REFERENCES, named_at
from ...registry.terms import after_notice
from . import wording as zh
from .base import Hit, Params, called, rule

Step = Literal["initial", "expert", "notice", "approval"]


STEP_ZH = zh.STEPS


@dataclass
class Trail:
    """What the decision log says of one application: each step's passes and fails, by date."""

    passed: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    failed: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    upheld: list[date] = field(default_factory=list)


def trails(ctx, program) -> dict[str, Trail]:
    out: dict[str, Trail] = defaultdict(Trail)
    for _, d, _ in ctx.decisions(("review", "objection"), program.id):
        if d.kind == "review":
            for r in d.results:
                (out[r.application].passed if r.outcome == "pass" else out[r.application].failed)[d.stage].append(d.date)
        elif d.kind == "objection" and d.outcome == "upheld":
            out[d.application].upheld.append(d.date)
    return out


def named(decision) -> Iterator[tuple[tuple, str]]:
    """(path, application id) for each application a review, notice or approval names, as its
    model declares them (models/references.py)."""
    for pattern, kinds in DECISION_REFERENCES.get(decision.kind, ()):
        if kinds == ("application",):
            yield from named_at(decision, pattern)


def step_of(decision) -> str | None:
    return decision.stage if decision.kind == "review" else decision.kind if decision.kind in STEP_ZH else None


class OrderParams(Params):
    steps: list[Step] = Field(min_length=1,
                              description="本项目的决定环节，按先后顺序（只写政策规定的环节：没有公示的项目不写 notice）")


@rule("process.order", OrderParams,
      title="评审、公示、立项按项目规定的环节依次进行：未通过上一环节的不能进入下一环节，未经公示、公示期未满不能立项",
      requirement=lambda p: "依次" + "→".join(zh.STEPS.get(s, s) for s in p["steps"]))
def process_order(ctx, program, p: OrderParams) -> Iterator[Hit]:
    """Each decision takes up only applications submitted and passed the step before it, on or
    before its date: nothing is decided before it was submitted, no step is skipped, nobody who
    failed goes on, and an approval lists only applications of the notice it cites, dated after
    that notice ended with no upheld objection."""
    log = trails(ctx, program)
    for entry in ctx.reg.valid("decision", program.id):
        d = entry.model
        step = step_of(d)
        if step not in p.steps:
            continue
        yield from _after_submission(ctx, entry, step)
        yield from _not_withdrawn(ctx, entry, step)
        if d.kind == "approval" and d.notice is None and "notice" in p.steps:
            yield Hit(entry, (), "本项目立项前须经公示：请在 notice 中写明依据的公示（决定编号）")
        elif d.kind == "approval" and d.notice is not None and "notice" not in p.steps:
            # the program has no 公示 step, but a notice the office chose to publish and cites binds
            # its approval: its list, its objection days
            yield from _after_notice(ctx, entry, log)
        if p.steps.index(step) == 0:
            continue
        before = p.steps[p.steps.index(step) - 1]
        if before == "notice":
            yield from _after_notice(ctx, entry, log)
            continue
        for path, app in named(d):
            trail = log.get(app, Trail())
            if any(day <= d.date for day in trail.failed[before]) and \
                    not any(day <= d.date for day in trail.passed[before]):
                yield Hit(entry, path, f"{called(ctx, app)}未通过{STEP_ZH[before]}，不能进入{STEP_ZH[step]}")
            elif not any(day <= d.date for day in trail.passed[before]):
                yield Hit(entry, path, f"{called(ctx, app)}在 {d.date} 前没有通过{STEP_ZH[before]}的记录：{STEP_ZH[step]}"
                                       f"须在{STEP_ZH[before]}之后（本项目的环节：{'→'.join(STEP_ZH[s] for s in p.steps)}）")


def _after_submission(ctx, entry, step: str) -> Iterator[Hit]:
    """The submission is the step before the first: a decision dated before an application's
    own `submitted` day took up something that was not yet there."""
    d = entry.model
    for path, app_id in named(d):
        app = ctx.reg.get("application", app_id)
        if app is not None and app.model is not None and d.date < app.model.submitted:
            yield Hit(entry, path, f"{called(ctx, app_id)}的提交日期是 {app.model.submitted}，晚于本{STEP_ZH[step]}决定的日期"
                                   f" {d.date}：决定只能针对已经提交的申报", related=(app.file,))


def _not_withdrawn(ctx, entry, step: str) -> Iterator[Hit]:
    """An application that left (terminated, withdrawn, failed its assessment) is taken up by no
    later review, notice or approval: a withdrawn team put in a 公示 and approved at 10 万/年 would
    otherwise pass."""
    d = entry.model
    for path, app_id in named(d):
        left = ctx.status.team_left(app_id)
        if left is not None and left <= d.date:
            yield Hit(entry, path, f"{called(ctx, app_id)}已于 {left} 终止或退出，不能再进入{STEP_ZH[step]}")


def _after_notice(ctx, entry, log) -> Iterator[Hit]:
    """The approval side of the notice: listed, after its end, no upheld objection."""
    d = entry.model
    if d.kind != "approval" or d.notice is None:
        return  # process_order reports a missing notice where the program has one
    notice = ctx.reg.get("decision", d.notice)
    if notice is None or notice.model is None or notice.model.kind != "notice":
        return  # ref.unknown says so
    listed = set(notice.model.applications)
    end = ctx.status.notice_end.get(notice.id)
    if end is not None and d.date < after_notice(end):
        earliest = after_notice(end)
        yield Hit(entry, ("date",), f"立项日期 {d.date} 在公示期内：公示“{notice.model.title}”到 {end} 才结束"
                                    f"（含当日），立项日期最早为 {earliest}", related=(notice.file,))
    for path, app in named(d):
        if app not in listed:
            yield Hit(entry, path, f"{called(ctx, app)}不在所依据的公示“{notice.model.title}”名单中：未经公示不能立项",
                      related=(notice.file,))
        elif any(day <= d.date for day in log.get(app, Trail()).upheld):
            yield Hit(entry, path, f"{called(ctx, app)}的异议已成立，不能立项")
