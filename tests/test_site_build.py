"""The real site build on the example data: strict MkDocs, no outside resources, links that resolve."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml

from .sitekit import REPO, RESOURCE, build, html_files, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("public"))


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_mkdocs_config_is_strict_and_offline():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["strict"] == "true"
    assert config["theme"]["font"] == "false"
    assert config["theme"]["language"] == "zh"
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "techserve" in plugins and "search" not in plugins  # the search is ours (site/search_index.py)
    assert not {"privacy", "offline", "optimize"} & set(plugins)  # these fetch at build time


def test_generated_pages_are_never_written_to_docs_dir(site):
    hand_written = {p.relative_to(REPO / "site").as_posix() for p in (REPO / "site").rglob("*") if p.is_file()}
    assert not any(p.startswith(("notices/", "teams/", "needs/", "programs/")) for p in hand_written)
    assert (site / "notices/2026-gongshi-2.html").is_file()


def test_no_resource_from_another_host(site):
    offenders = []
    for page in html_files(site):
        for match in RESOURCE.finditer(page.read_text(encoding="utf-8")):
            url = next(g for g in (match.group(1), match.group(2), match.group(4)) if g)
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append((page.name, url))
    assert offenders == []
    css = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_every_internal_link_resolves(site):
    broken = []
    for page in html_files(site):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "//", "mailto:")):
                continue
            path = unquote(parts.path)
            if not path:
                continue
            target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path).resolve()
            if not target.exists():
                broken.append((page.relative_to(site).as_posix(), link))
    assert broken == []


def test_record_pages_stay_out_of_the_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav'):]
    assert "teams/index.html" in nav
    assert "notices/2026-gongshi-2.html" not in re.sub(r"<article.*</article>", "", nav, flags=re.S)
    # a nav of thousands of entries would make every page heavy: pages stay small
    assert max(p.stat().st_size for p in html_files(site)) < 200_000


def test_notice_page_shows_dates_badge_roster_and_contact(site):
    page = (site / "notices/2026-gongshi-2.html").read_text(encoding="utf-8")
    assert "2026年11月20日" in page and "2026年11月24日" in page
    assert "公示中" in page
    assert "武汉大学材料化学科技服务团" in page and "刘洋" in page and "副研究员" in page
    assert "0792-8225304" in page
    ended = (site / "notices/2025-gongshi.html").read_text(encoding="utf-8")
    assert "已结束" in ended and "公示中</span>" not in ended


def test_the_search_index_is_in_small_pieces(site):
    """meta.json, then term and doc shards in a folder named by their content; no shard near the
    size a whole index would have."""
    meta = json.loads((site / "search/meta.json").read_text(encoding="utf-8"))
    folder = site / "search" / meta["dir"]
    terms = sorted(folder.glob("t*.json"))
    assert len(terms) == meta["shards"] > 1 and meta["pages"] > 40
    assert max(p.stat().st_size for p in folder.glob("*.json")) < 40_000
    words = {t for p in terms for t in json.loads(p.read_text(encoding="utf-8"))}
    assert {"特派", "派员", "九江"} <= words and not any(len(w) > 2 and "\u4e00" <= w[0] <= "\u9fff" for w in words)


def test_open_data_is_valid_and_excel_ready(site):
    data = json.loads((site / "data/registry.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/registry.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["as_of"] == "2026-11-22" and data["needs"] and data["applications"]
    raw = (site / "data/people.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0].startswith("人员编号,姓名,性别")


def test_rss_feed_dates_are_china_time(site):
    feed = (site / "notices.xml").read_text(encoding="utf-8")
    import xml.etree.ElementTree as ET

    items = ET.fromstring(feed).findall("./channel/item")
    assert items
    first = items[0]
    assert first.findtext("title") == "2026年九江市科技服务团卓越行动拟入选名单公示（第二批）"
    assert first.findtext("pubDate") == "Fri, 20 Nov 2026 00:00:00 +0800"
    assert first.findtext("link").endswith("/notices/2026-gongshi-2.html")


def test_private_fields_never_reach_the_site(site):
    everything = text_of(site)
    for entry in sorted((REPO / "submissions/people").glob("*.yaml"))[:10]:
        person = yaml.load(entry.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if person.get("bio"):
            assert person["bio"].strip()[:20] not in everything
    for entry in (REPO / "submissions/enterprises").glob("*.yaml"):
        ent = yaml.load(entry.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if ent.get("contact"):
            assert ent["contact"]["phone"] not in everything
        if ent.get("legal_representative"):
            assert ent["legal_representative"] not in everything


def test_a_build_without_a_site_address_says_so(example, tmp_path, capsys, monkeypatch):
    """Without TECHSERVE_SITE_URL the canonical and feed links point at 127.0.0.1: the build says
    so (and is quiet once it is set)."""
    from techserve.cli import main

    from .sitekit import site_tree

    site_tree(example.root)
    monkeypatch.delenv("TECHSERVE_SITE_URL", raising=False)
    assert main(["build", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(tmp_path / "a")]) == 0
    assert "TECHSERVE_SITE_URL" in capsys.readouterr().err
    monkeypatch.setenv("TECHSERVE_SITE_URL", "https://kjfw.example.gov.cn/")
    assert main(["build", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(tmp_path / "b")]) == 0
    assert "TECHSERVE_SITE_URL" not in capsys.readouterr().err
    assert 'href="https://kjfw.example.gov.cn/notices/' in (tmp_path / "b/notices/index.html").read_text(encoding="utf-8")
