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


@pytest.mark.parametrize("kind", ["unit", "person", "enterprise", "application", "need", "agreement", "service"])
def test_new_templates_check_clean(example, kind, capsys):
    args = ["new", kind, "--name", "测试名称", "--root", str(example.root)]
    if kind in ("application", "need", "agreement", "service"):
        args += ["--program", "jiujiang-kjfwt-2025"]
    assert main(args) == 0
    created = [p for p in (example.root / "submissions").rglob("ce-shi-ming-cheng*.yaml")]
    assert len(created) == 1
    report = example.check()
    # the template is valid as a file; program rules may still ask for more (e.g. team size)
    file_rules = ("schema", "ref.unknown", "id.format", "layout.unknown-path", "enterprise.uscc", "person.title-level")
    mine = [f for f in report.findings if f.file.endswith(created[0].name)
            and (f.rule in file_rules or f.rule.startswith(("yaml.", "privacy.")))]
    assert mine == [], mine


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
