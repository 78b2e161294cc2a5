"""The nginx server block for a built site: how an office serves it from its own machine, since
GitHub Pages is not reliably reachable from mainland China.

- gzip for every text type the site has (HTML, CSS, JS, JSON, CSV, RSS, SVG);
- a year's cache for the theme's fingerprinted assets (name.<hash>.min.js), a short one for
  pages (no-cache: revalidated on every view, so a notice's 公示中 never lingers) and an hour
  for data and feeds;
- a Content-Security-Policy that allows only the site itself. The theme's few inline scripts
  are allowed by their SHA-256, read from the built pages, so the policy matches the build;
- the right types for feeds (RSS, JSON Feed) and open data (CSV, UTF-8), the Chinese 404.

`techserve nginx --site public` prints it; deploy/nginx/techserve.conf is the example's.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")  # not run, so not governed by script-src


def inline_script_hashes(site: Path) -> list[str]:
    """'sha256-…' of every distinct inline script in the built pages (sorted, stable)."""
    found = set()
    for page in site.rglob("*.html"):
        for attrs, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8", errors="replace")):
            if any(t in attrs for t in DATA_TYPES):
                continue
            found.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
    return sorted(found)


def csp(site: Path) -> str:
    scripts = " ".join(["'self'", *inline_script_hashes(site)])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
            "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def headers(policy: str, cache: str) -> str:
    """add_header lines for one location: nginx drops the server's add_header in any location
    that has its own, so each location carries the whole set."""
    return "\n".join([
        f'        add_header Cache-Control "{cache}" always;',
        f'        add_header Content-Security-Policy "{policy}" always;',
        '        add_header X-Content-Type-Options "nosniff" always;',
        '        add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
        '        add_header X-Frame-Options "DENY" always;',
        '        add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;',
    ])


PAGES = "no-cache"
DATA = "public, max-age=3600"
FOREVER = "public, max-age=31536000, immutable"


def server_block(site: Path, root: str = "/srv/techserve/public", server_name: str = "_", listen: str = "80") -> str:
    policy = csp(site)
    return f"""# 由 `techserve nginx` 生成：techserve 公开网站的 nginx 配置（放进 http {{}} 中，如 /etc/nginx/conf.d/）。
# 网站更新（主题升级）后重新生成：内容安全策略（CSP）中的脚本散列值来自构建出的页面。
server {{
    listen {listen};
    server_name {server_name};
    root {root};
    index index.html;
    charset utf-8;
    charset_types text/css text/plain text/xml text/csv application/javascript application/json
                  application/rss+xml application/feed+json image/svg+xml;
    server_tokens off;
    error_page 404 /404.html;

    gzip on;
    gzip_vary on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_types text/css text/plain text/xml text/csv application/javascript application/json
               application/rss+xml application/feed+json image/svg+xml;

    # feeds and open data: their own types, so browsers and readers open them as what they are
    types {{
        text/html html;
        text/css css;
        application/javascript js;
        application/json json map;
        text/csv csv;
        application/rss+xml xml;
        image/svg+xml svg;
        image/png png;
        image/x-icon ico;
        application/gzip gz;
        text/plain txt;
    }}

    location / {{
        try_files $uri $uri.html $uri/ =404;
{headers(policy, PAGES)}
    }}

    # the theme's fingerprinted bundles: a new build gets new names, so they never go stale
    location ~ "^/assets/(javascripts|stylesheets)/.+\\.[0-9a-f]{{8}}\\.min\\.(js|css)$" {{
{headers(policy, FOREVER)}
    }}

    # the search's shards live in a folder named by their content (site/search_index.py): a new
    # build writes a new folder, and search/meta.json (revalidated like a page) points to it
    location ~ "^/search/[0-9a-f]{{12}}/[td][0-9]+\\.json$" {{
{headers(policy, FOREVER)}
    }}

    location = /search/meta.json {{
{headers(policy, PAGES)}
    }}

    location ~ "^/feeds/.+\\.json$" {{
        types {{ }}
        default_type application/feed+json;
{headers(policy, DATA)}
    }}

    location = /sitemap.xml {{
        types {{ }}
        default_type application/xml;
{headers(policy, DATA)}
    }}

    location ~ "^/(data|feeds|search)/|^/notices\\.xml$|^/sitemap\\.xml\\.gz$" {{
{headers(policy, DATA)}
    }}

    location = /404.html {{
        internal;
{headers(policy, PAGES)}
    }}
}}
"""
