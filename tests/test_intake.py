"""Issue forms: each kind's body round-trips into a file that `techserve check` accepts; bad
bodies give findings, never a crash."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from techserve.cli import main
from techserve.intake import FORMS, from_issue
from techserve.intake.forms import fields_of

from .conftest import REPO

DAY = date(2026, 6, 1)  # inside 九江's yearly application window


def body(form: str, values: dict[str, str]) -> str:
    """An issue body the way GitHub renders a submitted form (the program's own form when it asks
    for more, as 九江's 预研项目)."""
    out = []
    fields = fields_of(FORMS[form])
    extra = [f for f in fields_of(FORMS[form], _tailor()) if f.key.startswith("project.")] if form == "application" else []
    for f in [*fields[:-1], *extra, *fields[-1:]] if extra else fields:
        value = values.get(f.key, "")
        if f.kind == "bool":
            value = f"- [{'X' if value else ' '}] {f.help}"
        out.append(f"### {f.label}\n\n{value or '_No response_'}\n")
    return "\n".join(out)


def _tailor():
    from techserve.intake.forms import tailor_of
    from techserve.registry import load_registry

    return tailor_of(load_registry(REPO), "jiujiang-kjfwt-2025")


CASES = {
    "person": {"name": "欧阳明", "gender": "男", "birth": "1982-03", "degree": "博士", "title": "教授",
               "title_level": "正高", "unit": "hust", "employed_since": "2010-09", "fields": "- 材料加工\n- 铜合金"},
    "application": {"program": "jiujiang-kjfwt-2025", "name": "西安交通大学电力电子科技服务二团",
                    "leader": "xu-min-xjtu", "members": "ma-jun-xjtu、hu-yan-xjtu", "recommended_by": "xjtu",
                    "fields": "电力电子", "commitment": True,
                    "project.category": "产业共性关键技术研发项目", "project.title": "光伏逆变器可靠性提升"},
    "need": {"program": "yingtan-xuqiu-2025", "enterprise": "guixi-tongye-jiagong", "title": "铜杆连铸在线检测",
             "categories": "技术难题", "fields": "1. 铜基新材料\n2. 机器视觉", "description": "在线检测铜杆表面缺陷。",
             "expected_outcome": "缺陷检出率达到 95%。", "mode": "常规"},
    "service": {"program": "jiujiang-kjfwt-2025", "agreement": "hust-hengsheng-2025", "date": "2026-05-20",
                "people": "- liu-yang-whu", "content": "现场调试产线。", "conversion": "否"},
}


@pytest.mark.parametrize("form", sorted(CASES))
def test_each_form_round_trips_into_a_file_check_accepts(example, tmp_path, form, capsys):
    values = dict(CASES[form])
    if form == "service":  # a service record names people of the agreement's team
        agreement = yaml.safe_load((REPO / "submissions/programs/jiujiang-kjfwt-2025/agreements/"
                                    "hust-hengsheng-2025.yaml").read_text(encoding="utf-8"))
        team = yaml.safe_load((REPO / f"submissions/programs/jiujiang-kjfwt-2025/applications/"
                               f"{agreement['application']}.yaml").read_text(encoding="utf-8"))
        values["people"] = "\n".join(f"- {m['person']}" for m in team["members"][:2])
    (tmp_path / "body.md").write_text(body(form, values), encoding="utf-8")
    code = main(["from-issue", str(tmp_path / "body.md"), "--form", form, "--date", DAY.isoformat(),
                 "--root", str(example.root), "--write"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    rel = out.out.splitlines()[0]
    assert (example.root / rel).is_file() and "0 个错误" in out.out
    written = (example.root / rel).read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=")
    # the same file passes the full check with every rule
    assert [f for f in example.check(DAY).findings if f.file == rel and f.severity == "error"] == []


def test_lists_in_text_areas_accept_bullets_numbers_and_separators():
    values = dict(CASES["need"], fields="- 铜基新材料\n* 机器视觉，自动化\n3. 在线检测")
    intake = from_issue("need", body("need", values), DAY)
    assert intake.ok, intake.problems
    assert intake.data["record"]["fields"] == ["铜基新材料", "机器视觉", "自动化", "在线检测"]


def test_empty_optional_fields_are_left_out():
    intake = from_issue("need", body("need", CASES["need"]), DAY)
    assert intake.ok
    assert "budget_wan" not in intake.data["record"] and "deadline" not in intake.data["record"]


def test_missing_required_field_and_unchecked_commitment():
    values = dict(CASES["application"], recommended_by="", commitment=False)
    intake = from_issue("application", body("application", values), DAY)
    labels = [label for label, _ in intake.problems]
    assert "推荐单位" in labels and "承诺" in labels


def test_wrong_template_is_named_not_crashed():
    intake = from_issue("service", body("person", CASES["person"]), DAY)
    assert not intake.ok and "不是“服务登记”表单" in intake.problems[0][1]


def test_multi_line_answer_in_a_one_line_field():
    intake = from_issue("person", body("person", dict(CASES["person"], name="欧阳明\n张三")), DAY)
    assert intake.problems == [("姓名", "“姓名”只能填一行，现在有 2 行")]


def test_invalid_values_come_back_as_chinese_findings(tmp_path, capsys):
    (tmp_path / "b.md").write_text(body("person", dict(CASES["person"], birth="1982年3月")), encoding="utf-8")
    assert main(["from-issue", str(tmp_path / "b.md"), "--form", "person", "--date", "2026-06-01"]) == 1
    err = capsys.readouterr().err
    assert "出生年月" in err and "Traceback" not in err


def test_never_overwrites(example, tmp_path, capsys):
    (tmp_path / "b.md").write_text(body("person", CASES["person"]), encoding="utf-8")
    args = ["from-issue", str(tmp_path / "b.md"), "--form", "person", "--root", str(example.root), "--write",
            "--date", "2026-06-01"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 1 and "不会覆盖" in capsys.readouterr().err


def test_issue_templates_are_generated_from_the_forms(example, capsys):
    from techserve.intake.forms import tailor_of
    from techserve.registry import load_registry

    assert main(["forms", "--check", "--root", str(REPO)]) == 0
    assert main(["forms", "--root", str(example.root), "--as-of", DAY.isoformat()]) == 0
    reg = load_registry(example.root)
    seen = set()
    for path in sorted((example.root / ".github/ISSUE_TEMPLATE").glob("*.yml")):
        if path.name == "config.yml":
            continue
        template = yaml.safe_load(path.read_text(encoding="utf-8"))
        name, _, program = path.stem.partition("-")
        form = FORMS[name]
        labels = [item["attributes"]["label"] for item in template["body"] if item["type"] != "markdown"]
        assert labels == [f.label for f in fields_of(form, tailor_of(reg, program) if program else None)]
        assert f"form:{name}" in template["labels"]
        seen.add(path.stem)
    # 九江 is open on DAY and takes teams only; the others had ended
    assert seen == {"person", "need", "service", "application-jiujiang-kjfwt-2025"}


def test_issue_template_drift_is_caught(tmp_path, capsys):
    import shutil

    for folder in (".github/ISSUE_TEMPLATE", ".gitlab/issue_templates", ".gitee/ISSUE_TEMPLATE"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copytree(REPO / "submissions", tmp_path / "submissions")  # the 项目 dropdown lists its programs
    # --check regenerates as of the day written in config.yml, not today: the calendar alone never
    # makes CI red
    config = tmp_path / ".github/ISSUE_TEMPLATE/config.yml"
    assert "# as-of: " in config.read_text(encoding="utf-8")
    assert main(["forms", "--check", "--root", str(tmp_path)]) == 0
    (tmp_path / ".github/ISSUE_TEMPLATE/need.yml").write_text("name: 手改的表单\n", encoding="utf-8")
    (tmp_path / ".github/ISSUE_TEMPLATE/extra.yml").write_text("name: 多出来的\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["forms", "--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "need.yml" in err and "extra.yml" in err and "多余：name: 手改的表单" in err


@pytest.mark.parametrize("program", ["../../../x", "..", "a/b", "/etc", "jiujiang-kjfwt-2025/../../x"])
def test_from_issue_never_writes_outside_the_registry(example, tmp_path, program, capsys):
    values = dict(CASES["application"], program=program)
    (tmp_path / "body.md").write_text(body("application", values), encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")} | {p for p in example.root.rglob("*")}
    code = main(["from-issue", str(tmp_path / "body.md"), "--form", "application", "--date", DAY.isoformat(),
                 "--root", str(example.root), "--write"])
    out = capsys.readouterr()
    assert code == 1 and "通过" not in out.out
    assert {p for p in tmp_path.rglob("*")} | {p for p in example.root.rglob("*")} == before



# ---- names instead of ids -------------------------------------------------------------------

BY_NAME = dict(CASES["application"], program="九江市科技服务团卓越行动", leader="徐敏（西安交通大学）",
               members="马军（西安交通大学）\n胡燕(xjtu)", recommended_by="西安交通大学")


def test_an_application_written_with_names_becomes_ids_and_checks_clean(example, tmp_path, capsys):
    (tmp_path / "body.md").write_text(body("application", BY_NAME), encoding="utf-8")
    code = main(["from-issue", str(tmp_path / "body.md"), "--form", "application", "--date", DAY.isoformat(),
                 "--root", str(example.root), "--write"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    rel = out.out.splitlines()[0]
    assert rel.startswith("submissions/programs/jiujiang-kjfwt-2025/applications/")
    record = yaml.safe_load((example.root / rel).read_text(encoding="utf-8"))
    assert [m["person"] for m in record["members"]] == ["xu-min-xjtu", "ma-jun-xjtu", "hu-yan-xjtu"]
    assert record["recommended_by"] == "xjtu"


def test_an_unknown_or_ambiguous_name_says_what_to_write(example):
    from techserve.registry import load_registry

    # a second 徐敏, at another unit
    src = (example.root / "submissions/people/xu-min-xjtu.yaml").read_text(encoding="utf-8")
    (example.root / "submissions/people/xu-min-hust.yaml").write_text(src.replace("unit: xjtu", "unit: hust"),
                                                                       encoding="utf-8")
    reg = load_registry(example.root)
    intake = from_issue("application", body("application", dict(BY_NAME, leader="徐敏")), DAY, reg)
    [(label, message)] = intake.problems
    assert label == "团长" and "2 位“徐敏”" in message and "xu-min-hust" in message and "xu-min-xjtu" in message
    intake = from_issue("application", body("application", dict(BY_NAME, members="王小明（清华大学）")), DAY, reg)
    assert intake.problems == [("团队成员", "没有登记“王小明（清华大学）”：请在“尚未登记的人员”一栏写上他（她）的信息，"
                                        "或先用“登记科技人员”表单登记；已登记的，请核对姓名和单位的写法")]
    intake = from_issue("application", body("application", dict(BY_NAME, recommended_by="九江市科协")), DAY, reg)
    [(label, message)] = intake.problems
    assert label == "推荐单位" and "没有名为“九江市科协”的单位" in message
    intake = from_issue("application", body("application", dict(BY_NAME, program="不存在的项目")), DAY, reg)
    assert intake.problems[0][0] == "项目" and "请从下拉列表中选择项目" in intake.problems[0][1]


@pytest.mark.parametrize("forge", [".gitlab/issue_templates", ".gitee/ISSUE_TEMPLATE"])
def test_the_markdown_templates_of_gitlab_and_gitee_parse_once_filled(example, forge, capsys):
    """Typed under each heading of the template (its help comments left in place)."""
    from techserve.intake.forms import tailor_of
    from techserve.registry import load_registry

    assert main(["forms", "--root", str(example.root), "--as-of", DAY.isoformat()]) == 0
    template = (example.root / forge / "application-jiujiang-kjfwt-2025.md").read_text(encoding="utf-8")
    reg = load_registry(example.root)
    answers = {f.label: BY_NAME.get(f.key, "") for f in fields_of(FORMS["application"], tailor_of(reg, "jiujiang-kjfwt-2025"))
               if f.key != "program"}  # one option: the template has it written in
    filled = []
    for line in template.splitlines():
        filled.append(line)
        if line.startswith("### ") and line[4:] in answers and line[4:] != "承诺":
            filled.append(answers[line[4:]])
    text = "\n".join(filled).replace("- [ ] 本团队已阅读", "- [x] 本团队已阅读")
    intake = from_issue("application", text, DAY, reg)
    assert intake.ok, intake.problems
    assert intake.data["program"] == "jiujiang-kjfwt-2025" and intake.data["record"]["commitment"] is True
    if forge.startswith(".gitee"):
        front = yaml.safe_load(template.split("---")[1])
        assert front["labels"] == ["techserve", "form:application"]
        assert set(front) <= {"name", "about", "title", "labels", "assignees"}  # Gitee's documented keys
