"""The open data's quality, graded the way 360Giving's Data Quality Tool grades a grants file:
validity checks (each table's ids unique, its key columns filled, every reference resolving inside
the package, its dates real and in order) that the data must pass, and usefulness checks (what
makes the data worth reusing: fields, industries, districts, needs behind agreements) scored by
the share of rows that meet them. The page is for the office as much as for a reuser: it says what
to fill in next.

Computed from the published tables alone (opendata.rows), so it grades exactly what is downloaded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

# Usefulness grades by the share of rows that meet a check.
GOOD, FAIR = 0.95, 0.80
GRADES = {"pass": "通过", "fail": "未通过", "good": "优", "fair": "良", "poor": "待改进"}

# table → the columns every row must fill
REQUIRED = {
    "programs": ("id", "name", "issuer", "published", "start", "end"),
    "units": ("id", "name", "type"),
    "people": ("id", "name", "unit"),
    "enterprises": ("id", "name", "city"),
    "applications": ("id", "program", "kind", "name", "recommended_by", "status"),
    "needs": ("id", "program", "enterprise", "title", "published"),
    "agreements": ("id", "program", "enterprise", "signed", "start", "end"),
    "services": ("id", "program", "agreement", "date"),
    "notices": ("id", "program", "title", "start"),
}
# (table, column, target table): a value, or each value of a list, is an id of the target table
REFERENCES = [
    ("people", "unit", "units"), ("applications", "program", "programs"), ("applications", "recommended_by", "units"),
    ("applications", "members", "people"), ("applications", "enterprise", "enterprises"),
    ("needs", "program", "programs"), ("needs", "enterprise", "enterprises"),
    ("agreements", "program", "programs"), ("agreements", "application", "applications"),
    ("agreements", "person", "people"), ("agreements", "enterprise", "enterprises"), ("agreements", "need", "needs"),
    ("services", "program", "programs"), ("services", "agreement", "agreements"), ("services", "people", "people"),
    ("notices", "program", "programs"), ("notices", "applications", "applications"),
]
# (table, start column, end column): the end is not before the start
SPANS = [("programs", "start", "end"), ("agreements", "start", "end"), ("notices", "start", "end")]
# (table, column): a day that has happened by the data's date
PAST = [("needs", "published"), ("agreements", "signed"), ("services", "date"), ("notices", "start")]
# (table, title, test of a row): what makes a row useful beyond being valid
USEFUL = [
    ("people", "人员写明研究领域（供需求匹配）", lambda r: bool(r.get("fields"))),
    ("enterprises", "企业写明所属行业", lambda r: bool(r.get("industry"))),
    ("enterprises", "企业写明所在县（市、区）（按地区统计）", lambda r: bool(r.get("county"))),
    ("applications", "申报写明服务领域", lambda r: bool(r.get("fields"))),
    ("needs", "需求写明技术领域", lambda r: bool(r.get("fields"))),
    # only where the program takes needs: a 结对 program pairs a team with an enterprise, not a need
    ("agreements", "协议对应一项企业需求（发布需求的项目）", lambda r: bool(r.get("need"))),
    ("notices", "公示有确定的结束日期", lambda r: bool(r.get("end"))),
]


@dataclass
class Check:
    table: str
    kind: str  # "validity" or "usefulness"
    title: str  # Chinese
    passed: int
    total: int
    grade: str  # a key of GRADES
    examples: list[str] = field(default_factory=list)  # ids of rows that fail, the first few

    @property
    def share(self) -> float:
        return self.passed / self.total if self.total else 1.0

    def as_dict(self) -> dict:
        return {**asdict(self), "grade_label": GRADES[self.grade], "share": round(self.share, 4)}


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _validity(table: str, title: str, rows: list[dict], ok) -> Check:
    bad = [str(r.get("id")) for r in rows if not ok(r)]
    return Check(table, "validity", title, len(rows) - len(bad), len(rows), "fail" if bad else "pass", bad[:5])


def _useful(table: str, title: str, rows: list[dict], ok) -> Check:
    bad = [str(r.get("id")) for r in rows if not ok(r)]
    share = (len(rows) - len(bad)) / len(rows) if rows else 1.0
    grade = "good" if share >= GOOD else "fair" if share >= FAIR else "poor"
    return Check(table, "usefulness", title, len(rows) - len(bad), len(rows), grade, bad[:5])


def assess(tables: dict[str, list[dict]], as_of: date, heads: dict[tuple[str, str], str] | None = None,
           titles: dict[str, str] | None = None) -> list[Check]:
    """Every check on the published tables, validity first. `heads` ((table, column) → the CSV's
    Chinese column title) and `titles` (table → its Chinese name) word the checks for the public."""
    heads, titles = heads or {}, titles or {}

    def h(table: str, col: str) -> str:
        return heads.get((table, col), col)

    ids = {name: {r.get("id") for r in rows} for name, rows in tables.items()}
    checks: list[Check] = []
    for name, rows in tables.items():
        counts = Counter(r.get("id") for r in rows)
        dup = {i for i, n in counts.items() if n > 1}
        checks.append(_validity(name, "编号不重复", rows, lambda r, dup=dup: r.get("id") not in dup))
        cols = REQUIRED.get(name, ())
        checks.append(_validity(name, f"必填列齐全（{'、'.join(h(name, c) for c in cols)}）", rows,
                                lambda r, cols=cols: all(r.get(c) not in (None, "", []) for c in cols)))
    for name, col, target in REFERENCES:
        if name not in tables:
            continue
        known = ids.get(target, set())

        def resolves(r, col=col, known=known) -> bool:
            value = r.get(col)
            values = value if isinstance(value, list) else [value]
            return all(v in known for v in values if v not in (None, ""))
        checks.append(_validity(name, f"“{h(name, col)}”都能在“{titles.get(target, target)}”表中找到", tables[name], resolves))
    for name, start, end in SPANS:
        def ordered(r, start=start, end=end) -> bool:
            a, b = _day(r.get(start)), _day(r.get(end))
            return r.get(end) in (None, "") or (a is not None and b is not None and a <= b)
        checks.append(_validity(name, f"“{h(name, start)}”不晚于“{h(name, end)}”", tables.get(name, []), ordered))
    for name, col in PAST:
        def happened(r, col=col) -> bool:
            day = _day(r.get(col))
            return day is not None and day <= as_of
        checks.append(_validity(name, f"“{h(name, col)}”是真实日期且不晚于数据日期", tables.get(name, []), happened))
    with_needs = {r.get("program") for r in tables.get("needs", [])}
    for name, title, ok in USEFUL:
        rows = tables.get(name, [])
        if name == "agreements":
            rows = [r for r in rows if r.get("program") in with_needs]
        checks.append(_useful(name, title, rows, ok))
    return checks


def overall(checks: list[Check]) -> str:
    """优 when every validity check passes and every usefulness check is 优; 良 when every validity
    check passes and none is 待改进; 待改进 otherwise."""
    if any(c.grade == "fail" for c in checks):
        return "poor"
    useful = [c.grade for c in checks if c.kind == "usefulness"]
    return "good" if all(g == "good" for g in useful) else "fair" if "poor" not in useful else "poor"
