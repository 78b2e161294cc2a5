"""Fuzzing the whole data path: loader, models, rules, every reporter and page generation.

Any exception is a failure: bad input must become findings. The seed and budget are fixed so
the suite is repeatable and stays under a minute; `make fuzz` runs the same properties with a
larger budget (TECHSERVE_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from techserve.checker import check
from techserve.loader import load_bytes
from techserve.models import DECISION_KINDS, MODELS, validate
from techserve.pages import generate
from techserve.registry.layout import FOLDER_OF
from techserve.reporters import REPORTERS

from .conftest import REPO

SCALE = int(os.environ.get("TECHSERVE_FUZZ_EXAMPLES", "0"))


def budget(default: int):
    return settings(max_examples=SCALE or default, deadline=None, derandomize=not SCALE,
                    suppress_health_check=list(HealthCheck), database=None)


# Everything a field name could be, and values that have broken parsers before.
FIELDS = sorted({name for model in (*MODELS.values(), *DECISION_KINDS.values()) for name in model.model_fields}
                | {"application", "person", "outcome", "stage", "results", "start", "end", "members", "role"})
EDGE_TEXT = ["", " ", "0", "-1", "1e309", "nan", "true", "no", "~", "null", "2025-02-29", "2025-13-01",
             "9999-12-31", "0001-01-01", "2100-12-31", "1899-12-31", "２０２５-０５-１２", "１３８００１３８０００",
             "138 0013 8000", "11010519491231002X", "a＠b．com", "notice", "review", "approval", "assessment",
             "termination", "waiver", "objection", "pass", "fail", "team", "individual", "leader", "博士", "正高",
             "x" * 300, "<script>alert(1)</script>", "[x](javascript:alert(1))", "@octocat", "｜", "\\", "'", '"',
             "zhang-wei", "jju", "ent", "p", "a", "n", "g"]
scalars = st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=30), st.none(),
                    st.integers(-10**12, 10**12).map(str))
data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=6)),
    max_leaves=25)

YAML_BITS = ["kind: ", "date: ", "- ", "  ", "\n", ": ", "[", "]", "{", "}", "&a ", "*a", "!!python/object ",
             "<<: ", "---\n", "...\n", "'", '"', "#", "|\n", ">\n", "? ", ",", "\t", "\ufeff", "\u202e", "１３８",
             "2025-05-12", "x", "中文", "%YAML 1.1\n", "!tag ", "\\u0000", "\x00", "\r\n"]


@seed(20261122)
@budget(400)
@given(st.binary(max_size=400) | st.lists(st.sampled_from(YAML_BITS), max_size=40).map(lambda p: "".join(p).encode()))
def test_loader_never_raises(raw):
    doc = load_bytes(raw, "submissions/people/x.yaml")
    assert doc.fatal or doc.findings == [] or all(f.rule.startswith("yaml.") for f in doc.findings)


@seed(20261122)
@budget(400)
@given(st.sampled_from(sorted([*MODELS, "decision"])), data)
def test_models_never_raise(kind, value):
    model, errors = validate(kind, value)
    assert (model is None) == bool(errors)
    assert all(isinstance(message, str) and message for _, _, message in errors)


def _yaml(value, indent=0) -> str:
    """Plain data → YAML text (quoted scalars), written the way an applicant might."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}\n"
        out = "\n" if indent else ""
        for k, v in value.items():
            out += f"{pad}{_quote(k)}: {_yaml(v, indent + 2)}"
        return out
    if isinstance(value, list):
        if not value:
            return "[]\n"
        return "\n" + "".join(f"{pad}- {_yaml(v, indent + 2).lstrip()}" for v in value)
    return ("" if value is None else _quote(value)) + "\n"


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


KINDS = ["unit", "person", "enterprise", "program", "application", "need", "agreement", "service", "decision",
         "calendar"]
_BASE = tempfile.mkdtemp(prefix="techserve-fuzz-")
shutil.copytree(REPO / "submissions", Path(_BASE) / "submissions")


def _path(kind: str, name: str) -> str:
    if kind == "program":
        return "submissions/programs/jiujiang-kjfwt-2025/program.yaml"
    if kind == "calendar":
        return "submissions/calendar/2025.yaml"
    if kind in ("unit", "person", "enterprise"):
        return f"submissions/{FOLDER_OF[kind]}/{name}.yaml"
    return f"submissions/programs/jiujiang-kjfwt-2025/{FOLDER_OF[kind]}/{name}.yaml"


@seed(20261122)
@budget(30)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(["fz-a", "fz-b", "hust-zhineng-zhizao-2025"]),
                          data), min_size=1, max_size=3),
       st.dates(date(2019, 1, 1), date(2028, 12, 31)))
def test_check_reporters_and_pages_never_raise(files, as_of):
    """Fuzzed records dropped into the example registry (replacing real ones at times): the
    check, every reporter and page generation still run to the end."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(Path(_BASE) / "submissions", root / "submissions")
        for kind, name, value in files:
            target = root / _path(kind, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_yaml(value if isinstance(value, dict) else {"kind": value}), encoding="utf-8")
        report = check(root, as_of, base=None)
        for render in REPORTERS.values():
            assert render(report).strip()
        if not report.errors:  # the site is built only from a registry that passes (site/plugin.py)
            generate(report.registry, as_of)


_EXAMPLES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "submissions").rglob("*.yaml"))


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, path + (i,))
    else:
        yield path


@seed(20261122)
@budget(25)
@given(st.sampled_from(_EXAMPLES), st.integers(0, 10**6), st.sampled_from(EDGE_TEXT) | st.text(max_size=20),
       st.dates(date(2019, 1, 1), date(2028, 12, 31)))
def test_one_odd_value_in_a_real_record(rel, pick, value, as_of):
    """One value of one shipped record replaced by an odd one: the registry often still passes,
    so the rules and page generation see odd values that validated."""
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(Path(_BASE) / "submissions", root / "submissions")
        record = yaml.load((REPO / rel).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        leaves = list(_leaves(record))
        *parents, last = leaves[pick % len(leaves)]
        target = record
        for part in parents:
            target = target[part]
        target[last] = value
        (root / rel).write_text(_yaml(record), encoding="utf-8")
        report = check(root, as_of)
        for render in REPORTERS.values():
            assert render(report).strip()
        if not report.errors:
            generate(report.registry, as_of)
