"""axe-core 4.14 (npm, pinned in tests/axe/) on every page type of the built site, at 390 px and
1366 px, in the states only some records show: a running 公示 and an ended one, an open need
and a closed one, the search dialog open, 长者模式 on. Zero serious or critical violations
(WCAG 2.1 A and AA rules, and axe's best practices)."""

from __future__ import annotations

import pytest

from .browserkit import ARTIFACTS
from .sitekit import REPO
from .test_site_browser import search

AXE = REPO / "tests/axe/node_modules/axe-core/axe.min.js"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
PAGES = {
    "home": "index.html",
    "programs": "programs/index.html",
    "program": "programs/jiujiang-kjfwt-2025.html",
    "matching-method": "programs/matching.html",
    "rules": "rules/index.html",
    "data-quality": "data/quality.html",
    "rule-examples": "rules/examples.html",
    "data-snapshots": "data/snapshots.html",
    "notices": "notices/index.html",
    "notice-running": "notices/2026-gongshi-2.html",  # 2026-11-20 to 11-24: running on 11-22
    "notice-ended": "notices/2025-gongshi.html",
    "teams": "teams/index.html",
    "team": "teams/hust-zhineng-zhizao-2025.html",
    "pool": "pool/jiangxi-tepaiyuan-2021.html",
    "agreements": "agreements/jiujiang-kjfwt-2025.html",
    "needs": "needs/index.html",
    "need-open": "needs/jinlun-ranse-2026.html",
    "need-closed": "needs/gaoxin-xianlan-jiance-2025.html",
    "feeds": "needs/feeds.html",
    "stats": "stats/index.html",
    "stats-program": "stats/jiujiang-kjfwt-2025.html",
    "progress": "stats/progress.html",
    "data": "data/index.html",
    "guide": "guide/applicants.html",
    "accessibility": "guide/accessibility.html",
    "not-found": "404.html",
}


def violations(page) -> list[dict]:
    assert AXE.is_file(), "axe-core is missing: make axe installs it (npm ci --prefix tests/axe)"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return found


def test_the_pages_exist(built):
    """Every page type named here was built (a renamed page must not silently leave the audit)."""
    missing = [p for p in PAGES.values() if not (built / p).is_file()]
    assert not missing


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violations(visit, name, width):
    page = visit(PAGES[name], WIDTHS[width], bypass_csp=True)
    page.wait_for_load_state("networkidle")
    found = violations(page)
    assert found == [], f"{PAGES[name]} @ {width}: {found}"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_open_search_dialog_with_results(visit, width):
    page = visit("index.html", WIDTHS[width], bypass_csp=True)
    search(page, "九江")  # opened from the header's button, at either width
    found = violations(page)
    page.screenshot(path=str(ARTIFACTS / f"a11y-search-{width}.png"))
    assert found == [], found


def test_elder_mode(visit):
    page = visit("notices/2026-gongshi-2.html", WIDTHS["phone"], bypass_csp=True)
    page.locator("button", has_text="长者模式").first.click()
    found = violations(page)
    assert found == [], found


@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_in_elder_mode(visit, width):
    """长者模式 enlarges the search too (it is sized in rem): the dialog, its box and its results
    pass axe, and the box is at least as tall as a 44 px target."""
    page = visit("notices/index.html", WIDTHS[width], bypass_csp=True)
    page.locator("button", has_text="长者模式").first.click()
    search(page, "铜箔发黑")
    assert page.locator(".ts-search__input").bounding_box()["height"] >= 44
    assert page.locator(".ts-search-open").bounding_box()["height"] >= 44
    found = violations(page)
    page.screenshot(path=str(ARTIFACTS / f"a11y-search-elder-{width}.png"))
    assert found == [], found


@pytest.mark.parametrize("name", PAGES)
def test_no_page_needs_anything_the_content_security_policy_blocks(visit, name):
    """Served by nginx with the shipped policy: `visit` fails on any blocked script, style or
    request; the page must also have drawn its scripts' work (the tables' scroll cue script ran)."""
    page = visit(PAGES[name], WIDTHS["desktop"])
    page.wait_for_load_state("networkidle")
    # the site's search (assets/search.js) ran: its dialog is built, named for screen readers
    assert page.evaluate("document.querySelector('dialog.ts-search').getAttribute('aria-label')") == "搜索本站"


def test_every_chart_has_its_numbers_as_a_table(built):
    """A chart is a picture; its data table (every row, not only the bars drawn) is what a screen
    reader or a printout reads."""
    import re

    for page in ("stats/index.html", "stats/jiujiang-kjfwt-2025.html"):
        html = (built / page).read_text(encoding="utf-8")
        charts = re.findall(r'<svg[^>]*class="ts-chart".*?</svg>\s*(<details class="ts-chart-data">.*?</details>)?', html, re.S)
        assert charts and all(charts), page
        for svg_part in re.findall(r'<svg[^>]*class="ts-chart".*?</svg>', html, re.S):
            labels = re.findall(r"<title>([^<：]+)", svg_part)
            after = html[html.index(svg_part) + len(svg_part):].split("</details>")[0]
            for label in labels:
                assert f"<td>{label}</td>" in after, (page, label)
