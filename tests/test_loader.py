"""The strict loader: every hazard is a finding at its line; nothing raises; scalars stay strings."""

from __future__ import annotations

import pytest

from techserve.loader import load_bytes

GOLDEN = {
    "a": "no", "b": "0792", "c": "1:30", "d": "13800138000", "e": "2025-05-12", "f": "1e3",
    "g": "yes", "h": "0x1F", "i": "1_000", "j": "~", "k": "010", "l": ".inf", "m": "2025-05-12T10:00:00",
}


def rules(doc):
    return [f.rule for f in doc.findings]


def test_scalars_round_trip_as_written():
    text = "".join(f"{k}: {v}\n" for k, v in GOLDEN.items())
    doc = load_bytes(text.encode(), "t.yaml")
    assert doc.findings == []
    assert doc.data == GOLDEN


def test_empty_value_is_none_and_quoted_empty_is_string():
    doc = load_bytes(b"a:\nb: ''\n", "t.yaml")
    assert doc.data == {"a": None, "b": ""}


def test_positions_of_keys_and_values():
    doc = load_bytes(b"name: x\nlist:\n  - one\n  - two: 2\n", "t.yaml")
    assert doc.values[("name",)] == (1, 7)
    assert doc.keys[("list",)] == (2, 1)
    assert doc.values[("list", 1, "two")] == (4, 10)
    assert doc.where(("list", 5, "missing")) == doc.values[("list",)]


def test_duplicate_key_names_both_lines():
    doc = load_bytes(b"a: 1\nb: 2\na: 3\n", "t.yaml")
    [f] = doc.findings
    assert (f.rule, f.line) == ("yaml.duplicate-key", 3)
    assert "第 1 行" in f.message
    assert doc.data == {"a": "1", "b": "2"}


def test_anchor_alias_merge_and_tag_are_rejected():
    assert "yaml.alias" in rules(load_bytes(b"a: &x 1\n", "t.yaml"))
    assert "yaml.alias" in rules(load_bytes(b"a: 1\nb: *x\n", "t.yaml")) or "yaml.syntax" in rules(
        load_bytes(b"a: 1\nb: *x\n", "t.yaml"))
    assert rules(load_bytes(b"<<: {a: 1}\n", "t.yaml")) == ["yaml.alias"]
    assert rules(load_bytes(b"a: !!int 3\n", "t.yaml")) == ["yaml.alias"]
    assert rules(load_bytes(b"a: !custom x\n", "t.yaml")) == ["yaml.alias"]
    # a quoted "<<" is an ordinary key
    assert load_bytes(b"'<<': x\n", "t.yaml").findings == []


def test_alias_bomb_is_never_expanded():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc = load_bytes("\n".join(lines).encode(), "bomb.yaml")
    assert len(doc.data) == 9 and all(len(v) == 9 for v in doc.data.values())  # 81 leaves, not 9**9
    assert doc.fatal and {f.rule for f in doc.findings} == {"yaml.alias"}
    assert len(doc.findings) == 5  # capped, not one per alias


def test_too_large_is_refused_before_parsing():
    doc = load_bytes(b"[" * (100 * 1024), "big.yaml")
    assert rules(doc) == ["yaml.too-large"]
    assert rules(load_bytes(b"a: " + b"x" * (64 * 1024 - 4) + b"\n", "ok.yaml")) == []


def test_depth_limit_boundary():
    def nested(n):
        return ("a:\n" + "".join("  " * i + "b:\n" for i in range(1, n)) + "  " * n + "c: 1\n").encode()

    assert rules(load_bytes(nested(15), "t.yaml")) == []  # 16 mappings deep
    assert rules(load_bytes(nested(16), "t.yaml")) == ["yaml.depth"]  # 17


def test_flood_of_brackets_is_a_finding_not_a_crash():
    doc = load_bytes(b"[" * 60000, "t.yaml")
    assert rules(doc) == ["yaml.depth"]
    doc = load_bytes(b"{" * 30 + b"]" * 30, "t.yaml")
    assert doc.fatal and doc.findings


@pytest.mark.parametrize("depth", [17, 999, 1000, 1001, 1025, 5000])
@pytest.mark.parametrize("closed", [True, False])
def test_depth_is_a_finding_whatever_the_parser_limit(depth, closed):
    """libyaml 0.2.6 stops at its own nesting limit (about 1,000) while scanning, before the
    builder counts; both must read as yaml.depth, closed or not, flow or block."""
    text = b"[" * depth + (b"]" * depth if closed else b"")
    assert rules(load_bytes(text, "t.yaml")) == ["yaml.depth"]
    text = b"a: {" * depth + (b"}" * depth if closed else b"")
    assert rules(load_bytes(text, "t.yaml")) == ["yaml.depth"]


def test_sixteen_levels_still_load():
    doc = load_bytes(b"[" * 16 + b"]" * 16, "t.yaml")
    assert doc.findings == [] and not doc.fatal


def test_block_nesting_past_the_limit():
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(40)).encode()
    assert rules(load_bytes(text, "t.yaml")) == ["yaml.depth"]


def test_tab_indentation():
    doc = load_bytes(b"a:\n\tb: c\n", "t.yaml")
    [f] = doc.findings
    assert (f.rule, f.line) == ("yaml.syntax", 2)
    assert "Tab" in f.message
    assert load_bytes(b"a: x\tand tab inside\n", "t.yaml").findings == []


def test_hidden_characters():
    for ch, word in (("\u200b", "零宽"), ("\u202e", "双向"), ("\x07", "控制"), ("\u2066", "双向")):
        doc = load_bytes(f"a: ab{ch}c\n".encode(), "t.yaml")
        [f] = doc.findings
        assert (f.rule, f.line, f.column) == ("yaml.encoding", 1, 6)
        assert word in f.message


def test_gbk_file_gets_resave_advice():
    doc = load_bytes("name: 华中科技大学\n".encode("gbk"), "t.yaml")
    [f] = doc.findings
    assert f.rule == "yaml.encoding" and "GBK" in f.message and "UTF-8" in f.message


def test_utf16_and_binary():
    assert rules(load_bytes("a: 1\n".encode("utf-16"), "t.yaml")) == ["yaml.encoding"]
    assert rules(load_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xc3\x28", "t.yaml")) == ["yaml.encoding"]


def test_utf8_bom_is_accepted():
    doc = load_bytes("\ufeffname: 张伟\n".encode(), "t.yaml")
    assert doc.findings == [] and doc.data == {"name": "张伟"}


def test_syntax_error_is_located_and_in_chinese():
    doc = load_bytes(b"name: x\ntitle: a: b\n", "t.yaml")
    [f] = doc.findings
    assert (f.rule, f.line) == ("yaml.syntax", 2)
    assert "冒号" in f.message
    doc = load_bytes(b"a: 'open\nb: c\n", "t.yaml")
    assert rules(doc) == ["yaml.syntax"] and "引号" in doc.findings[0].message


def test_second_document_is_rejected():
    assert rules(load_bytes(b"a: 1\n---\nb: 2\n", "t.yaml")) == ["yaml.syntax"]


def test_non_string_key_is_rejected():
    assert rules(load_bytes(b"? [a]\n: b\n", "t.yaml")) == ["yaml.syntax"]


def test_fast_path_builds_the_same_data_as_the_full_path():
    """Clean files skip the positions; their data must be what the full path builds, and their
    positions, found later from the kept text, the same too."""
    from techserve.loader.document import _load_fast, _load_slow

    from .conftest import REPO

    files = sorted((REPO / "submissions").rglob("*.yaml"))
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        slow = _load_slow(text, path.name)
        assert slow.findings == []
        assert _load_fast(text) == slow.data, path
        lazy = load_bytes(path.read_bytes(), path.name)
        assert lazy.values == slow.values and lazy.keys == slow.keys
    # the boundary cases the fast path must hand over rather than guess
    for text in ("a: &x 1\n", "a: 1\na: 2\n", "? [a]\n: 1\n", "<<: {a: 1}\n", "a: !t 1\n", "a: 1\n---\nb: 2\n",
                 "a: [\n"):
        try:
            _load_fast(text)
        except Exception as exc:
            assert type(exc).__name__ == "_Unusual", text
        else:
            raise AssertionError(f"fast path accepted {text!r}")
    assert _load_fast("a:\nb: ''\n'<<': x\n") == {"a": None, "b": "", "<<": "x"}


# ---- issue 40: what a Chinese input method types, named at its own line ---------------------------

@pytest.mark.parametrize("text,line,words", [
    ("name：张三\ngender: 女\n", 1, "中文冒号"),
    ("name: 张三\ngender:女\nbirth: 1990-05\n", 2, "缺少空格"),
    ("name: 张三\nfields:\n-新材料\n", 3, "“-”后面缺少空格"),
])
def test_an_input_method_slip_is_named_where_it_is(text, line, words):
    doc = load_bytes(text.encode("utf-8"), "submissions/people/a.yaml")
    [f] = [f for f in doc.findings if f.rule == "yaml.syntax"]
    assert f.line == line and words in f.message
