"""agreement.*: the agreements themselves — who signs, for how long, with how many enterprises, on
whose recommendation, after which decision."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import Field

from ...registry import Entry
from ..roster import sent_people
from .base import Hit, NoParams, Params, called, names, rule
from .shared import MaxParams, active_span, add_months, agreements


def people_of(ctx, agreement) -> list[str]:
    """The people an agreement sends as signed: the application's members, or its one person."""
    return sent_people(ctx.reg, agreement.model)


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


class RecommendedParams(Params):
    top: int = Field(10, ge=1, le=50)


@rule("agreement.recommended", RecommendedParams,
      title="“系统推荐”方式的协议，派出的须是签约当日系统推荐的前若干名人选",
      requirement=lambda p: f"签约当日为该需求推荐的前 {p.get('top', 10)} 名之内")
def agreement_recommended(ctx, program, p: RecommendedParams) -> Iterator[Hit]:
    """An agreement matched by the system (系统推荐) sends a person, or a team, who was among the
    `top` candidates `techserve match` ranked for its need on the day it was signed, from the
    records dated on or before that day."""
    depth = p.top + 5  # how far down the finding looks, to say where the person stood
    claimed = []
    for entry in ctx.reg.valid("agreement", program.id):
        a = entry.model
        if a.match_method != "系统推荐" or a.signed > ctx.as_of:
            continue
        if not a.need or ctx.reg.model("need", a.need) is None:
            yield Hit(entry, ("match_method",), "匹配方式为“系统推荐”，须在 need 中写明所对接的企业需求，才能核对当日的推荐结果")
            continue
        claimed.append(entry)
    if not claimed:
        return
    # Imported here: numpy and scipy load only for a program that has a 系统推荐 agreement to check.
    from ...match import Matcher

    m = Matcher(ctx.reg)  # reading the registry the rule reads, so a change to any record reruns it
    places = m.places([(e.model.need, e.model.application or e.model.person, e.model.signed) for e in claimed], depth)
    for entry, (place, ranking) in zip(claimed, places, strict=True):
        a = entry.model
        if place is not None and place <= p.top:
            continue
        shown = "、".join(f"{i}. {names(ctx, 'person' if c.kind == 'person' else 'application', [c.id])}"
                         for i, c in enumerate(ranking[:p.top], 1)) or "无可推荐人选"
        who = names(ctx, "application" if a.application else "person", [a.application or a.person])
        where = f"排在第 {place} 名" if place else f"不在前 {depth} 名之内"
        yield Hit(entry, ("match_method",),
                  f"匹配方式为“系统推荐”，但 {a.signed}（签约当日）系统为该需求推荐的前 {p.top} 名中没有{who}（{where}）。"
                  f"当日推荐：{shown}。如系企业指定或自主申请，请如实填写 match_method（推荐方法：{m.method}）",
                  related=(ctx.reg.get("need", a.need).file,))


class AfterApprovalParams(Params):
    within_days: int = Field(ge=1, le=366, description="立项后多少天内须签订协议")


@rule("agreement.after-approval", AfterApprovalParams,
      title="立项后在规定天数内签订结对协议，且不早于立项",
      requirement=lambda p: f"立项后 {p['within_days']} 天内签订")
def agreement_after_approval(ctx, program, p: AfterApprovalParams) -> Iterator[Hit]:
    """An approved team signs its agreement with the enterprise within `within_days` days of
    the approval, and never before it."""
    signed: dict[str, list] = defaultdict(list)
    for entry in ctx.reg.valid("agreement", program.id):
        if entry.model.application:
            signed[entry.model.application].append(entry)
    for app_entry, approved in ctx.approved(program.id):
        app = app_entry.id
        due = approved + timedelta(days=p.within_days)
        for agreement in signed.get(app, []):
            if agreement.model.signed < approved:
                yield Hit(agreement, ("signed",), f"协议签订日期 {agreement.model.signed} 早于立项日期 {approved}："
                                                  "立项（公示无异议）后才能签约")
        # the first pairing is the one the term is about: a re-pairing after a termination
        # (更换结对企业) comes when it comes
        first = min(signed.get(app, []), key=lambda e: (e.model.signed, e.id), default=None)
        if first is not None and first.model.signed > due:
            yield Hit(first, ("signed",), f"协议签订日期 {first.model.signed} 晚于立项（{approved}）后 {p.within_days} 天"
                                          f"（{due}）：请说明迟签的原因")
        if not signed.get(app) and due < ctx.as_of:
            yield Hit(app_entry, (), f"已于 {approved} 立项，超过 {p.within_days} 天（{due}）仍没有结对协议："
                                     "请提交协议，或由项目负责人说明")


@rule("agreement.one-to-one", NoParams,
      title="一个服务团只结对一家企业，一家企业只由一个服务团结对")
def agreement_one_to_one(ctx, program, p) -> Iterator[Hit]:
    """Each team is paired with one enterprise at a time, and each enterprise with one team (结对
    帮扶). A pairing that was terminated, or whose team left, is over: a new one after it is a
    re-pairing, not a second pair (registry.status: the agreement's active span)."""
    earlier: list[tuple[Entry, tuple]] = []
    for entry in sorted(ctx.reg.valid("agreement", program.id), key=lambda e: (e.model.signed, e.id)):
        a = entry.model
        if not a.application:
            continue
        span = active_span(ctx, entry)
        if span is None:
            continue
        live = [(e, s) for e, s in earlier if s[0] <= span[1] and span[0] <= s[1]]  # the spans overlap
        team = next(((e, s) for e, s in live if e.model.application == a.application and e.model.enterprise != a.enterprise),
                    None)
        if team is not None:
            other = names(ctx, "enterprise", [team[0].model.enterprise])
            yield Hit(entry, ("enterprise",), f"{called(ctx, a.application)}已与{other}结对（至 {team[1][1]}）："
                                              "一个服务团同时只结对一家企业", related=(team[0].file,))
        firm = next(((e, s) for e, s in live if e.model.enterprise == a.enterprise and e.model.application != a.application),
                    None)
        if firm is not None:
            firm_name = names(ctx, "enterprise", [a.enterprise])
            yield Hit(entry, ("application",), f"{firm_name}已与{called(ctx, firm[0].model.application)}结对（至 "
                                               f"{firm[1][1]}）：一家企业同时只由一个服务团结对帮扶",
                      related=(firm[0].file,))
        earlier.append((entry, span))