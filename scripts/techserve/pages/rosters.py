"""Team rosters, team pages and the commissioner pool (individual applications)."""

from __future__ import annotations

from collections import defaultdict

from ..rules.library import wording as zh

DECISION_LABELS = {"review": "评审", "notice": "公示", "approval": "立项", "objection": "异议处理",
                   "assessment": "年度考核", "termination": "终止", "waiver": "例外", "payment": "资金拨付",
                   "recovery": "资金追回",
                   "drawplan": "专家抽取预告", "draw": "专家抽取", "replacement": "人员更换", "acceptance": "期满验收",
                   "evaluation": "三方评价", "progress": "调度",
                   "recommendation": "推荐清单"}
OUTCOMES = {"pass": "通过", "fail": "不通过", "upheld": "异议成立", "dismissed": "异议不成立"}


def _timeline(b) -> dict[str, list[dict]]:
    """application id → the decisions that name it, oldest first."""
    out = defaultdict(list)
    for entry in sorted(b.reg.valid("decision"), key=lambda e: (e.model.date, e.id)):
        d = entry.model
        if d.date > b.as_of:
            continue
        label = DECISION_LABELS[d.kind]
        if d.kind == "review":
            label += "（初审）" if d.stage == "initial" else "（专家评审）"
            for r in d.results:
                out[r.application].append({"date": d.date, "what": label, "result": OUTCOMES[r.outcome]})
        elif d.kind == "notice":
            for a in d.applications:
                out[a].append({"date": d.date, "what": label, "result": d.title, "notice": entry.id})
        elif d.kind == "approval":
            for item in d.applications:
                out[item.application].append({"date": d.date, "what": label, "result": "立项"})
        elif d.kind == "assessment":
            for r in d.results:
                result = f"{OUTCOMES[r.outcome]}（{r.grade}）" if r.grade else OUTCOMES[r.outcome]
                out[r.application].append({"date": d.date, "what": f"{d.year}年度考核", "result": result})
        elif d.kind == "payment":
            for item in d.items:
                out[item.application].append({"date": d.date, "what": f"{label}（第 {d.year} 年）",
                                              "result": f"{item.amount_wan:g} 万元"})
        elif d.kind == "recommendation":
            for a in d.applications:
                out[a].append({"date": d.date, "what": label, "result": f"{b.public.unit(d.unit)['name']}寄送推荐函"})
        elif d.kind == "recovery":
            out[d.application].append({"date": d.date, "what": label, "result": f"{d.amount_wan:g} 万元：{d.reason}"})
        elif d.kind == "objection":
            out[d.application].append({"date": d.date, "what": label, "result": OUTCOMES[d.outcome]})
        elif d.kind == "termination" and d.person:
            who = b.public.person(d.person)["name"]
            out[d.application].append({"date": d.date, "what": "成员退出", "result": f"{who}：{d.reason}"})
        elif d.kind == "termination" and d.application:
            out[d.application].append({"date": d.date, "what": label, "result": d.reason})
        elif d.kind == "replacement":
            app = d.application or getattr(b.reg.model("agreement", d.agreement), "application", None)
            if app:
                who = f"{b.public.person(d.leaves)['name']} → {b.public.person(d.joins)['name']}"
                out[app].append({"date": d.date, "what": label, "result": f"{who}：{d.reason}"})
        elif d.kind == "acceptance":
            for r in d.results:
                result = f"{OUTCOMES[r.outcome]}（{r.grade}）" if r.grade else OUTCOMES[r.outcome]
                out[r.application].append({"date": d.date, "what": label, "result": result})
        elif d.kind == "evaluation":
            app = getattr(b.reg.model("agreement", d.agreement), "application", None)
            if app:
                out[app].append({"date": d.date, "what": label,
                                 "result": "；".join(f"{zh.PARTIES[r.party]}：{r.rating}" for r in d.ratings)})
    return out


def build(b) -> None:
    timeline = _timeline(b)
    agreements = defaultdict(list)
    for entry in b.reg.valid("agreement"):
        if entry.model.application and entry.model.signed <= b.as_of:
            agreements[entry.model.application].append(entry)
    services: defaultdict[str, int] = defaultdict(int)
    for entry in b.reg.valid("service"):
        if entry.model.date <= b.as_of:
            services[entry.model.agreement] += 1
    sections = []
    for prog in b.programs:
        apps = sorted((e for e in b.reg.valid("application", prog.id) if e.model.submitted <= b.as_of),
                      key=lambda e: (e.model.submitted, e.id), reverse=True)
        teams = [e for e in apps if e.model.kind == "team"]
        solo = [e for e in apps if e.model.kind == "individual"]
        extra = tuple(prog.model.public_person_fields)
        if teams:
            rows = []
            for e in teams:
                view = b.public.application(e, extra, current=True)
                rows.append(view)
                deals = [{"id": g.id, "enterprise": b.public.enterprise(g.model.enterprise), "start": g.model.start,
                          "end": g.model.end, "services": services[g.id],
                          "active": b.book.agreement_active(g.model, g.id, b.as_of)}
                         for g in sorted(agreements[e.id], key=lambda g: g.model.start)]
                b.page(f"teams/{e.id}.md", "team.md", app=view, program=prog.model, extra=extra,
                       timeline=timeline[e.id], agreements=deals, suits=b.matches.for_team.get(e.id, []))
            b.paged(f"teams/{prog.id}", rows, "teams.md", program=prog.model, program_id=prog.id)
        if solo:
            rows = [b.public.application(e, extra) for e in solo]
            b.paged(f"pool/{prog.id}", rows, "pool.md", program=prog.model, program_id=prog.id)
        if teams or solo:
            sections.append({"id": prog.id, "name": prog.model.name, "teams": len(teams), "solo": len(solo),
                             "approved": sum(b.book.of(e.id) in ("approved", "completed") for e in apps)})
    b.page("teams/index.md", "rosters.md", sections=sections)
