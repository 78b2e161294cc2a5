"""The browser fixtures every site test shares: the example site built once per session, served
by nginx with the shipped configuration, opened in Debian's Chromium through a route that records
every request and blocks other hosts. conftest.py registers them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from .nginxkit import nginx
from .sitekit import REPO, build

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]
ARTIFACTS = REPO / "tests/artifacts"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The example site as of 2026-11-22 (a module may override it with another build)."""
    return build(REPO, tmp_path_factory.mktemp("public"))


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """The built site behind Debian's nginx with the shipped configuration (tests/nginxkit.py)."""
    with nginx(built, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="session")
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

    blocked: list[str] = []

    def open_page(path: str, viewport=DESKTOP, bypass_csp: bool = False):
        """`bypass_csp`: for a test tool injected into the page (axe-core), never for the site."""
        context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block", bypass_csp=bypass_csp)
        context.route("**/*", route)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: blocked.append(f"{path}: {m.text}")
                if m.type == "error" and "Content Security Policy" in m.text else None)
        page.goto(server + path)
        return page

    yield open_page
    for c in contexts:
        c.close()
    outside = [u for u in requests if urlsplit(u).netloc not in ("", host) and not u.startswith(("data:", "blob:"))]
    assert outside == [], f"requests left the host: {outside}"
    assert blocked == [], f"the Content-Security-Policy blocked: {blocked}"
    assert requests, "no request was recorded: the route did not run"
