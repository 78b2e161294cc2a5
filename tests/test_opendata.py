"""Open data a clerk and a journalist can use: Chinese labels and names beside the codes and ids,
a Frictionless Data Package that `frictionless validate` accepts (and rejects when a file breaks
it), and a schema.org Dataset on the data page."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from techserve.registry.status import STATUS_LABELS

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def table(built: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((built / f"data/{name}.csv").read_text(encoding="utf-8-sig"))))


def validate(package: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FRICTIONLESS), "validate", "--json", str(package)], capture_output=True, text=True,
                          timeout=300)


def test_the_data_package_validates_with_frictionless(built):
    proc = validate(built / "data/datapackage.json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["valid"], json.dumps(report, ensure_ascii=False)[:2000]
    package = json.loads((built / "data/datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {p.name for p in (built / "data").glob("*.csv")}


def test_a_broken_file_fails_the_package(built, tmp_path):
    """So the test above can fail: a 是/否 column given another word, a date column a Chinese date."""
    copy = tmp_path / "data"
    shutil.copytree(built / "data", copy)
    text = (copy / "services.csv").read_text(encoding="utf-8-sig")
    (copy / "services.csv").write_text(re.sub(r",否\n", ",也许\n", text, count=1), encoding="utf-8-sig")
    text = (copy / "programs.csv").read_text(encoding="utf-8-sig")
    (copy / "programs.csv").write_text(re.sub(r"\d{4}-\d{2}-\d{2}", "2025年5月12日", text, count=1), encoding="utf-8-sig")
    report = json.loads(validate(copy / "datapackage.json").stdout)
    assert not report["valid"]
    bad = {t["name"] for t in report["tasks"] if not t["valid"]}
    assert bad == {"services", "programs"}


def test_codes_and_ids_have_their_chinese_beside_them(built):
    apps = table(built, "applications")
    assert apps and all(r["状态"] == STATUS_LABELS[r["状态代码"]] for r in apps)
    assert all(r["申报形式"] == {"team": "团队", "individual": "个人"}[r["申报形式代码"]] for r in apps)
    people = {r["人员编号"]: r["姓名"] for r in table(built, "people")}
    units = {r["单位编号"]: r["单位名称"] for r in table(built, "units")}
    for r in apps:
        assert r["团长或申报人"] == people[r["团长或申报人编号"]]
        assert r["成员"].split("；") == [people[i] for i in r["成员编号"].split("；")]
        assert r["推荐单位"] == units[r["推荐单位编号"]]
    agreements = table(built, "agreements")
    assert all(r["企业"] for r in agreements) and any(r["对应需求"] for r in agreements)


def test_the_data_page_describes_every_table_and_is_a_schema_org_dataset(built):
    html = (built / "data/index.html").read_text(encoding="utf-8")
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    doc = json.loads(block)
    assert doc["@type"] == "Dataset" and doc["inLanguage"] == "zh-CN"
    assert {d["contentUrl"].rsplit("/", 1)[-1] for d in doc["distribution"]} >= {"applications.csv", "registry.json"}
    assert 'id="数据说明"' in html and "团长或申报人编号" in html and "多个值（；分隔）" in html


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--"])
def test_the_json_ld_cannot_be_closed_by_data(text):
    from types import SimpleNamespace

    from techserve.pages.opendata import dataset_jsonld

    b = SimpleNamespace(site_url=f"https://x.example/{text}/", as_of=__import__("datetime").date(2026, 1, 1))
    out = dataset_jsonld(b, {})
    assert "<" not in out and json.loads(out)["distribution"][0]["contentUrl"].startswith(f"https://x.example/{text}")


def test_the_package_is_v2_with_a_licence_a_version_and_each_files_hash(built):
    import hashlib

    package = json.loads((built / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "知识共享 署名 4.0 国际（CC BY 4.0）"}]
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}", package["version"])
    for r in package["resources"]:
        data = (built / "data" / r["path"]).read_bytes()
        assert r["type"] == "table" and r["encoding"] == "utf-8" and "profile" not in r
        assert r["bytes"] == len(data) and r["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
    html = (built / "data/index.html").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by/4.0/" in html and "calendar.ics" in html


def test_a_file_changed_after_publication_fails_its_hash(built, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(built / "data", copy)
    text = (copy / "units.csv").read_text(encoding="utf-8-sig")
    (copy / "units.csv").write_text(text.replace("九江学院", "九江学校", 1), encoding="utf-8-sig")
    report = json.loads(validate(copy / "datapackage.json").stdout)
    [bad] = [t for t in report["tasks"] if not t["valid"]]
    assert bad["name"] == "units" and "hash-count" in {e["type"] for e in bad["errors"]}


def test_the_office_chooses_the_licence_and_an_unknown_one_is_refused(monkeypatch):
    from techserve.pages.opendata import data_license

    assert data_license() == "CC-BY-4.0"
    assert data_license(env={"TECHSERVE_DATA_LICENSE": "CC0-1.0"}) == "CC0-1.0"
    assert data_license("ODbL-1.0", env={"TECHSERVE_DATA_LICENSE": "CC0-1.0"}) == "ODbL-1.0"
    with pytest.raises(ValueError, match="不认识"):
        data_license("MIT")


def test_the_dcat_catalogue_lists_every_file_with_its_checksum_and_licence(built):
    import hashlib

    catalog = json.loads((built / "data/catalog.jsonld").read_text(encoding="utf-8"))
    assert catalog["@type"] == "dcat:Catalog" and catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    [dataset] = catalog["dcat:dataset"]
    assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert {p["foaf:name"] for p in dataset["dct:publisher"]} >= {"中共九江市委人才工作领导小组"}
    files = {d["dcat:downloadURL"]["@id"].rsplit("/", 1)[-1]: d for d in dataset["dcat:distribution"]}
    assert set(files) >= {p.name for p in (built / "data").glob("*.csv")} | {"registry.json", "datapackage.json"}
    for name, d in files.items():
        data = (built / "data" / name).read_bytes()
        assert d["spdx:checksum"]["spdx:checksumValue"] == hashlib.sha256(data).hexdigest()
        assert int(d["dcat:byteSize"]["@value"]) == len(data) and d["dcat:mediaType"]


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_calendar_holds_each_objection_period_and_deadline(built):
    raw = (built / "calendar.ics").read_bytes()
    text = raw.decode("utf-8")
    physical = text.split("\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)  # folded, never inside a character
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines and lines[-2] == "END:VCALENDAR"
    events = "\r\n".join(lines).split("BEGIN:VEVENT")[1:]
    assert all(all(f"\r\n{p}" in e for p in ("UID:", "DTSTAMP:", "DTSTART;VALUE=DATE:", "SUMMARY:")) for e in events)
    notice = next(e for e in events if "UID:notice-2026-gongshi-2@" in e)
    # 2026-11-20 to 2026-11-24 inclusive: an all-day event ends the day after
    assert "DTSTART;VALUE=DATE:20261120" in notice and "DTEND;VALUE=DATE:20261125" in notice
    assert "SUMMARY:公示期：2026年九江市科技服务团卓越行动拟入选名单公示（第二批）" in notice
    assert any(e.startswith("\r\nUID:need-") and "SUMMARY:揭榜截止：" in e for e in events)
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == len(events)


def test_calendar_text_is_escaped_and_folded_at_characters():
    from techserve.pages.calendar_feed import _fold, _text

    assert _text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "公示" * 40
    folded = _fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


def _tables(**over):
    tables = {
        "programs": [{"id": "p", "name": "项目", "issuer": "单位", "published": "2025-01-01", "start": "2025-01-01",
                      "end": "2026-12-31"}],
        "units": [{"id": "u", "name": "单位", "type": "高校"}],
        "people": [{"id": f"a{i}", "name": "人", "unit": "u", "fields": ["材料"]} for i in range(20)],
        "needs": [{"id": "n", "program": "p", "enterprise": "e", "title": "需求", "published": "2025-02-01",
                   "fields": ["材料"]}],
        "enterprises": [{"id": "e", "name": "企业", "city": "九江市", "county": "濂溪区", "industry": "化工"}],
        "agreements": [{"id": "g", "program": "p", "enterprise": "e", "person": "a0", "need": "n",
                        "signed": "2025-03-01", "start": "2025-03-01", "end": "2025-12-31"}],
    }
    tables.update(over)
    return tables


def test_data_quality_grades_validity_and_usefulness_at_their_boundaries():
    """360Giving-style: one dangling reference, a duplicate id or a date after the data's date
    fails validity; usefulness is 优 from 95% of rows, 良 from 80%, 待改进 below."""
    from datetime import date

    from techserve.pages.quality import assess, overall

    day = date(2026, 12, 6)
    checks = assess(_tables(), day)
    assert overall(checks) == "good" and all(c.grade in ("pass", "good") for c in checks)

    def grade(tables, title_part, table=None):
        return next((c.grade, c.examples) for c in assess(tables, day)
                    if title_part in c.title and table in (None, c.table))

    people = _tables()["people"]
    one_gap = [{**p, "fields": []} if p["id"] == "a0" else p for p in people]  # 19 of 20 = 95%
    assert grade(_tables(people=one_gap), "研究领域") == ("good", ["a0"])
    two_gaps = [{**p, "fields": []} if p["id"] in ("a0", "a1") else p for p in people]  # 90%
    assert grade(_tables(people=two_gaps), "研究领域")[0] == "fair"
    five_gaps = [{**p, "fields": []} if p["id"] in {f"a{i}" for i in range(5)} else p for p in people]  # 75%
    assert grade(_tables(people=five_gaps), "研究领域")[0] == "poor"
    stray = [{**p, "unit": "nowhere"} if p["id"] == "a3" else p for p in people]
    assert grade(_tables(people=stray), "“unit”都能在") == ("fail", ["a3"])
    assert grade(_tables(people=[*people, people[0]]), "编号不重复", "people") == ("fail", ["a0", "a0"])
    later = [{**_tables()["agreements"][0], "signed": "2026-12-07"}]
    assert grade(_tables(agreements=later), "“signed”是真实日期") == ("fail", ["g"])
    backwards = [{**_tables()["agreements"][0], "end": "2025-02-28"}]
    assert grade(_tables(agreements=backwards), "“start”不晚于“end”", "agreements") == ("fail", ["g"])
    assert overall(assess(_tables(agreements=backwards), day)) == "poor"


def test_the_quality_page_and_json_are_published(built):
    data = json.loads((built / "data/quality.json").read_text(encoding="utf-8"))
    assert data["grade_label"] in ("优", "良", "待改进") and len(data["checks"]) > 30
    assert not [c for c in data["checks"] if c["kind"] == "validity" and c["grade"] == "fail"]  # the examples are valid
    page = (built / "data/quality.html").read_text(encoding="utf-8")
    assert "有效性" in page and "实用性" in page and "总体评级" in page


def test_dated_snapshots_are_published_with_what_changed_between_them(example, tmp_path):
    """`export --snapshot` keeps the day's package under snapshots/<day>/ (never overwritten); the
    site lists each snapshot with its changes from the one before, today's data last compared
    with the newest, and every snapshot file still matches its datapackage.json's hash."""
    import hashlib

    from techserve.cli import main
    from techserve.pages import generate
    from techserve.registry import load_registry

    root = example.root
    assert main(["export", "--root", str(root), "--as-of", "2026-09-30", "--snapshot"]) == 0
    assert main(["export", "--root", str(root), "--as-of", "2026-09-30", "--snapshot"]) == 2  # kept as it was
    person = root / "submissions/people/sun-li-jju.yaml"
    assert main(["export", "--root", str(root), "--as-of", "2026-10-31", "--snapshot"]) == 0
    (root / "snapshots/2026-12-31").mkdir()  # a folder dated after the day of the build is not listed
    (root / "snapshots/notes").mkdir()  # nor one not named by a day
    # since then a person was promoted: today's data has the new title
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("title: 讲师\ntitle_level: 中级", "title: 副教授\ntitle_level: 副高"), encoding="utf-8")

    files = generate(load_registry(root), date(2026, 11, 22), beside=False)
    log = json.loads(files["data/changes.json"])
    assert log["snapshots"] == ["2026-09-30", "2026-10-31"]
    assert [(c["from"], c["to"]) for c in log["changes"]] == [("2026-09-30", "2026-10-31"), ("2026-10-31", "2026-11-22")]
    assert log["changes"][1]["tables"]["people"] == {"added": [], "removed": [], "changed": ["sun-li-jju"]}
    assert log["changes"][0]["tables"]["people"] == {"added": [], "removed": [], "changed": []}
    package = json.loads(files["data/snapshots/2026-10-31/datapackage.json"])
    assert package["version"] == "2026.10.31"
    for resource in package["resources"]:
        data = files[f"data/snapshots/2026-10-31/{resource['path']}"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    page = files["data/snapshots.md"]
    assert "2026-10-31" in page and "2026-09-30" in page and "修改 1" in page
    assert not any("2026-12-31" in uri or "notes" in uri for uri in files)
