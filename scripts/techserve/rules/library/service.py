"""service.*: how often the service is given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import Field

from ...registry.terms import visits_per_month
from .base import Hit, Params, rule
from .shared import add_months, agreements


class FrequencyParams(Params):
    min_per_month: int = Field(ge=1)


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


@rule("service.frequency", FrequencyParams,
      title="每个结对每月至少入企服务规定次数",
      requirement=lambda p: f"每月至少入企服务 {p['min_per_month']} 次")
def service_frequency(ctx, program, p: FrequencyParams) -> Iterator[Hit]:
    """Each active agreement records services on at least `min_per_month` different days in every
    full calendar month of its active span that has ended by the as-of day (two records of one
    day are one visit), and within its team's 培育期 (term_years) where the program has one."""
    counts = visits_per_month(s.model for s in ctx.reg.valid("service", program.id))
    for entry in agreements(ctx, program):
        span = ctx.status.visits_span(entry.model, entry.id)  # active, and within the 培育期
        if not span:
            continue
        start, end = span
        short = []
        for y, m in _months(start, end):
            first = date(y, m, 1)
            last = add_months(first, 1) - timedelta(days=1)
            if first < start or last > end or last >= ctx.as_of:
                continue  # not a full month of service, or not over yet
            n = counts.get((entry.id, y, m), 0)
            if n < p.min_per_month:
                short.append(f"{y}年{m}月 {n} 次")
        if short:
            shown = "、".join(short[:6]) + (f" 等 {len(short)} 个月" if len(short) > 6 else "")
            yield Hit(entry, (), f"服务登记不足每月 {p.min_per_month} 次：{shown}")


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


class EvidenceParams(Params):
    photo: bool = True  # at least one photo of the site among the evidence
    form: bool = True  # the registration form, sealed by the enterprise (registration_form)


@rule("service.evidence", EvidenceParams, each=("service",),
      title="服务登记附服务现场照片和企业盖章的服务登记表",
      requirement=lambda p: "服务登记附" + "和".join(
          [w for w, on in (("服务现场照片", p.get("photo", True)), ("企业盖章的服务登记表", p.get("form", True))) if on]))
def service_evidence(ctx, program, p: EvidenceParams) -> Iterator[Hit]:
    """Each service record carries what the program's registration form asks for: a photo of the
    site among its evidence (a .jpg, .jpeg or .png, showing the enterprise's sign or the service
    under way) and the registration form itself, sealed by the enterprise, as `registration_form`.
    Whether the photo shows the site and the seal is on the form is for the reviewer's eyes; the
    check sees that they were handed in."""
    for entry in ctx.reg.valid("service", program.id):
        s = entry.model
        if s.date > ctx.as_of:
            continue  # not happened yet: record.future-date says so
        photos = [name for name in s.evidence if name.lower().endswith(PHOTO_SUFFIXES) and name != s.registration_form]
        where = f"{s.date} 的服务登记"
        if p.photo and not photos:
            yield Hit(entry, ("evidence",) if s.evidence else (),
                      f"{where}没有附服务现场照片：请在 evidence 中列出现场照片（.jpg 或 .png，有企业标志或服务场景），"
                      f"并把照片放进 programs/{program.id}/evidence/ 目录")
        if p.form and not s.registration_form:
            yield Hit(entry, (),
                      f"{where}没有附服务登记表：请把企业盖章的服务登记表扫描件或照片放进 evidence/ 目录，"
                      f"并在 registration_form 中写明文件名")
