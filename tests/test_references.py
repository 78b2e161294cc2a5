"""References are declared once, on the models (`models/common.Names`): the reference rule and the
change rules read the same table, derived from the annotations."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from techserve.models import MODELS
from techserve.models.common import Names, PersonRef, Record, Ref
from techserve.models.decisions import DECISION_KINDS
from techserve.models.references import DECISION_REFERENCES, named_at, named_by, record_references, references
from techserve.rules.references import REFERENCES

from .conftest import REPO

# Fields typed as an id that are the record's own name for something, not a reference.
NOT_REFERENCES = {("Target", "id"), ("TargetValue", "target")}  # a target of program.yaml, by its own id


def _id_fields(model: type[BaseModel], seen=None):
    """(model name, field) for every field whose type contains the plain id type."""
    seen = seen or set()
    for name, f in model.model_fields.items():
        text = repr(f.annotation) + repr(f.metadata)
        named = any(isinstance(m, Names) for m in f.metadata) or "Names(" in text
        plain_id = "pattern='^[a-z0-9]+(-[a-z0-9]+)*$'" in text
        if plain_id and not named:
            yield model.__name__, name
        for arg in _types_in(f.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in seen:
                seen.add(arg)
                yield from _id_fields(arg, seen)


def _types_in(tp):
    yield tp
    for arg in typing.get_args(tp):
        yield from _types_in(arg)


def test_every_id_field_says_what_it_names():
    """A new field typed as a bare id (Ref) would escape the reference rule; it must be typed
    with what it names (PersonRef, UnitRef…) or be listed here as the record's own name."""
    models = [*MODELS.values(), *DECISION_KINDS.values()]
    bare = {f for m in models for f in _id_fields(m)}
    assert bare <= NOT_REFERENCES, f"id fields with no Names(...): {sorted(bare - NOT_REFERENCES)}"


def test_the_table_is_derived_from_the_annotations():
    assert REFERENCES == record_references(MODELS)
    assert (("people", "*"), ("person",)) in REFERENCES["service"]
    assert (("members", "*", "person"), ("person",)) in REFERENCES["application"]
    assert (("targets", "*", "by_unit", "*"), ("unit",)) in REFERENCES["program"]
    assert (("parties", "*"), ("unit", "enterprise", "person")) in REFERENCES["agreement"]
    assert (("notice",), ("decision",)) in DECISION_REFERENCES["approval"]
    assert (("applications", "*", "application"), ("application",)) in DECISION_REFERENCES["approval"]
    assert (("leaves",), ("person",)) in DECISION_REFERENCES["replacement"]
    # every decision kind's references are in the table the rule reads for a decision file
    assert all(r in REFERENCES["decision"] for refs in DECISION_REFERENCES.values() for r in refs)


def test_a_new_annotated_field_is_a_reference_and_a_plain_one_is_not():
    class Visit(Record):
        host: PersonRef
        guests: list[PersonRef] = []
        code: Ref | None = None

    assert references(Visit) == [(("host",), ("person",)), (("guests", "*"), ("person",))]


def test_named_by_reads_the_model():
    class Visit(Record):
        host: PersonRef
        guests: list[PersonRef] = []

    v = Visit(host="wang-wu", guests=["li-si", "zhao-liu"])
    assert list(named_by(v, ("host",))) == ["wang-wu"]
    assert list(named_by(v, ("guests", "*"))) == ["li-si", "zhao-liu"]
    assert list(named_by(v, ("missing",))) == []


def test_named_at_gives_the_path_a_finding_points_at():
    class Visit(Record):
        host: PersonRef
        guests: list[PersonRef] = []

    v = Visit(host="wang-wu", guests=["li-si", "zhao-liu"])
    assert list(named_at(v, ("guests", "*"))) == [(("guests", 0), "li-si"), (("guests", 1), "zhao-liu")]


def test_the_record_contract_says_what_each_id_names():
    """schemas/README.md is generated with the schemas (`techserve schema --check` fails when stale)
    and reads the same annotations."""
    text = (REPO / "schemas" / "README.md").read_text(encoding="utf-8")
    assert "| `unit` | 工作单位 | 单位的编号 | 是 |" in text
    assert "| `parties` | 签约各方 | 列表（单位、企业、人员的编号） | 是 |" in text
    assert "| `notice` | 依据的公示 | 决定的编号 |  | 项目的环节有公示时必填（process.order） |" in text
    assert "位置：`submissions/programs/<项目编号>/services/<编号>.yaml`" in text


# ---- issue 40: did you mean ---------------------------------------------------------------------

@pytest.mark.parametrize("kinds,typed,meant", [
    (("unit",), "华中科技大学", "hust"),  # the name typed for the id
    (("enterprise",), "恒盛", "jiujiang-hengsheng-zhineng"),  # a homophone of 恒晟
    (("person",), "wang-fang-hus", "wang-fang-hust"),  # a typo in an id
])
def test_an_unknown_reference_suggests_the_record_meant(kinds, typed, meant):
    from techserve.registry import load_registry
    from techserve.rules.references import did_you_mean

    from .conftest import REPO

    assert did_you_mean(load_registry(REPO), kinds, typed)[0] == meant


def test_no_suggestion_when_nothing_is_close():
    from techserve.registry import load_registry
    from techserve.rules.references import did_you_mean

    from .conftest import REPO

    assert did_you_mean(load_registry(REPO), ("unit",), "zzz-nowhere") is None
