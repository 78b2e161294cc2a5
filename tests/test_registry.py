"""Layout, ids, schema messages, references: the always-on rules of SPEC §6 that need a registry."""

from __future__ import annotations

import re

from .snippets import LI_SI, PERSON, base

SOLO = """
kind: individual
name: 个人申报
person: zhang-wei
recommended_by: jju
submitted: 2025-03-01
fields: [新材料]
commitment: true
"""
NEED = """
enterprise: ent
title: 需求
categories: [技术难题]
fields: [新材料]
description: 说明
expected_outcome: 效果
mode: 常规
published: 2025-03-01
"""


def test_minimal_registry_is_clean(tree):
    base(tree)
    assert tree.findings() == []


def test_unknown_paths(tree):
    base(tree)
    tree.write("people/li-si.yml", PERSON)
    tree.write("misc/notes.txt", "x")
    tree.write("programs/p/evidence/photo.gif", b"GIF89a")
    tree.write("programs/p/evidence/photo.jpg", b"\xff\xd8")
    tree.write("units/.gitkeep", "")
    found = {(f.file, f.rule) for f in tree.findings()}
    assert ("submissions/people/li-si.yml", "layout.unknown-path") in found
    assert ("submissions/misc/notes.txt", "layout.unknown-path") in found
    assert ("submissions/programs/p/evidence/photo.gif", "layout.unknown-path") in found
    assert not any(".gitkeep" in f for f, _ in found)
    # a .jpg is in its place; two bytes are no photo, and what cannot be read fails closed
    assert {r for f, r in found if "photo.jpg" in f} == {"privacy.evidence-unreadable"}


def test_id_format(tree):
    base(tree)
    tree.write("people/Zhang_Wei.yaml", PERSON)
    tree.write("people/" + "a" * 65 + ".yaml", PERSON)
    tree.write("people/" + "a" * 64 + ".yaml", PERSON)
    bad = {f.file for f in tree.findings("id.format")}
    assert bad == {"submissions/people/" + "a" * 65 + ".yaml", "submissions/people/Zhang_Wei.yaml"}


def test_id_duplicate_across_programs(tree):
    base(tree)
    tree.write("programs/q/program.yaml", (tree.root / "submissions/programs/p/program.yaml").read_text())
    need = NEED
    tree.write("programs/p/needs/n1.yaml", need)
    tree.write("programs/q/needs/n1.yaml", need)
    [f] = tree.findings("id.duplicate")
    assert f.file == "submissions/programs/q/needs/n1.yaml" and "programs/p/needs/n1.yaml" in f.message


def test_schema_findings_are_chinese_and_located(tree):
    base(tree)
    tree.write("people/li-si.yaml", """
    name: 李四
    gender: M
    birth: 1980-13
    degree: 博士
    title: 教授
    title_level: 正高
    unit: jju
    employed_since: 2010-09
    fields: 新材料
    nmae: 李四
    """)
    found = {f.line: f for f in tree.findings("schema")}
    assert set(found) == {2, 3, 9, 10}
    assert "男、女" in found[2].message
    assert "YYYY-MM" in found[3].message
    assert "列表" in found[9].message
    assert "name" in found[10].message and "是不是" in found[10].message
    for f in found.values():
        assert not re.search(r"Input should|Field required|Extra inputs", f.message)


def test_missing_field_points_at_the_record(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI.replace("degree: 博士\n", ""))
    [f] = tree.findings("schema")
    assert "degree" in f.message and "最高学位" in f.message and f.line == 1


def test_empty_and_scalar_files(tree):
    base(tree)
    tree.write("people/empty.yaml", "")
    tree.write("people/scalar.yaml", "just text\n")
    assert {f.record for f in tree.findings("schema")} == {"empty", "scalar"}


def test_ref_unknown(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI.replace("unit: jju", "unit: nowhere"))
    [f] = tree.findings("ref.unknown")
    assert f.line == 7 and "nowhere" in f.message


def test_ref_across_programs_and_missing_program(tree):
    base(tree)
    tree.write("programs/q/needs/n1.yaml", NEED)
    tree.write("programs/p/applications/a1.yaml", SOLO + "need: n1\n")
    messages = [f.message for f in tree.findings("ref.unknown")]
    assert any("属于项目“q”" in m for m in messages)
    assert any("没有 program.yaml" in m for m in messages)


def test_missing_evidence_file(tree):
    base(tree)
    tree.write("programs/p/applications/a1.yaml", SOLO)
    tree.write("programs/p/agreements/g1.yaml", """
    application: a1
    enterprise: ent
    signed: 2025-03-01
    start: 2025-03-01
    end: 2025-12-31
    match_method: 自主申请
    parties: [jju, ent, zhang-wei]
    """)
    tree.write("programs/p/evidence/ok.png", b"\x89PNG")
    tree.write("programs/p/services/s1.yaml", """
    agreement: g1
    date: 2025-03-10
    people: [zhang-wei]
    content: 入企调研
    evidence: [ok.png, missing.jpg]
    """)
    [f] = tree.findings("ref.unknown")
    assert "missing.jpg" in f.message and f.line == 5


def test_team_application_shape(tree):
    base(tree)
    tree.write("programs/p/applications/t1.yaml", """
    kind: team
    name: 测试团
    members:
      - person: zhang-wei
        role: member
    recommended_by: jju
    submitted: 2025-03-01
    fields: [新材料]
    commitment: true
    """)
    [f] = tree.findings("schema")
    assert "团长" in f.message
