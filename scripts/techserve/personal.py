"""What counts as personal data, and how to never print it whole.

Shared by the privacy rules (which report it) and by every finding (which masks whatever it
echoes), so a message, a file name or a record id never carries a full ID or phone number.

Applicants and attackers write numbers in many ways: full-width digits (１３８…) and ＠, digits
split by spaces, dots or dashes (138 0013 8000, 1.3.8…), 15-digit first-generation IDs. The
text is first mapped character by character to ASCII (so positions are unchanged), then the
patterns allow one separator between any two digits.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from stdnum.cn import ric

# Full-width ASCII (U+FF01–FF5E) and the ideographic space → ASCII, one character for one.
_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TO_ASCII[0x3000] = 0x20
_TO_ASCII.update({ord(c): ord("-") for c in "－—–‐‑﹣"})
_TO_ASCII.update({ord(c): ord(".") for c in "。．·•"})

# A run of digit groups joined by single separators: "138 0013 8000", "1.3.8.0…", "360102-1980…".
_RUN = re.compile(r"\d+[Xx]?(?:[ .\-_/]\d+[Xx]?)*")
_GROUP = re.compile(r"\d+[Xx]?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LENGTHS = (11, 15, 18)
# What every number above needs: eleven digits in one run, each followed by at most an X and one
# separator. Strings without it (dates, codes, nearly all text) skip the run-by-run search.
_ELEVEN_DIGITS = re.compile(r"\d(?:[Xx]?+[ .\-_/]?+\d){10}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def to_ascii(text: str) -> str:
    return text.translate(_TO_ASCII)


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
                    if len(digits) > 18 or ("X" in digits.upper()[:-1]):
                        break
                    if len(digits) in _LENGTHS:
                        yield run.start() + groups[i][0] + skip, run.start() + groups[j][1], digits


# The same need in a file's raw text, where YAML may fold a number over lines ("138 0013⏎  8000"
# becomes "138 0013 8000"): whitespace between the groups is allowed. Written for the text as
# typed (\\d matches full-width digits too, and every full-width or dash-like separator that
# to_ascii maps is listed), so no file has to be translated before the search.
# Possessive: an X, a separator or a space is never a digit, so giving one back cannot help a
# match, and a digit-rich file (dates, landlines) is searched without backtracking.
_ELEVEN_DIGITS_RAW = re.compile(r"\d(?:[XxＸｘ]?+[ .\-_/．－＿／—–‐‑﹣。·•]?+\s*+\d){10}")


def may_contain(raw: str) -> bool:
    """False only when no string the YAML text can produce holds personal data: the whole file is
    checked at once, and only files that pass are searched string by string. A backslash (a
    double-quoted escape such as \\u0031 can write a digit) always counts as maybe."""
    if "\\" in raw or "@" in raw or "＠" in raw:
        return True
    return _ELEVEN_DIGITS_RAW.search(raw) is not None


def find(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(rule, start, end, masked value) for each piece of personal data in a string."""
    if len(text) < 6 or not (_ELEVEN_DIGITS_RAW.search(text) or "@" in text or "＠" in text):
        return  # the test on the text as typed is looser than the one below: most strings stop here
    plain = to_ascii(text)
    for start, end, digits in _candidates(plain) if _ELEVEN_DIGITS.search(plain) else ():
        if len(digits) == 18 and ric.is_valid(digits.upper()):
            yield "privacy.id-number", start, end, mask_digits(digits, 3, 4)
        elif len(digits) == 15 and digits.isdigit() and _old_id(digits):
            yield "privacy.id-number", start, end, mask_digits(digits, 3, 3)
        elif len(digits) == 11 and _MOBILE.fullmatch(digits):
            yield "privacy.mobile", start, end, mask_digits(digits, 3, 4)
    if "@" in plain:
        for m in _EMAIL.finditer(plain):
            yield "privacy.email", m.start(), m.end(), mask_email(m.group())


def scan(text: str) -> Iterator[tuple[str, str]]:
    """(rule, masked value) for each piece of personal data in a string."""
    for rule, _, _, masked in find(text):
        yield rule, masked


def redact(text: str) -> str:
    """The text with every piece of personal data replaced by its masked form."""
    if len(text) < 6 or not any(c.isdigit() or c in "@＠" for c in text):
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
