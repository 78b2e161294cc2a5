"""The built site in headless Chromium (Debian's, driven by Playwright), served from 127.0.0.1.

Every request is recorded; any request to another host fails the test. Screenshots at phone
width (390 px) and desktop width land in tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from .sitekit import REPO, build

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]
ARTIFACTS = REPO / "tests/artifacts"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = build(REPO, tmp_path_factory.mktemp("public"))
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output readable
            pass

    handler = functools.partial(Quiet, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: make setup installs it (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def visit(browser, server):
    """Open pages in a fresh context that records every request and blocks other hosts."""
    requests: list[str] = []
    contexts = []
    ARTIFACTS.mkdir(exist_ok=True)
    host = urlsplit(server).netloc

    def route(r):
        requests.append(r.request.url)
        if urlsplit(r.request.url).netloc == host or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            r.abort()

    def open_page(path: str, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
        context.route("**/*", route)
        contexts.append(context)
        page = context.new_page()
        page.goto(server + path)
        return page

    yield open_page
    for c in contexts:
        c.close()
    outside = [u for u in requests if urlsplit(u).netloc not in ("", host) and not u.startswith(("data:", "blob:"))]
    assert outside == [], f"requests left the host: {outside}"
    assert requests, "no request was recorded: the route did not run"


def shoot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport,tag", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_home_page(visit, viewport, tag):
    page = visit("index.html", viewport)
    expect(page.locator("h1")).to_have_text("科技服务公示与登记")
    expect(page.locator(".ts-numbers")).to_contain_text("立项（入库）")
    expect(page.get_by_role("link", name="2026年九江市科技服务团卓越行动拟入选名单公示（第二批）")).to_be_visible()
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
    page.select_option("select[name=mode]", "揭榜挂帅")
    expect(page.locator("#needs-count")).to_contain_text("共 2 项")
    for text in rows.all_inner_texts():
        assert "揭榜挂帅" in text
    page.select_option("select[name=mode]", "")
    page.select_option("select[name=region]", "贵溪市")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("铜")
    page.select_option("select[name=region]", "")
    page.select_option("select[name=status]", "已对接")
    matched = rows.count()
    assert 0 < matched < total
    shoot(page, f"needs-{tag}")
    rows.first.locator("a").click()
    expect(page.locator("h1")).to_be_visible()
    assert "/needs/" in page.url


@pytest.mark.parametrize("word,expected", [("华中科技", "华中科技大学"), ("铜基", "铜基"), ("特派员", "特派员")])
def test_search_finds_chinese_words(visit, word, expected):
    page = visit("index.html", DESKTOP)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    results = page.locator(".md-search-result__item")
    box = page.locator("input.md-search__input")
    page.wait_for_load_state("networkidle")  # the search worker has fetched its index
    # Material searches on keyup (an IME commits Chinese without one, so a key follows, as a
    # reader's Enter or arrow would); a query sent before the worker is ready is sent again.
    box.focus()
    for _ in range(10):
        box.fill(word)
        box.press("End")
        try:
            results.first.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeout:
            page.wait_for_timeout(500)
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("没有")
    assert expected in " ".join(results.all_inner_texts()).replace("\u200b", "")
    if word == "铜基":
        shoot(page, "search-desktop")
