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
