"""privacy.*: personal data anywhere in free text is found, and only ever printed masked."""

from __future__ import annotations

from .snippets import PERSON, base

VALID_ID = "11010519491231002X"  # the GB 11643 sample number: valid checksum


def bio(tree, text):
    tree.write("people/li-si.yaml", PERSON + f"bio: \"{text}\"\n")
    return tree.findings(record="li-si")


def test_id_number_with_valid_checksum(tree):
    base(tree)
    [f] = bio(tree, f"身份证 {VALID_ID}")
    assert f.rule == "privacy.id-number" and f.line == 11
    assert VALID_ID not in f.message and "110" in f.message and "002X" in f.message


def test_id_number_with_wrong_checksum_is_not_personal(tree):
    base(tree)
    assert bio(tree, "编号 110105194912310021") == []


def test_mobile_numbers_in_several_spellings(tree):
    base(tree)
    for text in ("电话13800138000", "138-0013-8000", "+86 138 0013 8000", "8613800138000"):
        found = bio(tree, text)
        assert [f.rule for f in found] == ["privacy.mobile"], text
        assert "13800138000" not in found[0].message and "138****8000" in found[0].message


def test_landline_and_long_digit_runs_are_not_mobiles(tree):
    base(tree)
    assert bio(tree, "办公电话 0792-8225304") == []
    assert bio(tree, "专利号 2021138001380001") == []
    assert bio(tree, "电话12800138000") == []


def test_email(tree):
    base(tree)
    [f] = bio(tree, "邮箱 zhangwei@hust.edu.cn")
    assert f.rule == "privacy.email" and "zhangwei@" not in f.message and "z***@hust.edu.cn" in f.message


def test_uscc_field_is_not_an_id_number(tree):
    base(tree)
    assert tree.findings(record="ent") == []


def test_privacy_scan_covers_files_that_fail_validation(tree):
    base(tree)
    tree.write("people/li-si.yaml", PERSON + "phone: 13800138000\n")
    rules = sorted(f.rule for f in tree.findings(record="li-si"))
    assert rules == ["privacy.mobile", "schema"]


def test_enterprise_contact_must_be_landline(tree):
    base(tree)
    tree.write("enterprises/ent2.yaml", (tree.root / "submissions/enterprises/ent.yaml").read_text()
               + "contact:\n  name: 王经理\n  phone: 13912345678\n")
    rules = sorted(f.rule for f in tree.findings(record="ent2"))
    assert rules == ["privacy.mobile", "schema"]


def test_numbers_yaml_rewrites_are_found_by_the_whole_file_prefilter(tree):
    """The file-level pre-filter may skip a file only when no string YAML makes of it can hold a
    number: a number folded over lines, written with escapes or in full-width digits is found."""
    base(tree)
    spellings = {
        "folded plain": "bio: 电话 138 0013\n  8000\n",
        "folded block": "bio: >\n  电话 138 0013\n  8000\n",
        "escaped digits": 'bio: "\\u0031\\u0033\\u0038\\x300138000"\n',
        "full-width": "bio: 电话１３８００１３８０００\n",
        "e-mail with full-width at": "bio: 邮箱 zhangwei＠hust.edu.cn\n",
    }
    for name, text in spellings.items():
        tree.write("people/li-si.yaml", PERSON + text)
        found = [f.rule for f in tree.findings(record="li-si")]
        assert found in (["privacy.mobile"], ["privacy.email"]), (name, found)


def test_prefilter_boundary_ten_and_eleven_digits():
    from techserve.personal import may_contain

    assert not may_contain("a: 1380013800\nb: 2025-05-12\n")  # ten digits: nothing to find
    assert may_contain("a: 13800138000\n")
    assert may_contain("a: 138 0013\n   8000\n")
    assert not may_contain("a: 138 0013\nb: 8000\n")  # a key between: two strings
    assert may_contain('a: "\\u0031"\n')  # an escape might write a digit


def test_the_test_on_text_as_typed_never_drops_what_the_exact_test_finds():
    """find() stops early on strings whose text as typed has no eleven-digit run; that test must
    be looser than the one on the ASCII-mapped string. Strings built from every character
    to_ascii maps (full-width digits, X, separators, the ideographic space) and ASCII ones,
    around the 10/11-digit boundary."""
    import random

    from techserve.personal import _ELEVEN_DIGITS, _ELEVEN_DIGITS_RAW, _TO_ASCII, to_ascii

    mapped = [chr(c) for c in _TO_ASCII]
    digits = [str(d) for d in range(10)] + [chr(0xFF10 + d) for d in range(10)]
    between = ["", "", "", " ", "-", ".", "_", "/", "X", "ｘ", "\n  ", " -", "--", "a", "，", *mapped]
    rng = random.Random(20261123)
    for _ in range(20000):
        n = rng.choice((10, 11, 12))
        text = "".join(rng.choice(digits) + rng.choice(between) for _ in range(n))
        if _ELEVEN_DIGITS.search(to_ascii(text)):
            assert _ELEVEN_DIGITS_RAW.search(text), repr(text)
