"""公示 notices: dates with the computed end, a 公示中/已结束 badge, the roster and the objection contact;
and the RSS feed of notices (dates in Asia/Shanghai)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from ..registry.status import notice_start
from .public import OPTIONAL_PERSON_FIELDS
from .render import rss_text

SHANGHAI = timezone(timedelta(hours=8), "CST")


NOTICE_PEOPLE = 100  # people per notice page: a 500-person notice is five light pages, not one heavy one


def _outcomes(b) -> dict[str, list[dict]]:
    """notice id → the approvals that cite it (what followed the notice), by the build day."""
    out: dict[str, list[dict]] = {}
    for entry in b.reg.valid("decision"):
        d = entry.model
        if d.kind == "approval" and d.date <= b.as_of:
            out.setdefault(d.notice, []).append({"id": entry.id, "date": d.date, "count": len(d.applications)})
    return out


def _without(contact: str, phones) -> str:
    """The office's name as the contact line gives it, less the phone numbers listed beside it
    (so a number is not shown twice)."""
    for p in phones:
        contact = contact.replace(p, "")
    return " ".join(contact.replace("电话：", "").replace("电话:", "").split()).strip("，,、；; ") or contact


def notice_rows(b) -> list[dict]:
    rows = []
    objections: dict[str, list] = {}
    for entry in b.reg.valid("decision"):
        d = entry.model
        if d.kind == "objection" and d.date <= b.as_of:
            objections.setdefault(d.application, []).append(
                {"date": d.date, "outcome": "异议成立" if d.outcome == "upheld" else "异议不成立"})
    outcomes = _outcomes(b)
    for entry in b.reg.valid("decision"):
        d = entry.model
        if d.kind != "notice" or d.date > b.as_of:
            continue
        program = b.reg.model("program", entry.program)
        end = b.book.notice_end.get(entry.id)
        day_kind = d.day_kind or program.notice.day_kind
        rule = program.notice
        rows.append({
            "id": entry.id, "program": entry.program, "program_name": program.name, "title": d.title,
            "issuer": d.issuer or program.issuer, "document": d.document, "program_document": program.document,
            # the objection days run from the day the public could see it (registry.published)
            "dated": d.date, "start": notice_start(b.reg, entry, b.as_of), "end": end,
            "days": d.days or program.notice.days,
            "day_kind": "个工作日" if day_kind == "workday" else "天",
            # an end that needs a calendar not yet published is still to come: the notice runs on
            "open": end is None or b.as_of <= end, "contact": rule.contact, "phones": list(rule.phones),
            "office": _without(rule.contact, rule.phones), "postcode": rule.postcode,
            "address": rule.address, "email": rule.email,
            "supervisor": rule.supervisor, "supervisor_phones": list(rule.supervisor_phones),
            "extra": [(f, OPTIONAL_PERSON_FIELDS[f]) for f in program.public_person_fields],
            "applications": [a for a in d.applications if b.reg.model("application", a)],
            "objections": objections, "outcomes": sorted(outcomes.get(entry.id, []), key=lambda o: o["date"]),
            "has_teams": any(b.reg.model("application", a).kind == "team" for a in d.applications
                             if b.reg.model("application", a)),
        })
    rows.sort(key=lambda r: (r["start"], r["id"]), reverse=True)
    return rows


def pages_of(apps: list[dict]) -> list[list[dict]]:
    """Split a roster into pages of about NOTICE_PEOPLE people, never splitting a team."""
    pages: list[list] = []
    current: list = []
    people = 0
    for app in apps:
        if current and people + len(app["members"]) > NOTICE_PEOPLE:
            pages.append(current)
            current, people = [], 0
        current.append(app)
        people += len(app["members"])
    return pages + [current] if current or not pages else pages


def description(r: dict, count: int) -> str:
    """The one line a chat app shows under a shared link."""
    end = f"{r['end'].month}月{r['end'].day}日" if r["end"] else "待定"
    return (f"{r['issuer']}公示{count}个拟入选对象，公示期{r['start'].month}月{r['start'].day}日至{end}。"
            f"如有异议，请在公示期内向{r['contact']}反映。")


def feed(b, rows: list[dict]) -> str:
    """RSS 2.0; each item dated 00:00 of its notice day in China Standard Time."""
    base = b.site_url

    def stamp(day) -> str:
        return format_datetime(datetime.combine(day, time(0, 0), SHANGHAI))

    items = []
    for r in rows[:50]:
        link = f"{base}notices/{r['id']}.html"
        end = r["end"].isoformat() if r["end"] else "待定"
        summary = f"{r['program_name']}：公示期 {r['start'].isoformat()} 至 {end}"
        items.append(
            "<item>"
            f"<title>{escape(r['title'])}</title><link>{escape(link)}</link>"
            f"<guid isPermaLink=\"true\">{escape(link)}</guid><pubDate>{stamp(r['start'])}</pubDate>"
            f"<description>{rss_text(summary)}</description>"
            "</item>")
    built = stamp(rows[0]["start"]) if rows else stamp(b.as_of)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
            f"<title>科技服务公示</title><link>{escape(base + 'notices/index.html')}</link>"
            "<description>科技服务团、科技特派员等项目的公示公告</description><language>zh-CN</language>"
            f"<lastBuildDate>{built}</lastBuildDate>" + "".join(items) + "</channel></rss>\n")


def build(b) -> None:
    rows = b.notice_rows
    for r in rows:
        extra = tuple(f for f, _ in r["extra"])
        apps = [b.public.application(b.reg.get("application", a), extra) for a in r["applications"]]
        chunks = pages_of(apps)
        uris = [f"notices/{r['id']}.md" if n == 0 else f"notices/{r['id']}-{n + 1}.md" for n in range(len(chunks))]
        first = 0
        for n, chunk in enumerate(chunks):
            pager = {"pages": [{"n": i + 1, "uri": u} for i, u in enumerate(uris)], "current": n + 1,
                     "first": first + 1, "total": len(apps)}
            b.page(uris[n], "notice.md", notice=r, teams=[a for a in chunk if a["kind"] == "team"],
                   people=[a for a in chunk if a["kind"] != "team"], first=first, pager=pager,
                   last=n == len(chunks) - 1, description=description(r, len(apps)))
            first += len(chunk)
    b.paged("notices/index", rows, "notices.md")
    b.files["notices.xml"] = feed(b, rows)
    from .calendar_feed import build as calendar

    calendar(b)  # the objection periods (and 揭榜 deadlines) for a calendar
