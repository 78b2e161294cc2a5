"""Waivers (例外): what an agency may except, and the exception itself.

The programs' "原则上" and "一般应" clauses are warnings, and reviewers may grant a waiver for them;
plain "须/应/不超过" statements are errors. So a waiver reaches one warning of one of its own
program's rules about one record, from its date on. An error, personal data, the file format,
references and the review process are never excepted: a waiver that names one is itself an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..registry import Entry
from .context import Context


def granted(ctx: Context, program: Entry) -> dict[tuple[str, str, str], Entry]:
    """(rule, record kind, record id) → the waiver of this program that excepts its warning."""
    out: dict[tuple[str, str, str], Entry] = {}
    for entry, d, _ in ctx.decisions("waiver", program.id):
        if d.date <= ctx.as_of:
            out.setdefault((d.rule, d.target_kind(), d.target()), entry)
    return out


# Rules whose findings sit on program.yaml, one per item of a list there: a waiver names the item.
ITEM_WAIVERS = {"task.deadline": ("tasks", "task")}


def waiver_key(rule: str, entry: Entry, path: tuple) -> tuple[str, str, str]:
    """The (rule, kind, id) a waiver must name to except this finding."""
    item = ITEM_WAIVERS.get(rule)
    if item and entry.kind == "program" and len(path) > 1 and path[0] == item[0] and isinstance(path[1], int):
        return rule, item[1], str(path[1] + 1)
    return rule, entry.kind, entry.id


def excepted(finding: Finding, waiver: Entry) -> Finding:
    d = waiver.model
    return finding.with_severity("info", f"{finding.message}（已由 {waiver.file} 于 {d.date} 准予例外：{d.reason}）")


_KIND_FIELD = {"application": "申报（application）", "agreement": "协议（agreement）", "person": "人员（person）",
               "task": "重点任务序号（task）"}


def check_waivers(ctx: Context) -> Iterator[Finding]:
    """A waiver names a rule its program sets at warning ("原则上", "一般应"), or one that warns
    in some cases although set at error (team.leader's 正高 without 博士): a requirement the
    program sets at error, and every always-on check, cannot be excepted; a waiver of such a
    rule turns only its warnings into notes. A waiver names the kind of record the rule judges:
    one naming a person for a rule about applications would silently do nothing."""
    from .library.base import RULES  # the library imports this module

    for entry, d, program in ctx.decisions("waiver"):
        soft = sorted({inst.rule for inst in program.rules
                       if inst.severity == "warning" or (inst.rule in RULES and RULES[inst.rule].warns)})
        if d.rule in soft:
            judged = (ITEM_WAIVERS[d.rule][1],) if d.rule in ITEM_WAIVERS else RULES[d.rule].each if d.rule in RULES else ()
            if d.target_kind() == "task" and d.rule not in ITEM_WAIVERS:
                yield entry.finding("waiver.scope", f"只有{'、'.join(ITEM_WAIVERS)}的例外写重点任务序号（task）；"
                                                    f"规则“{d.rule}”的例外请写它所判断的记录的编号", "task")
                continue
            if d.target_kind() == "task" and d.task > len(program.tasks):
                yield entry.finding("waiver.scope", f"本项目只有 {len(program.tasks)} 项重点任务，没有第 {d.task} 项", "task")
                continue
            if judged and d.target_kind() not in judged:
                names = "、".join(_KIND_FIELD.get(k, k) for k in judged)
                yield entry.finding("waiver.scope", f"规则“{d.rule}”的问题记在{names}上，这份例外写的是"
                                                    f"{_KIND_FIELD.get(d.target_kind(), d.target_kind())}，不会生效："
                                                    f"请改为写明{names}的编号", d.target_kind())
            continue
        if any(inst.rule == d.rule for inst in program.rules):
            why = f"规则“{d.rule}”在本项目中是必须满足的要求（error），不能例外"
        else:
            why = f"本项目的规则中没有“{d.rule}”：个人信息、文件格式、编号引用和审核流程等检查不能例外"
        yield entry.finding("waiver.scope", f"{why}。例外只适用于本项目以警告（warning）设置的“原则上”“一般应”"
                                            f"类条款，本项目可以例外的规则：{'、'.join(soft) or '无'}", "rule")
