"""What counts as personal data, and how to never print it whole.

Shared by the privacy rules (which report it) and by every finding (which masks whatever it
echoes), so a message, a file name or a record id never carries a full ID or phone number.

Applicants and attackers write numbers in many ways: full-width, Arabic-Indic, mathematical or
circled digits, Chinese numerals (一三八…, 壹叁捌…, 幺 for 1), digit groups split by any run of
spaces or punctuation (138 0013 8000, 138 - 0013, (138)0013、8000, a line break inside a block),
15-digit first-generation IDs; e-mails with ＠ or ﹫, CJK local parts and IDN domains, "at"/"dot"
spelled out. Numbers are searched on a copy mapped one character for one (every digit-like
character to its ASCII digit, every other character that is not a letter to a space), so
positions are unchanged; e-mails on an NFKC copy that keeps the origin of every character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from stdnum.cn import ric

# Chinese numerals as people write phone numbers, and as they read them aloud: 幺 for 1, and the
# radio spellings 洞 (0), 两 (2), 拐 (7), 勾 (9) that keep similar-sounding digits apart.
_CHINESE_DIGITS = {
    **dict.fromkeys("〇零洞", "0"), **dict.fromkeys("一壹幺", "1"), **dict.fromkeys("二贰貳两兩", "2"),
    **dict.fromkeys("三叁參叄", "3"), **dict.fromkeys("四肆", "4"), **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"), **dict.fromkeys("七柒拐", "7"), **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖勾", "9"),
}
# Letters typed for digits that look alike (138-OO13-8OOO, l38…): digits only inside a run of
# digits and these letters joined by separators, with a real digit and eleven characters at least.
_LOOK_ALIKE = {"O": "0", "o": "0", "l": "1", "I": "1"}
_LOOK_ALIKE_PIECE = re.compile(r"[0-9OoIl]+")


class _NumberMap(dict):
    """code point → its character in the number copy, worked out once per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _CHINESE_DIGITS:
            out = _CHINESE_DIGITS[char]
        elif char in "XxＸｘ":
            out = "X"
        else:
            value = unicodedata.digit(char, None)
            if value is not None:
                out = str(value)
            elif char.isalnum():
                out = char
            else:  # spaces, punctuation, symbols, controls: one separator each
                out = " "
        self[code] = out
        return out


_NUMBER_MAP = _NumberMap()


def number_copy(text: str) -> str:
    """The text mapped one character for one: digits to ASCII, separators to spaces, look-alike
    letters to digits where they stand among digits."""
    plain = text.translate(_NUMBER_MAP)
    if not any(c in plain for c in _LOOK_ALIKE):
        return plain
    return _look_alikes(plain)


def _look_alikes(plain: str) -> str:
    out = list(plain)
    run: list[tuple[int, int]] = []  # pieces of digits and look-alikes, joined by separators only

    def close() -> None:
        if sum(e - s for s, e in run) >= 11 and any(plain[i].isdigit() for s, e in run for i in range(s, e)):
            for s, e in run:
                for i in range(s, e):
                    out[i] = _LOOK_ALIKE.get(out[i], out[i])
        run.clear()

    for m in _LOOK_ALIKE_PIECE.finditer(plain):
        if run and plain[run[-1][1]:m.start()].strip(" "):
            close()  # a letter or another character between: a new run
        run.append(m.span())
    close()
    return "".join(out)


# Every character outside ASCII that stands for a digit: what the search on the text as typed
# must accept as a digit (\d is only category Nd; circled, superscript and Chinese are not).
_OTHER_DIGITS = "".join(sorted(
    {chr(c) for c in range(0x80, 0x20000) if unicodedata.digit(chr(c), None) is not None
     and not chr(c).isdecimal()} | set(_CHINESE_DIGITS) | set(_LOOK_ALIKE)))
_D = rf"[\d{re.escape(_OTHER_DIGITS)}]"

# A run of digit groups joined by separator runs: "138 0013 8000", "1 3 8 0…", "360102 1980…".
# An ID's check character may stand apart ("…0209120 X"): a lone X ends a run.
_RUN = re.compile(r"[0-9]++X?+(?: ++(?:[0-9]++X?+|X(?![0-9A-Za-z])))*+")
_GROUP = re.compile(r"[0-9]+X?|X")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LENGTHS = (11, 15, 18)
# What every number above needs: eleven digits in one run. Possessive: a separator or an X is
# never a digit, so giving one back cannot help a match (no backtracking on digit-rich text).
_ELEVEN_DIGITS = re.compile(r"[1-9](?:X?+ *+[0-9]){10}")
# The same test on the text as typed, never stricter than the one above: any digit-like
# character, any run of characters that are neither letters nor digits between them. A file's
# raw text folds a number over lines with spaces and newlines, which are separators too.
# A number the exact test accepts starts with a digit 1–9 (a mobile's 1, an ID's region code),
# so the run may not start with a zero: a landline (0701-3123456) is not a run of eleven.
_NONZERO = "".join(sorted({chr(c) for c in range(0x20000) if unicodedata.digit(chr(c), 0) > 0}
                          | {c for c, d in {**_CHINESE_DIGITS, **_LOOK_ALIKE}.items() if d != "0"}))
_D1 = rf"[{re.escape(_NONZERO)}]"
_D1_BMP = rf"[{re.escape(''.join(c for c in _NONZERO if ord(c) < 0x10000))}]"
_ELEVEN_DIGITS_ANY = re.compile(rf"{_D1}(?:[XxＸｘ]?+[\W_]*+{_D}){{10}}")
# The same with the digits of the Basic Multilingual Plane only: a class with astral characters
# (mathematical digits 𝟏) makes every position slow, and nearly no text holds one.
_D_BMP = rf"[\d{re.escape(''.join(c for c in _OTHER_DIGITS if ord(c) < 0x10000))}]"
_ELEVEN_DIGITS_BMP = re.compile(rf"{_D1_BMP}(?:[XxＸｘ]?+[\W_]*+{_D_BMP}){{10}}")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class _ElevenDigits:
    """`search` as the pattern over every digit-like character, at the BMP pattern's speed."""

    @staticmethod
    def search(text: str):
        if _ASTRAL.search(text):
            return _ELEVEN_DIGITS_ANY.search(text)
        return _ELEVEN_DIGITS_BMP.search(text)


_ELEVEN_DIGITS_RAW = _ElevenDigits()

# E-mail: "at"/"dot" spelled out between spaces or in brackets ("zhang at hust dot edu dot cn",
# "zhang(at)hust(dot)edu(dot)cn", "zhang【at】…"), and 艾特. The forms are fixed strings, so a
# file or string is tested for them with plain substring searches before any pattern runs.
_OPEN, _CLOSE = "([{<（【", ")]}>）】"
_AT_FORMS = (" at ", *(o + "at" + c for o, c in zip(_OPEN, _CLOSE, strict=True)))
_AT_WORD = re.compile(r"(?i: ?(?:[(\[{<（【]at[)\]}>）】]|(?<= )at(?= )) ?)|(?<!\s)\s*艾特\s*|(?<!\s)\s*@\s*")
_DOT_WORD = re.compile(r"(?i: ?(?:[(\[{<（【]dot[)\]}>）】]|(?<= )dot(?= )) ?)|(?<=[A-Za-z0-9])点(?=[A-Za-z0-9])")
_AT_FORM = re.compile("|".join(re.escape(f) for f in _AT_FORMS))


# "zhang#hust.edu.cn（#换成@）": a symbol standing for the @, with the instruction to swap it.
_STANDS_FOR_AT = re.compile(r"([^\w\s@＠﹫])\s*+[)）]?+\s*+(?:换成|换为|替换成|替换为|改成|改为|代替|即|=|→|->|=>)\s*+[@＠﹫]")


def _may_have_email(text: str) -> bool:
    """Looser than the e-mail search: an @ of any width, 艾特, or a spelled-out at."""
    if "@" in text or "＠" in text or "﹫" in text or "艾特" in text:
        return True
    low = text.lower()
    return "at" in low and _AT_FORM.search(low) is not None


_LOCAL_REVERSED = re.compile(r"[\w.%+\-]+")
_DOMAIN = re.compile(r"(?:[\w\-]{1,63}\.){1,8}+(?:[^\W\d_]{2,63}|xn--[\w\-]{1,59})(?![\w\-])")
_LOCAL_MAX, _DOMAIN_MAX = 64, 8 * 64 + 64


MESSAGES = {
    "privacy.id-number": "含有居民身份证号 {value}：登记库是公开的，请删除。公示不需要身份证号",
    "privacy.mobile": "含有手机号 {value}：登记库是公开的，请删除。联系电话只填单位座机",
    "privacy.email": "含有电子邮箱 {value}：登记库是公开的，请删除",
}

# A standalone group of 3 to 9 digits in a file's raw text (not part of a date or code): the
# pieces find_split() joins. Two or three of them in a row must add up to 11, 15 or 18 digits
# before a file's values are walked in order.
_PIECE_ANY = re.compile(rf"(?<![\w.\-:/]){_D}{{3,9}}+[XxＸｘ]?+(?![\w.\-:/])")
_PIECE_BMP = re.compile(rf"(?<![\w.\-:/]){_D_BMP}{{3,9}}+[XxＸｘ]?+(?![\w.\-:/])")


def _split_lengths(lengths: list[int]) -> bool:
    for i in range(len(lengths) - 1):
        two = lengths[i] + lengths[i + 1]
        if two in _LENGTHS or (i + 2 < len(lengths) and two + lengths[i + 2] in _LENGTHS):
            return True
        if i + 2 < len(lengths) and lengths[i] + lengths[i + 2] in _LENGTHS:
            return True  # a raw piece between two values that is not a value (a key)
    return False


def may_split(raw: str) -> bool:
    """False only when no two or three consecutive values of the file can join into a number."""
    lengths = list(map(len, (_PIECE_ANY if _ASTRAL.search(raw) else _PIECE_BMP).findall(raw)))
    return len(lengths) >= 2 and _split_lengths(lengths)


def mask_digits(text: str, keep_head: int = 3, keep_tail: int = 4) -> str:
    """Mask the middle of an identifier so a finding never prints it whole (138****8000)."""
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]


def mask_email(address: str) -> str:
    local, _, domain = address.replace(" ", "").partition("@")
    return f"{local[:1]}***@{domain}"


def _old_id(number: str) -> bool:
    """A 15-digit first-generation ID: region code, then the birth date as YYMMDD."""
    if number[0] not in "12345678":
        return False
    try:
        date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def classify(digits: str) -> tuple[str, str] | None:
    """(rule, masked) when a string of digits (with an ID's X) is personal, else None."""
    if len(digits) == 18 and ric.is_valid(digits.upper()):
        return "privacy.id-number", mask_digits(digits, 3, 4)
    if len(digits) == 15 and digits.isdigit() and _old_id(digits):
        return "privacy.id-number", mask_digits(digits, 3, 3)
    if len(digits) == 11 and _MOBILE.fullmatch(digits):
        return "privacy.mobile", mask_digits(digits, 3, 4)
    return None


def _candidates(plain: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) for each run of consecutive digit groups that holds exactly 11, 15 or
    18 characters: a number split by separators, or standing alone among other numbers."""
    for run in _RUN.finditer(plain):
        groups = [(g.start(), g.end(), g.group()) for g in _GROUP.finditer(run.group())]
        for i in range(len(groups)):
            first = groups[i][2]
            # the country code written into the number: 8613800138000, 008613800138000
            for skip in (0, 2, 4) if first.startswith(("86", "0086")) else (0,):
                digits = first[skip:]
                for j in range(i, len(groups)):
                    if j > i:
                        digits += groups[j][2]
                    if len(digits) > 18 or ("X" in digits[:-1]):
                        break
                    if len(digits) in _LENGTHS:
                        yield run.start() + groups[i][0] + skip, run.start() + groups[j][1], digits


def may_contain(raw: str) -> bool:
    """False only when no string the YAML text can produce holds personal data: the whole file is
    checked at once, and only files that pass are searched string by string. A backslash (a
    double-quoted escape such as \\u0031 can write a digit) always counts as maybe."""
    if "\\" in raw or _may_have_email(raw):
        return True
    return _ELEVEN_DIGITS_RAW.search(raw) is not None


def _email_copy(text: str) -> tuple[str, list[int]]:
    """NFKC text with "at"/"dot" spellings replaced, and for each character its origin."""
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        n = unicodedata.normalize("NFKC", c) if ord(c) > 0x7F else c
        chars.append(n)
        origin.extend([i] * len(n))
    norm = "".join(chars)
    for swap in {m.group(1) for m in _STANDS_FOR_AT.finditer(norm)}:
        norm = norm.replace(swap, "@")  # one character for one: the origins stay
    for pattern, repl in ((_AT_WORD, "@"), (_DOT_WORD, ".")):
        if not pattern.search(norm):
            continue
        out, out_origin, pos = [], [], 0
        for m in pattern.finditer(norm):
            out.append(norm[pos:m.start()])
            out_origin.extend(origin[pos:m.start()])
            out.append(repl)
            out_origin.append(origin[m.start()])
            pos = m.end()
        out.append(norm[pos:])
        out_origin.extend(origin[pos:])
        norm, origin = "".join(out), out_origin
    return norm, origin


def _emails(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, address) in the original text. Each @ is looked at once, with a bounded
    window on either side, so no text costs more than linear time."""
    norm, origin = _email_copy(text)
    at = norm.find("@")
    while at != -1:
        local = _LOCAL_REVERSED.match(norm[max(0, at - _LOCAL_MAX):at][::-1])
        domain = _DOMAIN.match(norm, at + 1, at + 1 + _DOMAIN_MAX)
        if local and domain and local.group().strip("."):
            start, end = at - local.end(), domain.end()
            yield origin[start], origin[end - 1] + 1, norm[start:end]
        at = norm.find("@", at + 1)


def find(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(rule, start, end, masked value) for each piece of personal data in a string."""
    if len(text) < 6:
        return
    if _ELEVEN_DIGITS_RAW.search(text):  # looser than the exact test below: most strings stop here
        plain = number_copy(text)
        for start, end, digits in _candidates(plain) if _ELEVEN_DIGITS.search(plain) else ():
            hit = classify(digits)
            if hit:
                yield hit[0], start, end, hit[1]
    if _may_have_email(text):
        for start, end, address in _emails(text):
            yield "privacy.email", start, end, mask_email(address)


# How people split a mobile: 3+4+4 as it is read, 4+4+3 and 4+3+4 as some write it, 3+8 and 7+4
# (the prefix and the line). Other joins of short numbers (an amount, a count) are not a number.
_MOBILE_SPLITS = {(3, 4, 4), (4, 4, 3), (4, 3, 4), (3, 8), (7, 4)}


def find_split(values: Sequence[str]) -> Iterator[tuple[str, int, int, str]]:
    """(rule, first, last, masked) for a number split over consecutive values of one record
    ("138" / "0013" / "8000"): two or three values that are digits only, of 3 to 8 digits each,
    which together make a mobile (split as _MOBILE_SPLITS) or a valid ID number."""
    pieces: list[Any] = []  # digits, or None where a value is not a piece
    for v in values:
        plain = number_copy(v.strip()) if 3 <= len(v) <= 24 else ""
        pieces.append(plain if 3 <= len(plain) <= 9 and plain.rstrip("X").isdigit() else None)
    for i in range(len(pieces)):
        if pieces[i] is None:
            continue
        digits = pieces[i]
        for j in (i + 1, i + 2):
            if j >= len(pieces) or pieces[j] is None or "X" in digits:
                break
            digits += pieces[j]
            hit = classify(digits)
            if hit and (hit[0] != "privacy.mobile" or tuple(map(len, pieces[i:j + 1])) in _MOBILE_SPLITS):
                yield hit[0], i, j, hit[1]


def scan(text: str) -> Iterator[tuple[str, str]]:
    """(rule, masked value) for each piece of personal data in a string."""
    for rule, _, _, masked in find(text):
        yield rule, masked


def redact(text: str) -> str:
    """The text with every piece of personal data replaced by its masked form."""
    if len(text) < 6:
        return text
    spans = sorted(find(text), key=lambda s: (s[1], -s[2]))
    if not spans:
        return text
    out, pos = [], 0
    for _, start, end, masked in spans:
        if start < pos:  # overlapping match (an ID that also looks like a phone number)
            continue
        out.append(text[pos:start])
        out.append(masked)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# An office's mailbox is no person's: 公示 list one for written objections. It is allowed in the
# one field made for it (a program's notice.email) when its domain is an institution's — a
# government, university, academy or organisation domain — and never a free mailbox anyone can
# open in their own name.
INSTITUTION_SUFFIXES = (".gov.cn", ".edu.cn", ".ac.cn", ".org.cn")
FREE_MAIL = frozenset({"qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
                       "139.com", "189.cn", "wo.cn", "aliyun.com", "gmail.com", "outlook.com", "hotmail.com",
                       "live.com", "yahoo.com", "icloud.com", "tom.com", "21cn.com"})
_ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)$")


def institutional(address: str) -> bool:
    """An office mailbox at an institution's domain (kjj@jiujiang.gov.cn)."""
    m = _ADDRESS.match(address.strip())
    if m is None:
        return False
    domain = m.group(1).lower()
    return domain not in FREE_MAIL and domain.endswith(INSTITUTION_SUFFIXES)
