"""ref.unknown: every id a record names must exist, be of the right kind, and — for program
records — belong to the same program."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..findings import Finding
from ..models import MODELS
from ..models.common import PLACEHOLDER
from ..models.references import record_references
from .context import Context
from .paths import walk

KIND_NAMES = {
    "unit": "单位", "person": "人员", "enterprise": "企业", "application": "申报", "need": "需求",
    "agreement": "协议", "decision": "决定", "program": "项目", "service": "服务登记", "calendar": "节假日安排",
}
PROGRAM_SCOPED = ("application", "need", "agreement", "service", "decision")

# kind → [(field pattern, target kinds)], read off the models' annotations (models/common.Names)
REFERENCES = record_references(MODELS)


# What a field expects, spelled once per pattern rather than once per value.
LABELS = {kinds: "或".join(KIND_NAMES[k] for k in kinds) for patterns in REFERENCES.values() for _, kinds in patterns}


# Fields that name a decision of one kind: field → (kind, its name).
_DECISION_FIELDS = {"notice": ("notice", "公示决定"), "draw": ("draw", "专家抽取决定"), "plan": ("drawplan", "专家抽取预告")}


def check_references(ctx: Context) -> Iterator[Finding]:
    """Each named id exists as a record of the kind the field expects."""
    for kind in KIND_NAMES:
        yield from references_of(ctx, kind)


def references_of(ctx: Context, kind: str) -> Iterator[Finding]:
    """check_references for the files of one kind (so a change to one kind rechecks only it)."""
    reg = ctx.reg
    for entry in reg.entries_of(kind):
        data = entry.doc.data if entry.doc is not None else None
        if not isinstance(data, dict):  # raw data: a file with a schema error is still checked
            continue
        if entry.kind in PROGRAM_SCOPED and reg.get("program", entry.program) is None:
            yield entry.finding("ref.unknown", f"项目“{entry.program}”没有 program.yaml：请确认项目目录名是否写错")
        for pattern, kinds in REFERENCES.get(entry.kind, ()):
            if pattern[0] not in data:  # most fields are optional: skip the walk (100k files × 12 patterns)
                continue
            values = ((pattern, data[pattern[0]]),) if len(pattern) == 1 else walk(data, pattern)
            for path, value in values:
                if not isinstance(value, str) or value.strip() == PLACEHOLDER:
                    continue  # a blank left as 请填写 is draft.unfilled's, not an unknown id
                for k in kinds:
                    target = reg.get(k, value)
                    if target is not None:
                        break
                else:
                    names = LABELS[kinds]
                    # suggestions (did_you_mean) are added by `suggest` over the whole registry
                    yield entry.finding("ref.unknown", f"找不到{names}“{value}”：{UNSURE.format(names=names)}", *path)
                    continue
                if target.kind in PROGRAM_SCOPED and target.program != entry.program:
                    yield entry.finding("ref.unknown",
                                        f"{KIND_NAMES[target.kind]}“{value}”属于项目“{target.program}”，不能在本项目中引用",
                                        *path, related=(target.file,))
                elif len(pattern) == 1 and pattern[0] in _DECISION_FIELDS and target.model is not None \
                        and getattr(target.model, "kind", "") != _DECISION_FIELDS[pattern[0]][0]:
                    want, label = _DECISION_FIELDS[pattern[0]]
                    yield entry.finding("ref.unknown", f"“{value}”不是{label}（kind: {want}）", *path)
        if entry.kind == "service":
            files = reg.evidence.get(entry.program, set())
            for path, value in [*walk(data, ("evidence", "*")), *walk(data, ("registration_form",))]:
                if isinstance(value, str) and value not in files:
                    yield entry.finding(
                        "ref.unknown",
                        f"佐证材料“{value}”不在 programs/{entry.program}/evidence/ 目录中：请一并上传该文件", *path)


UNSURE = "请检查编号是否写错，或先提交该{names}的文件"
_UNKNOWN = re.compile("^找不到(?P<names>[^“]+)“(?P<value>.+)”："
                      + re.escape(UNSURE).replace(re.escape("{names}"), "(?P=names)") + "$")


def suggest(reg, findings: list[Finding]) -> list[Finding]:
    """The findings with each unknown reference's "did you mean", looked up in the whole registry
    once the rules have run: a rule unit reads one shard, and a suggestion must not depend on it."""
    kinds_of = {label: kinds for kinds, label in LABELS.items()}
    out = []
    for f in findings:
        m = _UNKNOWN.match(f.message) if f.rule == "ref.unknown" else None
        kinds = kinds_of.get(m.group("names")) if m else None
        meant = did_you_mean(reg, kinds, m.group("value"), program_of(f.file)) if m and kinds else None
        if m is None or meant is None:
            out.append(f)
            continue
        out.append(replace(f, message=f"找不到{m.group('names')}“{m.group('value')}”：是不是“{meant[0]}”（{meant[1]}）？"))
    return out


def program_of(file: str) -> str | None:
    parts = file.split("/")
    return parts[2] if len(parts) > 3 and parts[1] == "programs" else None


_NAME_FIELD = {"unit": "name", "person": "name", "enterprise": "name", "need": "title", "application": "name",
               "decision": "title", "program": "name", "agreement": None, "service": None}


def did_you_mean(reg, kinds, value: str, program: str | None = None) -> tuple[str, str] | None:
    """(id, its name) of the record an unknown reference most likely meant: the one whose name was
    typed instead of its id (华中科技大学 → hust), a name typed with a homophone (恒盛 for 恒晟, same
    pinyin), or an id with a typo. Looked for only when a reference is missing, which is rare."""
    import difflib

    from pypinyin import Style, pinyin

    records = [(e.id, getattr(e.model, _NAME_FIELD.get(k) or "", None) or "") for k in kinds
               for e in reg.valid(k, program if k in PROGRAM_SCOPED else None)]  # another program's: no
    if not records:
        return None
    typed = value.strip()
    if any("\u4e00" <= c <= "\u9fff" for c in typed):  # a name, not an id
        for rid, name in records:
            if name and name == typed:
                return rid, name
        def readings(text: str) -> list[set[str]]:  # every reading of each character (晟: sheng, cheng)
            return [set(r) for r in pinyin(text, style=Style.NORMAL, heteronym=True)]

        sound = readings(typed)
        heard = [(rid, name) for rid, name in records if name and _sounds_in(sound, readings(name))]
        if len(heard) == 1:
            return heard[0]
        names = {name: rid for rid, name in records if name}
        close = difflib.get_close_matches(typed, list(names), n=1, cutoff=0.6)
        return (names[close[0]], close[0]) if close else None
    close = difflib.get_close_matches(typed, [rid for rid, _ in records], n=1, cutoff=0.75)
    if not close:
        return None
    return close[0], dict(records).get(close[0]) or close[0]


def _sounds_in(typed: list[set[str]], name: list[set[str]]) -> bool:
    """Whether the typed characters, read aloud, occur in a row in the name."""
    n = len(typed)
    return any(all(typed[i] & name[start + i] for i in range(n)) for start in range(len(name) - n + 1))
