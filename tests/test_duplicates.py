"""person.duplicate and enterprise.duplicate: the same person or enterprise under two ids would
pass every rule that counts per person or per enterprise twice (每名博士至多加入2个团, 一团一企)."""

from __future__ import annotations

from .rulekit import Kit, dump
from .snippets import ENTERPRISE, base


def person(tree, pid, **changes):
    data = {"name": "王芳", "gender": "女", "birth": "1985-03", "degree": "博士", "title": "副教授",
            "title_level": "副高", "unit": "jju", "employed_since": "2012-09", "fields": ["新材料"], **changes}
    tree.write(f"people/{pid}.yaml", dump(data))


def test_the_same_person_under_two_ids(tree):
    base(tree)
    person(tree, "wang-fang-jju")
    person(tree, "wang-fang-jju-2", fields=["复合材料"], title="教授", title_level="正高")
    found = tree.findings("person.duplicate")
    assert sorted(f.record for f in found) == ["wang-fang-jju", "wang-fang-jju-2"]
    assert all(f.severity == "error" and f.line == 1 for f in found)
    assert "people/wang-fang-jju-2.yaml" in next(f for f in found if f.record == "wang-fang-jju").message


def test_namesakes_differ_in_name_birth_or_unit(tree):
    base(tree)
    person(tree, "wang-fang-jju")
    for pid, change in (("b", {"birth": "1985-04"}), ("d", {"name": "王芳芳"}), ("u", {"unit": "ncu"})):
        person(tree, f"wang-fang-{pid}", **change)
    assert tree.findings("person.duplicate") == []


def test_a_second_file_with_a_field_shifted_is_the_same_person(tree):
    """Issue 38: 每名博士至多加入2个团 was dodged by a second file with employed_since a month later."""
    base(tree)
    person(tree, "wang-fang-jju")
    for pid, change in (("c", {"employed_since": "2012-10"}), ("g", {"gender": "男"}), ("s", {"name": "王 芳"}),
                        ("w", {"name": "王芳", "title": "教授", "title_level": "正高"})):
        person(tree, f"wang-fang-{pid}", **change)
    found = {f.record for f in tree.findings("person.duplicate")}
    assert found == {"wang-fang-jju", "wang-fang-c", "wang-fang-g", "wang-fang-s", "wang-fang-w"}


def test_the_same_enterprise_under_two_ids(tree):
    base(tree)
    tree.write("enterprises/ent-copy.yaml", ENTERPRISE.replace("九江测试有限公司", "九江测试公司"))
    found = tree.findings("enterprise.duplicate")
    assert sorted(f.record for f in found) == ["ent", "ent-copy"] and all(f.line == 2 for f in found)
    tree.write("enterprises/ent-copy.yaml", ENTERPRISE.replace("91360400MA35A1B2C2", "91360400MA35A1B3C0"))
    assert tree.findings("enterprise.duplicate") == []


def test_a_doctor_registered_twice_is_found_where_max_teams_counts_files(tree):
    k = Kit(tree, [{"rule": "person.max-teams", "params": {"max": 2, "degree": "博士"}}])
    for p in ("a", "b", "c", "d", "e"):
        k.person(p)
    tree.write("people/a-2.yaml", (tree.root / "submissions/people/a.yaml").read_text(encoding="utf-8"))
    k.team("t1", ["a", "b"])
    k.team("t2", ["a", "c"])
    k.team("t3", ["a-2", "d"])  # a third team, through the copy
    assert k.found("person.max-teams") == []  # what the copy gets past ...
    assert sorted(f.record for f in tree.findings("person.duplicate")) == ["a", "a-2"]  # ... and is stopped by
