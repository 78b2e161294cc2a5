"""privacy.*: personal data anywhere in free text is found, and only ever printed masked."""

from __future__ import annotations

from datetime import date

import pytest

from .snippets import LI_SI, PERSON, base

VALID_ID = "11010519491231002X"  # the GB 11643 sample number: valid checksum


def bio(tree, text):
    tree.write("people/li-si.yaml", LI_SI + f"bio: \"{text}\"\n")
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
    tree.write("people/li-si.yaml", LI_SI + "phone: 13800138000\n")
    rules = sorted(f.rule for f in tree.findings(record="li-si"))
    assert rules == ["privacy.mobile", "schema"]


def test_enterprise_contact_must_be_landline(tree):
    base(tree)
    tree.write("enterprises/ent2.yaml", (tree.root / "submissions/enterprises/ent.yaml").read_text()
               + "contact:\n  name: 王经理\n  phone: 13912345678\n")
    rules = sorted(f.rule for f in tree.findings(record="ent2") if f.severity == "error")
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
        tree.write("people/li-si.yaml", LI_SI + text)
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
    be looser than the one on the number copy. Strings built from every kind of digit the copy
    maps (ASCII, full-width, Arabic-Indic, mathematical, circled, Chinese numerals) and every kind
    of separator (spaces of all widths, punctuation, symbols, line breaks), around the 10/11-digit
    boundary."""
    import random

    from techserve.personal import _CHINESE_DIGITS, _ELEVEN_DIGITS, _ELEVEN_DIGITS_RAW, number_copy

    digits = [str(d) for d in range(10)] + [chr(0xFF10 + d) for d in range(10)] + list(_CHINESE_DIGITS)
    digits += [chr(0x0660 + d) for d in range(10)] + [chr(0x1D7CE + d) for d in range(10)] + ["①", "²"]
    between = ["", "", "", " ", "-", ".", "_", "/", "X", "ｘ", "\n  ", " -", "--", "a", "，", "、",
               "\u00a0", "\u2009", "\u2013", "\t", "(", ")", "﹣", "·", "～", "\u3000", "：", "张"]
    rng = random.Random(20261123)
    for _ in range(20000):
        n = rng.choice((10, 11, 12))
        text = "".join(rng.choice(digits) + rng.choice(between) for _ in range(n))
        if _ELEVEN_DIGITS.search(number_copy(text)):
            assert _ELEVEN_DIGITS_RAW.search(text), repr(text)


MOBILE_SPELLINGS = {
    "chinese numerals": "一三八零零一三八零零零",
    "financial numerals": "壹叁捌零零壹叁捌零零零",
    "yao for one": "幺三八〇〇幺三八〇〇〇",
    "no-break spaces": "138\u00a00013\u00a08000",
    "thin spaces": "138\u20090013\u20098000",
    "en dashes": "138\u20130013\u20138000",
    "tabs": "138\t0013\t8000",
    "doubled separators": "138 - 0013 - 8000",
    "parentheses": "(138)0013-8000",
    "commas": "138,0013,8000",
    "enumeration commas": "138、0013、8000",
    "arabic-indic": "١٣٨٠٠١٣٨٠٠٠",
    "mathematical digits": "𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎",
    "full-width with ideographic spaces": "１３８\u3000００１３\u3000８０００",
    "radio digits": "幺三八洞洞幺三八洞洞洞",  # issue 38, attack 8
    "look-alike letters": "138-OO13-8OOO",
    "look-alike lowercase": "l38 oo13 8ooo",
}
EMAIL_SPELLINGS = {
    "small form at": "zhangwei﹫hust.edu.cn",
    "cjk local part": "张伟@hust.edu.cn",
    "idn domain": "zhangwei@华中科技大学.中国",
    "at dot words": "zhangwei at hust dot edu dot cn",
    "bracketed at dot": "zhangwei(at)hust(dot)edu(dot)cn",
    "square at": "zhangwei [at] hust.edu.cn",
    "chinese at": "zhangwei艾特hust点edu点cn",
    "a symbol standing for the at": "zhangwei#jinlun.com.cn（#换成@）",
    "a symbol with a swap arrow": "zhangwei*hust.edu.cn，* → @",
}


def test_radio_spellings_of_two_seven_and_nine():
    """两 (2), 拐 (7), 勾 (9) as digits are read aloud; 两 in ordinary words stays a word."""
    from techserve.personal import find

    assert [f[3] for f in find("电话 幺三八两拐勾四五六七八")] == ["138****5678"]
    for text in ("两年内完成 3 项", "拐点出现在 2026 年", "勾选 1 项", "ISO 9001 认证 2026 年 IIOO 版", "Hello World"):
        assert list(find(text)) == [], text


def test_every_spelling_of_a_mobile_is_found_and_masked():
    from techserve.personal import find, redact

    for name, text in MOBILE_SPELLINGS.items():
        found = list(find(f"联系电话：{text}，欢迎来电"))
        assert [f[0] for f in found] == ["privacy.mobile"], name
        assert found[0][3] == "138****8000", name
        assert "8000" not in redact(text).replace("138****8000", ""), name


def test_every_spelling_of_an_email_is_found():
    from techserve.personal import find

    for name, text in EMAIL_SPELLINGS.items():
        assert [f[0] for f in find(f"邮箱：{text} 。")] == ["privacy.email"], name


def test_ordinary_text_with_numbers_is_not_personal():
    from techserve.personal import find

    for text in ("办公电话 0792-8225304、0792-8225305", "2025-05-12 至 2026-05-11", "评分 85, 90, 77, 93, 88",
                 "经费 10、20、30、40、50 万元", "统一社会信用代码 91360400MA35XXXX", "第一二三批", "located at the park",
                 "项目编号 2025-001、2025-002、2025-003", "一、二、三、四"):
        assert list(find(text)) == [], text


def test_email_scan_is_linear():
    """One 64 KiB scalar of a…a@ took 15 s; each @ is now looked at once in a bounded window."""
    import time

    from techserve.personal import find

    for text in ("a" * 65536 + "@", "a@" * 32768, " " * 65535 + "@", " at " * 16384, "a." * 32768 + "@x.cn"):
        start = time.process_time()
        list(find(text))
        assert time.process_time() - start < 2.0, text[:10]


def test_a_mobile_in_a_block_over_lines(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + "bio: |\n  电话 138\n  0013\n  8000\n")
    assert [f.rule for f in tree.findings(record="li-si")] == ["privacy.mobile"]


def test_a_mobile_in_a_comment(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + "# 联系电话 13812345678\n")
    [f] = tree.findings(record="li-si")
    assert (f.rule, f.line) == ("privacy.mobile", 11) and "13812345678" not in f.message
    tree.write("people/li-si.yaml", LI_SI.replace("\n", "  # 邮箱 zhangwei at hust dot edu dot cn\n", 1))
    assert [f.rule for f in tree.findings(record="li-si")] == ["privacy.email"]


def test_a_hash_inside_a_value_is_not_reported_twice(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + 'bio: "编号 #13812345678"\n')
    assert [f.rule for f in tree.findings(record="li-si")] == ["privacy.mobile"]


def test_a_number_split_over_consecutive_values(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + 'tags: ["138", "0013", "8000"]\n')
    found = [f.rule for f in tree.findings(record="li-si")]
    assert "privacy.mobile" in found
    tree.write("people/li-si.yaml", LI_SI + 'tags: ["138", "0013"]\n')  # ten digits: not a number
    assert "privacy.mobile" not in [f.rule for f in tree.findings(record="li-si")]


@pytest.mark.parametrize(("pieces", "found"), [
    (("138", "0013", "8000"), True), (("1380", "0138", "000"), True), (("1380", "013", "8000"), True),
    (("138", "00138000"), True), (("1380013", "8000"), True),
    (("13", "8001", "38000"), False), (("13800", "138000"), False),  # not how a number is written
])
def test_the_ways_a_mobile_is_split(pieces, found):
    """Issue 38, attack 18: 4+4+3 and 4+3+4 as well as 3+4+4, 3+8 and 7+4."""
    from techserve.personal import find_split

    assert bool(list(find_split(list(pieces)))) is found


def test_a_folder_named_with_a_mobile(tree):
    base(tree)
    tree.write("programs/13812345678/program.yaml", "title: x\n")
    found = [f for f in tree.findings() if f.rule == "privacy.mobile"]
    assert found and all("13812345678" not in f.message + f.file for f in found)
    assert any("文件夹" in f.message for f in found)


def test_a_file_name_with_a_mobile_among_other_digits(tree):
    """Eleven digits in an ASCII name are looked at; ten are not a number at all."""
    base(tree)
    tree.write("people/li-13812345678.yaml", PERSON)
    found = [f for f in tree.findings() if f.rule.startswith("privacy.")]
    assert [f.rule for f in found] == ["privacy.mobile"] and found[0].message.startswith("文件名")
    (tree.root / "submissions/people/li-13812345678.yaml").unlink()
    tree.write("people/li-1381234567.yaml", PERSON)
    assert not [f for f in tree.findings() if f.rule.startswith("privacy.")]


def test_personal_data_in_a_file_the_loader_refuses(tree):
    base(tree)
    for data in ("bio: 13812345678\n".encode("utf-16"), "bio: 电话13812345678\n".encode("gbk"),
                 b"bio: 138\x0012345678\n"):
        (tree.root / "submissions/people/li-si.yaml").write_bytes(data)
        rules = {f.rule for f in tree.findings(record="li-si")} | {f.rule for f in tree.findings()
                                                                   if f.file.endswith("li-si.yaml")}
        assert {"yaml.encoding", "privacy.mobile"} <= rules, data[:12]


def test_an_id_whose_check_character_stands_apart():
    """Found by `make fuzz`: "36010219860209120 X" (the X after a space or a dash) is an ID too."""
    from techserve.personal import find

    for text in ("身份证 36010219860209120 X", "36010219860209120-X", "36010219860209120　Ｘ"):
        assert [f[0] for f in find(text)] == ["privacy.id-number"], text
    assert list(find("编号 X 1380013800")) == []  # ten digits and an X before them: nothing


# ---- every pattern in linear time (issue 38: `\s*艾特\s*` took ~3 s per 64 KiB of spaces) ----------

def _adversarial() -> dict[str, str]:
    n = 64 * 1024 - 64
    return {
        "spaces then 艾特": "x" + " " * n + "y 艾特",
        "tabs and ideographic spaces": "艾特" + "\t\u3000" * (n // 2),
        "spaces then at": "a" + " " * n + "(at)",
        "digits": "1" * n,
        "digit pieces": "138 " * (n // 4),
        "word characters": "a" * n + "@",
        "dots": "a." * (n // 2) + "@b",
        "at words": " at " * (n // 4),
        "dot words": "a点" * (n // 2),
        "hyphens": "1-" * (n // 2),
        "a symbol then spaces": "a#" + " " * n + "x",
        "look-alike runs": "O " * (n // 2) + "1",
        "look-alike tokens": "lO1 " * (n // 4) + "a",
    }


@pytest.mark.parametrize("name", sorted(_adversarial()))
def test_the_personal_data_scan_is_linear_on_adversarial_input(name):
    import time

    from techserve.personal import find, scan

    text = _adversarial()[name]
    started = time.perf_counter()
    list(find(text))
    list(scan(text))
    took = time.perf_counter() - started
    assert took < 1.0, f"{name}: {took:.2f} s for {len(text)} characters"


def _notice_mailbox(example, line: str):
    program = example.root / "submissions/programs/jiujiang-kjfwt-2025/program.yaml"
    text = program.read_text(encoding="utf-8")
    program.write_text(text.replace("  phones: [0792-8225304]\n", f"  phones: [0792-8225304]\n{line}\n", 1),
                       encoding="utf-8")
    return [f for f in example.check().findings if f.file.endswith("jiujiang-kjfwt-2025/program.yaml")
            and f.severity == "error"]


def test_a_notice_may_name_its_offices_institutional_mailbox(example):
    """公示 list an office mailbox for written objections: allowed in notice.email at a government,
    university, academy or organisation domain, and printed on the notice."""
    assert _notice_mailbox(example, "  email: kxxhb@jiujiang.gov.cn") == []
    from techserve.pages import generate
    from techserve.registry import load_registry

    page = generate(load_registry(example.root), date(2026, 11, 22), beside=False)["notices/2026-gongshi-2.md"]
    assert 'href="mailto:kxxhb@jiujiang.gov.cn"' in page


@pytest.mark.parametrize("line,rules", [
    ("  email: zhangsan1985@qq.com", {"schema", "privacy.email"}),  # a personal mailbox: never
    ("  email: office@jiujiang-kexie.com", {"schema", "privacy.email"}),  # not an institution's domain
    ("  contact: 九江市科协学会部 kxxhb@jiujiang.gov.cn", {"privacy.email"}),  # only in its own field
])
def test_a_personal_or_misplaced_mailbox_is_refused(example, line, rules):
    if line.startswith("  contact:"):
        program = example.root / "submissions/programs/jiujiang-kjfwt-2025/program.yaml"
        text = program.read_text(encoding="utf-8")
        program.write_text(text.replace("  contact: 九江市科协学会部 0792-8225304", line, 1), encoding="utf-8")
        found = [f for f in example.check().findings if f.file.endswith("jiujiang-kjfwt-2025/program.yaml")
                 and f.severity == "error"]
    else:
        found = _notice_mailbox(example, line)
    assert {f.rule for f in found} == rules, found
    if "schema" in rules:
        assert any("公务邮箱" in f.message for f in found if f.rule == "schema")
