"""Agreements and the service they promise: parties, duration, matching, load, frequency."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import Field

from ..roster import sent_people
from .base import Hit, NoParams, Params, names, rule


def people_of(ctx, agreement) -> list[str]:
    """The people an agreement sends as signed: the application's members, or its one person."""
    return sent_people(ctx.reg, agreement.model)


def active_span(ctx, agreement) -> tuple[date, date] | None:
    """First and last active day, after any termination; None if it never was active."""
    end = agreement.model.end
    stopped = ctx.status.terminated.get(agreement.id)
    if stopped is not None:
        end = min(end, stopped - timedelta(days=1))
    return (agreement.model.start, end) if end >= agreement.model.start else None


def presence(ctx, agreement, span: tuple[date, date]) -> list[tuple[str, tuple[date, date]]]:
    """(person, (first day, last day)) for everyone who serves under an agreement within its
    active span, as the exits and replacements of its team and of the agreement change it."""
    changes = [*ctx.status.changes.get(agreement.model.application, ()), *ctx.status.changes.get(agreement.id, ())] \
        if agreement.model.application else list(ctx.status.changes.get(agreement.id, ()))
    start, end = span
    since = dict.fromkeys(people_of(ctx, agreement), start)
    out = []
    for c in sorted(changes, key=lambda c: c.day):
        if c.day > end or c.day > ctx.as_of:
            break
        day = max(c.day, start)
        if c.leaves in since:
            first = since.pop(c.leaves)
            if day > first:
                out.append((c.leaves, (first, day - timedelta(days=1))))
        if c.joins and c.joins not in since:
            since[c.joins] = day
    out += [(pid, (first, end)) for pid, first in since.items()]
    return out


def agreements(ctx, program):
    return ctx.reg.valid("agreement", program.id)


@rule("agreement.parties", NoParams,
      title="三方协议须由派出单位、企业和人员共同签订")
def agreement_parties(ctx, program, p) -> Iterator[Hit]:
    """A three-party agreement is signed by the dispatching unit(s), the enterprise and the person(s)."""
    for entry in agreements(ctx, program):
        parties = set(entry.model.parties)
        missing = []
        if entry.model.enterprise not in parties:
            missing.append(names(ctx, "enterprise", [entry.model.enterprise]))
        for pid in people_of(ctx, entry):
            person = ctx.reg.model("person", pid)
            if person is None:
                continue
            if pid not in parties:
                missing.append(f"“{person.name}”")
            if person.unit not in parties:
                missing.append(names(ctx, "unit", [person.unit]) + "（派出单位）")
        if missing:
            yield Hit(entry, ("parties",), "三方协议的签约方缺少：" + "、".join(dict.fromkeys(missing)))


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError


class DurationParams(Params):
    min_months: int = Field(ge=1)


@rule("agreement.min-duration", DurationParams,
      title="协议服务期不少于规定月数",
      requirement=lambda p: f"服务期不少于 {p['min_months']} 个月")
def agreement_min_duration(ctx, program, p: DurationParams) -> Iterator[Hit]:
    """An agreement runs for at least `min_months` months (start to end, both days counted)."""
    for entry in agreements(ctx, program):
        a = entry.model
        if a.end < add_months(a.start, p.min_months) - timedelta(days=1):
            yield Hit(entry, ("end",), f"服务期 {a.start} 至 {a.end} 不足 {p.min_months} 个月")


class MaxParams(Params):
    max: int = Field(ge=1)


@rule("need.max-matches", MaxParams,
      title="同一需求同时对接的协议不超过规定数量",
      requirement=lambda p: f"同时对接不超过 {p['max']} 项")
def need_max_matches(ctx, program, p: MaxParams) -> Iterator[Hit]:
    """A need is served by at most `max` active agreements at any time."""
    by_need = defaultdict(list)
    for entry in agreements(ctx, program):
        span = active_span(ctx, entry)
        if entry.model.need and span:
            by_need[entry.model.need].append((span, entry))
    for need, items in by_need.items():
        items.sort(key=lambda x: (x[0][0], x[1].id))
        running: list = []  # heap of (end, id) still active
        for (start, end), entry in items:
            while running and running[0][0] < start:
                heapq.heappop(running)
            if len(running) >= p.max:
                others = "、".join(f"“{i}”" for _, i in sorted(running, key=lambda x: x[1]))
                yield Hit(entry, ("need",),
                          f"需求“{need}”在 {start} 已有生效协议 {others}，每项需求应匹配 {p.max} 个特派员或特派团")
            heapq.heappush(running, (end, entry.id))


@rule("agreement.max-concurrent", MaxParams,
      title="同一人同时服务的企业数不超过规定数量",
      requirement=lambda p: f"同时服务不超过 {p['max']} 家企业")
def agreement_max_concurrent(ctx, program, p: MaxParams) -> Iterator[Hit]:
    """A person serves at most `max` distinct enterprises at once, through any active agreements,
    individually or as a team member, for the days they are on it: one who joins through a
    replacement counts from that day, one who leaves no longer counts. Checked with a sweep over
    start and end days."""
    per_person = defaultdict(list)
    for entry in agreements(ctx, program):
        span = active_span(ctx, entry)
        if span:
            for pid, interval in presence(ctx, entry, span):
                per_person[pid].append((interval, entry))
    for pid, items in per_person.items():
        if len({e.model.enterprise for _, e in items}) <= p.max:
            continue
        events = []
        for (start, end), entry in items:
            events.append((start, 0, entry))  # starts before ends on the same day: both active
            events.append((end + timedelta(days=1), -1, entry))
        events.sort(key=lambda x: (x[0], x[1], x[2].id))
        active: dict[str, int] = defaultdict(int)
        for day, kind, entry in events:
            ent = entry.model.enterprise
            if kind == -1:
                active[ent] -= 1
                if not active[ent]:
                    del active[ent]
                continue
            if ent not in active and len(active) >= p.max:
                person = ctx.reg.model("person", pid)
                yield Hit(entry, ("enterprise",),
                          f"{person.name if person else pid}自 {day} 起同时服务 {len(active) + 1} 家企业"
                          f"（{names(ctx, 'enterprise', sorted(active))}及本企业），超过 {p.max} 家")
            active[ent] += 1


@rule("agreement.designation", NoParams,
      title="“企业指定”方式的协议，派出的须是该需求中企业指定的特派员")
def agreement_designation(ctx, program, p) -> Iterator[Hit]:
    """An agreement matched by enterprise designation (企业指定) sends a person the need designates."""
    for entry in agreements(ctx, program):
        if entry.model.match_method != "企业指定":
            continue
        need = ctx.reg.model("need", entry.model.need)
        if need is None:
            yield Hit(entry, ("match_method",), "匹配方式为“企业指定”，须在 need 中写明企业发布的需求")
        elif not set(people_of(ctx, entry)) & set(need.designated):
            yield Hit(entry, ("match_method",), f"匹配方式为“企业指定”，但需求“{need.title}”指定的特派员"
                                                f"{names(ctx, 'person', need.designated) or '（无）'}不在本协议人员中")


class FrequencyParams(Params):
    min_per_month: int = Field(ge=1)


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def visits_per_month(services) -> dict[tuple[str, int, int], int]:
    """(agreement, year, month) → visits: the days with a service record (two records of one day
    are one visit). Also what `techserve todo` counts."""
    days = defaultdict(set)
    for s in services:
        days[(s.agreement, s.date.year, s.date.month)].add(s.date)
    return {k: len(v) for k, v in days.items()}


@rule("service.frequency", FrequencyParams,
      title="每个结对每月至少入企服务规定次数",
      requirement=lambda p: f"每月至少入企服务 {p['min_per_month']} 次")
def service_frequency(ctx, program, p: FrequencyParams) -> Iterator[Hit]:
    """Each active agreement records services on at least `min_per_month` different days in every
    full calendar month of its active span that has ended by the as-of day (two records of one
    day are one visit)."""
    counts = visits_per_month(s.model for s in ctx.reg.valid("service", program.id))
    for entry in agreements(ctx, program):
        span = active_span(ctx, entry)
        if not span:
            continue
        start, end = span
        short = []
        for y, m in _months(start, end):
            first = date(y, m, 1)
            last = add_months(first, 1) - timedelta(days=1)
            if first < start or last > end or last >= ctx.as_of:
                continue  # not a full month of service, or not over yet
            n = counts.get((entry.id, y, m), 0)
            if n < p.min_per_month:
                short.append(f"{y}年{m}月 {n} 次")
        if short:
            shown = "、".join(short[:6]) + (f" 等 {len(short)} 个月" if len(short) > 6 else "")
            yield Hit(entry, (), f"服务登记不足每月 {p.min_per_month} 次：{shown}")
