"""The nginx configuration techserve ships, as citizens get it: compression, caching, the
Content-Security-Policy, types for feeds and data, the Chinese 404; and the shipped file is the
one `techserve nginx` makes from the example's build."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request

import pytest

from techserve.cli import main

from .sitekit import REPO


def get(url: str, gzip_ok: bool = True):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        return urllib.request.urlopen(req, timeout=10)
    except urllib.error.HTTPError as exc:
        return exc


def test_pages_are_compressed_revalidated_and_guarded(server):
    r = get(server + "notices/2026-gongshi-2.html")
    assert r.status == 200 and r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-cache"  # a notice's 公示中 never lingers in a cache
    assert "公示" in gzip.decompress(r.read()).decode("utf-8")
    policy = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers.get("Server", "").lower() in ("nginx", "")  # no version number


def test_fingerprinted_assets_are_cached_for_a_year_and_the_rest_briefly(server, built):
    bundle = next((built / "assets/javascripts").glob("bundle.*.min.js")).name
    r = get(server + f"assets/javascripts/{bundle}")
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable" and r.headers["Content-Encoding"] == "gzip"
    r = get(server + "assets/techserve.css")  # ours is not fingerprinted: revalidated
    assert r.headers["Cache-Control"] == "no-cache"
    # the search: meta.json revalidated, its shards (a folder named by their content) kept a year
    r = get(server + "search/meta.json")
    assert r.headers["Cache-Control"] == "no-cache"
    shard = next(built.glob("search/*/t0.json")).relative_to(built).as_posix()
    r = get(server + shard)
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable" and r.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("path,kind", [("notices.xml", "application/rss+xml; charset=utf-8"),
                                       ("data/people.csv", "text/csv; charset=utf-8"),
                                       ("data/registry.json", "application/json; charset=utf-8"),
                                       ("sitemap.xml", "application/xml")])
def test_feeds_and_data_have_their_types(server, path, kind):
    r = get(server + path, gzip_ok=False)
    assert r.status == 200 and r.headers["Content-Type"] == kind


def test_feed_files_have_their_types(server, built):
    feed = next((built / "feeds").glob("*.json")).name
    assert get(server + f"feeds/{feed}").headers["Content-Type"] == "application/feed+json; charset=utf-8"
    rss = next((built / "feeds").glob("*.xml")).name
    assert get(server + f"feeds/{rss}").headers["Content-Type"] == "application/rss+xml; charset=utf-8"


def test_a_missing_page_gets_the_chinese_404(server):
    r = get(server + "notices/no-such-notice.html", gzip_ok=False)
    assert r.status == 404 and "页面不存在" in r.read().decode("utf-8")
    assert get(server + "404.html").status == 404  # the page itself is not served as a 200


def test_the_policy_allows_exactly_the_inline_scripts_the_build_has(built, server):
    """The theme's inline scripts (a few, varying with page depth) are allowed by hash; a build
    with another theme version gets other hashes, and the shipped file must be regenerated."""
    from techserve.site.nginx import inline_script_hashes

    policy = get(server).headers["Content-Security-Policy"]
    hashes = re.findall(r"'sha256-[^']+'", policy)
    assert hashes == inline_script_hashes(built) and 1 <= len(hashes) <= 6


def test_the_shipped_configuration_is_current(built, capsys):
    main(["nginx", "--site", str(built)])
    shipped = (REPO / "deploy/nginx/techserve.conf").read_text(encoding="utf-8")
    assert capsys.readouterr().out == shipped, "run: techserve build && techserve nginx > deploy/nginx/techserve.conf"
