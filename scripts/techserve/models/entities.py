"""Who takes part: units (单位), people (科技人员) and enterprises (企业)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import LANDLINE_PATTERN, LongText, Month, Record, Text, UnitRef, Wan, Words

TitleLevel = Literal["正高", "副高", "中级", "初级", "无"]
Degree = Literal["博士", "硕士", "学士", "其他"]


class Unit(Record):
    """单位：高校、科研院所、推荐单位等。"""

    name: Text = Field(title="单位名称")
    type: Literal["高校", "科研院所", "企业", "政府部门", "其他"] = Field(title="单位类型")
    province: Text = Field(title="所在省份", description="如 湖北省")
    city: Text = Field(title="所在城市", description="如 武汉市")
    uscc: str | None = Field(None, title="统一社会信用代码", description="18 位，含校验位")
    double_first_class: bool = Field(False, title="是否“双一流”高校")
    website: str | None = Field(None, title="单位官网", pattern=r"^https?://\S+$")
    reviewers: list[str] = Field([], title="审核人", description="负责审核本单位人员的 GitHub 账号或团队，如 @jjxy/keyanchu")
    scope: Literal["本单位", "本市", "本省"] | None = Field(
        None, title="推荐范围", description="作为推荐单位时可推荐的人员：本单位职工，或所在市、省的单位人员；"
                                          "不填时政府部门为本市，其他单位为本单位")


class Person(Record):
    """科技人员。只登记公示所需信息：不设手机号、邮箱、身份证号、住址字段。"""

    name: Text = Field(title="姓名")
    gender: Literal["男", "女"] = Field(title="性别")
    birth: Month = Field(title="出生年月", description="YYYY-MM，如 1980-07")
    degree: Degree = Field(title="最高学位")
    title: Text = Field(title="专业技术职称", description="职称全称，如 副教授、高级工程师")
    title_level: TitleLevel = Field(title="职称级别")
    unit: UnitRef = Field(title="工作单位", description="单位编号（submissions/units/ 下的文件名）")
    employed_since: Month = Field(title="入职本单位年月", description="YYYY-MM")
    research_since: Month | None = Field(
        None, title="在高校、科研院所工作起始年月",
        description="YYYY-MM，含此前在其他高校院所的工作；不填按入职本单位年月计（景德镇：原则上在高校、院所工作2年以上）")
    fields: Words = Field(title="研究领域", min_length=1)
    position: Text | None = Field(None, title="职务")
    political_status: Text | None = Field(None, title="政治面貌")
    bio: LongText | None = Field(None, title="个人简介")
    achievements: list[LongText] | None = Field(None, title="科研成果及荣誉")
    keywords: Words | None = Field(None, title="关键词")


class Attestations(Record):
    """企业承诺事项：声明 → true。"""

    independent_legal_person: bool | None = Field(None, title="具有独立法人资格")
    no_tax_violation: bool | None = Field(None, title="无偷漏税等违法行为")
    no_major_accident_3y: bool | None = Field(None, title="三年内无重大安全、质量事故或严重环境违法")
    rd_commitment: bool | None = Field(None, title="有研发投入和创新意愿")
    integrity_commitment: bool | None = Field(None, title="遵守诚信承诺")


class Contact(Record):
    name: Text = Field(title="联系人")
    phone: str = Field(title="办公电话", description="只填单位座机，如 0792-8225304",
                       pattern=LANDLINE_PATTERN)


class Enterprise(Record):
    """企业。"""

    name: Text = Field(title="企业名称")
    uscc: str = Field(title="统一社会信用代码", description="18 位，GB 32100 校验")
    province: Text = Field(title="注册省份")
    city: Text = Field(title="所在城市")
    county: Text = Field(title="所在县（市、区）")
    park: Text | None = Field(None, title="所在园区")
    legal_representative: Text | None = Field(None, title="法定代表人")
    industry: Text | None = Field(None, title="所属行业")
    main_products: LongText | None = Field(None, title="主要产品")
    annual_output_wan: Wan | None = Field(None, title="年产值（万元）")
    rd_investment_wan: Wan | None = Field(None, title="研发投入（万元）")
    attestations: Attestations | None = Field(None, title="承诺事项")
    contact: Contact | None = Field(None, title="联系人")
