"""The issue forms, defined once: they generate every forge's templates and drive the parser, so a
label on the form and a key in the YAML can never drift apart.

A form asks for what people know: names, not ids. An application form exists once per program
open for applications on the day (`offers`), with the program fixed, its recommending units as a
dropdown, the project fields it asks for (九江 预研项目类别, 景德镇 职责) and its 承诺书 quoted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import yaml

from ..registry.layout import FORM_OF_KIND, form_template


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key; "project.title" nests
    label: str  # the heading GitHub writes into the issue body
    kind: str = "input"  # input | textarea | list | dropdown | bool | choices (several checkboxes)
    required: bool = True
    help: str = ""
    options: tuple[str, ...] = ()
    fixed: bool = False  # one preset option (the program of a per-program form)


@dataclass(frozen=True)
class Form:
    name: str  # template file stem (before any program suffix) and --form value
    kind: str  # record kind
    title: str
    about: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    program: bool = False  # lives under programs/<program>/
    applies: str = ""  # application forms: the application kind (team | individual)


# Someone not yet registered is written on one line in this order; from-issue makes their person
# file in the same pull request.
NEW_PERSON_ORDER = ("name", "gender", "birth", "degree", "title", "title_level", "unit", "employed_since", "fields")
NEW_PEOPLE = Field(
    "new_people", "尚未登记的人员", "textarea", required=False,
    help="上面写到的人如果还没有在本站登记，在这里每行写一人，用逗号分隔：姓名，性别，出生年月，最高学位，职称，"
         "职称级别，工作单位，入职本单位年月，研究领域（多个用顿号分隔）。例如：王芳，女，1988-05，博士，副教授，副高，"
         "九江学院，2016-07，新材料、表面处理。出生年月只用于年龄条件，网页上不显示；但本议题和登记库是公开的，"
         "任何人都能看到")

def applying(enterprise: str, who: str) -> tuple[Field, ...]:
    """What a team's and a person's application both ask after naming who applies."""
    return (NEW_PEOPLE,
            Field("recommended_by", "推荐单位", help="推荐单位全称，如 九江学院"),
            Field("fields", "服务领域", "list", help="每行一个"),
            Field("enterprise", enterprise, required=False, help="企业全称（营业执照上的名称）"),
            Field("need", "承接的需求", required=False, help="需求榜上的需求名称"),
            Field("commitment", "承诺", "bool", help=f"{who}已阅读并签署承诺书"))


FORMS: dict[str, Form] = {f.name: f for f in (
    Form("person", "person", "登记科技人员",
         "科技人员首次参加项目前登记个人信息。网页上只显示姓名、性别、单位、职称、学位和领域；本议题和登记库"
         "是公开的，填写的全部内容任何人都能看到。不要填写手机号、身份证号和个人邮箱", (
        Field("name", "姓名"),
        Field("gender", "性别", "dropdown", options=("男", "女")),
        Field("birth", "出生年月", help="YYYY-MM，如 1980-07。只用于年龄条件，网页上不显示；但本议题和登记库"
                                           "（代码仓库）是公开的，任何人都能看到"),
        Field("degree", "最高学位", "dropdown", options=("博士", "硕士", "学士", "其他")),
        Field("title", "专业技术职称", help="职称全称，如 副教授、高级工程师"),
        Field("title_level", "职称级别", "dropdown", options=("正高", "副高", "中级", "初级", "无")),
        Field("unit", "工作单位", help="单位全称，如 华中科技大学"),
        Field("employed_since", "入职本单位年月", help="YYYY-MM"),
        Field("fields", "研究领域", "list", help="每行一个"),
        Field("position", "职务", required=False),
        Field("bio", "个人简介", "textarea", required=False, help="不要填写身份证号、手机号、邮箱"),
    )),
    Form("application", "application", "团队申报", "科技服务团等团队项目的申报", (
        Field("name", "团队名称"),
        Field("leader", "团长", help="写“姓名（单位）”，如 张伟（华中科技大学）"),
        Field("members", "团队成员", "list", help="每行一人，写“姓名（单位）”，不含团长"),
        *applying("结对企业", "本团队"),
    ), program=True, applies="team"),
    Form("individual", "application", "个人申报", "科技特派员等个人项目的申报", (
        Field("name", "申报名称", help="如 申请成为工业领域科技特派员"),
        Field("person", "申报人", help="写“姓名（单位）”，如 张伟（华中科技大学）"),
        *applying("服务企业", "本人"),
    ), program=True, applies="individual"),
    Form("need", "need", "发布企业技术需求", "企业发布技术难题、人才或平台需求，或“揭榜挂帅”榜单", (
        Field("enterprise", "企业", help="企业全称（营业执照上的名称）；尚未登记的企业请联系所在地科技局。"
                                        "本议题是公开的：不要填写联系人手机号"),
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
        Field("agreement", "服务的团队或企业", help="写团队（或特派员申报）名称，或企业全称；同一团队服务几家企业时写企业全称"),
        Field("date", "服务日期", help="YYYY-MM-DD"),
        Field("people", "服务人员", "list", help="每行一人，写“姓名（单位）”"),
        Field("content", "服务内容", "textarea"),
        Field("outcome", "服务成效", "textarea", required=False),
        Field("conversion", "是否实现成果转化", "dropdown", options=("否", "是")),
    ), program=True),
)}
PROGRAM = Field("program", "项目", "dropdown", help="选择要申报或登记的项目")
APPLICATION_FORMS = {f.applies: f for f in FORMS.values() if f.applies}
assert {k: f.name for k, f in APPLICATION_FORMS.items()} == FORM_OF_KIND, "intake and registry/layout name the forms alike"


@dataclass(frozen=True)
class Tailor:
    """What one program adds to a form: its name (fixed), its units by name, its project fields."""

    program: str  # the program's name
    units: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    commitment: str = ""  # the 承诺书, quoted before the checkbox


def tailor_of(reg, program_id: str) -> Tailor | None:
    program = reg.model("program", program_id)
    if program is None:
        return None
    units = tuple(u.name for u in (reg.model("unit", uid) for uid in program.recommending_units) if u is not None)
    return Tailor(program.name, units, tuple(program.project_categories), tuple(program.duties),
                  program.commitment or "")


def fields_of(form: Form, tailor: Tailor | None = None) -> tuple[Field, ...]:
    """The form's fields; with a program's `tailor`, shaped by that program."""
    if not form.program:
        return form.fields
    if tailor is None or not form.applies:
        return (PROGRAM,) + form.fields
    out = [replace(PROGRAM, options=(tailor.program,), fixed=True, help="")]
    for f in form.fields:
        if f.key == "recommended_by" and tailor.units:
            f = replace(f, kind="dropdown", options=tailor.units, help="选择推荐你的单位")
        if f.key == "commitment":
            f = replace(f, help=f"{'本人' if form.applies == 'individual' else '本团队'}已阅读并同意"
                                f"{'上面的' if tailor.commitment else ''}承诺书")
            if tailor.categories:
                # required: a program that lists categories asks every application for its project
                out += [Field("project.category", "预研项目类别", "dropdown", options=tailor.categories),
                        Field("project.title", "预研项目名称"),
                        Field("project.summary", "预研项目简介", "textarea", required=False)]
            if tailor.duties:
                out.append(Field("duties", "工作职责", "choices", options=tailor.duties, help="可选一项或几项"))
        out.append(f)
    return tuple(out)


def offers(reg, as_of: date) -> list[tuple[Form, str, Tailor | None]]:
    """(form, program id, tailor) for each application form open on the day: one per program
    accepting applications and per application kind it takes, newest program first."""
    out = []
    programs = sorted(reg.programs(), key=lambda e: (e.model.published, e.id), reverse=True)
    for entry in programs:
        if not entry.model.accepting(as_of):
            continue
        for kind in entry.model.application_kinds:
            out.append((APPLICATION_FORMS[kind], entry.id, tailor_of(reg, entry.id)))
    return out


def running(reg, as_of: date) -> tuple[str, ...]:
    """Names of the programs in their implementation period: where needs and services are recorded."""
    programs = sorted(reg.programs(), key=lambda e: (e.model.published, e.id), reverse=True)
    return tuple(e.model.name for e in programs if e.model.period.start <= as_of <= e.model.period.end)


def template_name(form: Form, program_id: str | None) -> str:
    return form_template(form.applies, program_id) if program_id and form.applies else form.name


def options_of(f: Field, programs: tuple[str, ...]) -> tuple[str, ...]:
    return programs if f.key == "program" and not f.fixed else f.options


def _intro(form: Form, tailor: Tailor | None, page: str) -> str:
    head = f"**{tailor.program}**：{form.about}。" if tailor and form.applies else f"{form.about}。"
    link = f"申报条件见[项目页面]({page})。" if page else ""
    return (head + link + "写名字就行，不需要编号。提交后，机器人会检查内容并为你开一个拉取请求；有问题会在这里用中文说明。"
            "请勿填写身份证号、手机号等个人信息。")


def render_form(form: Form, programs: tuple[str, ...] = (), tailor: Tailor | None = None, page: str = "") -> str:
    """The GitHub issue form YAML; `programs`: the names a 项目 dropdown offers (none when fixed)."""
    body = [{"type": "markdown", "attributes": {"value": _intro(form, tailor, page)}}]
    for f in fields_of(form, tailor):
        attrs: dict = {"label": f.label}
        if f.help:
            attrs["description"] = f.help
        if f.kind == "dropdown":
            attrs["options"] = list(options_of(f, programs))
            if len(attrs["options"]) == 1:  # nothing to choose: chosen already
                attrs["default"] = 0
            item = {"type": "dropdown", "id": f.key.replace(".", "-"), "attributes": attrs}
        elif f.kind == "bool":
            if tailor and tailor.commitment:
                body.append({"type": "markdown", "attributes": {
                    "value": "**承诺书**\n\n" + "\n\n".join(x for x in tailor.commitment.splitlines() if x.strip())}})
            item = {"type": "checkboxes", "id": f.key,
                    "attributes": {**attrs, "options": [{"label": f.help, "required": True}]}}
        elif f.kind == "choices":
            item = {"type": "checkboxes", "id": f.key,
                    "attributes": {**attrs, "options": [{"label": o} for o in f.options]}}
        else:
            item = {"type": "input" if f.kind == "input" else "textarea", "id": f.key.replace(".", "-"),
                    "attributes": attrs}
        if f.kind not in ("bool", "choices"):
            item["validations"] = {"required": f.required}
        body.append(item)
    title = f"[{form.title}·{tailor.program}] " if tailor and form.applies else f"[{form.title}] "
    doc = {"name": f"{form.title}：{tailor.program}" if tailor and form.applies else form.title,
           "description": form.about, "title": title, "labels": ["techserve", f"form:{form.name}"], "body": body}
    header = "# 由 `techserve forms` 生成，请勿手工修改\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def render_markdown(form: Form, programs: tuple[str, ...] = (), front_matter: bool = False,
                    tailor: Tailor | None = None, page: str = "", quick_actions: bool = False) -> str:
    """The same form as a Markdown description template (GitLab's .gitlab/issue_templates/, Gitee's
    .gitee/ISSUE_TEMPLATE/): one ### heading per field, the help in an HTML comment, which the
    parser drops, so `from-issue` reads what the applicant typed under each heading. A fixed
    program is written under its heading already; checkboxes are `- [ ]` lines to tick."""
    out = []
    if front_matter:  # Gitee's template chooser reads name, about, title and labels from it
        out.append(yaml.safe_dump({"name": f"{form.title}：{tailor.program}" if tailor and form.applies else form.title,
                                   "about": form.about, "title": f"[{form.title}] ",
                                   "labels": ["techserve", f"form:{form.name}"]},
                                  allow_unicode=True, sort_keys=False, width=1000).join(["---\n", "---\n"]))
    out.append(f"<!-- 由 `techserve forms` 生成，请勿手工修改。{_intro(form, tailor, page)}"
               "在每个标题下面填写，不要改动标题。 -->\n\n")
    for f in fields_of(form, tailor):
        out.append(f"### {f.label}\n\n")
        hint = f.help
        if f.kind == "dropdown" and len(options_of(f, programs)) > 1:
            hint = (hint + "；" if hint else "") + "从以下选一个：" + "、".join(options_of(f, programs))
        if not f.required and f.kind != "choices":
            hint = (hint + "；" if hint else "") + "可不填"
        if f.kind == "dropdown" and len(options_of(f, programs)) == 1:  # nothing to choose: written in
            out.append(f"{options_of(f, programs)[0]}\n\n")
        elif f.kind == "bool":
            quote = f"<!-- 承诺书：{tailor.commitment} -->\n" if tailor and tailor.commitment else ""
            out.append(f"{quote}- [ ] {f.help}\n\n")
        elif f.kind == "choices":
            out.append((f"<!-- {hint} -->\n" if hint else "") + "".join(f"- [ ] {o}\n" for o in f.options) + "\n")
        else:
            out.append((f"<!-- {hint} -->\n" if hint else "") + "\n\n")
    if quick_actions:  # GitLab labels the issue when it is saved: the intake job finds it by them
        out.append(f'/label ~techserve ~"form:{form.name}"\n')
    return "".join(out)
