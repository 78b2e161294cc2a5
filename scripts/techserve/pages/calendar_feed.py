"""calendar.ics: the dates people plan by, for a phone's or an office's calendar (RFC 5545) —
each 公示's objection period, and each 揭榜 deadline. All-day events, dates as Beijing dates."""

from __future__ import annotations

from datetime import date, timedelta

PRODID = "-//techserve//科技服务公示与登记//ZH"


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 says."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space, never inside a character."""
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def _event(uid: str, start: date, end: date, summary: str, url: str, description: str, stamp: date) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{_day(stamp)}T000000Z",
            f"DTSTART;VALUE=DATE:{_day(start)}", f"DTEND;VALUE=DATE:{_day(end + timedelta(days=1))}",
            f"SUMMARY:{_text(summary)}", f"DESCRIPTION:{_text(description)}", f"URL:{url}",
            "TRANSP:TRANSPARENT", "END:VEVENT"]


def calendar(b) -> str:
    base = b.site_url or ""
    host = base.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "techserve.invalid"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_text('科技服务：公示期与揭榜截止')}", "X-WR-TIMEZONE:Asia/Shanghai"]
    for r in b.notice_rows:
        if r["end"] is None:
            continue  # its end waits for next year's holiday calendar: no date to put in a calendar yet
        lines += _event(f"notice-{r['id']}@{host}", r["start"], r["end"], f"公示期：{r['title']}",
                        f"{base}notices/{r['id']}.html",
                        f"{r['program_name']}。公示期 {r['start'].isoformat()} 至 {r['end'].isoformat()}，"
                        "期间可对公示名单提出异议。", b.as_of)
    for e in sorted(b.reg.valid("need"), key=lambda e: e.id):
        need = e.model
        if need.deadline is None or need.published > b.as_of:
            continue
        lines += _event(f"need-{e.id}@{host}", need.deadline, need.deadline, f"揭榜截止：{need.title}",
                        f"{base}needs/{e.id}.html", f"{need.title}：{need.mode}，截止 {need.deadline.isoformat()}。",
                        b.as_of)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def build(b) -> None:
    b.files["calendar.ics"] = calendar(b)
