"""Search as the public uses it: the index costs nothing until someone searches, pasted text
searches at once, and realistic queries (names, part of an enterprise's name, 九江 公示, 异议,
开放数据, a need's symptom) find the right page first."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .browserkit import DESKTOP, PHONE
from .test_site_browser import search


def index_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if r.url.split("?")[0].endswith("search/search_index.json") else None)
    return seen


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_first_view_does_not_download_the_search_index(visit, viewport):
    page = visit("notices/index.html", viewport)
    seen = index_requests(page)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert seen == [], "the search index was fetched before anyone searched"
    if viewport is PHONE:
        page.locator("label.md-header__button[for=__search]").first.click()
    search(page, "九江")
    assert len(seen) == 1
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_pasted_text_searches_without_a_key_press(visit):
    """Text pasted from a chat app arrives as one input event with no key."""
    page = visit("index.html", DESKTOP)
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the index is in, the worker ready
    page.evaluate("""() => { const b = document.querySelector('input.md-search__input');
        b.value = '稀土永磁';
        b.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste', data: '稀土永磁'})); }""")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result__item").first).to_contain_text("稀土")


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
        search(page, query)
        page.wait_for_timeout(300)
        href = page.locator(".md-search-result__item > a").first.get_attribute("href")
        path = urlsplit(href).path.lstrip("/")
        if not path.endswith(right):
            wrong[query] = path
    assert wrong == {}
