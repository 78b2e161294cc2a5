"""Open data: the public registry as JSON and CSV (UTF-8 with BOM, so Excel reads the Chinese),
with a JSON Schema for each table. Rows come only from the public views."""

from __future__ import annotations

import csv
import io
import json

# table → [(column, 中文列名, JSON type)]; lists are joined with "；" in CSV.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "programs": [("id", "项目编号", "string"), ("name", "项目名称", "string"), ("issuer", "发布单位", "string"),
                 ("document", "文号", "string"), ("published", "发布日期", "string"),
                 ("start", "实施开始", "string"), ("end", "实施结束", "string")],
    "units": [("id", "单位编号", "string"), ("name", "单位名称", "string"), ("type", "单位类型", "string"),
              ("province", "省份", "string"), ("city", "城市", "string")],
    "people": [("id", "人员编号", "string"), ("name", "姓名", "string"), ("gender", "性别", "string"),
               ("unit", "工作单位", "string"), ("title", "职称", "string"), ("title_level", "职称级别", "string"),
               ("degree", "学位", "string"), ("fields", "研究领域", "array")],
    "enterprises": [("id", "企业编号", "string"), ("name", "企业名称", "string"), ("city", "城市", "string"),
                    ("county", "县（市、区）", "string"), ("park", "园区", "string"),
                    ("industry", "行业", "string")],
    "applications": [("id", "申报编号", "string"), ("program", "项目编号", "string"), ("kind", "申报形式", "string"),
                     ("name", "名称", "string"), ("leader", "团长或申报人", "string"),
                     ("members", "成员", "array"), ("recommended_by", "推荐单位", "string"),
                     ("fields", "服务领域", "array"), ("enterprise", "结对企业", "string"),
                     ("status", "状态", "string")],
    "needs": [("id", "需求编号", "string"), ("program", "项目编号", "string"), ("enterprise", "发布企业", "string"),
              ("title", "需求名称", "string"), ("categories", "需求类别", "array"), ("fields", "技术领域", "array"),
              ("mode", "方式", "string"), ("budget_wan", "榜单金额（万元）", "number"),
              ("deadline", "揭榜截止日期", "string"), ("published", "发布日期", "string"),
              ("status", "状态", "string")],
    "agreements": [("id", "协议编号", "string"), ("program", "项目编号", "string"),
                   ("application", "申报编号", "string"), ("person", "特派员", "string"),
                   ("enterprise", "企业", "string"), ("need", "对应需求", "string"), ("signed", "签订日期", "string"),
                   ("start", "服务开始", "string"), ("end", "服务结束", "string"),
                   ("match_method", "匹配方式", "string")],
    "services": [("id", "服务编号", "string"), ("program", "项目编号", "string"), ("agreement", "协议", "string"),
                 ("date", "服务日期", "string"), ("people", "服务人员", "array"), ("conversion", "成果转化", "boolean")],
    "notices": [("id", "公示编号", "string"), ("program", "项目编号", "string"), ("title", "公示标题", "string"),
                ("start", "公示开始", "string"), ("end", "公示结束", "string"), ("applications", "公示名单", "array")],
}
TABLE_TITLES = {"programs": "项目", "units": "单位", "people": "人员", "enterprises": "企业", "applications": "申报",
                "needs": "技术需求", "agreements": "协议", "services": "服务登记", "notices": "公示"}


def rows(b) -> dict[str, list[dict]]:
    """Every public table as of the build day."""
    pub, as_of = b.public, b.as_of
    out: dict[str, list[dict]] = {
        "programs": [{"id": e.id, "name": e.model.name, "issuer": e.model.issuer, "document": e.model.document,
                      "published": e.model.published.isoformat(), "start": e.model.period.start.isoformat(),
                      "end": e.model.period.end.isoformat()} for e in b.programs],
        "units": [pub.unit(e.id) for e in b.reg.valid("unit")],
        "people": [{**(p := pub.person(e.id)), "unit": p["unit"]["id"]} for e in b.reg.valid("person")],
        "enterprises": [pub.enterprise(e.id) for e in b.reg.valid("enterprise")],
        "applications": [],
        "needs": [],
        "agreements": [pub.agreement(e) for e in b.reg.valid("agreement") if e.model.signed <= as_of],
        "services": [{k: v for k, v in pub.service(e).items() if k not in ("content", "outcome")}
                     for e in b.reg.valid("service") if e.model.date <= as_of],
        "notices": [{"id": r["id"], "program": r["program"], "title": r["title"], "start": r["start"].isoformat(),
                     "end": r["end"].isoformat() if r["end"] else None, "applications": r["applications"]}
                    for r in b.notice_rows],
    }
    for e in b.reg.valid("application"):
        if e.model.submitted > as_of:
            continue
        app = e.model
        out["applications"].append({
            "id": e.id, "program": e.program, "kind": app.kind, "name": app.name, "leader": app.leader(),
            "members": app.people(), "recommended_by": app.recommended_by, "fields": list(app.fields),
            "enterprise": app.enterprise, "status": b.book.of(e.id)})
    for e in b.reg.valid("need"):
        if e.model.published <= as_of:
            view = pub.need(e, b.need_status[e.id])
            out["needs"].append({**view, "enterprise": e.model.enterprise})
    return {name: [{col: row.get(col) for col, _, _ in TABLES[name]} for row in table]
            for name, table in out.items()}


def _cell(value) -> str:
    if isinstance(value, list):
        value = "；".join(map(str, value))
    text = "是" if value is True else "否" if value is False else "" if value is None else str(value)
    # A cell starting with = + - @ is a formula to Excel: quote it so applicant text stays text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(name: str, table: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([title for _, title, _ in TABLES[name]])
    for row in table:
        writer.writerow([_cell(row[c]) for c, _, _ in TABLES[name]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def schema() -> dict:
    def column(title: str, kind: str) -> dict:
        if kind == "array":
            return {"title": title, "type": ["array", "null"], "items": {"type": "string"}}
        return {"title": title, "type": [kind, "null"]}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "科技服务公开数据", "type": "object", "required": ["as_of", *TABLES],
        "properties": {"as_of": {"title": "数据截至", "type": "string"}, **{
            name: {"title": TABLE_TITLES[name], "type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": [c for c, _, _ in cols],
                "properties": {c: column(t, k) for c, t, k in cols}}}
            for name, cols in TABLES.items()}},
    }


def export(b, tables: dict[str, list[dict]] | None = None) -> dict[str, bytes]:
    """data/registry.json, data/<table>.csv and data/registry.schema.json."""
    tables = tables if tables is not None else rows(b)
    files = {"data/registry.json": json.dumps({"as_of": b.as_of.isoformat(), **tables}, ensure_ascii=False,
                                              indent=1).encode("utf-8"),
             "data/registry.schema.json": json.dumps(schema(), ensure_ascii=False, indent=2).encode("utf-8")}
    for name, table in tables.items():
        files[f"data/{name}.csv"] = to_csv(name, table)
    return files


def build(b) -> None:
    tables = rows(b)
    b.files.update(export(b, tables))
    counts = {name: len(t) for name, t in tables.items()}
    b.page("data/index.md", "data.md", tables=[(n, TABLE_TITLES[n], counts[n]) for n in TABLES])
