"""The generated issue forms, filled in and posted the way GitHub renders a submitted form, then
turned into files by `from-issue` and checked like any pull request. Names, not ids; a member
registered in the same issue; a wrong name; a path in any field."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from techserve.cli import main

OPEN_JIUJIANG = date(2026, 6, 1)  # 九江's yearly window (3-15 to 6-30)
OPEN_JIANGXI = date(2022, 5, 10)  # 江西 常年申请, its implementation period
OPEN_JINGDEZHEN = date(2020, 6, 15)  # 景德镇's window (2020-06-01 to 07-31)
CLOSED = date(2026, 12, 2)


def templates(root, day: date) -> dict[str, dict]:
    assert main(["forms", "--root", str(root), "--as-of", day.isoformat()]) == 0
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in (root / ".github/ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"}


def github_body(template: dict, answers: dict[str, object]) -> str:
    """What GitHub writes into the issue: `### label`, a blank line, the answer (or _No response_);
    a dropdown its chosen option (its default when untouched); checkboxes one `- [X]`/`- [ ]` line each."""
    out = []
    for item in template["body"]:
        if item["type"] == "markdown":
            continue
        a = item["attributes"]
        answer = answers.get(item["id"])
        if item["type"] == "checkboxes":
            ticked = answer if isinstance(answer, (list, tuple, set)) else \
                ([o["label"] for o in a["options"]] if answer else [])
            value = "\n".join(f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}" for o in a["options"])
        elif item["type"] == "dropdown" and answer is None and "default" in a:
            value = a["options"][a["default"]]
        else:
            value = str(answer) if answer else "_No response_"
        out.append(f"### {a['label']}\n\n{value}")
    return "\n\n".join(out) + "\n"


def run_intake(root, tmp_path, form: str, text: str, day: date, capsys) -> tuple[int, dict]:
    (tmp_path / "body.md").write_text(text, encoding="utf-8")
    capsys.readouterr()  # what came before (forms' own output)
    code = main(["from-issue", str(tmp_path / "body.md"), "--form", form, "--date", day.isoformat(),
                 "--root", str(root), "--write", "--json"])
    return code, json.loads(capsys.readouterr().out)


TEAM = {"name": "九江学院新型储能科技服务团", "leader": "徐敏（西安交通大学）",
        "members": "马军（西安交通大学）\n胡燕（西安交通大学）\n王芳（九江学院）",
        "new_people": "王芳，女，1988-05，博士，副教授，副高，九江学院，2016-07，新材料、表面处理",
        "fields": "电力电子\n新型储能", "project-category": "产业共性关键技术研发项目",
        "project-title": "储能变流器热管理", "recommended_by": "九江学院", "commitment": True}


def test_a_team_form_with_names_and_a_new_member_makes_two_files_that_pass_the_check(example, tmp_path, capsys):
    forms = templates(example.root, OPEN_JIUJIANG)
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], TEAM), OPEN_JIUJIANG, capsys)
    assert code == 0 and out["ok"], out
    paths = [f["path"] for f in out["files"]]
    assert paths == ["submissions/people/wang-fang-jju.yaml",
                     "submissions/programs/jiujiang-kjfwt-2025/applications/jiu-jiang-xue-yuan-xin-xing-chu-neng-ke-ji-fu-wu-tuan.yaml"]
    app = yaml.safe_load((example.root / paths[1]).read_text(encoding="utf-8"))
    assert [m["person"] for m in app["members"]] == ["xu-min-xjtu", "ma-jun-xjtu", "hu-yan-xjtu", "wang-fang-jju"]
    assert app["recommended_by"] == "jju"  # chosen by its name in the dropdown of the program's units
    assert app["project"] == {"category": "产业共性关键技术研发项目", "title": "储能变流器热管理"}
    person = yaml.safe_load((example.root / paths[0]).read_text(encoding="utf-8"))
    assert person["unit"] == "jju" and person["birth"] == "1988-05" and person["fields"] == ["新材料", "表面处理"]
    # the reply is the pull-request comment: the same findings CI reports
    assert "0 个错误" in out["reply"] or "通过" in out["reply"]
    assert [f for f in example.check(OPEN_JIUJIANG).findings if f.file in paths and f.severity == "error"] == []


def test_a_finding_is_answered_by_the_forms_field_not_a_yaml_line(example, tmp_path, capsys):
    """The applicant never saw the YAML: a rule's finding names the form's field it came from."""
    forms = templates(example.root, OPEN_JIUJIANG)
    answers = dict(TEAM, members="马军（西安交通大学）", new_people="")  # a team of two: team.size
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], answers), OPEN_JIUJIANG, capsys)
    assert code == 1 and out["files"]
    head = out["reply"].split("<details>", 1)[0]
    assert "**团长或团队成员**" in head and "3-5" in head, head
    assert "第 " not in head and ".yaml" not in head  # lines and files only in the reviewers' details
    assert "<details><summary>检查详情" in out["reply"]


def test_personal_data_in_an_issue_is_masked_in_the_issue_and_said_why(example, tmp_path, capsys):
    forms = templates(example.root, OPEN_JIUJIANG)
    answers = dict(TEAM, project_title="储能变流器热管理 联系 13912345678")
    answers["project-title"] = answers.pop("project_title")
    body = github_body(forms["application-jiujiang-kjfwt-2025"], answers)
    code, out = run_intake(example.root, tmp_path, "application", body, OPEN_JIUJIANG, capsys)
    assert "13912345678" in body and "13912345678" not in out["redacted"]
    assert "139****5678" in out["redacted"] and out["redacted"].replace("139****5678", "13912345678") == body
    assert out["reply"].startswith("议题里有手机号") and "编辑记录" in out["reply"]
    assert code == 1 and "privacy.mobile" in out["reply"]
    clean = github_body(forms["application-jiujiang-kjfwt-2025"], TEAM)
    code, out = run_intake(example.root, tmp_path / "again", "application", clean, OPEN_JIUJIANG, capsys) \
        if (tmp_path / "again").mkdir() is None else (None, None)
    assert out["redacted"] == ""


def test_a_wrong_name_gets_a_chinese_reply_with_candidates_and_writes_nothing(example, tmp_path, capsys):
    forms = templates(example.root, OPEN_JIUJIANG)
    before = sorted(p for p in example.root.rglob("*.yaml"))
    answers = dict(TEAM, leader="徐敏（西安交大）", members="马军（西安交通大学）\n胡艳（西安交通大学）", new_people="")
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], answers), OPEN_JIUJIANG, capsys)
    assert code == 1 and not out["ok"] and out["files"] == []
    assert "没有登记“胡艳（西安交通大学）”" in out["reply"] and "尚未登记的人员" in out["reply"]
    assert sorted(p for p in example.root.rglob("*.yaml")) == before
    # a unit written almost right names the close ones
    answers = dict(TEAM, new_people="王芳，女，1988-05，博士，副教授，副高，九江学，2016-07，新材料")
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], answers), OPEN_JIUJIANG, capsys)
    assert code == 1 and "名称相近的有：九江学院" in out["reply"] and "第 1 行（王芳）" in out["reply"]


def test_a_new_person_line_with_a_missing_part_says_which_line_and_what_order(example, tmp_path, capsys):
    forms = templates(example.root, OPEN_JIUJIANG)
    answers = dict(TEAM, new_people="王芳，女，1988-05，博士，副教授，九江学院，2016-07，新材料")
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], answers), OPEN_JIUJIANG, capsys)
    assert code == 1 and out["problems"] == [
        {"field": "尚未登记的人员", "message": "第 1 行有 8 项，应为 9 项，按“姓名，性别，出生年月，最高学位，职称，职称级别，"
                                          "工作单位，入职本单位年月，研究领域”用逗号分开"}]


def test_an_individual_form_quotes_the_commitment_and_makes_a_personal_application(example, tmp_path, capsys):
    forms = templates(example.root, OPEN_JIANGXI)
    assert {"application-jiangxi-tepaiyuan-2021", "individual-jiangxi-tepaiyuan-2021"} <= set(forms)
    form = forms["individual-jiangxi-tepaiyuan-2021"]
    quoted = [i["attributes"]["value"] for i in form["body"] if i["type"] == "markdown"]
    assert any("无科研违规失信行为" in q and "列入科研诚信失信记录" in q for q in quoted)
    units = next(i for i in form["body"] if i.get("id") == "recommended_by")["attributes"]["options"]
    assert units == ["南昌大学", "江西理工大学", "江西省科学技术厅"]
    answers = {"name": "申请成为工业领域科技特派员", "person": "冯宇（南昌大学）", "recommended_by": "南昌大学",
               "fields": "机械工程", "commitment": True}
    (example.root / "submissions/programs/jiangxi-tepaiyuan-2021/applications/feng-yu-ncu-2021.yaml").unlink()
    code, out = run_intake(example.root, tmp_path, "individual", github_body(form, answers), OPEN_JIANGXI, capsys)
    assert out["ok"], out
    [(path, text)] = [(f["path"], f["text"]) for f in out["files"]]
    assert path == "submissions/programs/jiangxi-tepaiyuan-2021/applications/feng-yu-ncu-2022.yaml"
    record = yaml.safe_load(text)
    assert record["kind"] == "individual" and record["person"] == "feng-yu-ncu" and record["recommended_by"] == "ncu"


def test_duties_are_ticked_from_the_programs_own_list(example):
    from techserve.intake import from_issue
    from techserve.registry import load_registry

    form = templates(example.root, OPEN_JINGDEZHEN)["individual-jingdezhen-ruqi-2020"]
    duties = next(i for i in form["body"] if i.get("id") == "duties")["attributes"]["options"]
    assert [d["label"] for d in duties] == ["解决技术难题", "培养技术团队", "搭建研发平台", "促成成果转化"]
    reg = load_registry(example.root)
    answers = {"name": "特种陶瓷烧成工艺优化", "person": "曹刚（中国轻工业陶瓷研究所）", "recommended_by": "中国轻工业陶瓷研究所",
               "fields": "陶瓷工艺", "duties": ["解决技术难题", "促成成果转化"], "commitment": True}
    intake = from_issue("individual", github_body(form, answers), OPEN_JINGDEZHEN, reg)
    assert intake.ok, intake.problems
    assert intake.data["record"]["duties"] == ["解决技术难题", "促成成果转化"]
    # none ticked: the field says so
    intake = from_issue("individual", github_body(form, dict(answers, duties=[])), OPEN_JINGDEZHEN, reg)
    assert ("工作职责", "请在“工作职责”中至少勾选一项") in intake.problems


def test_forms_come_and_go_with_the_programs_windows(example, capsys):
    assert "application-jiujiang-kjfwt-2025" in templates(example.root, OPEN_JIUJIANG)
    after = templates(example.root, CLOSED)  # the window closed on 6-30; its form is removed
    assert not [n for n in after if n.startswith(("application-", "individual-"))]
    assert not list((example.root / ".gitlab/issue_templates").glob("application-*.md"))
    config = (example.root / ".github/ISSUE_TEMPLATE/config.yml").read_text(encoding="utf-8")
    assert f"# as-of: {CLOSED}" in config
    # and --check of that set holds on any later day: the day is read from config.yml
    assert main(["forms", "--check", "--root", str(example.root)]) == 0


def test_an_application_after_the_window_closed_is_refused_with_the_office_to_call(example, tmp_path, capsys):
    forms = templates(example.root, OPEN_JIUJIANG)
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], TEAM), date(2026, 7, 1), capsys)
    assert code == 1 and "已截止" in out["reply"] and "不能在线申报" in out["reply"]


@pytest.mark.parametrize("field", ["name", "leader", "members", "new_people", "fields", "project-title", "program"])
@pytest.mark.parametrize("attack", ["../../../x", "/etc/passwd", "..\\..\\x", "submissions/../../x"])
def test_a_path_in_any_field_is_refused_or_stays_an_id(example, tmp_path, capsys, field, attack):
    forms = templates(example.root, OPEN_JIUJIANG)
    outside = {p for p in example.root.parent.rglob("*")}
    answers = dict(TEAM, **{field: attack})
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], answers), OPEN_JIUJIANG, capsys)
    made = {p for p in example.root.parent.rglob("*")} - outside
    for path in made:
        assert path.is_relative_to(example.root / "submissions") or path.is_relative_to(tmp_path), path
    for f in out["files"]:
        assert ".." not in f["path"] and f["path"].startswith("submissions/")
    if field in ("program", "leader", "members"):
        assert code == 1 and not out["files"]


def test_the_github_forms_follow_githubs_form_schema(example):
    """What GitHub rejects silently (the form then vanishes from the chooser): ids unique and
    plain, labels unique, dropdowns with options, a default inside them."""
    for name, form in templates(example.root, OPEN_JIANGXI).items():
        assert form["name"] and form["description"] and form["body"], name
        items = [i for i in form["body"] if i["type"] != "markdown"]
        ids = [i["id"] for i in items]
        assert len(ids) == len(set(ids)) and all(i.replace("-", "").replace("_", "").isalnum() for i in ids), name
        labels = [i["attributes"]["label"] for i in items]
        assert len(labels) == len(set(labels)), name
        for i in items:
            assert i["type"] in ("input", "textarea", "dropdown", "checkboxes"), name
            if i["type"] == "dropdown":
                options = i["attributes"]["options"]
                assert options and len(options) == len(set(options))
                assert i["attributes"].get("default", 0) < len(options)


def test_what_the_applicant_wrote_is_inert_in_the_reply(example, tmp_path, capsys):
    """A reply quotes names the applicant typed; they must not mention, link or inject HTML."""
    forms = templates(example.root, OPEN_JIUJIANG)
    answers = dict(TEAM, members="@octocat（[点我](https://evil.example)）\n<img src=x onerror=alert(1)>（九江学院）",
                   new_people="")
    code, out = run_intake(example.root, tmp_path, "application",
                           github_body(forms["application-jiujiang-kjfwt-2025"], answers), OPEN_JIUJIANG, capsys)
    assert code == 1
    assert "@octocat" not in out["reply"] and "<img" not in out["reply"] and "https://evil" not in out["reply"]
    assert "](" not in out["reply"]
