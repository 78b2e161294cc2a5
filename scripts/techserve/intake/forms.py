"""The four issue forms, defined once: they generate .github/ISSUE_TEMPLATE/*.yml and drive the
parser, so a label on the form and a key in the YAML can never drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key (a dotted key nests, e.g. members)
    label: str  # the heading GitHub writes into the issue body
    kind: str = "input"  # input | textarea | list | dropdown | bool
    required: bool = True
    help: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    name: str  # file name and --form value
    kind: str  # record kind
    title: str
    about: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    program: bool = False  # lives under programs/<program>/


FORMS: dict[str, Form] = {f.name: f for f in (
    Form("person", "person", "登记科技人员", "科技人员首次参加项目前登记个人信息（公开部分只有姓名、性别、单位、职称、学位和领域）", (
        Field("name", "姓名"),
        Field("gender", "性别", "dropdown", options=("男", "女")),
        Field("birth", "出生年月", help="YYYY-MM，如 1980-07。不公开，只用于年龄条件"),
        Field("degree", "最高学位", "dropdown", options=("博士", "硕士", "学士", "其他")),
        Field("title", "专业技术职称", help="职称全称，如 副教授、高级工程师"),
        Field("title_level", "职称级别", "dropdown", options=("正高", "副高", "中级", "初级", "无")),
        Field("unit", "工作单位", help="单位全称，如 华中科技大学（也可以写单位编号）"),
        Field("employed_since", "入职本单位年月", help="YYYY-MM"),
        Field("fields", "研究领域", "list", help="每行一个"),
        Field("position", "职务", required=False),
        Field("bio", "个人简介", "textarea", required=False, help="不要填写身份证号、手机号、邮箱"),
    )),
    Form("application", "application", "团队申报", "科技服务团等团队项目的申报", (
        Field("name", "团队名称"),
        Field("leader", "团长", help="姓名（单位），如 张伟（华中科技大学）；须已登记为科技人员"),
        Field("members", "团队成员", "list", help="每行一人，写“姓名（单位）”，不含团长；须已登记为科技人员"),
        Field("recommended_by", "推荐单位", help="推荐单位全称，如 九江市科学技术协会"),
        Field("fields", "服务领域", "list", help="每行一个"),
        Field("enterprise", "结对企业", required=False, help="企业全称（营业执照上的名称）"),
        Field("need", "承接的需求编号", required=False, help="需求页上写的需求编号"),
        Field("commitment", "承诺", "bool", help="本团队已阅读并签署承诺书"),
    ), program=True),
    Form("need", "need", "发布企业技术需求", "企业发布技术难题、人才或平台需求，或“揭榜挂帅”榜单", (
        Field("enterprise", "企业", help="企业全称（营业执照上的名称）；尚未登记的企业请联系所在地科技局"),
        Field("title", "需求名称"),
        Field("categories", "需求类别", "list", help="每行一个：技术难题、人才培养、研发平台、成果转化、重大项目、人才引进"),
        Field("fields", "技术领域", "list", help="每行一个"),
        Field("description", "需求描述", "textarea"),
        Field("expected_outcome", "预期效果", "textarea"),
        Field("mode", "方式", "dropdown", options=("常规", "揭榜挂帅")),
        Field("budget_wan", "榜单金额（万元）", required=False),
        Field("deadline", "揭榜截止日期", required=False, help="YYYY-MM-DD"),
    ), program=True),
    Form("service", "service", "服务登记", "结对团队或特派员登记一次入企服务", (
        Field("agreement", "协议编号"),
        Field("date", "服务日期", help="YYYY-MM-DD"),
        Field("people", "服务人员", "list", help="每行一人，写“姓名（单位）”"),
        Field("content", "服务内容", "textarea"),
        Field("outcome", "服务成效", "textarea", required=False),
        Field("conversion", "是否实现成果转化", "dropdown", options=("否", "是")),
    ), program=True),
)}
PROGRAM = Field("program", "项目", "dropdown", help="选择要申报或登记的项目")


def fields_of(form: Form) -> tuple[Field, ...]:
    return ((PROGRAM,) if form.program else ()) + form.fields


def options_of(f: Field, programs: tuple[str, ...]) -> tuple[str, ...]:
    return programs if f.key == "program" else f.options


def render_form(form: Form, programs: tuple[str, ...] = ()) -> str:
    """The GitHub issue form YAML for one form; `programs`: the names the 项目 dropdown offers."""
    body = [{"type": "markdown", "attributes": {"value": f"{form.about}。提交后，机器人会检查内容并为你开一个拉取请求；"
                                                          "有问题会在这里用中文说明。请勿填写身份证号、手机号等个人信息。"}}]
    for f in fields_of(form):
        attrs = {"label": f.label}
        if f.help:
            attrs["description"] = f.help
        if f.kind == "dropdown":
            item = {"type": "dropdown", "id": f.key, "attributes": {**attrs, "options": list(options_of(f, programs))}}
        elif f.kind == "bool":
            item = {"type": "checkboxes", "id": f.key,
                    "attributes": {**attrs, "options": [{"label": f.help, "required": True}]}}
        else:
            item = {"type": "input" if f.kind == "input" else "textarea", "id": f.key, "attributes": attrs}
        if f.kind != "bool":
            item["validations"] = {"required": f.required}
        body.append(item)
    doc = {"name": form.title, "description": form.about, "title": f"[{form.title}] ",
           "labels": ["techserve", f"form:{form.name}"], "body": body}
    header = "# 由 `techserve forms` 生成，请勿手工修改\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def render_markdown(form: Form, programs: tuple[str, ...] = (), front_matter: bool = False) -> str:
    """The same form as a Markdown description template (GitLab's .gitlab/issue_templates/, Gitee's
    .gitee/ISSUE_TEMPLATE/): one ### heading per field, the help in an HTML comment, which the
    parser drops, so `from-issue` reads what the applicant typed under each heading."""
    out = []
    if front_matter:  # Gitee's template chooser reads name, about, title and labels from it
        out.append(yaml.safe_dump({"name": form.title, "about": form.about, "title": f"[{form.title}] ",
                                   "labels": ["techserve", f"form:{form.name}"]},
                                  allow_unicode=True, sort_keys=False, width=1000).join(["---\n", "---\n"]))
    out.append(f"<!-- 由 `techserve forms` 生成，请勿手工修改。{form.about}。在每个标题下面填写，"
               "不要改动标题；请勿填写身份证号、手机号等个人信息。 -->\n\n")
    for f in fields_of(form):
        out.append(f"### {f.label}\n\n")
        hint = f.help
        if f.kind == "dropdown":
            hint = (hint + "；" if hint else "") + "从以下选一个：" + "、".join(options_of(f, programs))
        if not f.required:
            hint = (hint + "；" if hint else "") + "可不填"
        if f.kind == "bool":
            out.append(f"- [ ] {f.help}\n\n")
        else:
            out.append((f"<!-- {hint} -->\n" if hint else "") + "\n\n")
    return "".join(out)
