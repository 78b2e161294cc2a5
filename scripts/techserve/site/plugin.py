"""A thin MkDocs plugin: registry → pages at build time, added as generated files.

Generated pages never touch docs_dir, so nothing generated can be committed by accident, and
`mkdocs serve` rebuilds when a submission changes because the submissions folder is watched.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from ..checker import check
from ..clock import today_in_shanghai
from ..pages import generate
from ..pages.withhold import publishable, withheld_lines
from ..registry.cache import default_location, open_cache
from .search_index import build as build_search

log = logging.getLogger("mkdocs.plugins.techserve")
AS_OF_ENV = "TECHSERVE_AS_OF"


class TechserveConfig(base.Config):
    root = c.Type(str, default=".")  # the repository root (holds submissions/), relative to mkdocs.yml
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; else $TECHSERVE_AS_OF; else today in China
    # Where people apply (issue forms) and Git users open pull requests. Not Material's repo_url:
    # that one makes every page call the GitHub API, and no request may leave the site.
    repository = c.Optional(c.Type(str))
    # The open data's licence (CC-BY-4.0 unless set here or in $TECHSERVE_DATA_LICENSE):
    # stated in the data package, the DCAT catalogue and the data page.
    data_license = c.Optional(c.Type(str))


def repository_url(configured: str | None, env=os.environ) -> str:
    """The configured repository; else $TECHSERVE_REPOSITORY_URL; else the GitHub repository the
    Pages workflow runs in; else "" (the site then points to the office only)."""
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY"):
        github = f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}"
    else:
        github = ""
    url = (configured or env.get("TECHSERVE_REPOSITORY_URL") or github).strip().rstrip("/")
    # Only a web address becomes a link: never javascript: or a relative path.
    return url if url.startswith(("https://", "http://")) and not any(c.isspace() for c in url) else ""


def refusal(findings) -> list:
    """The findings that keep a record off the site (pages.withhold): those that make it unsafe to
    publish. Obligations and process findings never stop publication; a preview (serve) shows
    exactly what a build would."""
    from ..pages.withhold import unsafe_findings

    return unsafe_findings(list(findings))


class TechservePlugin(BasePlugin[TechserveConfig]):
    def on_config(self, config):
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        if not (self.root / "submissions").is_dir():
            raise PluginError(f"techserve: {self.root} 下没有 submissions/ 文件夹")
        text = self.config.as_of or os.environ.get(AS_OF_ENV)
        try:
            self.as_of = date.fromisoformat(text) if text else today_in_shanghai()
        except ValueError as exc:
            raise PluginError(f"techserve: as_of 日期格式应为 YYYY-MM-DD，而不是“{text}”") from exc
        config.extra["techserve_as_of"] = f"{self.as_of.year}年{self.as_of.month}月{self.as_of.day}日"  # the footer's 数据更新至
        return config

    def on_files(self, files, config):
        started = time.perf_counter()
        report = check(self.root, self.as_of, cache=open_cache(default_location()), snapshot=False)
        reg, stop = publishable(report.registry, report.findings)
        if stop:
            # Info, not a warning: a strict build would abort on a warning, and the site must
            # publish every day. `techserve build` shows this logger's info to the office.
            log.info("techserve: 以下文件有不能公开的问题，本次发布不含这些记录（其余照常发布），请改正：\n%s",
                     "\n".join(withheld_lines(stop)))
        obligations = sum(f.severity == "error" for f in report.findings) - len(stop)
        if obligations:
            log.info("techserve: 登记库有 %d 个待办问题（逾期考核、服务次数等），网站照常发布；"
                     "见 techserve check 和 techserve todo", obligations)
        try:
            generated = generate(reg, self.as_of, config.site_url or "", repository_url(self.config.repository),
                                 license=self.config.data_license)
        except ValueError as exc:  # an unknown licence id: said in Chinese, not a traceback
            raise PluginError(str(exc)) from exc
        for uri, content in generated.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"techserve: docs_dir already has {uri}, which the site generates")
            # Record pages are reachable from the index tables, never from the nav.
            files.append(File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV
                                        if uri.count("/") and not uri.endswith("index.md") else
                                        InclusionLevel.UNDEFINED))
        log.info("techserve: %d pages and files generated from %d records as of %s in %.1f s",
                 len(generated), reg.files, self.as_of, time.perf_counter() - started)
        return files

    @event_priority(-50)  # after every page is written, whatever else mkdocs.yml lists
    def on_post_build(self, config):
        # Marks the folder as a site output: `techserve build --out` empties only such a folder.
        (Path(config.site_dir) / ".techserve-site").write_text("techserve\n", encoding="utf-8")
        started = time.perf_counter()
        made = build_search(Path(config.site_dir))
        log.info("techserve: search index of %d pages, %d terms in %d shards (%d KB) in %.1f s", made["pages"],
                 made["terms"], made["shards"], made["bytes"] // 1024, time.perf_counter() - started)

    def on_serve(self, server, config, builder):
        server.watch(str(self.root / "submissions"))
        return server
