"""Search as the public uses it (the site's own: site/search_index.py, assets/search.js): nothing is
fetched until someone searches, then only the shards the query needs; pasted text searches at once,
and realistic queries (names, part of an enterprise's name, 九江 公示, 异议,
开放数据, a need's symptom) find the right page first."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .browserkit import DESKTOP, PHONE
from .test_site_browser import search


def search_requests(page) -> list:
    """The requests (url, bytes as sent) the search makes: meta.json and its shards."""
    seen: list = []
    page.on("requestfinished", lambda r: seen.append((r.url, r.sizes()["responseBodySize"]))
            if "/search/" in urlsplit(r.url).path else None)
    return seen


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_first_view_fetches_nothing_of_the_search_and_a_search_only_its_shards(visit, built, viewport):
    import json

    page = visit("notices/index.html", viewport)
    seen = search_requests(page)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert seen == [], "the search fetched something before anyone searched"
    search(page, "九江")
    expect(page.locator(".ts-search__results a").first).to_be_visible()
    meta = json.loads((built / "search/meta.json").read_text(encoding="utf-8"))
    names = [urlsplit(u).path.rsplit("/", 1)[-1] for u, _ in seen]
    assert names[0] == "meta.json" and any(n.startswith("t") for n in names) and any(n.startswith("d") for n in names)
    shards = meta["shards"] + -(-meta["pages"] // meta["docsPerShard"])
    assert len(names) < shards + 1, "a search fetched every shard: the index is not in pieces"


def test_pasted_text_searches_without_a_key_press(visit):
    """Text pasted from a chat app arrives as one input event with no key."""
    page = visit("index.html", DESKTOP)
    page.locator(".ts-search-open").click()
    page.evaluate("""() => { const b = document.querySelector('.ts-search__input');
        b.value = '稀土永磁';
        b.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste', data: '稀土永磁'})); }""")
    expect(page.locator(".ts-search__results a").first).to_be_visible(timeout=10_000)
    expect(page.locator(".ts-search__results a").first).to_contain_text("稀土")


def test_a_query_across_a_word_seam_finds_the_page_that_holds_its_words(visit):
    """铜箔发黑: the page says 铜箔表面发黑; the pair 箔发 is on no page and asks for nothing, so the
    need is found whole, not as a partial match (a segmenter disagreeing loses it: Pagefind 1.5)."""
    page = visit("index.html", PHONE)
    results = search(page, "铜箔发黑")
    assert urlsplit(results.first.get_attribute("href")).path.endswith("needs/ruifeng-tongbo-2026.html")
    expect(page.locator(".ts-search__meta")).to_contain_text("找到")
    expect(results.first.locator("mark").first).to_have_text("铜箔")


def test_the_search_opens_with_the_keyboard_and_from_a_link(visit):
    page = visit("index.html", DESKTOP)
    page.keyboard.press("/")
    expect(page.locator("dialog.ts-search")).to_be_visible()
    expect(page.locator(".ts-search__input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("dialog.ts-search")).to_be_hidden()
    page = visit("index.html?q=异议", DESKTOP)
    expect(page.locator("dialog.ts-search")).to_have_attribute("data-answered", "异议")


def test_no_result_says_so_in_chinese(visit):
    page = visit("index.html", DESKTOP)
    page.locator(".ts-search-open").click()
    page.locator(".ts-search__input").fill("鲸鱼潜艇")
    expect(page.locator(".ts-search__meta")).to_contain_text("没有找到“鲸鱼潜艇”")
    expect(page.locator(".ts-search__results a")).to_have_count(0)
    # words of which the site holds only a part: said so, the partial matches listed after
    page.locator(".ts-search__input").fill("铜箔隧穿")
    expect(page.locator(".ts-search__meta")).to_contain_text("没有页面包含全部词语")
    expect(page.locator(".ts-search__results a").first).to_contain_text("铜箔")


# query → the page that must come first (any one of several where several are right)
QUERIES = {
    "九江": ("programs/jiujiang-kjfwt-2025.html", "notices/2026-gongshi-2.html"),  # the program, or its running 公示
    "公示": ("notices/2026-gongshi-2.html",),  # the running 公示 (11-20 to 11-24) before the ended ones
    "九江 公示": ("notices/2026-gongshi-2.html",),
    "异议": ("notices/2026-gongshi-2.html",),
    "开放数据": ("data/index.html",),
    "需求榜": ("needs/index.html",),
    "申报指南": ("guide/applicants.html",),
    "无障碍": ("guide/accessibility.html",),
    "长者模式": ("guide/accessibility.html",),
    "统计": ("stats/index.html",),
    "办理进度": ("stats/progress.html",),
    "科技特派员": ("programs/jiangxi-tepaiyuan-2021.html",),
    "揭榜挂帅": ("programs/jiangsu-jiebang-2021.html",),
    "景德镇": ("programs/jingdezhen-ruqi-2020.html",),
    "徐敏": ("teams/xjtu-dianli-2025.html",),  # a person's name: the team they are on
    "华中科技大学": ("teams/hust-gongye-hulian-2025.html", "teams/hust-zhineng-zhizao-2025.html"),
    "恒晟": ("teams/hust-zhineng-zhizao-2025.html",),  # part of 九江恒晟智能装备: the team paired with it
    "色花": ("needs/jinlun-ranse-2026.html",),  # a need's symptom, as the enterprise wrote it
    "铜箔发黑": ("needs/ruifeng-tongbo-2026.html",),
    "石墨烯": ("needs/nanjing-tanyuan-shimo-2021.html",),
    "稀土永磁": ("needs/ganzhou-xitu-yongci-2021.html",),
    "鲜切果蔬": ("needs/nanchang-lvyuan-baoxian-2021.html",),
}


def test_twenty_realistic_queries_find_the_right_page_first(visit):
    assert len(QUERIES) >= 20
    page = visit("index.html", DESKTOP)
    wrong = {}
    for query, right in QUERIES.items():
        path = urlsplit(search(page, query).first.get_attribute("href")).path.lstrip("/")
        if not path.endswith(right):
            wrong[query] = path
    assert wrong == {}
