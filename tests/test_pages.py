"""The pages stage: escaping of applicant text, privacy of person fields, notice badges at their
boundary days, needs status and paging. Fast cases call generate(); escaping uses a real build."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import yaml

from techserve.pages import generate
from techserve.pages.builder import PAGE_ROWS
from techserve.pages.render import md
from techserve.registry import load_registry

from .conftest import REPO
from .sitekit import build, site_tree, text_of

HOSTILE = "<script>alert(1)</script> | **粗体** [点我](javascript:alert(2)) # 标题"
NOTICE = "programs/jiujiang-kjfwt-2025/decisions/2026-gongshi-2.yaml"  # 2026-11-20, 5 calendar days
TEAM = "programs/jiujiang-kjfwt-2025/applications/whu-cailiao-huaxue-2026.yaml"


def edit(tree, rel: str, **changes) -> None:
    path = tree.root / "submissions" / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_md_filter_makes_markdown_and_html_inert():
    out = re.sub(r"&#?\w+;", "", str(md(HOSTILE)))  # what is left besides entities
    assert "<" not in out and "*" not in out and "[" not in out and "|" not in out and "#" not in out
    assert "粗体" in out and "\n" not in str(md("一\n# 二"))


def test_applicant_text_renders_as_text_in_the_built_site(example, tmp_path):
    edit(example, TEAM, name=HOSTILE, fields=[HOSTILE])
    assert not [f for f in example.check().findings if f.severity == "error" and f.file.endswith(TEAM.split("/")[-1])]
    out = build(site_tree(example.root), tmp_path / "out")
    for page in ("notices/2026-gongshi-2.html", "teams/whu-cailiao-huaxue-2026.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html
        assert "javascript:alert" not in re.sub(r">[^<]*<", "><", html)  # only ever inside text nodes
        assert "<strong>粗体" not in html
    pages = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".xml"))
    assert "<script>alert(1)" not in pages and 'href="javascript:' not in pages
    assert "javascript:alert(2)" in text_of(out)  # open data keeps the text as data


def test_csv_cells_never_start_a_spreadsheet_formula(example):
    edit(example, TEAM, name="=HYPERLINK(\"http://x\",\"点\")")
    csv_text = generate(load_registry(example.root), date(2026, 11, 22))["data/applications.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def _notice_badge(files, notice="2026-gongshi-2"):
    page = files[f"notices/{notice}.md"]
    return re.search(r'<p class="ts-doc__state"><span class="ts-badge[^"]*">([^<]+)</span></p>', page).group(1)


def test_notice_badge_switches_the_day_after_the_computed_end(example):
    reg = load_registry(example.root)
    assert "2026年11月24日" in generate(reg, date(2026, 11, 22))["notices/2026-gongshi-2.md"]
    assert _notice_badge(generate(reg, date(2026, 11, 20))) == "公示中"  # first day
    assert _notice_badge(generate(reg, date(2026, 11, 24))) == "公示中"  # last day, included
    assert _notice_badge(generate(reg, date(2026, 11, 25))) == "已结束"
    assert "notices/2026-gongshi-2.md" not in generate(reg, date(2026, 11, 19))  # not yet published


def test_person_fields_beyond_the_basics_only_where_the_program_lists_them(example):
    person = yaml.safe_load((REPO / "submissions/people/liu-yang-whu.yaml").read_text(encoding="utf-8"))
    edit(example, "people/liu-yang-whu.yaml", political_status="九三学社社员", bio="内部简介，不公开的文字")
    files = generate(load_registry(example.root), date(2026, 11, 22))
    blob = "\n".join(v if isinstance(v, str) else v.decode("utf-8", "replace") for v in files.values())
    assert "九三学社社员" not in blob and "内部简介" not in blob and person["birth"] not in blob

    edit(example, "programs/jiujiang-kjfwt-2025/program.yaml", public_person_fields=["birth", "political_status"])
    files = generate(load_registry(example.root), date(2026, 11, 22))
    notice = files["notices/2026-gongshi-2.md"]
    assert "出生年月" in notice and person["birth"] in notice and "九三学社社员" in notice
    others = {k: v for k, v in files.items() if not k.startswith("notices/") and isinstance(v, str)}
    assert not any("九三学社社员" in v for v in others.values())  # only the notice publishes it
    assert "内部简介" not in "\n".join(others.values()) + notice  # bio was not listed
    assert "九三学社社员" not in files["data/people.csv"].decode("utf-8-sig")


def test_need_status_and_board_data(example):
    files = generate(load_registry(example.root), date(2026, 11, 22))
    board = {row["id"]: row for row in json.loads(files["needs/board.json"])}
    assert board["guixi-tongxian-2025"]["status"] == "已对接"
    assert all(row["status"] in ("征集中", "已对接", "已截止") for row in board.values())
    assert board["nanjing-tanyuan-shimo-2021"]["status"] == "已截止"  # deadline passed, nobody took it
    need = "programs/yingtan-xuqiu-2025/needs/gaoxin-xiancai-rencai-2025.yaml"
    # its program (鹰潭, 2025) has ended: nobody collects needs for it any more
    assert board["gaoxin-xiancai-rencai-2025"]["status"] == "已截止"

    def status(as_of):
        rows = json.loads(generate(load_registry(example.root), as_of)["needs/board.json"])
        return {r["id"]: r for r in rows}["gaoxin-xiancai-rencai-2025"]["status"]

    assert status(date(2025, 12, 31)) == "征集中"  # the program's last day still counts
    assert status(date(2026, 1, 1)) == "已截止"
    for deadline, expected in (("2025-11-22", "征集中"), ("2025-11-21", "已截止")):  # the deadline day still counts
        edit(example, need, deadline=deadline)
        assert status(date(2025, 11, 22)) == expected


def test_index_tables_are_paged(example):
    pid = "jiangxi-tepaiyuan-2021"
    src = next((example.root / f"submissions/programs/{pid}/applications").glob("*.yaml"))
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    for i in range(PAGE_ROWS + 5):
        (src.parent / f"extra-{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    files = generate(load_registry(example.root), date(2026, 11, 22))
    assert f"pool/{pid}.md" in files and f"pool/{pid}-2.md" in files and f"pool/{pid}-3.md" not in files
    assert files[f"pool/{pid}.md"].count("<tr><td>") == PAGE_ROWS
    assert "第 2 / 2 页" in files[f"pool/{pid}-2.md"]


def test_every_library_rule_has_a_chinese_summary_for_the_site():
    from techserve.pages.rule_text import RULE_ZH
    from techserve.rules.library import RULES

    assert set(RULE_ZH) == set(RULES)
    assert all(not any("a" <= ch <= "z" for ch in text) for text in RULE_ZH.values())


def _hengsheng_cells(example, as_of=date(2026, 11, 22)):
    from techserve.pages.builder import Builder
    from techserve.pages.stats import _service_table

    b = Builder(load_registry(example.root), as_of)
    services = [e for e in b.reg.valid("service") if e.model.date <= as_of]
    months, table = _service_table(b, "jiujiang-kjfwt-2025", services, 2)
    row = next(r for r in table if r["id"] == "hust-hengsheng-2025")
    return dict(zip(months, row["cells"], strict=True))


def test_service_table_marks_whole_months_below_the_minimum(example):
    services = "programs/jiujiang-kjfwt-2025/services"
    cells = _hengsheng_cells(example)
    assert cells["2026-10"] == {"n": 2, "in_term": True, "low": False}  # exactly the minimum
    example.remove(f"{services}/hust-hengsheng-2025-20261020.yaml")
    example.remove(f"{services}/hust-hengsheng-2025-20261120.yaml")
    cells = _hengsheng_cells(example)
    assert cells["2026-10"]["n"] == 1 and cells["2026-10"]["low"]  # one short in a whole month
    assert cells["2026-11"]["n"] == 1 and not cells["2026-11"]["low"]  # the month is not over yet


@pytest.mark.parametrize("day,state", [("2026-03-14", "未开始"), ("2026-03-15", "受理中"), ("2026-06-30", "受理中"),
                                       ("2026-07-01", "已截止")])
def test_yearly_application_window_state(example, day, state):
    program = load_registry(example.root).model("program", "jiujiang-kjfwt-2025")
    assert program.application_window.yearly  # opens 03-15, closes 06-30 every year
    assert program.window_state(date.fromisoformat(day)) == state
    assert program.accepting(date.fromisoformat(day)) == (state == "受理中")  # the online form exists only then


def test_export_command_writes_the_open_data(tmp_path, capsys):
    from techserve.cli import main

    assert main(["export", "--root", str(REPO), "--as-of", "2026-11-22", "--out", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"registry.json", "registry.schema.json", "needs.csv", "people.csv", "notices.csv"} <= names
    data = json.loads((tmp_path / "registry.json").read_text(encoding="utf-8"))
    assert {n["id"]: n["status"] for n in data["needs"]}["nanjing-tanyuan-shimo-2021"] == "已截止"
    assert any(n["id"] == "2026-gongshi-2" and n["end"] == "2026-11-24" for n in data["notices"])


def test_program_page_totals_payments_by_year_and_team_timeline_shows_them(example):
    from techserve.pages import generate

    files = generate(load_registry(example.root), date(2026, 11, 22))
    page = files["programs/jiujiang-kjfwt-2025.md"]
    assert "资金拨付情况" in page
    assert "<td>2025年</td><td>3</td><td>22" in page and "<td>2026年</td><td>2</td><td>12" in page
    team = next(v for k, v in files.items() if k.endswith("hust-zhineng-zhizao-2025.md"))
    assert "资金拨付（第 2 年）" in team and "通过（优秀）" in team


def test_every_rule_parameter_reads_as_a_sentence(example):
    """No public page shows `key=value`: every configured rule of every program has a sentence."""
    from techserve.catalogue import CATALOGUE
    from techserve.pages.rule_text import requirement
    from techserve.rules import Context
    from techserve.rules.library import configured

    instances, _ = configured(Context(load_registry(example.root), date(2026, 11, 22)))
    seen = set()
    for _prog, _entry, inst, _spec, params in instances:
        values = params.model_dump(exclude_none=True)
        text = requirement(inst.rule, values)
        if values:
            seen.add(inst.rule)
            assert not re.search(r"[a-z_]{3,}", text), (inst.rule, text)
    assert seen <= {r for r, info in CATALOGUE.items() if info.requirement} and len(seen) >= 20
    assert requirement("team.size", {"min": 3, "max": 5}) == "3–5 人（含团长）"
    assert requirement("funding.amount", {"home_city": "九江市", "inside_wan": 2.0, "outside_wan": 10.0}) \
        == "九江市以外的团队 10 万元，九江市的团队 2 万元"
    assert requirement("no.such-rule", {"x_y": 1}) == "x_y：1"  # unknown: shown, never hidden
    assert requirement("team.size", {}) == ""


def test_repository_link_is_a_web_address_or_nothing():
    from techserve.site.plugin import repository_url

    assert repository_url("https://example.org/o/r/") == "https://example.org/o/r"
    assert repository_url(None, {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r"}) \
        == "https://github.com/o/r"
    assert repository_url(None, {"TECHSERVE_REPOSITORY_URL": "https://git.example.cn/r",
                                 "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r"}) \
        == "https://git.example.cn/r"
    for bad in ("javascript:alert(1)", "//evil.example", "https://a b", "../r"):
        assert repository_url(bad, {}) == ""
    assert repository_url(None, {}) == ""


def test_search_terms_are_character_pairs_and_shards_match_the_browsers_hash():
    """The index and search.js cut text the same way and hash a term to the same shard (FNV-1a
    over UTF-16 units, as Math.imul computes it)."""
    from techserve.site.search_index import grams, shard_of

    assert grams("铜箔表面发黑，CSV 2026年 九") == ["铜箔", "箔表", "表面", "面发", "发黑", "csv", "2026", "年", "九"]
    # FNV-1a 32-bit of "a" is 0xe40c292c, of "九江" computed by hand from its two UTF-16 units
    assert shard_of("a", 2**32 - 1) == 0xE40C292C % (2**32 - 1)
    h = 2166136261
    for unit in (0x4E5D, 0x6C5F):
        h = ((h ^ unit) * 16777619) & 0xFFFFFFFF
    assert shard_of("九江", 97) == h % 97


def test_search_ranks_a_titled_page_before_a_long_page_that_mentions_it(tmp_path):
    """BM25F with a title term's fixed share: the 统计 page (titled so) before a long program page
    that says 统计 many times; a page excluded by its front matter is not indexed at all."""
    from techserve.site.search_index import build

    def page(rel, title, body, hints=""):
        meta = f"<meta name='techserve:search' content='{hints}'>" if hints else ""
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><head>{meta}<meta name='description' content='说明'></head><body><nav>统计 统计</nav>"
                        f"<article><h1>{title}</h1><p>{body}</p><p data-search-exclude>统计统计统计</p></article></body></html>",
                        encoding="utf-8")

    page("stats/index.html", "统计", "各项目的服务统计。")
    page("programs/p.html", "某某行动", "统计。" * 12 + "申报条件" * 200, '{"boost": 3}')
    page("guide/maintainers.html", "维护指南", "统计" * 9, '{"exclude": true}')
    made = build(tmp_path)
    assert made["pages"] == 2
    meta = json.loads((tmp_path / "search/meta.json").read_text(encoding="utf-8"))
    from techserve.site.search_index import shard_of

    shard = json.loads((tmp_path / "search" / meta["dir"] / f"t{shard_of('统计', meta['shards'])}.json").read_text("utf-8"))
    docs = json.loads((tmp_path / "search" / meta["dir"] / "d0.json").read_text(encoding="utf-8"))
    ranked = [docs[d][0] for d in shard["统计"][::2]]
    assert ranked == ["stats/index.html", "programs/p.html"]
    assert docs[0][1:] == ["某某行动", "说明", "项目"]  # url, title, summary, section


def test_the_search_reads_only_the_article_and_leaves_out_what_is_excluded():
    """Only <article> is read; a `data-search-exclude` part with nested tags, scripts, comments and
    a `>` inside a quoted attribute are left out; entities are read as their characters."""
    from techserve.site.search_index import read_page

    html = ("<html><head><meta name=\"description\" content=\"公示 &amp; 名单\">"
            "<meta name=\"techserve:search\" content='{\"boost\": 3, \"keywords\": [\"九江市科协\"]}'></head>"
            "<body><nav>导航里的词</nav><article class=\"md-content\"><h1>标题<small>甲</small></h1>"
            "<p title=\"a > b\">正文&lt;一&gt;<br/>二</p><!-- 注释里的词 --><script>var 脚本里的词;</script>"
            "<table data-search-exclude><tr><td>表格<b>里的</b>词</td></tr></table><h2>小节</h2><p>尾</p></article>"
            "<footer>页脚里的词</footer></body></html>")
    page = read_page(html, "programs/p.html")
    text = "".join(page.fields["body"])
    assert page.title == "标题甲" and page.summary == "公示 & 名单" and page.section == "项目"
    assert page.fields["heading"] == ["小节"] and page.fields["keywords"][:2] == ["九江", "江市"]
    for absent in ("导航", "注释", "脚本", "表格", "页脚"):
        assert absent not in text, absent
    assert {"正文", "一", "二", "尾"} <= set(page.fields["body"])
    assert page.prior == 1.5
    assert read_page(html.replace('\"boost\": 3', '\"exclude\": true'), "x.html") is None


def test_long_notices_are_paged_without_splitting_a_team():
    from techserve.pages.notices import NOTICE_PEOPLE, pages_of

    people = [{"id": f"p{i}", "members": [{}]} for i in range(250)]
    pages = pages_of(people)
    assert [len(p) for p in pages] == [NOTICE_PEOPLE, NOTICE_PEOPLE, 50]
    teams = [{"id": f"t{i}", "members": [{}] * 7} for i in range(30)]  # 210 people, 14 teams a page
    pages = pages_of(teams)
    assert [len(p) for p in pages] == [14, 14, 2]
    assert sum(len(a["members"]) for a in pages[0]) <= NOTICE_PEOPLE
    assert pages_of([]) == [[]]  # an empty roster still has its one page
    big = [{"id": "huge", "members": [{}] * (NOTICE_PEOPLE + 5)}]
    assert pages_of(big) == [big]  # one team larger than a page stays whole


def test_notice_pages_carry_the_document_and_the_outcome(example):
    files = generate(load_registry(example.root), date(2026, 11, 22))
    page = files["notices/2025-gongshi.md"]
    for text in ("发布单位", "公示期", "异议受理", 'href="tel:07928225304"', "监督电话", 'href="tel:12345"',
                 "ts-doc__sign", "正式立项", "description:"):
        assert text in page, text
    assert "ts-doc__outcome" in files["notices/2026-gongshi-1.md"]  # ended, not yet approved: says so
    assert "立项结果尚未发布" in files["notices/2026-gongshi-1.md"]
    assert "公示结果" not in files["notices/2026-gongshi-2.md"]  # still open


def test_office_text_on_every_page_is_inert(example, tmp_path):
    """notice.contact and notice.address were rendered as Markdown on the program page, so
    [点我](javascript:…) became a live link. Every string an office or applicant writes goes
    through the same escaping, wherever a template puts it."""
    program = "programs/jiujiang-kjfwt-2025/program.yaml"
    path = example.root / "submissions" / program
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["notice"].update(contact=HOSTILE, address=HOSTILE, supervisor=HOSTILE)
    data.update(issuer=HOSTILE, document=HOSTILE, materials=[HOSTILE])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edit(example, TEAM, name=HOSTILE, fields=[HOSTILE])
    errors = [f for f in example.check().findings if f.severity == "error"]
    assert not errors, errors[:3]
    out = build(site_tree(example.root), tmp_path / "out")
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".xml")}
    assert sum("粗体" in html for html in pages.values()) >= 5  # the payload reached many pages
    for page, html in pages.items():
        tags = re.sub(r">[^<]*<", "><", html)
        assert "javascript:" not in tags, page
        assert "<strong>粗体" not in html and "<script>alert" not in html, page


def test_progress_page_counts_steps_and_days_and_names_nobody(example):
    files = generate(load_registry(example.root), date(2026, 11, 22))
    page = files["stats/progress.md"]
    assert "共受理 9 份申报" in page and "已立项 2 份" in page
    # 江西: six applications, each reviewed by its month's 20th
    assert "按规定每月 20 日前完成审核：6 份中 6 份按时完成" in page
    # headings start their own Markdown block (an HTML block runs until a blank line)
    lines = page.splitlines()
    assert all(lines[i - 1] == "" for i, text in enumerate(lines) if text.startswith("## "))
    reg = load_registry(example.root)
    assert not any(e.model.name in page for e in reg.valid("person"))
    assert "办理进度" in files["stats/index.md"]


def test_progress_counts_a_late_review_as_late(example):
    path = example.root / "submissions/programs/jiangxi-tepaiyuan-2021/decisions/2021-09-shenhe.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2021-09-15", "date: 2021-09-23"), encoding="utf-8")
    page = generate(load_registry(example.root), date(2026, 11, 22))["stats/progress.md"]
    # its five applications (submitted 2021-08-20 to 08-24) were due by the 20th, which fell in
    # the Mid-Autumn holiday (9-19 to 9-21), so by the next workday, 2021-09-22: the 23rd is late
    assert "6 份中 1 份按时完成" in page


def test_a_closed_need_says_why(example):
    files = generate(load_registry(example.root), date(2026, 11, 22))
    ended = files["needs/gaoxin-xiancai-rencai-2025.md"]  # 鹰潭, no deadline, the program ended 2025-12-31
    assert "所属项目已于 2025-12-31 结束" in ended and "长期征集（项目实施期内）" not in ended
    past = files["needs/nanjing-tanyuan-shimo-2021.md"]  # its own deadline passed
    assert "已超过截止日期 2021-" in past
    board = {r["id"]: r for r in json.loads(files["needs/board.json"])}
    assert board["guixi-tongxian-2025"]["reason"] == "已签订对接协议"
    assert board["ruifeng-tongbo-2026"]["reason"] == "截止日期 2027-06-30"


def test_pages_are_the_same_with_the_matcher_beside_or_in_place(example, monkeypatch):
    """generate() forks the matcher off while other sections render; the site must not differ."""
    import threading

    from techserve.pages import builder

    # the suite may have idle server threads of other tests: fork anyway, as a lone build would
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    reg = load_registry(example.root)
    forked = []
    real = builder._matches_beside
    monkeypatch.setattr(builder, "_matches_beside", lambda b: forked.append(real(b)) or forked[-1])
    beside = generate(reg, date(2026, 11, 22), beside=True)
    assert forked and callable(forked[0])
    in_place = generate(reg, date(2026, 11, 22), beside=False)
    assert beside == in_place and list(beside) == list(in_place)
    # the order the search index lists pages in (its ranking breaks ties by it): programs first
    assert next(iter(beside)).startswith("programs/")
    assert any("推荐人选" in v for v in beside.values() if isinstance(v, str))


def test_the_program_page_states_overdue_assessments_and_publishes_anyway():
    """On 2027-01-04 九江's 2026 assessments are not recorded: the site publishes, and says so."""
    from datetime import date

    from techserve.pages import generate
    from techserve.registry import load_registry

    from .conftest import REPO

    page = generate(load_registry(REPO), date(2027, 1, 4), beside=False)["programs/jiujiang-kjfwt-2025.md"]
    assert "逾期" in page and "2026 年度考核" in page and "华中科技大学智能制造科技服务团" in page
    before = generate(load_registry(REPO), date(2026, 12, 31), beside=False)["programs/jiujiang-kjfwt-2025.md"]
    assert "年度考核应于" not in before  # due on the 31st itself: not yet late


def test_the_rule_page_lists_every_always_on_check_with_its_why(tmp_path):
    """The site's rule page comes from the catalogue: each check that always runs, its title and why."""
    from techserve.catalogue import CATALOGUE
    from techserve.cli import main

    assert main(["pages", "--root", str(REPO), "--as-of", "2026-11-22", "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out/rules/index.md").read_text(encoding="utf-8")
    assert "## 通用检查" in page
    for info in CATALOGUE.values():
        if info.stage != "program":
            assert f"<code>{info.id}</code>" in page and info.why in page, info.id
