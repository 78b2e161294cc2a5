"""The built site in headless Chromium (Debian's, driven by Playwright), served from 127.0.0.1 by
nginx with the configuration techserve ships (its Content-Security-Policy included).

Every request is recorded; any request to another host fails the test, and so does anything the
Content-Security-Policy blocks. Screenshots at phone width (390 px) and desktop width land in
tests/artifacts/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from techserve.registry import load_registry

from .browserkit import ARTIFACTS, DESKTOP, PHONE
from .sitekit import REPO


def shoot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport,tag", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_home_page(visit, viewport, tag):
    page = visit("index.html", viewport)
    expect(page.locator("h1")).to_have_text("科技服务公示与登记")
    expect(page.locator(".ts-numbers")).to_contain_text("立项（入库）")
    # in the banner of what runs now, and again in the list of the latest notices
    expect(page.get_by_role("link", name="2026年九江市科技服务团卓越行动拟入选名单公示（第二批）")).to_have_count(2)
    expect(page.get_by_role("link", name="2026年九江市科技服务团卓越行动拟入选名单公示（第二批）").first).to_be_visible()
    # no horizontal overflow of the page itself on a phone (wide tables scroll inside their box)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    shoot(page, f"home-{tag}")


@pytest.mark.parametrize("viewport,tag", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_notice_page(visit, viewport, tag):
    page = visit("notices/2026-gongshi-2.html", viewport)
    facts = page.locator(".ts-facts")
    expect(facts).to_contain_text("2026年11月20日")
    expect(facts).to_contain_text("2026年11月24日")
    expect(page.locator(".ts-notice .ts-badge")).to_have_text("公示中")
    roster = page.locator("table.ts-table").first
    expect(roster).to_contain_text("团长")
    expect(roster).to_contain_text("刘洋")
    expect(roster).to_contain_text("武汉大学")
    shoot(page, f"notice-{tag}")
    ended = visit("notices/2025-gongshi.html", viewport)
    expect(ended.locator(".ts-notice .ts-badge")).to_have_text("已结束")


@pytest.mark.parametrize("viewport,tag", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_needs_board_filter(visit, viewport, tag):
    page = visit("needs/index.html", viewport)
    expect(page.locator("#needs-filter")).to_have_attribute("data-ready", "true")
    rows = page.locator("#needs-board tbody tr")
    total = rows.count()
    assert total >= 5
    # the expected counts come from the registry the board was built from, not from memory
    reg = load_registry(REPO)
    needs = [e.model for e in reg.valid("need")]
    challenges = sum(n.mode == "揭榜挂帅" for n in needs)
    guixi = sum(reg.model("enterprise", n.enterprise).county == "贵溪市" for n in needs)
    assert total == len(needs) and challenges >= 2 and guixi >= 1
    page.select_option("select[name=mode]", "揭榜挂帅")
    expect(page.locator("#needs-count")).to_contain_text(f"共 {challenges} 项")
    for text in rows.all_inner_texts():
        assert "揭榜挂帅" in text
    page.select_option("select[name=mode]", "")
    page.select_option("select[name=region]", "贵溪市")
    expect(rows).to_have_count(guixi)
    for text in rows.all_inner_texts():
        assert "铜" in text
    page.select_option("select[name=region]", "")
    page.select_option("select[name=status]", "已对接")
    matched = rows.count()
    assert 0 < matched < total
    shoot(page, f"needs-{tag}")
    rows.first.locator("a").click()
    expect(page.locator("h1")).to_be_visible()
    assert "/needs/" in page.url


def search(page, word: str):
    """Type a word into the site's search (assets/search.js); the result links once it has answered."""
    dialog = page.locator("dialog.ts-search")
    if not dialog.is_visible():
        page.locator(".ts-search-open").click()
    page.locator(".ts-search__input").fill(word)
    expect(dialog).to_have_attribute("data-answered", word, timeout=10_000)
    results = page.locator(".ts-search__results a")
    expect(results.first).to_be_visible()
    return results


@pytest.mark.parametrize("word,expected", [("华中科技", "华中科技大学"), ("铜基", "铜基"), ("特派员", "特派员")])
def test_search_finds_chinese_words(visit, word, expected):
    page = visit("index.html", DESKTOP)
    results = search(page, word)
    expect(page.locator(".ts-search__meta")).not_to_contain_text("没有")
    assert expected in " ".join(results.all_inner_texts())
    if word == "铜基":
        shoot(page, "search-desktop")


@pytest.mark.parametrize("word,first", [("科技服务团", "programs/jiujiang-kjfwt-2025.html"),
                                        ("九江市科协", "programs/jiujiang-kjfwt-2025.html"),
                                        ("科技特派员", "programs/jiangxi-tepaiyuan-2021.html"),
                                        ("景德镇市科技局", "programs/jingdezhen-ruqi-2020.html")])
def test_search_ranks_the_program_first(visit, word, first):
    """A multi-word name ranks the program it names first, not a page that merely repeats its parts
    (江苏's "三服务" page used to win "科技服务团")."""
    page = visit("index.html", DESKTOP)
    href = search(page, word).first.get_attribute("href")
    assert urlsplit(href).path.endswith(first), href



@pytest.mark.parametrize("word", ["染色", "掉色"])
def test_searching_an_industry_word_finds_the_need_not_the_lexicon(visit, word):
    """The matching method page's lexicon lists every industry word; it stays out of the index so
    a search for a need's words shows the need, not a wall of words."""
    page = visit("index.html", DESKTOP)
    results = search(page, word)
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert any("needs/jinlun-ranse-2026" in h for h in hrefs), hrefs
    assert not any("matching" in h for h in hrefs), hrefs
    assert "行业说法词表" not in " ".join(results.all_inner_texts())


def test_the_needs_board_keyword_searches_what_the_enterprise_wrote(visit):
    page = visit("needs/index.html?keyword=掉色", PHONE)
    expect(page.locator("#needs-filter")).to_have_attribute("data-ready", "true")
    rows = page.locator("#needs-board tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("针织面料染色后色花")


def test_the_needs_board_fits_a_1366_screen(visit):
    page = visit("needs/index.html", {"width": 1366, "height": 900})
    expect(page.locator("#needs-filter")).to_have_attribute("data-ready", "true")
    board = page.locator("#needs-board")
    sizes = board.evaluate("t => [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right, "
                           "document.querySelector('.md-content__inner').getBoundingClientRect().right]")
    assert sizes[0] <= sizes[1] + 1 and sizes[2] <= sizes[3] + 1, sizes
    expect(page.locator(".ts-scroll-hint")).to_have_count(0)
    shoot(page, "needs-board-1366")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}], ids=["phone", "desktop-1366"])
def test_stats_charts_show_whole_program_names_and_apart_month_labels(visit, viewport):
    page = visit("stats/index.html", viewport)
    pairs = page.locator("svg.ts-chart").first.evaluate(
        "svg => [...svg.querySelectorAll('text > title')]"
        ".map(t => [t.textContent, t.parentNode.textContent.slice(t.textContent.length)])")
    # every name is drawn from its start, whole or cut at its end; all but the longest whole
    assert pairs and all(full.startswith(drawn.rstrip("…")) and (drawn == full or drawn.endswith("…"))
                         for full, drawn in pairs), pairs
    assert sum(full == drawn for full, drawn in pairs) >= len(pairs) - 1, pairs
    for chart in page.locator("svg.ts-chart").all()[2:4]:
        boxes = [t.bounding_box() for t in chart.locator("text[text-anchor=middle]").all()]
        assert len(boxes) >= 2
        for a, b in zip(boxes, boxes[1:], strict=False):
            assert a["x"] + a["width"] < b["x"], (a, b)  # month labels never run together
    shoot(page, f"stats-{viewport['width']}")


def _pages(built: Path) -> list[str]:
    return sorted(str(p.relative_to(built)) for p in built.rglob("*.html"))


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}], ids=["phone-390", "desktop-1366"])
def test_no_page_is_wider_than_the_screen(built, visit, viewport):
    """Every generated page fits the viewport; a wide table scrolls inside its own box (or is a
    card list on phones) and never cuts off a column without a way to reach it."""
    page = visit("index.html", viewport)
    base = page.url.rsplit("/", 1)[0] + "/"
    wide, clipped = [], []
    pages = _pages(built)
    assert len(pages) >= 50
    for path in pages:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"] + 1:
            wide.append((path, width))
        hidden = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')].filter(t => {
            const r = t.getBoundingClientRect();
            if (t.scrollWidth > t.clientWidth + 1) return !['auto', 'scroll'].includes(getComputedStyle(t).overflowX);
            const box = t.parentElement.getBoundingClientRect();
            return r.right > box.right + 1 && !['auto', 'scroll'].includes(getComputedStyle(t.parentElement).overflowX);
        }).length""")
        if hidden:
            clipped.append(path)
    assert wide == [] and clipped == [], f"too wide: {wide}; tables cut off: {clipped}"


def _notice_pages(built: Path) -> list[str]:
    return sorted(str(p.relative_to(built)) for p in (built / "notices").glob("*.html") if p.name != "index.html"
                  and not p.stem.startswith("index-"))


def test_every_notice_reads_as_the_office_document(built, visit):
    """发布单位, 发布日期, 公示期, 异议受理 with tel: links, 监督电话 and the 落款 on every notice."""
    notices = _notice_pages(built)
    assert len(notices) >= 5
    page = visit("index.html", PHONE)
    base = page.url.rsplit("/", 1)[0] + "/"
    for path in notices:
        page.goto(base + path)
        facts = page.locator(".ts-facts")
        for label in ("发布单位", "发布日期", "公示期", "异议受理", "监督电话", "依据"):
            expect(facts.locator("th", has_text=label)).to_have_count(1)
        expect(facts.locator('a[href="tel:12345"]')).to_have_count(1)
        expect(page.locator(".ts-doc__sign")).to_contain_text("年")
        issuer = facts.locator("tr", has_text="发布单位").locator("td").inner_text()
        assert page.locator(".ts-doc__sign p").first.inner_text() == issuer
        assert page.title().endswith("科技服务公示与登记")
        assert page.locator('meta[property="og:description"]').get_attribute("content")
    jiujiang = visit("notices/2026-gongshi-2.html", PHONE)
    expect(jiujiang.locator('.ts-facts a[href="tel:07928225304"]')).to_have_text("0792-8225304")
    ended = visit("notices/2025-gongshi.html", PHONE)
    expect(ended.locator(".ts-doc__outcome")).to_contain_text("正式立项")
    expect(ended.locator(".ts-doc__outcome a")).to_have_attribute("href", "../teams/jiujiang-kjfwt-2025.html")
    solo = visit("notices/2021-09-gongshi.html", PHONE)
    # individuals: one numbered list (cards on a phone), not a heading and a one-row table each
    expect(solo.locator("h3")).to_have_count(0)
    expect(solo.locator("table.ts-roster tbody tr")).to_have_count(5)
    expect(solo.locator("table.ts-roster td.ts-seq").first).to_have_text("1")
    shoot(solo, "notice-individuals-phone")


def test_a_notice_prints_as_one_document(visit):
    page = visit("notices/2021-09-gongshi.html", DESKTOP)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".ts-doc__sign")).to_be_visible()
    pdf = page.pdf(format="A4", print_background=False)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "notice-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, pages


def test_a_printed_notice_shows_no_reading_size_buttons(visit):
    page = visit("notices/2021-09-gongshi.html", DESKTOP)
    expect(page.locator(".ts-reading")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".ts-reading")).to_be_hidden()


def test_each_printable_application_form_is_one_a4_page_with_its_source_on_it(browser, tmp_path):
    """The 申报表 an office stamps: the example forms print on one A4 page, the source note and
    page count in the footer of every page rather than spilled onto a page of their own."""
    import io

    from pypdf import PdfReader

    from techserve.cli import main

    out = tmp_path / "forms"
    assert main(["export", "--forms", "--root", str(REPO), "--as-of", "2026-12-06", "--out", str(out)]) == 0
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        for form in sorted(out.glob("*.html")):
            page.goto(form.as_uri())
            reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
            text = reader.pages[0].extract_text()
            assert len(reader.pages) == 1, form.name
            # (the PDF's text layer spells 页 with the radical ⻚: compare around it)
            assert "内容编号" in text and "第 1 " in text and "，共 1 " in text, form.name
        (ARTIFACTS / "application-form.pdf").write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    finally:
        context.close()


def test_public_chrome_is_chinese(visit):
    page = visit("index.html", PHONE)
    footer = page.locator(".md-footer")
    expect(footer).to_contain_text("以发布单位的正式文件为准")
    expect(footer).not_to_contain_text("Made with")
    missing = visit("404.html", PHONE)
    expect(missing.locator("h1")).to_have_text("页面不存在")
    expect(missing.locator("body")).not_to_contain_text("Not found")
    for program, plain in (("yingtan-xuqiu-2025", "中国科学院金属研究所"), ("jiangxi-tepaiyuan-2021", "承诺具有独立法人资格"),
                           ("jiujiang-kjfwt-2025", "九江市以外的团队 10 万元")):
        body = visit(f"programs/{program}.html", DESKTOP).locator("article")
        for raw in ("required=", "home_city", "kust", "imr-cas", "enterprise.attestations", "independent_legal_person",
                    "min_per_month"):
            expect(body).not_to_contain_text(raw)
        expect(body).to_contain_text(plain)
        assert set(body.locator(".ts-rules .ts-badge").all_inner_texts()) <= {"必须", "提醒"}  # one wording


def test_needs_board_keyword_and_address(visit):
    page = visit("needs/index.html?keyword=铜&status=已对接", PHONE)
    form = page.locator("#needs-filter")
    expect(form).to_have_attribute("data-ready", "true")
    expect(page.locator("input[name=keyword]")).to_have_value("铜")
    rows = page.locator("#needs-board tbody tr")
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert "铜" in text and "已对接" in text
    page.fill("input[name=keyword]", "没有这个词")
    expect(page.locator("#needs-empty")).to_be_visible()
    expect(page.locator("#needs-board")).to_be_hidden()
    assert "keyword=" in page.url and "%E6%B2%A1" in page.url  # the filter is in the address, to share
    shoot(page, "needs-empty-phone")
    page.locator("button.ts-filter__reset").click()
    expect(page.locator("#needs-empty")).to_be_hidden()
    assert "?" not in page.url
    expect(rows.first.locator('td[data-label="截止"]')).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_running_notice_leads_the_home_page(visit, viewport):
    """On 2026-11-22 the second 九江 notice (2026-11-20 to 11-24) runs: its banner, last day and
    days left are in the first screen, phone first."""
    page = visit("index.html", viewport)
    banner = page.locator(".ts-now").first
    expect(banner).to_contain_text("正在公示")
    expect(banner).to_contain_text("还剩 3 天")
    title = banner.locator(".ts-now__title a").first
    box = title.bounding_box()
    assert box and box["y"] + box["height"] <= viewport["height"], box
    page.screenshot(path=str(ARTIFACTS / f"home-now-{'phone' if viewport is PHONE else 'desktop'}.png"))
    # the banner's link to the objection section lands on it
    page.locator(".ts-now a", has_text="怎样提出异议").first.click()
    expect(page.locator("#异议")).to_be_visible()
    expect(page.locator(".ts-objection")).to_contain_text("保密")


def test_elder_mode_enlarges_text_and_targets_and_is_remembered(visit):
    page = visit("notices/index.html", PHONE)
    body = page.locator(".md-typeset p").first
    standard = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.get_by_role("button", name="长者模式").click()
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "true")
    size = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    line = float(body.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert size >= 18 and size > standard and line >= 1.5 * size, (standard, size, line)
    for button in page.locator(".ts-reading button").all():
        assert button.bounding_box()["height"] >= 44
    page.screenshot(path=str(ARTIFACTS / "elder-phone.png"), full_page=False)
    page.reload()
    assert page.evaluate("document.documentElement.getAttribute('data-ts-reading')") == "elder"
    # nothing wider than the screen in 长者模式 either (tables scroll inside their box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


LIST_PAGES = ["notices/index.html", "programs/index.html", "needs/index.html", "teams/jiujiang-kjfwt-2025.html",
              "agreements/jiujiang-kjfwt-2025.html", "stats/progress.html"]


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 768}], ids=["phone", "desktop-1366"])
@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_tables_show_their_first_columns_or_say_they_scroll(visit, viewport, path):
    page = visit(path, viewport)
    page.wait_for_load_state("networkidle")  # the needs board redraws its rows from board.json
    for table in page.locator("table").all()[:3]:
        cells = table.locator("tbody tr").first.locator("td").all()[:5]
        boxes = [c.bounding_box() for c in cells if c.is_visible()]  # a card layout may hide a cell
        outside = [b for b in boxes if b is not None and b["x"] + b["width"] > viewport["width"] + 1]
        if outside:
            box = table.locator("xpath=ancestor::div[contains(@class,'ts-scroll')][1]")
            anchor = box if box.count() else table
            hint = anchor.locator("xpath=preceding-sibling::*[1][contains(@class,'ts-scroll-hint')]")
            expect(hint).to_be_visible()
            # and the part beyond the screen is reached by scrolling, not cut off
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    tag = "phone" if viewport is PHONE else "desktop"
    if path == "needs/index.html":
        page.screenshot(path=str(ARTIFACTS / f"needs-list-{tag}.png"))


@pytest.mark.parametrize("word,page_path", [("开放数据", "data/index.html"), ("需求榜", "needs/index.html"),
                                            ("办理进度", "stats/progress.html")])
def test_search_finds_the_list_and_utility_pages(visit, word, page_path):
    page = visit("index.html", DESKTOP)
    hrefs = [urlsplit(a.get_attribute("href")).path for a in search(page, word).all()[:5]]
    assert any(h.endswith(page_path) for h in hrefs), hrefs


def test_the_maintainers_guide_is_not_in_the_public_search(built):
    """Front matter `search: {exclude: true}` keeps a page out of the index (site/search_index.py)."""
    import json

    meta = json.loads((built / "search/meta.json").read_text(encoding="utf-8"))
    urls = [d[0] for shard in sorted((built / "search" / meta["dir"]).glob("d*.json"))
            for d in json.loads(shard.read_text(encoding="utf-8"))]
    assert len(urls) == meta["pages"]
    assert not [u for u in urls if u.startswith("guide/maintainers")]
    assert [u for u in urls if u.startswith("needs/")]  # list pages are in
