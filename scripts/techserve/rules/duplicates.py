"""person.duplicate and enterprise.duplicate: one person, one enterprise, one file.

The rules that count per person or per enterprise (每名博士至多加入2个团, 同时服务不超过3家企业, one team
per enterprise, one match per need) count files: the same person or enterprise registered twice
under two ids would pass each of them twice. An enterprise or unit is known by its 统一社会信用代码,
a person by name, birth month and unit. The other fields do not take part: a second file with
`employed_since` a month later, or another gender or title, is the same person written again (two
colleagues of one name born in the same month are not to be expected; a copy is).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from ..findings import Finding
from .context import Context

PERSON, ENTERPRISE = "person.duplicate", "enterprise.duplicate"  # declared in catalogue.py
CLAUSE = "本项目规定：一人一份人员文件，一家企业（单位）一份文件，按人、按企业计数的条款才能生效"


def check_duplicates(ctx: Context) -> Iterator[Finding]:
    """Each person, enterprise and unit is registered once: every file of a group that is the same
    one is an error, naming the others."""
    people = defaultdict(list)
    for e in ctx.reg.valid("person"):
        m = e.model
        people[(_name(m.name), m.birth, m.unit)].append(e)
    for group in people.values():
        for e, others in _each(group):
            yield e.finding(PERSON, f"与 {others} 登记的是同一人（姓名、出生年月和工作单位都相同）："
                                    "每人只登记一份人员文件，否则“每名博士至多加入2个团”等按人计算的规则会被绕过。"
                                    f"请删除重复的文件，在申报中统一使用 {group[0].id}", "name",
                            clause=CLAUSE, related=tuple(o.file for o in group if o is not e))
    for kind, what in (("enterprise", "企业"), ("unit", "单位")):
        codes = defaultdict(list)
        for e in ctx.reg.valid(kind):
            if e.model.uscc:
                codes[e.model.uscc.strip().upper()].append(e)
        for group in codes.values():
            for e, others in _each(group):
                yield e.finding(ENTERPRISE, f"统一社会信用代码与 {others} 相同：同一{what}只登记一份文件，否则"
                                            f"按{what}计算的规则（如一个团队结对一家企业）会被绕过。请删除重复的文件，"
                                            f"统一使用 {group[0].id}", "uscc",
                                clause=CLAUSE, related=tuple(o.file for o in group if o is not e))


def _name(name: str) -> str:
    """A name as written anywhere: full-width and half-width alike, spaces left out (张 伟 = 张伟)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _each(group):
    """(entry, the other files named in Chinese) for each entry of a group of two or more."""
    if len(group) < 2:
        return
    group.sort(key=lambda e: e.file)
    for e in group:
        yield e, "、".join(o.file for o in group if o is not e)
