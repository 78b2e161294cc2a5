"""公示 notices: dates with the computed end, a 公示中/已结束 badge, the roster and the objection contact;
and the RSS feed of notices (dates in Asia/Shanghai)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .public import OPTIONAL_PERSON_FIELDS

SHANGHAI = timezone(timedelta(hours=8), "CST")


def notice_rows(b) -> list[dict]:
    rows = []
    objections = {}
    for entry in b.reg.valid("decision"):
        d = entry.model
        if d.kind == "objection" and d.date <= b.as_of:
            objections.setdefault(d.application, []).append(
                {"date": d.date, "outcome": "异议成立" if d.outcome == "upheld" else "异议不成立"})
    for entry in b.reg.valid("decision"):
        d = entry.model
        if d.kind != "notice" or d.date > b.as_of:
            continue
        program = b.reg.model("program", entry.program)
        end = b.book.notice_end.get(entry.id)
        days = d.days or program.notice.days
        day_kind = d.day_kind or program.notice.day_kind
        rows.append({
            "id": entry.id, "program": entry.program, "program_name": program.name, "title": d.title,
            "start": d.date, "end": end, "days": days,
            "day_kind": "个工作日" if day_kind == "workday" else "天",
            "open": end is not None and b.as_of <= end, "contact": program.notice.contact,
            "extra": [(f, OPTIONAL_PERSON_FIELDS[f]) for f in program.public_person_fields],
            "applications": [a for a in d.applications if b.reg.model("application", a)],
            "objections": objections,
        })
    rows.sort(key=lambda r: (r["start"], r["id"]), reverse=True)
    return rows


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
            f"<description>{escape(summary)}</description>"
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
        b.page(f"notices/{r['id']}.md", "notice.md", notice=r, apps=apps)
    b.paged("notices/index", rows, "notices.md")
    b.files["notices.xml"] = feed(b, rows)
