"""registry → pages: every generated file of the site, as {uri: content}. Nothing is written here.

The MkDocs adapter (techserve.site) hands these to MkDocs as generated files, so generated
pages never land in the docs folder or in Git.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from markupsafe import Markup

from ..registry import Registry
from ..registry.status import StatusBook, derive
from ..rules import Context
from .public import Public
from .render import environment, relative

PAGE_ROWS = 200  # rows per index page: page size stays flat however large the registry grows


@dataclass
class Builder:
    reg: Registry
    as_of: date
    site_url: str = ""
    repository: str = ""  # where applicants submit (issue forms, pull requests); "" when not published
    license: str = field(default_factory=lambda: _license())  # the open data's licence id (pages.opendata)
    files: dict[str, str | bytes] = field(default_factory=dict)

    @cached_property
    def ctx(self) -> Context:
        return Context(self.reg, self.as_of)

    @cached_property
    def book(self) -> StatusBook:
        return derive(self.reg, self.as_of, self.ctx.calendar)

    @cached_property
    def public(self) -> Public:
        return Public(self.reg, self.book)

    @cached_property
    def env(self):
        return environment()

    @cached_property
    def notice_rows(self) -> list[dict]:
        """Every notice published by the build day, newest first (notices page, home, open data)."""
        from .notices import notice_rows
        return notice_rows(self)

    @cached_property
    def need_status(self) -> dict[str, str]:
        """need id → 征集中 / 已对接 / 已截止 (needs board, home, open data)."""
        from .needs import statuses
        return statuses(self)

    @cached_property
    def matches(self):
        """推荐人选, 可能适合的需求 and 推荐采纳率 (techserve.pages.matching), computed once."""
        from .matching import compute
        return compute(self)

    @cached_property
    def team_pages(self) -> set[str]:
        """Team applications that get a page of their own (linked from agreements and stats)."""
        return {e.id for e in self.reg.valid("application")
                if e.model.kind == "team" and e.model.submitted <= self.as_of}

    @cached_property
    def programs(self) -> list:
        return sorted(self.reg.programs(), key=lambda e: (e.model.published, e.id), reverse=True)

    def page(self, uri: str, template: str, **context) -> None:
        """Render one Markdown page; `url()` in the template links relative to this page."""
        if uri in self.files:  # two records, or a record and an index, would share one page
            raise ValueError(f"page {uri} generated twice")
        context.update(as_of=self.as_of, uri=uri, url=lambda target: Markup.escape(relative(uri, target)))
        self.files[uri] = self.env.get_template(template).render(**context)

    def paged(self, base: str, rows: list, template: str, **context) -> list[str]:
        """`base`.md, `base`-2.md, … with PAGE_ROWS rows each and a pager on every page."""
        chunks = [rows[i:i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)] or [[]]
        uris = [f"{base}.md" if n == 0 else f"{base}-{n + 1}.md" for n in range(len(chunks))]
        for n, chunk in enumerate(chunks):
            pager = {"pages": [{"n": i + 1, "uri": u} for i, u in enumerate(uris)], "current": n + 1,
                     "first": n * PAGE_ROWS + 1, "total": len(rows)}
            self.page(uris[n], template, rows=chunk, pager=pager, **context)
        return uris


def _license(configured: str | None = None) -> str:
    from .opendata import data_license

    return data_license(configured)


def generate(reg: Registry, as_of: date, site_url: str = "", repository: str = "",
             beside: bool = True, license: str | None = None) -> dict[str, str | bytes]:
    """Every page and file of the site. The matcher (推荐人选, the longest single step at province
    scale) runs in a forked process while the sections that do not read it are rendered, when
    `beside` and this process has one thread; the pages are the same either way."""
    from . import home, needs, notices, opendata, programs, progress, rosters, snapshots, stats

    b = Builder(reg, as_of, site_url.rstrip("/") + "/" if site_url else "", repository.rstrip("/"),
                license=_license(license))
    pending = _matches_beside(b) if beside else None
    made: dict = {}  # section → the files it made
    for section in (notices, stats, progress, opendata, snapshots, programs, rosters, needs, home):
        if section is programs and pending is not None:  # the first section that reads b.matches
            b.__dict__["matches"] = pending()  # fills the cached property
        before = len(b.files)
        section.build(b)
        made[section] = list(b.files)[before:]
    # The files in the sections' reading order (programs first): the search index lists pages in
    # this order, and its ranking breaks ties by it.
    order = (programs, notices, rosters, needs, stats, progress, opendata, snapshots, home)
    return {uri: b.files[uri] for section in order for uri in made[section]}


def _matches_beside(b: Builder):
    """Start computing b.matches in a forked child (techserve.forked); return the function that
    waits for it. None where forking is not safe: a process with other threads (mkdocs serve
    rebuilds beside its server) or a platform without fork."""
    from ..forked import beside, can_fork
    from .matching import compute

    if not can_fork():
        return None
    _ = (b.book, b.need_status)  # derived once, before the fork, so both sides share them
    return beside(lambda: compute(b))
