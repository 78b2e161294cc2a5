"""privacy.*: no ID numbers, mobile numbers or e-mail addresses anywhere in free text.

The registry is public; the seeds' forms ask for phones and e-mails, but the public record
must not carry them. Findings show masked values only.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..personal import may_contain
from ..personal import scan as scan_text
from ..registry import Entry
from .context import Context
from .paths import strings

_NOT_PERSONAL = {"uscc"}  # an all-digit credit code is not an ID number


MESSAGES = {
    "privacy.id-number": "含有居民身份证号 {value}：登记库是公开的，请删除。公示不需要身份证号",
    "privacy.mobile": "含有手机号 {value}：登记库是公开的，请删除。联系电话只填单位座机",
    "privacy.email": "含有电子邮箱 {value}：登记库是公开的，请删除",
}


def check_file_names(ctx: Context) -> Iterator[Finding]:
    """Every file name under submissions/: an id is public as soon as it is a file name."""
    for rel in ctx.reg.paths:
        for rule, value in scan_text(rel.rsplit("/", 1)[-1]):
            yield Finding(rel, 0, 0, "error", rule, "文件名" + MESSAGES[rule].format(value=value)
                          + "；请改用姓名拼音等作编号")


def privacy_in_file(entry: Entry) -> Iterator[Finding]:
    """Every string of the file (keys too), also in a file that failed validation."""
    if entry.doc.data is None or (entry.doc.text is not None and not may_contain(entry.doc.text)):
        return
    for path, text in strings(entry.doc.data):
        if path and path[-1] in _NOT_PERSONAL:
            continue
        for rule, value in scan_text(text):
            yield entry.finding(rule, MESSAGES[rule].format(value=value), *path)
