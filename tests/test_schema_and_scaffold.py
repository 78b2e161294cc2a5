"""Committed schemas match the models; `techserve new` writes files that check clean."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
import yaml

from techserve.cli import main
from techserve.scaffold import slug

from .conftest import REPO


def test_committed_schemas_have_no_drift(capsys):
    assert main(["schema", "--check", "--root", str(REPO)]) == 0


def test_schema_drift_is_detected(tmp_path, capsys):
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas/person.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert "person.schema.json" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted((REPO / "submissions").rglob("*.yaml"))[:400:7])
def test_examples_start_with_schema_line_and_validate_against_it(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_path = (path.parent / first.split("=", 1)[1]).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = yaml.load(text, Loader=yaml.BaseLoader)  # strings only, as the loader reads them
    # JSON Schema sees the strings: only check the field names, which editors flag as you type
    props = schema.get("properties") or {}
    if props:
        assert set(data) <= set(props)


def test_slug_from_chinese_names():
    assert slug("张伟") == "zhang-wei"
    assert slug("张伟", "hust") == "zhang-wei-hust"
    assert slug("华中科技大学 (HUST)") == "hua-zhong-ke-ji-da-xue-hust"


# What an applicant types for each 请填写 (by the key on its line, or above a list item).
ANSWERS = {
    "type": "高校", "province": "江西省", "city": "九江市", "double_first_class": "false", "gender": "女",
    "birth": "1980-07", "degree": "博士", "title": "副教授", "title_level": "副高", "employed_since": "2015-09",
    "uscc": "91360400MA3500000P", "county": "濂溪区", "industry": "制造业", "independent_legal_person": "true",
    "no_tax_violation": "true", "no_major_accident_3y": "true", "rd_commitment": "true", "integrity_commitment": "true",
    "name": "办公室", "phone": "0792-8888888", "person": "li-ming-hust", "commitment": "true", "categories": "技术难题",
    "fields": "新材料", "description": "铜箔表面发黑，需要查明原因。", "expected_outcome": "不良率降到 0.5% 以下。",
    "signed": "2026-11-20", "start": "2026-11-20", "end": "2027-11-19", "match_method": "对接会",
    "parties": ["hust", "jiujiang-hengsheng-zhineng"], "date": "2026-11-25", "people": "li-ming-hust",
    "enterprise": "jiujiang-hengsheng-zhineng",
    "application": "hust-zhineng-zhizao-2025", "agreement": "hust-hengsheng-2025", "unit": "hust",
    "recommended_by": "hust",
}


def _fill_template(path) -> None:
    """Replace each 请填写 as an applicant would, by the key its line (or list) belongs to."""
    from stdnum.cn import uscc

    assert uscc.is_valid(ANSWERS["uscc"])
    out, key = [], None
    ANSWERS["parties"] = ["hust", "jiujiang-hengsheng-zhineng"]
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        head = line.split("#", 1)[0]
        if ":" in head and not head.lstrip().startswith("- "):
            key = head.split(":", 1)[0].strip()
        elif head.lstrip().startswith("- ") and ":" in head:
            key = head.lstrip()[2:].split(":", 1)[0].strip()
        if "请填写" in head:
            answer = ANSWERS[key]
            line = line.replace("请填写", answer.pop(0) if isinstance(answer, list) else answer, 1)
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")


@pytest.mark.parametrize("kind", ["unit", "person", "enterprise", "application", "need", "agreement", "service"])
def test_a_new_template_fails_until_filled_then_checks_clean(example, kind, capsys):
    """An unedited template is one draft.unfilled finding per blank and nothing else about its
    format (no unknown id 请填写, no bad checksum); filled in, the file checks clean."""
    args = ["new", kind, "--name", "测试名称", "--suffix", "hust", "--root", str(example.root)]
    if kind in ("application", "need", "agreement", "service"):
        args += ["--program", "jiujiang-kjfwt-2025"]
    assert main(args) == 0
    created = [p for p in (example.root / "submissions").rglob("ce-shi-ming-cheng*.yaml")]
    assert len(created) == 1
    blanks = [n for n, line in enumerate(created[0].read_text(encoding="utf-8").splitlines(), 1)
              if "请填写" in line.split("#", 1)[0]]
    assert blanks, "a template with nothing to fill would pass unread"
    file_rules = ("schema", "ref.unknown", "id.format", "layout.unknown-path", "enterprise.uscc", "person.title-level",
                  "draft.unfilled")

    def mine():
        return [f for f in example.check().findings if f.file.endswith(created[0].name)
                and (f.rule in file_rules or f.rule.startswith(("yaml.", "privacy.")))]

    found = mine()
    assert sorted(f.line for f in found) == blanks and {f.rule for f in found} == {"draft.unfilled"}, found
    _fill_template(created[0])
    assert mine() == []


def test_new_takes_the_unit_from_the_suffix_never_another_file(example, capsys):
    assert main(["new", "person", "--name", "王五", "--suffix", "hust", "--root", str(example.root)]) == 0
    assert "unit: hust " in (example.root / "submissions/people/wang-wu-hust.yaml").read_text(encoding="utf-8")
    assert main(["new", "person", "--name", "王五", "--suffix", "nowhere", "--root", str(example.root)]) == 0
    assert "unit: 请填写 " in (example.root / "submissions/people/wang-wu-nowhere.yaml").read_text(encoding="utf-8")


def test_new_warns_of_a_person_already_registered_under_the_name(example, capsys):
    assert main(["new", "person", "--name", "李明", "--suffix", "x", "--root", str(example.root)]) == 0
    err = capsys.readouterr().err
    assert "已有名为“李明”的记录：li-ming-hust（单位 hust）" in err and "不要再新建" in err
    assert main(["new", "person", "--name", "从未登记", "--root", str(example.root)]) == 0
    assert "已有" not in capsys.readouterr().err


def test_new_never_overwrites(example, capsys):
    for _ in range(2):
        assert main(["new", "person", "--name", "李明", "--suffix", "hust", "--root", str(example.root)]) == 0
    assert (example.root / "submissions/people/li-ming-hust-2.yaml").exists()


def test_schemas_are_valid_json_schema():
    for path in (REPO / "schemas").glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_public_phones_on_a_notice_are_office_numbers_never_mobiles():
    """notice.phones / supervisor_phones: a landline (area code, optional extension), a five-digit
    hotline or a 400 number; a mobile is personal data and is refused with a Chinese hint."""
    from pydantic import ValidationError

    from techserve.models.messages import validation_errors
    from techserve.models.program import NoticeRule

    base = {"days": 5, "day_kind": "workday", "contact": "九江市科协学会部"}
    for ok in ("0792-8225304", "07928225304", "0791-86265355-12", "12345", "400-810-8888"):
        assert NoticeRule.model_validate({**base, "phones": [ok], "supervisor_phones": [ok]}).phones == [ok]
    for bad in ("13800138000", "138-0013-8000", "8225304", "1234", "123456", "0792-822530", "+86 792 8225304"):
        with pytest.raises(ValidationError) as caught:
            NoticeRule.model_validate({**base, "supervisor_phones": [bad]})
        [(_, _, message)] = validation_errors(caught.value, NoticeRule)
        assert "不填手机号" in message and "12345" in message, message


@pytest.mark.parametrize("typed,culprit", [("２０２５-０５-１２", "２"), ("2025－05－12", "－"), ("٢٠٢٥-٠٥-١٢", "٢")])
def test_a_date_typed_with_a_chinese_input_method_says_which_character_is_wrong(typed, culprit):
    from techserve.models import validate

    model, errors = validate("decision", {"kind": "objection", "date": typed, "application": "x",
                                          "outcome": "dismissed", "note": "n"})
    assert model is None and [loc for loc, _, _ in errors] == [("date",)]
    assert f"“{culprit}”" in errors[0][2] and "半角" in errors[0][2]
    model, errors = validate("decision", {"kind": "objection", "date": "2025-05-12", "application": "x",
                                          "outcome": "dismissed", "note": "n"})
    assert model is not None and errors == []


def test_a_number_typed_full_width_says_so():
    from techserve.models import validate

    _, errors = validate("decision", {"kind": "approval", "date": "2025-06-10", "notice": "n",
                                      "applications": [{"application": "a", "funding_wan": "５"}]})
    assert [loc for loc, _, _ in errors] == [("applications", 0, "funding_wan")] and "“５”是全角字符" in errors[0][2]


# ---- issue 40: the form a date was meant to be in -------------------------------------------------

import pytest as _pytest  # noqa: E402


@_pytest.mark.parametrize("kind,field,typed,meant", [
    ("person", "birth", "1990年5月", "1990-05"),
    ("person", "birth", "１９９０-5", "1990-05"),
    ("service", "date", "2026-12-3", "2026-12-03"),
    ("service", "date", "2026年12月3日", "2026-12-03"),
])
def test_a_date_typed_another_way_gets_its_form(kind, field, typed, meant):
    from techserve.models import validate

    base = {"person": {"name": "张三", "gender": "男", "birth": "1990-05", "degree": "博士", "title": "教授",
                       "title_level": "正高", "unit": "x", "employed_since": "2010-01", "fields": ["a"]},
            "service": {"agreement": "g", "date": "2026-12-01", "people": ["a"], "content": "x"}}[kind]
    _, problems = validate(kind, {**base, field: typed})
    assert any(f"是不是“{meant}”" in message for _, _, message in problems), problems


@pytest.mark.parametrize("change,judged", [
    ({"birth": "1990年5月"}, {"birth": "1990-05"}),  # a month typed another way: read as the form it names
    ({"feilds": ["新材料"], "fields": None}, {"fields": ["新材料"]}),  # misspelt: read as the missing field
    ({"mobile": "x"}, {}),  # an unknown field: left out
    ({"position": ""}, {"position": None}),  # an optional field in error: left out
])
def test_a_record_with_format_errors_is_judged_as_it_was_meant(change, judged):
    """models.lenient: the program rules judge the record in the same run; its errors stand."""
    from techserve.models import lenient, validate

    data = {"name": "测试", "gender": "女", "birth": "1990-05", "degree": "博士", "title": "教授", "title_level": "正高",
            "unit": "hust", "employed_since": "2015-09", "fields": ["新材料"]}
    data.update(change)
    data = {k: v for k, v in data.items() if v is not None}
    model, errors = validate("person", data)
    assert model is None and errors
    before = json.dumps(data, ensure_ascii=False)
    meant = lenient("person", data)
    assert meant is not None and all(getattr(meant, k) == v for k, v in judged.items())
    assert json.dumps(data, ensure_ascii=False) == before  # the submitted data is not touched


@pytest.mark.parametrize("broken", [{"gender": "未知"}, {"unit": "华中科技大学"}, {"fields": []}])
def test_a_required_value_with_nothing_to_read_it_as_leaves_no_record(broken):
    from techserve.models import lenient

    data = {"name": "测试", "gender": "女", "birth": "1990-05", "degree": "博士", "title": "教授", "title_level": "正高",
            "unit": "hust", "employed_since": "2015-09", "fields": ["新材料"], **broken}
    assert lenient("person", data) is None
