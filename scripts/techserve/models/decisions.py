"""The agency's decisions. Status is derived from these; nobody edits a status field."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, model_validator

from .common import Day, LongText, Record, Ref, Text, Wan


class _Decision(Record):
    date: Day = Field(title="决定日期")


class ReviewResult(Record):
    application: Ref = Field(title="申报")
    outcome: Literal["pass", "fail"] = Field(title="结果", description="pass 通过；fail 不通过")
    score: Optional[float] = Field(None, title="评分", ge=0, le=100)
    note: Optional[LongText] = Field(None, title="意见")


class Review(_Decision):
    """评审（初审、专家评审）。"""

    kind: Literal["review"]
    stage: Literal["initial", "expert"] = Field(title="阶段", description="initial 初审；expert 专家评审")
    results: list[ReviewResult] = Field(title="评审结果", min_length=1)


class Notice(_Decision):
    """公示。结束日期由公示天数和节假日安排计算，不手填。"""

    kind: Literal["notice"]
    title: Text = Field(title="公示标题")
    applications: list[Ref] = Field(title="公示名单", min_length=1)
    days: Optional[int] = Field(None, title="公示天数", ge=1, le=60, description="不填则按项目规定")
    day_kind: Optional[Literal["workday", "calendar"]] = Field(None, title="天数口径")


class ApprovalItem(Record):
    application: Ref = Field(title="申报")
    funding_wan: Optional[Wan] = Field(None, title="资助金额（万元/年）")


class Approval(_Decision):
    """立项。"""

    kind: Literal["approval"]
    notice: Ref = Field(title="依据的公示")
    applications: list[ApprovalItem] = Field(title="立项名单", min_length=1)


class Objection(_Decision):
    """异议处理。"""

    kind: Literal["objection"]
    application: Ref = Field(title="申报")
    outcome: Literal["upheld", "dismissed"] = Field(title="结论", description="upheld 异议成立；dismissed 不成立")
    note: LongText = Field(title="处理说明")


class AssessmentResult(Record):
    application: Ref = Field(title="申报")
    outcome: Literal["pass", "fail"] = Field(title="结果")
    note: Optional[LongText] = Field(None, title="意见")


class Assessment(_Decision):
    """年度考核。"""

    kind: Literal["assessment"]
    year: int = Field(title="考核年度", ge=2000, le=2100)
    results: list[AssessmentResult] = Field(title="考核结果", min_length=1)


class Termination(_Decision):
    """终止。"""

    kind: Literal["termination"]
    agreement: Optional[Ref] = Field(None, title="协议")
    application: Optional[Ref] = Field(None, title="申报")
    reason: LongText = Field(title="原因")

    @model_validator(mode="after")
    def _one(self):
        if (self.agreement is None) == (self.application is None):
            raise ValueError("agreement（协议）和 application（申报）须填且只填一项")
        return self


class Waiver(_Decision):
    """例外（豁免）：把某一条规则对某一记录的结论改为备注。"""

    kind: Literal["waiver"]
    rule: Text = Field(title="规则编号")
    application: Optional[Ref] = Field(None, title="申报")
    agreement: Optional[Ref] = Field(None, title="协议")
    person: Optional[Ref] = Field(None, title="人员")
    reason: LongText = Field(title="理由")

    @model_validator(mode="after")
    def _one(self):
        if sum(x is not None for x in (self.application, self.agreement, self.person)) != 1:
            raise ValueError("application、agreement、person 须填且只填一项")
        return self

    def target(self) -> str:
        return self.application or self.agreement or self.person  # type: ignore[return-value]


DECISION_KINDS: dict[str, type[_Decision]] = {
    "review": Review,
    "notice": Notice,
    "approval": Approval,
    "objection": Objection,
    "assessment": Assessment,
    "termination": Termination,
    "waiver": Waiver,
}
