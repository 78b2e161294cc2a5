"""applicant.*: who may apply — the applicant's unit, region, years at the unit, title or degree,
and age."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, model_validator

from ...models.common import month_of, months_between
from . import wording as zh
from .base import DEGREE_RANK, LEVEL_RANK, Hit, Params, applicants, applications, rule, unit_of


class UnitTypeParams(Params):
    types: list[str] = Field(min_length=1)


@rule("applicant.unit-type", UnitTypeParams, each=("application",),
      title="申报人所在单位属于规定类型（如高校、科研院所）",
      requirement=lambda p: f"单位为{zh.items(p['types'])}")
def applicant_unit_type(ctx, program, p: UnitTypeParams) -> Iterator[Hit]:
    """Each applicant works at a unit of one of the listed types (高校, 科研院所)."""
    allowed = "或".join(p.types)
    for app in applications(ctx, program):
        for path, _pid, person in applicants(ctx, app):
            unit = unit_of(ctx, person)
            if unit is not None and unit.type not in p.types:
                yield Hit(app, path, f"{person.name}的单位“{unit.name}”是{unit.type}，申报对象应为{allowed}的在职科技人员")


class UnitRegionParams(Params):
    province: str | None = None
    city: str | None = None
    types: list[str] = []


@rule("applicant.unit-region", UnitRegionParams, each=("application",),
      title="申报人所在单位位于规定地区（及规定的单位类型）",
      requirement=lambda p: ("单位在" + (p.get("city") or p.get("province") or "规定地区")
                             + (f"，且为{zh.items(p['types'])}" if p.get("types") else "")))
def applicant_unit_region(ctx, program, p: UnitRegionParams) -> Iterator[Hit]:
    """Each applicant works at a unit in the region (and of the listed types)."""
    region = p.city or p.province or ""
    for app in applications(ctx, program):
        for path, _pid, person in applicants(ctx, app):
            unit = unit_of(ctx, person)
            if unit is None:
                continue
            if (p.city and unit.city != p.city) or (p.province and unit.province != p.province):
                yield Hit(app, path, f"{person.name}的单位“{unit.name}”在{unit.province}{unit.city}，"
                                     f"申报对象应为{region}辖区内的单位")
            elif p.types and unit.type not in p.types:
                yield Hit(app, path, f"{person.name}的单位“{unit.name}”是{unit.type}，应为{'或'.join(p.types)}")


class YearsParams(Params):
    min_years: int = Field(ge=1)


@rule("applicant.years-at-unit", YearsParams, each=("application",),
      title="申报人在高校、院所（或现单位）工作满规定年限",
      requirement=lambda p: f"在高校、院所工作满 {p['min_years']} 年")
def applicant_years_at_unit(ctx, program, p: YearsParams) -> Iterator[Hit]:
    """Each applicant has worked `min_years` years by the submission date — counted from
    `research_since` where the person gives it (the seed says 在高校、院所工作2年以上: years at an
    earlier university count), else from joining the current unit."""
    for app in applications(ctx, program):
        submitted = app.model.submitted
        for path, _pid, person in applicants(ctx, app):
            since = person.research_since or person.employed_since
            months = months_between(month_of(since), (submitted.year, submitted.month))
            if months < 12 * p.min_years:
                where = "在高校、院所工作" if person.research_since else "在现单位工作"
                hint = "" if person.research_since else "；此前在其他高校院所工作的，请在人员文件中填写 research_since"
                yield Hit(app, path, f"{person.name}自 {since} 起{where}，至提交日 {submitted} "
                                     f"不足 {p.min_years} 年（{months} 个月）{hint}")


class EitherParams(Params):
    min_level: str = Field(pattern="^(正高|副高|中级|初级|无)$")
    min_degree: str = Field(pattern="^(博士|硕士|学士|其他)$")


@rule("applicant.qualification", EitherParams, each=("application",),
      title="申报人具有规定级别以上职称，或规定以上学位",
      requirement=zh.qualification)
def applicant_qualification(ctx, program, p: EitherParams) -> Iterator[Hit]:
    """Each applicant has a title of at least `min_level` OR a degree of at least `min_degree`."""
    for app in applications(ctx, program):
        for path, _pid, person in applicants(ctx, app):
            if LEVEL_RANK[person.title_level] < LEVEL_RANK[p.min_level] and \
                    DEGREE_RANK[person.degree] < DEGREE_RANK[p.min_degree]:
                yield Hit(app, path, f"{person.name}的职称为{person.title}（{person.title_level}）、学位为{person.degree}："
                                     f"应具有{p.min_level}及以上职称或{p.min_degree}及以上学位")


class AgeParams(Params):
    earliest_birth: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    max_age: int | None = Field(None, ge=16, le=100)  # 周岁 on the month of submission

    @model_validator(mode="after")
    def _one_at_least(self):
        if self.earliest_birth is None and self.max_age is None:
            raise ValueError("earliest_birth（最早出生年月）和 max_age（最大周岁）至少写一项")
        return self


def _age_requirement(p: dict) -> str:
    parts = []
    if p.get("max_age") is not None:
        parts.append(f"提交时不超过 {p['max_age']} 周岁")
    if p.get("earliest_birth"):
        parts.append(f"{zh.month(p['earliest_birth'])}及以后出生")
    return "，且".join(parts)


@rule("applicant.age", AgeParams, each=("application",),
      title="申报人年龄符合规定（不超过规定周岁，不早于规定的出生年月）",
      requirement=_age_requirement)
def applicant_age(ctx, program, p: AgeParams) -> Iterator[Hit]:
    """Each applicant was born in or after `earliest_birth` (YYYY-MM), the month a seed writes
    beside its age limit for its own year ("不超过60周岁（1961年7月后出生）"), and is at most
    `max_age` 周岁 in the month of submission, counted the way that seed counts: born in the same
    month 60 years before is 60 周岁 and may apply (so a program extended into later years moves
    the cutoff with it)."""
    for app in applications(ctx, program):
        submitted = app.model.submitted
        for path, _pid, person in applicants(ctx, app):
            born = month_of(person.birth)
            if p.earliest_birth and born < month_of(p.earliest_birth):
                yield Hit(app, path, f"{person.name}出生于 {person.birth}，早于 {p.earliest_birth}，超过年龄要求")
            elif p.max_age is not None and months_between(born, (submitted.year, submitted.month)) > 12 * p.max_age:
                years = months_between(born, (submitted.year, submitted.month)) // 12
                cutoff = f"{submitted.year - p.max_age}年{submitted.month}月及以后出生"
                yield Hit(app, path, f"{person.name}出生于 {person.birth}，至提交日 {submitted} 已满 {years} 周岁，"
                                     f"超过 {p.max_age} 周岁的年龄要求（{cutoff}）")
