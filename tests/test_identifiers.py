"""enterprise.uscc (GB 32100) and person.title-level."""

from __future__ import annotations

from .snippets import ENTERPRISE, PERSON, base


def test_uscc_checksum(tree):
    base(tree)
    tree.write("enterprises/bad.yaml", ENTERPRISE.replace("91360400MA35A1B2C2", "91360400MA35A1B2C3"))
    [f] = tree.findings("enterprise.uscc")
    assert f.record == "bad" and "校验位" in f.message and f.line == 2


def test_uscc_length_and_characters(tree):
    base(tree)
    tree.write("enterprises/short.yaml", ENTERPRISE.replace("91360400MA35A1B2C2", "91360400MA35A1B2C"))
    tree.write("enterprises/chars.yaml", ENTERPRISE.replace("91360400MA35A1B2C2", "91360400MA35A1BOC2"))
    found = {f.record: f.message for f in tree.findings("enterprise.uscc")}
    assert "18 位" in found["short"] and "字符" in found["chars"]


def test_unit_uscc_is_checked_when_given(tree):
    base(tree)
    tree.write("units/u2.yaml", "name: 某大学\ntype: 高校\nprovince: 江西省\ncity: 南昌市\nuscc: 12360000491015330X\n")
    assert [f.record for f in tree.findings("enterprise.uscc")] == ["u2"]


def test_title_level_agreement(tree):
    base(tree)
    tree.write("people/a.yaml", PERSON.replace("title: 教授", "title: 副教授"))  # 副教授 with 正高
    tree.write("people/b.yaml", PERSON.replace("title: 教授", "title: 副教授").replace("正高", "副高"))
    tree.write("people/c.yaml", PERSON.replace("title: 教授", "title: 高级工程师").replace("正高", "副高"))
    tree.write("people/d.yaml", PERSON.replace("title: 教授", "title: 高级工程师"))
    tree.write("people/e.yaml", PERSON.replace("title: 教授", "title: 首席科学家"))  # unknown title: no verdict
    found = {f.record: f for f in tree.findings("person.title-level")}
    assert set(found) == {"a", "d"}
    assert "副高" in found["a"].message and found["a"].line == 6
