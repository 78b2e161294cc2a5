"""What applicants submit: applications, needs, agreements and service records."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import (
    AgreementRef,
    ApplicationRef,
    Day,
    EnterpriseRef,
    LongText,
    NeedRef,
    PartyRef,
    PersonRef,
    Record,
    Text,
    UnitRef,
    Wan,
    Words,
)


class Member(Record):
    person: PersonRef = Field(title="成员", description="人员编号（submissions/people/ 下的文件名）")
    role: Literal["leader", "member"] = Field(title="角色", description="leader 团长/组长；member 成员")


class Project(Record):
    category: Text = Field(title="项目类别")
    title: Text = Field(title="项目名称")
    summary: LongText | None = Field(None, title="项目简介")


class Application(Record):
    """申报：团队（team）或个人（individual）。"""

    kind: Literal["team", "individual"] = Field(title="申报形式")
    name: Text = Field(title="名称", description="团队名称，或个人申报的标题")
    members: list[Member] | None = Field(None, title="团队成员", max_length=30)
    person: PersonRef | None = Field(None, title="申报人")
    recommended_by: UnitRef = Field(title="推荐单位")
    submitted: Day = Field(title="提交日期")
    fields: Words = Field(title="服务领域", min_length=1)
    enterprise: EnterpriseRef | None = Field(None, title="结对企业")
    need: NeedRef | None = Field(None, title="承接的需求或榜单")
    project: Project | None = Field(None, title="预研项目")
    duties: Words = Field([], title="工作职责")
    funding_request_wan: Wan | None = Field(None, title="申请经费（万元）")
    commitment: bool = Field(title="承诺", description="true：本人（团队）已阅读并签署承诺书")

    @model_validator(mode="after")
    def _shape(self):
        if self.kind == "team":
            if not self.members:
                raise ValueError("团队申报须填写 members（团队成员）")
            if self.person is not None:
                raise ValueError("团队申报不填 person，成员写在 members 中")
            leaders = [m.person for m in self.members if m.role == "leader"]
            if len(leaders) != 1:
                raise ValueError(f"团队须有且只有 1 名团长（role: leader），现有 {len(leaders)} 名")
            people = [m.person for m in self.members]
            if len(set(people)) != len(people):
                raise ValueError("同一成员在 members 中出现了两次")
        else:
            if self.person is None:
                raise ValueError("个人申报须填写 person（申报人）")
            if self.members:
                raise ValueError("个人申报不填 members")
        return self

    def people(self) -> list[str]:
        return [m.person for m in self.members] if self.members else [self.person]  # type: ignore[list-item]

    def leader(self) -> str:
        if self.members:
            return next(m.person for m in self.members if m.role == "leader")
        return self.person  # type: ignore[return-value]


EvidenceName = Annotated[str, Field(pattern=r"^[^/\\\s]+\.(jpg|jpeg|png|pdf)$", max_length=100)]
NeedCategory = Literal["技术难题", "人才培养", "研发平台", "成果转化", "重大项目", "人才引进"]


class Need(Record):
    """企业技术需求、难题或“揭榜挂帅”榜单。"""

    enterprise: EnterpriseRef = Field(title="发布企业")
    title: Text = Field(title="需求名称")
    categories: list[NeedCategory] = Field(title="需求类别", min_length=1)
    fields: Words = Field(title="技术领域", min_length=1)
    description: LongText = Field(title="需求描述")
    expected_outcome: LongText = Field(title="预期效果")
    mode: Literal["常规", "揭榜挂帅"] = Field(title="方式")
    budget_wan: Wan | None = Field(None, title="榜单金额（万元）")
    deadline: Day | None = Field(None, title="揭榜截止日期")
    published: Day = Field(title="发布日期")
    designated: list[PersonRef] = Field([], title="企业指定的特派员")


class Agreement(Record):
    """结对、派驻或三方协议。"""

    application: ApplicationRef | None = Field(None, title="申报")
    person: PersonRef | None = Field(None, title="特派员")
    enterprise: EnterpriseRef = Field(title="企业")
    need: NeedRef | None = Field(None, title="对应需求")
    signed: Day = Field(title="签订日期")
    start: Day = Field(title="服务开始")
    end: Day = Field(title="服务结束")
    match_method: Literal["系统推荐", "企业指定", "自主申请", "对接会"] = Field(title="匹配方式")
    parties: list[PartyRef] = Field(title="签约各方", min_length=2, description="派出单位、企业、人员的编号")

    @model_validator(mode="after")
    def _shape(self):
        if (self.application is None) == (self.person is None):
            raise ValueError("application（申报）和 person（特派员）须填且只填一项")
        if self.end < self.start:
            raise ValueError("服务结束日期不能早于开始日期")
        return self


class Service(Record):
    """服务登记。"""

    agreement: AgreementRef = Field(title="协议")
    date: Day = Field(title="服务日期")
    people: list[PersonRef] = Field(title="服务人员", min_length=1)
    content: LongText = Field(title="服务内容")
    outcome: LongText | None = Field(None, title="服务成效")
    conversion: bool = Field(False, title="是否实现成果转化")
    conversion_title: Text | None = Field(
        None, title="转化成果名称", description="同一协议的同一项成果在几次服务中报告，只计一项；不同成果请写明名称")
    evidence: list[EvidenceName] = Field([], title="佐证材料", description="evidence/ 目录下的文件名：服务现场照片、合同、证书等")
    registration_form: EvidenceName | None = Field(
        None, title="服务登记表",
        description="按项目格式填写、由服务企业盖章的服务登记表的扫描件或照片（evidence/ 目录下的文件名）")
