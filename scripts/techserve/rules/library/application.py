"""application.*: what an application must carry — its window, duties, commitment, recommender and
the need it answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pydantic import Field

from . import wording as zh
from .base import Hit, NoParams, Params, applicants, applications, names, rule


def _within(day: date, window) -> bool:
    if not window.yearly:
        return window.opens <= day <= window.closes
    md = (day.month, day.day)
    return (window.opens.month, window.opens.day) <= md <= (window.closes.month, window.closes.day)


@rule("application.window", NoParams, each=("application",),
      title="须在项目规定的申报时间内提交")
def application_window(ctx, program, p) -> Iterator[Hit]:
    """An application is submitted within the program's application window. A yearly window
    repeats only within the program's period: an application before the program was issued or
    after its last year is an error whatever the window's severity (九江: 实施方案 of 2025-05-12,
    cohorts 2025–2027)."""
    window = program.model.application_window
    if window is None:
        return
    span = (f"每年 {window.opens.month}月{window.opens.day}日至{window.closes.month}月{window.closes.day}日"
            if window.yearly else f"{window.opens} 至 {window.closes}")
    period = program.model.period
    for app in applications(ctx, program):
        day = app.model.submitted
        if window.yearly and not period.start <= day <= period.end:
            # before the program existed or after its last cohort: no "前后" reading reaches it
            yield Hit(app, ("submitted",), f"提交日期 {day} 不在项目实施期（{period.start} 至 {period.end}）之内："
                                           f"实施期外没有这一项目的申报", severity="error")
        elif not _within(day, window):
            yield Hit(app, ("submitted",), f"提交日期 {day} 不在申报时间（{span}）之内")


class DutiesParams(Params):
    allowed: list[str] = Field(min_length=1)
    min: int = Field(1, ge=1)


@rule("application.duties", DutiesParams, each=("application",),
      title="申报须从规定的工作职责中选择至少规定数量的职责",
      requirement=lambda p: f"从{zh.items(p['allowed'])}中至少选择 {p.get('min', 1)} 项")
def application_duties(ctx, program, p: DutiesParams) -> Iterator[Hit]:
    """An application chooses at least `min` duties, each from the allowed list."""
    choices = "、".join(p.allowed)
    for app in applications(ctx, program):
        duties = app.model.duties
        if len(duties) < p.min:
            yield Hit(app, ("duties",), f"请在 duties 中至少选择 {p.min} 项工作职责：{choices}")
        for i, duty in enumerate(duties):
            if duty not in p.allowed:
                yield Hit(app, ("duties", i), f"工作职责“{duty}”不在可选范围内：{choices}")


@rule("application.project", NoParams, each=("application",),
      title="申报附预研项目，项目类别为项目规定的类别之一")
def application_project(ctx, program, p) -> Iterator[Hit]:
    """An application carries its 预研项目 (project: category, title), and the category is one the
    program lists (program.yaml project_categories; 九江 附件1: 产业共性关键技术研发项目、
    校企合作产学研前瞻性项目、其他类型项目)."""
    allowed = program.model.project_categories
    for app in applications(ctx, program):
        project = app.model.project
        if project is None:
            yield Hit(app, (), "申报须附预研项目（project：类别 category、名称 title、简介 summary）"
                               + (f"，类别从{zh.items(allowed)}中选择" if allowed else ""))
        elif allowed and project.category not in allowed:
            yield Hit(app, ("project", "category"), f"项目类别“{project.category}”不在可选范围内：{zh.items(allowed)}")


@rule("application.commitment", NoParams, each=("application",),
      title="申报须签署承诺书")
def application_commitment(ctx, program, p) -> Iterator[Hit]:
    """An application carries the applicant's signed commitment (commitment: true)."""
    for app in applications(ctx, program):
        if app.model.commitment is not True:
            yield Hit(app, ("commitment",), "须签署承诺书（commitment: true）后才能申请")


@rule("application.need-open", NoParams,
      title="承接榜单须在揭榜截止日期之前申报")
def application_need_open(ctx, program, p) -> Iterator[Hit]:
    """An application takes up a need (榜单) while it is open: on or after its publication, on or
    before its deadline."""
    for app in ctx.reg.valid("application", program.id):
        need = ctx.reg.model("need", app.model.need)
        if need is not None and need.deadline is not None and app.model.submitted > need.deadline:
            yield Hit(app, ("need",), f"榜单“{need.title}”已于 {need.deadline} 截止，本申报提交于 {app.model.submitted}")
        elif need is not None and app.model.submitted < need.published:
            yield Hit(app, ("need",), f"榜单“{need.title}”于 {need.published} 才发布，本申报提交于 {app.model.submitted}："
                                      "不能在榜单发布前揭榜")


class RecommenderParams(Params):
    same_unit: bool = Field(False, description="true：须由申报人所在单位推荐")
    within_scope: bool = Field(False, description="true：推荐单位只推荐其职能和业务范围内的人员（单位的 scope）")
    closed: bool = Field(False, description="true：只有 recommending_units 列出的单位可以推荐（政策写明名单、没有“等”）；"
                                            "false：列出的单位只是举例，申报人所在的高校院所也可以推荐")


RESEARCH_UNITS = ("高校", "科研院所")


def _own_research_unit(ctx, entry, by: str) -> bool:
    """Whether the recommender is a 高校 or 科研院所 that an applicant of the application works at."""
    unit = ctx.reg.model("unit", by)
    return unit is not None and unit.type in RESEARCH_UNITS and any(
        person.unit == by for _, _, person in applicants(ctx, entry))


def recommender_scope(unit) -> str:
    """What a recommending unit may recommend: its `scope`, else a government department its city
    and any other unit its own staff."""
    return unit.scope or ("本市" if unit.type == "政府部门" else "本单位")


@rule("application.recommender", RecommenderParams, each=("application",),
      title="申报须由本项目的推荐单位（或申报人所在单位）推荐",
      requirement=lambda p: ("由申报人所在单位推荐" if p.get("same_unit") else "由本项目的推荐单位推荐")
      + ("，推荐单位只推荐其职能和业务范围内的人员" if p.get("within_scope") else ""))
def application_recommender(ctx, program, p: RecommenderParams) -> Iterator[Hit]:
    """An application is recommended by one of the program's recommending units and, where the
    program says so (所在单位推荐), by the applicant's own unit; with `within_scope`, only within
    the recommender's 职能和业务范围 (a university its own staff, a city bureau its city's units,
    a provincial department its province's: the unit's `scope`). A list the seed gives with 等
    (依托华中科技大学……九江学院等省内外高校院所) names examples: unless `closed`, an applicant's own
    高校 or 科研院所 may recommend too. A team may be 跨单位 (in the 江西 seed, 特派团可由1名特派员发起……组成
    跨单位、跨学科的团队): its scope is judged at the leader who started it."""
    allowed = set(program.model.recommending_units)
    for entry in applications(ctx, program):
        by = entry.model.recommended_by
        if p.same_unit:
            units = {person.unit for _, _, person in applicants(ctx, entry)}
            if units and by not in units:
                yield Hit(entry, ("recommended_by",), f"应由申报人所在单位{names(ctx, 'unit', sorted(units))}推荐，"
                                                       f"现在的推荐单位是{names(ctx, 'unit', [by])}")
                continue
        if allowed and by not in allowed and not (not p.closed and _own_research_unit(ctx, entry, by)):
            listed = names(ctx, "unit", sorted(allowed))
            yield Hit(entry, ("recommended_by",),
                      f"{names(ctx, 'unit', [by])}不是本项目的推荐单位；推荐单位为{listed}" if p.closed else
                      f"{names(ctx, 'unit', [by])}既不是本项目列出的推荐单位（{listed}等），也不是申报人所在的高校或科研院所")
            continue
        recommender = ctx.reg.model("unit", by)
        if p.within_scope and recommender is not None:
            scope = recommender_scope(recommender)
            outside, own = [], []
            for path, _, person in applicants(ctx, entry):
                if entry.model.kind == "team" and entry.model.members[path[1]].role != "leader":
                    continue  # a cross-unit team is recommended where its leader, who started it, works
                unit = ctx.reg.model("unit", person.unit)
                if unit is None:
                    continue  # ref.unknown
                if entry.model.kind == "individual" and person.unit != by and person.unit in allowed \
                        and unit.type in RESEARCH_UNITS:
                    own.append(f"{person.name}（{unit.name}）")  # 各省属高校和科研院所负责推荐审核本单位特派员申请
                    continue
                fits = {"本单位": person.unit == by,
                        "本市": (unit.province, unit.city) == (recommender.province, recommender.city),
                        "本省": unit.province == recommender.province}[scope]
                if not fits:
                    outside.append(f"{person.name}（{unit.name}）")
            if outside:
                area = {"本单位": "本单位职工", "本市": f"{recommender.city}的单位人员",
                        "本省": f"{recommender.province}的单位人员"}[scope]
                yield Hit(entry, ("recommended_by",), f"{recommender.name}只推荐{area}，{'、'.join(outside)}不在其推荐范围内："
                                                       "请由其所在单位（或覆盖全部成员的推荐单位）推荐")
            elif own:
                yield Hit(entry, ("recommended_by",), f"{'、'.join(own)}所在的高校院所本身是推荐单位，应由其所在单位推荐审核，"
                                                       f"不由{recommender.name}推荐")
