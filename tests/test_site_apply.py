"""Applying from the public site, tried as a scientist on a phone who has never used GitHub: on a
day 九江 takes applications, the home page leads to its program page, 怎样申报 is in the first
screen, and the online form that opens with the program chosen is one more tap."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from techserve.cli import main

from .browserkit import ARTIFACTS, PHONE
from .sitekit import as_it_stood, build

OPEN_DAY = "2026-06-01"
REPOSITORY = "https://github.com/techserve-demo/registry"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:  # this module's own site: 九江 open for applications
    before = os.environ.get("TECHSERVE_REPOSITORY_URL")
    os.environ["TECHSERVE_REPOSITORY_URL"] = REPOSITORY
    try:
        root = as_it_stood(tmp_path_factory.mktemp("registry-open"), OPEN_DAY)
        return build(root, tmp_path_factory.mktemp("public-open"), as_of=OPEN_DAY)
    finally:
        if before is None:
            os.environ.pop("TECHSERVE_REPOSITORY_URL")
        else:
            os.environ["TECHSERVE_REPOSITORY_URL"] = before


def test_a_phone_user_reaches_the_form_in_two_taps_and_sees_how_to_apply_first(visit):
    page = visit("index.html", PHONE)
    taps = 0
    call = page.locator(".ts-now--calls a", has_text="九江市科技服务团卓越行动").first
    expect(call).to_be_visible()
    box = call.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], "the open call is not in the first screen"
    call.click()
    taps += 1
    page.wait_for_url(re.compile(r"programs/jiujiang-kjfwt-2025"))
    heading = page.locator("h2#怎样申报")
    box = heading.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], f"怎样申报 is below the first screen: {box}"
    page.screenshot(path=str(ARTIFACTS / "program-apply-phone.png"))
    form = page.locator("a.md-button", has_text="团队申报表单")
    expect(form).to_have_attribute("href", f"{REPOSITORY}/issues/new?template=application-jiujiang-kjfwt-2025.yml")
    form.scroll_into_view_if_needed()
    expect(form).to_be_visible()
    taps += 1  # this tap opens the form on GitHub, with the program chosen
    assert taps <= 3
    # the three routes, in order: the office, the form, Git
    headings = page.locator("h3").all_inner_texts()
    order = [next(i for i, h in enumerate(headings) if key in h) for key in ("办公室", "在线填写", "Git")]
    assert order == sorted(order)
    # the Git route names the ids nobody else needs
    git = page.locator("details.ts-git")
    expect(git).to_contain_text("jiujiang-kjfwt-2025")
    expect(git).to_contain_text("九江学院 jju")  # the recommending units, by name and id


def test_every_form_link_on_the_site_opens_a_form_that_exists_that_day(built, example, capsys):
    """The site's links and `techserve forms` name the same templates (pages and intake cannot
    import each other, so this holds them together)."""
    assert main(["forms", "--root", str(example.root), "--as-of", OPEN_DAY]) == 0
    made = {p.name for p in (example.root / ".github/ISSUE_TEMPLATE").glob("*.yml")}
    linked = set()
    for html in built.rglob("*.html"):
        linked |= set(re.findall(r"issues/new\?template(?:=|&#61;)([\w.-]+\.yml)", html.read_text(encoding="utf-8")))
    assert linked and linked <= made, linked - made


def test_a_team_page_keeps_members_ids_for_the_git_route_out_of_the_roster(built):
    """Pinyin ids under each name read as part of the person; they are one click away instead."""
    import re

    text = (built / "teams/hust-zhineng-zhizao-2025.html").read_text(encoding="utf-8")
    roster = text[text.index("<table"):text.index("</table>")]
    assert "li-ming-hust" not in roster
    ids = r'<details class="ts-noprint"[^>]*><summary>成员编号.*李明 <code class="ts-id">li-ming-hust</code>'
    assert re.search(ids, text, re.S)


def test_the_office_route_has_a_blank_printable_form_with_the_programs_own_fields(built, visit):
    page = visit("programs/jiujiang-kjfwt-2025.html", PHONE)
    link = page.locator("a", has_text="打印空白团队申报表")
    expect(link).to_have_attribute("href", "jiujiang-kjfwt-2025-team.html")
    html = (built / "programs/jiujiang-kjfwt-2025-team.html").read_text(encoding="utf-8")
    assert "□ 九江学院" in html and "□ 西安交通大学" in html and "□ 产业共性关键技术研发项目" in html and "（盖章）" in html
    assert html.count("<tr><td>") >= 8  # rows for a leader and members
    form = visit("programs/jiujiang-kjfwt-2025-team.html", PHONE)
    form.screenshot(path=str(ARTIFACTS / "blank-form-phone.png"), full_page=True)


def test_the_offices_phone_is_tappable_once_where_people_act(built):
    """The contact sentence holds the number: it becomes the tap-to-call link, and is not
    printed a second time (“0792-8225304，电话 0792-8225304”)."""
    import re

    for page in ("programs/jiujiang-kjfwt-2025.html",):
        html = (built / page).read_text(encoding="utf-8")
        section = html.split('id="怎样申报"')[1].split("</h3>")[1].split("<h3")[0]
        assert section.count("0792-8225304") + section.count("0792&#45;8225304") == 1, section
        assert re.search(r'<a href="tel:07928225304">0792(-|&#45;)8225304</a>', section)
