"""A program (program.yaml): the policy as data — dates, quotas, funding, targets and rules."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from ..personal import institutional
from .common import Day, LongText, PersonRef, Phone, Record, Ref, Text, UnitRef, Wan, Words


class Region(Record):
    province: Text = Field(title="省份")
    city: Text | None = Field(None, title="城市")


class Period(Record):
    start: Day = Field(title="开始日期")
    end: Day = Field(title="结束日期")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError("结束日期不能早于开始日期")
        return self


class Window(Record):
    opens: Day = Field(title="申报开始")
    closes: Day = Field(title="申报截止")
    yearly: bool = Field(False, title="每年同期", description="true：每年在相同月日之间申报")

    @model_validator(mode="after")
    def _ordered(self):
        if self.closes < self.opens:
            raise ValueError("申报截止日期不能早于开始日期")
        return self


class NoticeRule(Record):
    days: int = Field(title="公示天数", ge=1, le=60)
    day_kind: Literal["workday", "calendar"] = Field(title="天数口径", description="workday 工作日；calendar 自然日")
    contact: Text = Field(title="异议受理联系方式", description="单位和办公电话")
    phones: list[Phone] = Field([], title="异议受理电话", description="办公电话，如 0792-8225304；公示页上可直接拨打")
    address: Text | None = Field(None, title="书面材料寄送地址")
    postcode: str | None = Field(None, title="邮政编码", pattern=r"^\d{6}$", description="寄送地址的邮编，6 位数字")
    email: str | None = Field(None, title="异议受理邮箱",
                              description="单位的公务邮箱，域名须为 .gov.cn、.edu.cn、.ac.cn 或 .org.cn，"
                                          "如 kxxhb@jiujiang.gov.cn；个人邮箱（QQ、163 等）不可填")
    supervisor: Text | None = Field(None, title="监督单位", description="如 九江市纪委监委驻市科协纪检监察组")
    supervisor_phones: list[Phone] = Field([], title="监督电话")
    imported_until: Day | None = Field(
        None, title="登记库启用前的公示", description="此日期（含）以前的公示已在登记库之外（如单位网站）发布，按公示文件的"
        "日期起算；以后的公示从合并进 main、公众能看到之日起算（未写：全部从公众能看到之日起算）")

    @model_validator(mode="after")
    def _office_mailbox(self):
        if self.email is not None and not institutional(self.email):
            raise ValueError(f"异议受理邮箱“{self.email[:40]}”应为单位的公务邮箱（域名为 .gov.cn、.edu.cn、.ac.cn 或 "
                             ".org.cn）；个人邮箱不能写在公示上")
        return self


# The checks that always run and cite a clause of the program they judge (rules/roster.py, services.py).
ClausedRule = Literal["roster.change", "service.people", "service.agreement-period", "progress.target"]


class RuleInstance(Record):
    """One rule of the rule library, configured for this program and citing its clause."""

    rule: Text = Field(title="规则编号", description="如 team.size")
    severity: Literal["error", "warning"] = Field(title="级别", description="error 不符合即退回；warning 提醒审核人")
    clause: LongText = Field(title="政策条款原文", description="带条款序号，如 二（二）各团由3-5名成员组成")
    params: dict[str, Any] = Field({}, title="参数")


class FundingLine(Record):
    label: Text = Field(title="资助项目")
    amount_wan: Wan | None = Field(None, title="金额（万元）")
    min_wan: Wan | None = Field(None, title="下限（万元）")
    max_wan: Wan | None = Field(None, title="上限（万元）")
    per: Text | None = Field(None, title="计量口径", description="如 每团每年、每人（团队）")
    condition: LongText | None = Field(None, title="适用条件")


class Target(Record):
    """A KPI. `count` names what is counted; `by_county` × `by_unit` makes a matrix target."""

    id: Ref = Field(title="指标编号")
    title: Text = Field(title="指标名称")
    goal: int | float = Field(title="目标值", ge=0, description="如 150；报告类指标可带小数，如 3.9（亿元）")
    count: Literal["needs", "agreements", "conversions", "applications", "approved", "services", "reported"] = Field(
        title="统计对象", description="reported：登记册里数不出来的指标（如技术合同成交额），取最近一次调度决定报告的完成值")
    year: int | None = Field(None, title="年度", ge=2000, le=2100, description="只统计该年度内的记录；不填则统计整个实施期")
    unit: Text | None = Field(None, title="计量单位", description="如 项、家、场、亿元；不填为“项”")
    by_county: Words | None = Field(None, title="按县（市、区）分列")
    by_unit: list[UnitRef] | None = Field(None, title="按合作单位分列")
    clause: LongText | None = Field(None, title="政策条款原文")


class Task(Record):
    """A key task (重点任务); its progress comes from progress (调度) decisions."""

    title: Text = Field(title="任务名称")
    measures: list[LongText] = Field([], title="主要举措")
    deadline: str = Field(title="完成时限", description="YYYY-MM、YYYY-MM-DD 或“持续推进”",
                          pattern=r"^(\d{4}-\d{2}(-\d{2})?|持续推进)$")
    lead_unit: Text = Field(title="牵头单位")

    @model_validator(mode="after")
    def _real_day(self):
        if self.deadline != "持续推进":
            parts = [int(x) for x in self.deadline.split("-")]
            try:
                date(*parts, *([1] if len(parts) == 2 else []))
            except ValueError:
                raise ValueError(f"完成时限“{self.deadline}”不是真实的年月（日）") from None
        return self


class MonthlyDeadline(Record):
    day: int = Field(title="每月日期", ge=1, le=31)
    task: Text = Field(title="事项")


class Matching(Record):
    """How the registry recommends people for this program's needs (techserve match)."""

    candidates: Literal["approved", "registry"] = Field(
        title="推荐范围",
        description="approved：本项目已入库（立项）的人员和团队；registry：登记册中的全部科技人员和已立项的团队")
    clause: LongText | None = Field(None, title="政策条款原文", description="如 五3 系统根据特派员研究领域智能推荐")


class Program(Record):
    """科技服务项目（计划、行动）。"""

    name: Text = Field(title="项目名称")
    issuer: Text = Field(title="发布单位")
    document: Text | None = Field(None, title="文号", description="如 九才字〔2025〕3号；无文号的写“无”")
    published: Day = Field(title="发布日期")
    policy_url: str | None = Field(None, title="政策原文链接", pattern=r"^https?://\S+$")
    region: Region = Field(title="实施地区")
    application_kinds: list[Literal["team", "individual"]] = Field(title="申报形式", min_length=1)
    period: Period = Field(title="实施期")
    application_window: Window | None = Field(None, title="申报时间")
    notice: NoticeRule = Field(title="公示规则")
    quota: int | None = Field(None, title="每批次入选名额", ge=0)
    term_years: int | None = Field(None, title="培育期（年）", ge=1, le=10,
                                      description="立项后满该年限即为“已完成”；不填则以实施期结束为准")
    rules: list[RuleInstance] = Field([], title="资格规则")
    clauses: dict[ClausedRule, LongText] = Field({}, title="通用规则引用的条款",
                                            description="每个通用规则（如 roster.change）所执行的本项目政策条款原文")
    funding: list[FundingLine] = Field([], title="支持政策")
    targets: list[Target] = Field([], title="工作目标")
    recommending_units: list[UnitRef] = Field([], title="推荐单位")
    expert_pool: list[PersonRef] = Field([], title="专家库", description="可抽取的评审专家（人员编号）")
    project_categories: Words = Field([], title="项目类别")
    duties: Words = Field([], title="工作职责选项")
    tasks: list[Task] = Field([], title="重点任务")
    monthly_deadlines: list[MonthlyDeadline] = Field([], title="每月节点")
    public_person_fields: list[Literal["birth", "political_status", "bio", "position", "achievements"]] = Field(
        [], title="公示时公开的个人信息")
    owners: list[str] = Field([], title="项目负责人", description="审核本项目文件的 GitHub 账号或团队")
    summary: LongText | None = Field(None, title="项目简介")
    matching: Matching | None = Field(None, title="需求匹配", description="不填则不为本项目的需求推荐人选")
    materials: Words = Field([], title="申报材料", description="申报时需提交或携带的材料，如 申报表、承诺书、学位证书复印件")
    commitment: LongText | None = Field(None, title="承诺书原文",
                                           description="申报人须签署的承诺书；在线申报表单在“承诺”勾选框前原文引用")

    def window_state(self, as_of: date) -> str:
        """受理中 / 常年受理 / 未开始 / 已截止 / 已结束 as of the day (a yearly window repeats within the period)."""
        win = self.application_window
        if win is None:
            return "常年受理" if self.period.start <= as_of <= self.period.end else "已结束"
        opens, closes = win.opens, win.closes
        if win.yearly and self.period.start <= as_of <= self.period.end:
            try:
                opens, closes = opens.replace(year=as_of.year), closes.replace(year=as_of.year)
            except ValueError:  # 29 February in a common year
                pass
        if as_of < opens:
            return "未开始"
        return "受理中" if as_of <= closes else "已截止"

    def accepting(self, as_of: date) -> bool:
        """Open for applications on the day: the online form exists only then."""
        return self.window_state(as_of) in ("受理中", "常年受理")
