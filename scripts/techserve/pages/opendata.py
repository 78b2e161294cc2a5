"""Open data: the public registry as JSON and CSV (UTF-8 with BOM, so Excel reads the Chinese),
with a JSON Schema for each table. Rows come only from the public views."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from markupsafe import Markup

from ..registry.status import STATUS_LABELS
from .quality import FAIR, GOOD, GRADES, assess, overall

# table → [(column, 中文列名, JSON type)]; lists are joined with "；" in CSV. A code or an id has
# its Chinese label or name in the next column (…_label, …_name), so a clerk reads the sheet and a
# program still joins on the ids.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "programs": [("id", "项目编号", "string"), ("name", "项目名称", "string"), ("issuer", "发布单位", "string"),
                 ("document", "文号", "string"), ("published", "发布日期", "date"),
                 ("start", "实施开始", "date"), ("end", "实施结束", "date")],
    "units": [("id", "单位编号", "string"), ("name", "单位名称", "string"), ("type", "单位类型", "string"),
              ("province", "省份", "string"), ("city", "城市", "string")],
    "people": [("id", "人员编号", "string"), ("name", "姓名", "string"), ("gender", "性别", "string"),
               ("unit", "单位编号", "string"), ("unit_name", "工作单位", "string"),
               ("title", "职称", "string"), ("title_level", "职称级别", "string"),
               ("degree", "学位", "string"), ("fields", "研究领域", "array")],
    "enterprises": [("id", "企业编号", "string"), ("name", "企业名称", "string"), ("city", "城市", "string"),
                    ("county", "县（市、区）", "string"), ("park", "园区", "string"),
                    ("industry", "行业", "string")],
    "applications": [("id", "申报编号", "string"), ("program", "项目编号", "string"),
                     ("program_name", "项目名称", "string"),
                     ("kind", "申报形式代码", "string"), ("kind_label", "申报形式", "string"),
                     ("name", "名称", "string"), ("leader", "团长或申报人编号", "string"),
                     ("leader_name", "团长或申报人", "string"), ("members", "成员编号", "array"),
                     ("member_names", "成员", "array"), ("recommended_by", "推荐单位编号", "string"),
                     ("recommended_by_name", "推荐单位", "string"), ("fields", "服务领域", "array"),
                     ("enterprise", "结对企业编号", "string"), ("enterprise_name", "结对企业", "string"),
                     ("status", "状态代码", "string"), ("status_label", "状态", "string")],
    "needs": [("id", "需求编号", "string"), ("program", "项目编号", "string"), ("program_name", "项目名称", "string"),
              ("enterprise", "企业编号", "string"), ("enterprise_name", "发布企业", "string"),
              ("title", "需求名称", "string"), ("categories", "需求类别", "array"), ("fields", "技术领域", "array"),
              ("mode", "方式", "string"), ("budget_wan", "榜单金额（万元）", "number"),
              ("deadline", "揭榜截止日期", "date"), ("published", "发布日期", "date"),
              ("status", "状态", "string")],
    "agreements": [("id", "协议编号", "string"), ("program", "项目编号", "string"),
                   ("program_name", "项目名称", "string"),
                   ("application", "申报编号", "string"), ("application_name", "团队或申报名称", "string"),
                   ("person", "特派员编号", "string"), ("person_name", "特派员", "string"),
                   ("enterprise", "企业编号", "string"), ("enterprise_name", "企业", "string"),
                   ("need", "需求编号", "string"), ("need_title", "对应需求", "string"),
                   ("signed", "签订日期", "date"), ("start", "服务开始", "date"), ("end", "服务结束", "date"),
                   ("match_method", "匹配方式", "string")],
    "services": [("id", "服务编号", "string"), ("program", "项目编号", "string"), ("program_name", "项目名称", "string"),
                 ("agreement", "协议编号", "string"), ("date", "服务日期", "date"),
                 ("people", "服务人员编号", "array"), ("people_names", "服务人员", "array"),
                 ("conversion", "成果转化", "boolean")],
    "notices": [("id", "公示编号", "string"), ("program", "项目编号", "string"), ("program_name", "项目名称", "string"),
                ("title", "公示标题", "string"), ("start", "公示开始", "date"), ("end", "公示结束", "date"),
                ("applications", "公示名单编号", "array"), ("application_names", "公示名单", "array")],
}
TABLE_TITLES = {"programs": "项目", "units": "单位", "people": "人员", "enterprises": "企业", "applications": "申报",
                "needs": "技术需求", "agreements": "协议", "services": "服务登记", "notices": "公示"}
KIND_LABELS = {"team": "团队", "individual": "个人"}
KIND_NAMES = {"string": "文字", "array": "多个值（；分隔）", "number": "数字", "boolean": "是/否", "date": "日期（年-月-日）"}


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
    _name_the_ids(b, out)
    return {name: [{col: row.get(col) for col, _, _ in TABLES[name]} for row in table]
            for name, table in out.items()}


def _name_the_ids(b, out: dict[str, list[dict]]) -> None:
    """Fill each …_name / …_label column from the public names of what the id points at."""
    def names(kind: str, attr: str = "name") -> dict[str, str]:
        return {e.id: getattr(e.model, attr) for e in b.reg.valid(kind)}

    program, unit, person, enterprise = names("program"), names("unit"), names("person"), names("enterprise")
    application, need = names("application"), names("need", "title")

    def one(record_id: str | None, kind: dict[str, str]) -> str | None:
        return kind.get(record_id) if record_id else None

    def many(ids, kind: dict[str, str]) -> list[str]:
        return [kind.get(i, i) for i in ids or []]

    for row in out["people"]:
        row["unit_name"] = one(row["unit"], unit)
    for row in out["applications"]:
        row.update(program_name=one(row["program"], program), kind_label=KIND_LABELS.get(row["kind"]),
                   leader_name=one(row["leader"], person), member_names=many(row["members"], person),
                   recommended_by_name=one(row["recommended_by"], unit),
                   enterprise_name=one(row["enterprise"], enterprise), status_label=STATUS_LABELS.get(row["status"]))
    for row in out["needs"]:
        row.update(program_name=one(row.get("program"), program), enterprise_name=one(row["enterprise"], enterprise))
    for row in out["agreements"]:
        row.update(program_name=one(row.get("program"), program),
                   application_name=one(row.get("application"), application), person_name=one(row.get("person"), person),
                   enterprise_name=one(row.get("enterprise"), enterprise), need_title=one(row.get("need"), need))
    for row in out["services"]:
        row.update(program_name=one(row.get("program"), program), people_names=many(row.get("people"), person))
    for row in out["notices"]:
        row.update(program_name=one(row["program"], program), application_names=many(row["applications"], application))


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
        if kind == "date":
            return {"title": title, "type": ["string", "null"], "format": "date"}
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


FRICTIONLESS_TYPES = {"string": "string", "array": "string", "number": "number", "boolean": "boolean", "date": "date"}

# The data's licence: the office chooses it (TECHSERVE_DATA_LICENSE, or the site plugin's
# `data_license`); by default CC BY 4.0, which the national and provincial open-data portals
# accept and which asks a re-user only to name the source.
LICENSES = {
    "CC-BY-4.0": ("知识共享 署名 4.0 国际（CC BY 4.0）", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("知识共享 CC0 1.0 公共领域贡献", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": ("开放数据共享 署名许可 1.0（ODC-By）", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("开放数据库许可 1.0（ODbL）", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
DEFAULT_LICENSE = "CC-BY-4.0"
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"


def data_license(configured: str | None = None, env=None) -> str:
    """The licence id: the configured one, else $TECHSERVE_DATA_LICENSE, else the default.
    ValueError (in Chinese) for an id this site cannot name."""
    import os

    chosen = (configured or (env if env is not None else os.environ).get("TECHSERVE_DATA_LICENSE") or DEFAULT_LICENSE)
    if chosen not in LICENSES:
        raise ValueError(f"开放数据许可“{chosen}”不认识，可选：{'、'.join(LICENSES)}")
    return chosen


def _version(b) -> str:
    """The package's version: the day of its data (CalVer), so each day's snapshot is its own."""
    return f"{b.as_of.year}.{b.as_of.month}.{b.as_of.day}"


def datapackage(b, tables: dict[str, list[dict]], files: dict[str, bytes] | None = None) -> dict:
    """A Data Package (v2) describing the CSV files: one table resource per file, with its
    bytes and SHA-256 (so a harvester knows a file is the one described), its fields named as the
    CSV's Chinese headers, with the code name, type and what a value means; lists are one cell
    joined by "；". The CSVs start with a byte-order mark for Excel; v2 names the encoding utf-8,
    and a reader drops the mark."""
    import hashlib

    def field(col: str, title: str, kind: str) -> dict:
        f: dict[str, Any] = {"name": title, "title": title, "type": FRICTIONLESS_TYPES[kind], "description": f"字段 {col}"}
        if kind == "array":
            f["description"] += "；多个值用“；”分隔"
        if kind == "boolean":
            f.update(trueValues=["是"], falseValues=["否"])
        return f

    def sized(path: str) -> dict:
        data = (files or {}).get(f"data/{path}")
        return {"bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"} if data is not None else {}

    licence = getattr(b, "license", None) or DEFAULT_LICENSE
    title, url = LICENSES[licence]
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "techserve-open-data",
        "title": "科技服务公开数据",
        "version": _version(b),
        "description": "科技服务团、科技特派员等项目的公开登记数据：项目、单位、人员、企业、申报、需求、协议、服务登记和公示。"
                       "只含公开字段。",
        "licenses": [{"name": licence, "path": url, "title": title}],
        "created": f"{b.as_of.isoformat()}T00:00:00+08:00",  # datetime (RFC 3339), as the spec wants
        "resources": [{
            "$schema": RESOURCE_PROFILE, "name": name, "type": "table", "title": TABLE_TITLES[name],
            "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", **sized(f"{name}.csv"),
            "schema": {"$schema": TABLE_PROFILE, "fields": [field(c, t, k) for c, t, k in cols], "missingValues": [""],
                       "primaryKey": [cols[0][1]]},
        } for name, cols in TABLES.items()],
    }


def dataset_jsonld(b, tables: dict[str, list[dict]]) -> str:
    """schema.org Dataset for the data page (search engines list it as a data set)."""
    base = b.site_url or ""
    licence = getattr(b, "license", None) or DEFAULT_LICENSE
    doc = {"@context": "https://schema.org", "@type": "Dataset", "name": "科技服务公开数据",
           "description": datapackage(b, tables)["description"], "inLanguage": "zh-CN",
           "dateModified": b.as_of.isoformat(), "isAccessibleForFree": True, "license": LICENSES[licence][1],
           "version": _version(b),
           "distribution": [{"@type": "DataDownload", "name": TABLE_TITLES[n], "encodingFormat": "text/csv",
                             "contentUrl": f"{base}data/{n}.csv"} for n in TABLES]
           + [{"@type": "DataDownload", "name": "全部（JSON）", "encodingFormat": "application/json",
               "contentUrl": f"{base}data/registry.json"}]}
    # inside <script>: no "<" at all, so nothing in it can close the element
    return json.dumps(doc, ensure_ascii=False, indent=1).replace("<", "\\u003c")


def export(b, tables: dict[str, list[dict]] | None = None) -> dict[str, bytes]:
    """data/registry.json, data/<table>.csv, data/registry.schema.json and data/datapackage.json."""
    tables = tables if tables is not None else rows(b)
    files = {"data/registry.json": json.dumps({"as_of": b.as_of.isoformat(), **tables}, ensure_ascii=False,
                                              indent=1).encode("utf-8"),
             "data/registry.schema.json": json.dumps(schema(), ensure_ascii=False, indent=2).encode("utf-8")}
    for name, table in tables.items():
        files[f"data/{name}.csv"] = to_csv(name, table)
    files["data/datapackage.json"] = json.dumps(datapackage(b, tables, files), ensure_ascii=False,
                                                indent=1).encode("utf-8")
    files["data/catalog.jsonld"] = json.dumps(dcat_catalog(b, files), ensure_ascii=False, indent=1).encode("utf-8")
    return files


def dcat_catalog(b, files: dict[str, bytes]) -> dict:
    """A DCAT (W3C Data Catalog Vocabulary, JSON-LD) catalogue of the data set and its files, the
    form open-data portals harvest: each distribution with its download address, media type,
    size, checksum and licence."""
    import hashlib

    base = b.site_url or ""
    licence = getattr(b, "license", None) or DEFAULT_LICENSE
    lic = LICENSES[licence][1]

    def distribution(name: str, title: str, media: str) -> dict:
        data = files[f"data/{name}"]
        return {"@id": f"{base}data/{name}", "@type": "dcat:Distribution", "dct:title": title,
                "dcat:downloadURL": {"@id": f"{base}data/{name}"}, "dcat:mediaType": media,
                "dcat:byteSize": {"@value": str(len(data)), "@type": "xsd:nonNegativeInteger"},
                "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                                  "spdx:checksumValue": hashlib.sha256(data).hexdigest()},
                "dct:license": {"@id": lic}}

    issuers = sorted({e.model.issuer for e in getattr(b, "programs", [])})
    dataset = {
        "@id": f"{base}data/#dataset", "@type": "dcat:Dataset", "dct:title": "科技服务公开数据",
        "dct:description": "科技服务团、科技特派员等项目的公开登记数据（只含公开字段），每天更新。",
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
        "dct:modified": {"@value": b.as_of.isoformat(), "@type": "xsd:date"}, "dct:license": {"@id": lic},
        "dcat:version": _version(b), "dcat:landingPage": {"@id": f"{base}data/"},
        "dcat:keyword": ["科技服务团", "科技特派员", "企业技术需求", "揭榜挂帅"],
        "dct:publisher": [{"@type": "foaf:Agent", "foaf:name": name} for name in issuers],
        "dcat:distribution": [distribution(f"{n}.csv", TABLE_TITLES[n], "text/csv") for n in TABLES]
        + [distribution("registry.json", "全部（JSON）", "application/json"),
           distribution("datapackage.json", "数据包说明（Data Package）", "application/json")],
    }
    return {"@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                         "foaf": "http://xmlns.com/foaf/0.1/", "xsd": "http://www.w3.org/2001/XMLSchema#",
                         "spdx": "http://spdx.org/rdf/terms#"},
            "@id": f"{base}data/catalog.jsonld", "@type": "dcat:Catalog", "dct:title": "科技服务公开数据目录",
            "dct:modified": {"@value": b.as_of.isoformat(), "@type": "xsd:date"}, "dcat:dataset": [dataset]}


def build(b) -> None:
    tables = rows(b)
    b.files.update(export(b, tables))
    counts = {name: len(t) for name, t in tables.items()}
    heads = {(name, col): head for name, cols in TABLES.items() for col, head, _ in cols}
    checks = assess(tables, b.as_of, heads, TABLE_TITLES)
    grade = overall(checks)
    b.files["data/quality.json"] = json.dumps(
        {"as_of": b.as_of.isoformat(), "grade": grade, "grade_label": GRADES[grade],
         "checks": [c.as_dict() for c in checks]}, ensure_ascii=False, indent=1).encode("utf-8")
    b.page("data/quality.md", "quality.md", checks=checks, grade=GRADES[grade], grades=GRADES, titles=TABLE_TITLES,
           good=GOOD, fair=FAIR)
    b.page("data/index.md", "data.md", tables=[(n, TABLE_TITLES[n], counts[n]) for n in TABLES],
           columns=[(n, TABLE_TITLES[n], TABLES[n]) for n in TABLES], kinds=KIND_NAMES,
           license_title=LICENSES[b.license][0], license_url=LICENSES[b.license][1], site_name="科技服务公示与登记",
           jsonld=Markup(dataset_jsonld(b, tables)))
