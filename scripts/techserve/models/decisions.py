"""The agency's decisions. Status is derived from these; nobody edits a status field."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import (
    AgreementRef,
    ApplicationRef,
    Day,
    DecisionRef,
    LongText,
    Outcome,
    PersonRef,
    Record,
    Ref,
    Text,
    UnitRef,
    Wan,
)


class _Decision(Record):
    date: Day = Field(title="决定日期")


class ReviewResult(Record):
    application: ApplicationRef = Field(title="申报")
    outcome: Outcome = Field(title="结果", description="通过 或 不通过（也可写 pass / fail）")
    score: float | None = Field(None, title="评分", ge=0, le=100)
    note: LongText | None = Field(None, title="意见")


class Review(_Decision):
    """评审（初审、专家评审）。"""

    kind: Literal["review"]
    stage: Literal["initial", "expert"] = Field(title="阶段", description="initial 初审；expert 专家评审")
    draw: DecisionRef | None = Field(None, title="专家抽取", description="专家评审所依据的随机抽取决定")
    results: list[ReviewResult] = Field(title="评审结果", min_length=1)


class Notice(_Decision):
    """公示。结束日期由公示天数和节假日安排计算，不手填。"""

    kind: Literal["notice"]
    title: Text = Field(title="公示标题")
    document: Text | None = Field(None, title="文号", description="如 九科协字〔2026〕12号；不填则公示页不显示文号")
    issuer: Text | None = Field(None, title="发布单位", description="不填则为项目的发布单位")
    applications: list[ApplicationRef] = Field(title="公示名单", min_length=1)
    days: int | None = Field(None, title="公示天数", ge=1, le=60, description="不填则按项目规定")
    day_kind: Literal["workday", "calendar"] | None = Field(None, title="天数口径")


class ApprovalItem(Record):
    application: ApplicationRef = Field(title="申报")
    funding_wan: Wan | None = Field(None, title="资助金额（万元/年）")


class Approval(_Decision):
    """立项。"""

    kind: Literal["approval"]
    notice: DecisionRef | None = Field(None, title="依据的公示", description="项目的环节有公示时必填（process.order）")
    applications: list[ApprovalItem] = Field(title="立项名单", min_length=1)


class Objection(_Decision):
    """异议处理。"""

    kind: Literal["objection"]
    application: ApplicationRef = Field(title="申报")
    outcome: Literal["upheld", "dismissed"] = Field(title="结论", description="upheld 异议成立；dismissed 不成立")
    note: LongText = Field(title="处理说明")


class AssessmentResult(Record):
    application: ApplicationRef = Field(title="申报")
    outcome: Outcome = Field(title="结果", description="合格 或 不合格（也可写 pass / fail）")
    grade: Literal["优秀", "良好", "合格", "基本合格", "不合格"] | None = Field(
        None, title="等次", description="按项目规定填写；不合格的 outcome 须为 fail")
    score: float | None = Field(None, title="得分", ge=0, le=100)
    note: LongText | None = Field(None, title="意见")

    @model_validator(mode="after")
    def _agree(self):
        if self.grade is not None and (self.grade == "不合格") != (self.outcome == "fail"):
            said = "合格" if self.outcome == "pass" else "不合格"
            raise ValueError(f"等次“{self.grade}”与结果“{said}”不一致：等次不合格的结果须为不合格，其余等次为合格")
        return self


class Assessment(_Decision):
    """年度考核。"""

    kind: Literal["assessment"]
    year: int = Field(title="考核年度", ge=2000, le=2100)
    results: list[AssessmentResult] = Field(title="考核结果", min_length=1)


class PaymentItem(Record):
    application: ApplicationRef = Field(title="申报")
    amount_wan: Wan = Field(title="拨付金额（万元）")


class Payment(_Decision):
    """拨付：按年度拨付已立项项目的资金。"""

    kind: Literal["payment"]
    year: int = Field(title="支持年度", ge=1, le=10, description="立项后的第几年（第 1 年、第 2 年……）")
    items: list[PaymentItem] = Field(title="拨付明细", min_length=1)
    note: LongText | None = Field(None, title="说明")


class Recovery(_Decision):
    """追回：收回已拨付的资金。"""

    kind: Literal["recovery"]
    application: ApplicationRef = Field(title="申报")
    amount_wan: Wan = Field(title="追回金额（万元）")
    reason: LongText = Field(title="原因")


class DrawPlan(_Decision):
    """专家抽取预告：先公开抽取方式（参评名单、专家库、抽取人数、种子的来源和日期），合并公开之后种子才产生，
    因此任何人（包括主管部门）都无法通过挑选种子决定抽中谁。"""

    kind: Literal["drawplan"]
    seed_source: Text = Field(title="种子来源", description="种子日期当天公布、事先无人知道的数字，如“深证成指收盘点位”")
    seed_date: Day = Field(title="种子日期", description="须晚于本预告在网站公开之日")
    size: int = Field(title="抽取人数", ge=1, le=50)
    applications: list[ApplicationRef] = Field(title="参评申报", min_length=1, description="其申报人所在单位的专家回避")
    pool: list[PersonRef] = Field(title="专家库", min_length=1, description="抽取范围：预告公开时的专家库")


class Draw(_Decision):
    """随机抽取评审专家。按事先公开的抽取预告，用种子日期公布的数字抽取，任何人都可用 techserve draw --verify 复核。"""

    kind: Literal["draw"]
    plan: DecisionRef | None = Field(None, title="抽取预告", description="事先公开的专家抽取预告（kind: drawplan）")
    seed: Text = Field(title="随机种子",
                       description="抽取预告的种子日期、种子来源和当天公布的数字，如“2025-06-14 深证成指收盘 10234.56”")
    size: int = Field(title="抽取人数", ge=1, le=50)
    applications: list[ApplicationRef] = Field(title="参评申报", min_length=1, description="其申报人所在单位的专家回避")
    panel: list[PersonRef] = Field(title="抽中专家", min_length=1)


class Recommendation(_Decision):
    """推荐函与推荐清单：推荐单位寄送（报送）本月审核通过的申请名单（清单从平台导出，techserve export --recommendations）。"""

    kind: Literal["recommendation"]
    unit: UnitRef = Field(title="推荐单位", description="寄送推荐函的单位，即清单上各申请的推荐单位")
    applications: list[ApplicationRef] = Field(title="推荐清单", min_length=1)
    note: LongText | None = Field(None, title="说明", description="如寄送方式、快递单号")


class Termination(_Decision):
    """终止：终止一份协议、一个项目（团队或个人），或填 person 只让团队中的一名成员退出。"""

    kind: Literal["termination"]
    agreement: AgreementRef | None = Field(None, title="协议")
    application: ApplicationRef | None = Field(None, title="申报")
    person: PersonRef | None = Field(None, title="退出的成员", description="只填于团队申报：该成员退出，团队其余成员继续")
    reason: LongText = Field(title="原因")

    @model_validator(mode="after")
    def _one(self):
        if (self.agreement is None) == (self.application is None):
            raise ValueError("agreement（协议）和 application（申报）须填且只填一项")
        if self.person is not None and self.application is None:
            raise ValueError("person（退出的成员）只能与 application（申报）一起填写")
        return self


class Replacement(_Decision):
    """更换：经同意后，用一名人员替换团队成员或协议中的特派员，自决定日期起生效。"""

    kind: Literal["replacement"]
    application: ApplicationRef | None = Field(None, title="申报", description="更换团队成员时填写")
    agreement: AgreementRef | None = Field(None, title="协议", description="更换协议中的特派员时填写")
    leaves: PersonRef = Field(title="原人员")
    joins: PersonRef = Field(title="新人员")
    reason: LongText = Field(title="原因")

    @model_validator(mode="after")
    def _one(self):
        if (self.agreement is None) == (self.application is None):
            raise ValueError("agreement（协议）和 application（申报）须填且只填一项")
        if self.leaves == self.joins:
            raise ValueError("原人员和新人员不能是同一人")
        return self


class Acceptance(_Decision):
    """期满验收：培育期或入企期满后的工作和项目验收。"""

    kind: Literal["acceptance"]
    results: list[AssessmentResult] = Field(title="验收结果", min_length=1)


class Rating(Record):
    party: Literal["commissioner", "enterprise", "liaison"] = Field(
        title="评价方", description="commissioner 科技特派员（团）；enterprise 企业；liaison 开发区联络员（推荐单位）")
    rating: Literal["好", "较好", "一般", "差"] = Field(title="评价")
    note: LongText | None = Field(None, title="评价意见")


class Evaluation(_Decision):
    """三方评价：服务结束后，特派员（团）、企业和开发区联络员互相评价工作成效。"""

    kind: Literal["evaluation"]
    agreement: AgreementRef = Field(title="协议")
    ratings: list[Rating] = Field(title="各方评价", min_length=1)


class TargetValue(Record):
    target: Ref = Field(title="指标编号", description="项目 targets 中 count 为 reported 的指标")
    value: float = Field(title="完成值", ge=0)


class TaskStatus(Record):
    task: int = Field(title="任务序号", ge=1, description="项目 tasks 中的第几项（从 1 起）")
    status: Literal["未启动", "推进中", "已完成"] = Field(title="进展")
    note: LongText | None = Field(None, title="进展说明")


class Progress(_Decision):
    """调度：定期调度工作推进情况，报告指标完成值和重点任务进展。"""

    kind: Literal["progress"]
    year: int | None = Field(None, title="报告年度", ge=2000, le=2100, description="不填则为决定日期所在年度")
    values: list[TargetValue] = Field([], title="指标完成值")
    tasks: list[TaskStatus] = Field([], title="任务进展")

    @model_validator(mode="after")
    def _some(self):
        if not self.values and not self.tasks:
            raise ValueError("values（指标完成值）和 tasks（任务进展）至少填一项")
        return self


class Waiver(_Decision):
    """例外（豁免）：把某一条规则对某一记录的结论改为备注。"""

    kind: Literal["waiver"]
    rule: Text = Field(title="规则编号")
    application: ApplicationRef | None = Field(None, title="申报")
    agreement: AgreementRef | None = Field(None, title="协议")
    person: PersonRef | None = Field(None, title="人员")
    task: int | None = Field(None, ge=1, le=500, title="重点任务序号",
                                description="program.yaml 中 tasks 的第几项（task.deadline 的例外，如完成时限经批准调整）")
    reason: LongText = Field(title="理由")

    @model_validator(mode="after")
    def _one(self):
        if sum(x is not None for x in (self.application, self.agreement, self.person, self.task)) != 1:
            raise ValueError("application、agreement、person、task 须填且只填一项")
        return self

    def target(self) -> str:
        if self.task is not None:
            return str(self.task)
        return self.application or self.agreement or self.person  # type: ignore[return-value]

    def target_kind(self) -> str:
        if self.task is not None:
            return "task"
        return "application" if self.application else "agreement" if self.agreement else "person"


DECISION_KINDS: dict[str, type[_Decision]] = {
    "review": Review,
    "notice": Notice,
    "approval": Approval,
    "objection": Objection,
    "assessment": Assessment,
    "termination": Termination,
    "waiver": Waiver,
    "payment": Payment,
    "recovery": Recovery,
    "draw": Draw,
    "drawplan": DrawPlan,
    "recommendation": Recommendation,
    "replacement": Replacement,
    "acceptance": Acceptance,
    "evaluation": Evaluation,
    "progress": Progress,
}
