"""privacy.*: no ID numbers, mobile numbers or e-mail addresses anywhere in free text.

The registry is public; the seeds' forms ask for phones and e-mails, but the public record
must not carry them. Findings show masked values only.
"""

from __future__ import annotations

import re
from typing import Iterator

from stdnum.cn import ric

from ..findings import Finding, mask_digits
from .context import Context
from .paths import strings

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_NOT_PERSONAL = {"uscc"}  # an all-digit credit code is not an ID number


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def scan_text(text: str) -> Iterator[tuple[str, str]]:
    """(rule, masked value) for each piece of personal data in a string."""
    if len(text) < 6:
        return
    for m in _ID.finditer(text):
        if ric.is_valid(m.group()):
            yield "privacy.id-number", mask_digits(m.group(), 3, 4)
    for m in _MOBILE.finditer(text):
        yield "privacy.mobile", mask_digits("".join(m.groups()), 3, 4)
    if "@" in text:
        for m in _EMAIL.finditer(text):
            yield "privacy.email", mask_email(m.group())


MESSAGES = {
    "privacy.id-number": "含有居民身份证号 {value}：登记库是公开的，请删除。公示不需要身份证号",
    "privacy.mobile": "含有手机号 {value}：登记库是公开的，请删除。联系电话只填单位座机",
    "privacy.email": "含有电子邮箱 {value}：登记库是公开的，请删除",
}


def check_privacy(ctx: Context) -> Iterator[Finding]:
    """Every string of every file, including files that failed validation."""
    for entry in ctx.reg.entries:
        if entry.doc.data is None:
            continue
        for path, text in strings(entry.doc.data):
            if path and path[-1] in _NOT_PERSONAL:
                continue
            for rule, value in scan_text(text):
                yield entry.finding(rule, MESSAGES[rule].format(value=value), *path)
