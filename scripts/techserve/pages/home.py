"""Home: open calls, latest notices and headline numbers."""

from __future__ import annotations

from datetime import date


def build(b) -> None:
    open_calls = [r for r in b.program_rows if r["state"] in ("受理中", "常年受理")]
    apps = list(b.reg.valid("application"))
    numbers = {
        "programs": len(b.programs),
        "approved": sum(b.book.of(e.id) in ("approved", "completed") for e in apps),
        "open_needs": sum(e.model.published <= b.as_of and b.need_status[e.id] == "征集中"
                          for e in b.reg.valid("need")),
        **b.totals,
    }
    running = [{**n, "days_left": (n["end"] - b.as_of).days + 1 if n["end"] else None}
               for n in b.notice_rows if n["open"]]
    b.page("index.md", "home.md", open_calls=open_calls, notices=b.notice_rows[:6], numbers=numbers,
           running=sorted(running, key=lambda n: (n["end"] or date.max, n["id"])), repository=b.repository)
