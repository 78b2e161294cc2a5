"""The needs board (filterable by field, region, mode and status), need pages and agreement lists."""

from __future__ import annotations

import json
from collections import defaultdict

from .matching import feeds

NEED_STATUS = ("征集中", "已对接", "已截止")
BOARD_PREVIEW = 50  # rows rendered into the page itself; the filter script reads the full list


def need_status(need, matched: bool, as_of, program_end=None) -> str:
    """已对接 once an agreement names it; 已截止 after its own deadline or after its program has
    ended (nobody is collecting needs for a closed program); otherwise 征集中."""
    if matched:
        return "已对接"
    if need.deadline is not None and need.deadline < as_of:
        return "已截止"
    if program_end is not None and program_end < as_of:
        return "已截止"
    return "征集中"


def status_reason(need, status: str, program_end) -> str:
    """Why a need has its status, in words (“已截止” alone left people asking: by which date?)."""
    if status == "已对接":
        return "已签订对接协议"
    if status == "已截止":
        if need.deadline is not None and (program_end is None or need.deadline <= program_end):
            return f"已超过截止日期 {need.deadline}"
        return f"所属项目已于 {program_end} 结束" if program_end else "已截止"
    return f"截止日期 {need.deadline}" if need.deadline else "长期征集（项目实施期内）"


def office(b, program_id: str) -> dict:
    """Where the public responds to a need: the program office's public contact, never the
    enterprise's own staff (their names and phones stay in the registry)."""
    rule = b.reg.model("program", program_id).notice
    return {"contact": rule.contact, "phones": list(rule.phones), "address": rule.address}


def _matches(b) -> dict[str, list]:
    """need id → the agreements signed for it by the build day."""
    matched = defaultdict(list)
    for entry in b.reg.valid("agreement"):
        if entry.model.need and entry.model.signed <= b.as_of:
            matched[entry.model.need].append(entry)
    return matched


def statuses(b) -> dict[str, str]:
    matched = _matches(b)
    ends = {e.id: e.model.period.end for e in b.programs}
    return {e.id: need_status(e.model, bool(matched[e.id]), b.as_of, ends.get(e.program))
            for e in b.reg.valid("need")}


def build(b) -> None:
    matched = _matches(b)
    by_program_agreements = defaultdict(list)
    for entry in b.reg.valid("agreement"):
        g = entry.model
        if g.signed > b.as_of:
            continue
        by_program_agreements[entry.program].append(entry)
    names = {e.id: e.model.name for e in b.programs}
    board = []
    for entry in sorted(b.reg.valid("need"), key=lambda e: (e.model.published, e.id), reverse=True):
        if entry.model.published > b.as_of:
            continue
        view = b.public.need(entry, b.need_status[entry.id])
        end = next((p.model.period.end for p in b.programs if p.id == entry.program), None)
        view["status_reason"] = status_reason(entry.model, view["status"], end)
        deals = [{"id": g.id, "signed": g.model.signed, "who": _who(b, g.model)} for g in matched[entry.id]]
        b.page(f"needs/{entry.id}.md", "need.md", need=view, program_name=names.get(entry.program, ""),
               agreements=deals, designated=[b.public.person(p) for p in entry.model.designated],
               office=office(b, entry.program), repository=b.repository,
               recommended=b.matches.for_need.get(entry.id), method=b.matches.method,
               description=f"{view['enterprise']['name']}发布的{view['mode']}技术需求：{view['title']}（{view['status']}）")
        ent = view["enterprise"]
        board.append({"id": entry.id, "title": view["title"], "enterprise": ent["name"],
                      "region": ent.get("county") or ent.get("city") or "", "fields": view["fields"],
                      "mode": view["mode"], "categories": view["categories"], "status": view["status"],
                      "city": ent.get("city") or "",
                      "published": view["published"], "deadline": view["deadline"],
                      "reason": view["status_reason"],
                      "budget_wan": view["budget_wan"], "program": entry.program})
        if view["status"] == "征集中":
            # what the enterprise wrote is searched too (掉色 is in a description, not a title);
            # only for needs still open, so the board's one file stays light on a phone
            board[-1]["text"] = f"{view['description']} {view['expected_outcome']}"
    facets = {
        "field": sorted({f for row in board for f in row["fields"]}),
        "region": sorted({row["region"] for row in board if row["region"]}),
        "mode": sorted({row["mode"] for row in board}),
        "status": [s for s in NEED_STATUS if any(row["status"] == s for row in board)],
        "program": [(pid, names[pid]) for pid in names if any(row["program"] == pid for row in board)],
    }
    b.files["needs/board.json"] = json.dumps(board, ensure_ascii=False, separators=(",", ":"))
    listed = feeds(b, board)
    b.page("needs/index.md", "needs.md", preview=board[:BOARD_PREVIEW], total=len(board), facets=facets,
           feeds=bool(listed))
    for prog in b.programs:
        rows = sorted(by_program_agreements.get(prog.id, []), key=lambda e: (e.model.signed, e.id), reverse=True)
        if not rows:
            continue
        views = [{"id": g.id, "who": _who(b, g.model), "enterprise": b.public.enterprise(g.model.enterprise),
                  "need": g.model.need, "signed": g.model.signed, "start": g.model.start, "end": g.model.end,
                  "method": g.model.match_method, "active": b.book.agreement_active(g.model, g.id, b.as_of)}
                 for g in rows]
        b.paged(f"agreements/{prog.id}", views, "agreements.md", program=prog.model, program_id=prog.id)


def _who(b, agreement) -> dict:
    """The team or commissioner of an agreement, with a link target when the team has a page."""
    if agreement.application:
        app = b.reg.model("application", agreement.application)
        page = agreement.application in b.team_pages
        return {"name": app.name if app else agreement.application,
                "uri": f"teams/{agreement.application}.md" if page else None}
    person = b.public.person(agreement.person)
    return {"name": f"{person['name']}（{person['unit']['name']}）", "uri": None}
