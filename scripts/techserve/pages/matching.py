"""What the matcher says, on the site: 推荐人选 on each open need, 可能适合的需求 on each team page,
a feed of open needs per field (精准推送: subscribe to one's field), and each program's 推荐采纳率
(for every agreement on a need, was the person signed among that day's top 10?).

Only public views leave: a person's name, unit and research fields, and reasons built from
research fields alone (keywords, bio and achievements rank but are never quoted).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from email.utils import format_datetime
from xml.sax.saxutils import escape

from pypinyin import lazy_pinyin

from ..match import Matcher
from .render import rss_text

SHOWN = 5  # candidates on a need page
TOP = 10  # a team "may suit" a need where it is among these; the backtest's K


@dataclass
class SiteMatches:
    method: str = ""
    for_need: dict[str, list[dict]] = field(default_factory=dict)
    for_team: dict[str, list[dict]] = field(default_factory=dict)
    adoption: dict[str, dict] = field(default_factory=dict)


def compute(b) -> SiteMatches:
    programs = {e.id for e in b.programs if e.model.matching is not None}
    out = SiteMatches()
    if not programs:
        return out
    matcher = Matcher(b.reg, known=b.book)
    out.method = matcher.method
    open_ids = [nid for nid, s in b.need_status.items() if s == "征集中"
                and b.reg.get("need", nid).program in programs and b.reg.model("need", nid).published <= b.as_of]
    for r in matcher.rank(sorted(open_ids), b.as_of, TOP):
        shown: list[dict] = []
        for c in r.candidates:
            if c.kind == "team":
                app = b.reg.model("application", c.id)
                if c.related:
                    out.for_team.setdefault(c.id, []).append({"id": r.need, "title": b.reg.model("need", r.need).title})
                if c.related and len(shown) < SHOWN:
                    shown.append({"name": app.name, "uri": f"teams/{c.id}.md" if c.id in b.team_pages else None,
                                  "what": "团队", "reasons": c.public_reasons, "designated": False})
            elif c.related and len(shown) < SHOWN:
                p = b.public.person(c.id)
                shown.append({"name": p["name"], "uri": None, "what": f"{p['unit']['name']}，{p['title']}",
                              "reasons": c.public_reasons, "designated": c.designated})
        out.for_need[r.need] = shown
    for pid in sorted(programs):
        out.adoption[pid] = backtest(b, matcher, pid)
    return out


def backtest(b, matcher: Matcher, program: str) -> dict:
    """Every agreement of the program on a need, signed by the build day: was whoever signed among
    the top TOP the matcher ranked for that need on the signing day?"""
    signed = [e.model for e in b.reg.valid("agreement", program)
              if e.model.need and e.model.signed <= b.as_of and b.reg.model("need", e.model.need) is not None]
    places = matcher.places([(a.need, a.application or a.person, a.signed) for a in signed], TOP, explain=False)
    hits = [place is not None for place, _ in places]
    system = [h for a, h in zip(signed, hits, strict=True) if a.match_method == "系统推荐"]
    return {"total": len(signed), "hits": sum(hits), "system": len(system), "system_hits": sum(system), "top": TOP}


def slug(name: str) -> str:
    """A field's file name: its pinyin, and a short hash so that two fields never share one."""
    # pypinyin takes a callable returning a list too; its stubs say str only
    letters = "-".join(lazy_pinyin(name, errors=lambda s: [c for c in s if c.isalnum()]))  # type: ignore[arg-type,return-value]
    tag = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    return f"{letters[:40].strip('-') or 'field'}-{tag}".lower()


def feeds(b, board: list[dict]) -> list[dict]:
    """RSS 2.0 and JSON Feed 1.1 of the open needs of each field, newest first."""
    base = b.site_url or ""
    by_field: dict[str, list[dict]] = {}
    for row in board:
        if row["status"] == "征集中":
            for f in row["fields"]:
                by_field.setdefault(f, []).append(row)
    listed = []
    for name in sorted(by_field):
        rows = sorted(by_field[name], key=lambda r: (r["published"], r["id"]), reverse=True)[:50]
        s = slug(name)
        items = [{"id": r["id"], "title": r["title"], "url": f"{base}needs/{r['id']}/",
                  "summary": f"{r['enterprise']}（{r['region']}）·{r['mode']}·发布于 {r['published']}",
                  "published": r["published"]} for r in rows]
        b.files[f"feeds/{s}.json"] = json.dumps({
            "version": "https://jsonfeed.org/version/1.1", "title": f"企业技术需求：{name}",
            "home_page_url": f"{base}needs/", "feed_url": f"{base}feeds/{s}.json", "language": "zh-CN",
            "items": [{"id": i["id"], "url": i["url"], "title": i["title"], "content_text": i["summary"],
                       "date_published": f"{i['published']}T00:00:00+08:00"} for i in items],
        }, ensure_ascii=False, indent=1)
        b.files[f"feeds/{s}.xml"] = _rss(name, f"{base}needs/", items)
        listed.append({"field": name, "slug": s, "count": len(by_field[name])})
    b.page("needs/feeds.md", "feeds.md", feeds=listed, site_url=base)
    return listed


def _rss(name: str, home: str, items: list[dict]) -> str:
    def day(text: str) -> str:
        d = datetime.combine(datetime.fromisoformat(text).date(), time(0), UTC)
        return format_datetime(d)

    parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>',
             f"<title>{escape('企业技术需求：' + name)}</title><link>{escape(home)}</link>",
             f"<description>{escape(name + '领域正在征集的企业技术需求')}</description><language>zh-cn</language>"]
    for i in items:
        parts.append(f"<item><title>{escape(i['title'])}</title><link>{escape(i['url'])}</link>"
                     f"<guid isPermaLink=\"false\">{escape(i['id'])}</guid><description>{rss_text(i['summary'])}</description>"
                     f"<pubDate>{day(i['published'])}</pubDate></item>")
    parts.append("</channel></rss>")
    return "\n".join(parts) + "\n"
