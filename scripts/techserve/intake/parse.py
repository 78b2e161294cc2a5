"""An issue-form body → one YAML file, validated like any submission. Never raises on bad input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from ..models import validate
from ..registry.layout import FOLDER_OF, id_problem, slug
from .forms import FORMS, NEW_PEOPLE, NEW_PERSON_ORDER, PROGRAM, fields_of, tailor_of
from .names import Resolver, resolve

NO_RESPONSE = {"_No response_", "_无回复_", "None", ""}
HEADING = re.compile(r"^###\s+(.+?)\s*$")
BULLET = re.compile(r"^\s*(?:[-*+•·]|\d+[.、)）])\s*")


@dataclass
class Intake:
    form: str
    data: dict = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field label, Chinese message)

    @property
    def ok(self) -> bool:
        return not self.problems


COMMENT = re.compile(r"<!--.*?-->", re.S)


def sections(body: str) -> dict[str, str]:
    """'### 标签' headings and the text under each, as GitHub renders issue forms (and as the
    Markdown templates of GitLab and Gitee lay them out; their help comments are dropped)."""
    out: dict[str, str] = {}
    current = None
    for line in COMMENT.sub("", body.replace("\r\n", "\n")).split("\n"):
        m = HEADING.match(line)
        if m:
            current = m.group(1)
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


def _list(text: str) -> list[str]:
    """One item per line; bullets, numbering and 、，, separators on one line are accepted."""
    items = []
    for line in text.splitlines():
        line = BULLET.sub("", line).strip()
        items += [p.strip() for p in re.split(r"[、，,；;]", line) if p.strip()]
    return items


def _new_people(raw: str, reg, label: str) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """“尚未登记的人员”: one person per line, comma separated in NEW_PERSON_ORDER → (id, record)."""
    people, problems = [], []
    resolver = Resolver(reg) if reg is not None else None
    for n, line in enumerate((x for x in raw.splitlines() if BULLET.sub("", x).strip()), 1):
        parts = [x.strip() for x in re.split(r"[，,]", BULLET.sub("", line).strip())]
        if len(parts) != len(NEW_PERSON_ORDER):
            problems.append((label, f"第 {n} 行有 {len(parts)} 项，应为 {len(NEW_PERSON_ORDER)} 项，按“姓名，性别，出生年月，"
                                    "最高学位，职称，职称级别，工作单位，入职本单位年月，研究领域”用逗号分开"))
            continue
        record: dict = dict(zip(NEW_PERSON_ORDER, parts, strict=True))
        record["fields"] = [x for x in re.split(r"[、；;/]", record["fields"]) if x.strip()]
        if resolver is not None:
            unit, problem = resolver.unit(record["unit"])
            if problem:
                problems.append((label, f"第 {n} 行（{record['name']}）：{problem}"))
                continue
            record["unit"] = unit
        reloaded = yaml.load(yaml.safe_dump(record, allow_unicode=True), Loader=yaml.BaseLoader)
        _model, errors = validate("person", reloaded)
        for _loc, _kind, message in errors:
            problems.append((label, f"第 {n} 行（{record['name']}）：{message}"))
        if not errors:
            people.append((slug(record["name"], record["unit"]), record))
    return people, problems


def from_issue(form_name: str, body: str, today: date, reg=None) -> Intake:
    """`reg`: resolve the names people write (项目, 单位, 企业, 姓名（单位）, 需求, 协议) to the
    registry's ids, and shape an application form by its program."""
    form = FORMS.get(form_name)
    if form is None:
        return Intake(form_name, problems=[("", f"没有表单“{form_name}”，可用：{'、'.join(FORMS)}")])
    intake = Intake(form_name)
    if len(body) > 65536:
        intake.problems.append(("", "议题内容超过 64 KiB，请精简后重新提交"))
        return intake
    found = sections(body)
    labels = {f.label for f in form.fields}
    if not labels & set(found):
        intake.problems.append(("", f"这不是“{form.title}”表单：没有找到 {'、'.join(sorted(labels)[:4])} 等栏目。"
                                    "请用对应的议题模板重新提交"))
        return intake
    program = None
    tailor = None
    if form.program:
        written = found.get(PROGRAM.label, "")
        if written in NO_RESPONSE:
            return Intake(form_name, problems=[(PROGRAM.label, f"“{PROGRAM.label}”是必填项")])
        if reg is not None:
            program, problem = Resolver(reg).program(written)
            if problem:
                return Intake(form_name, problems=[(PROGRAM.label, problem)])
            tailor = tailor_of(reg, program)
            model = reg.model("program", program)
            if form.applies and not model.accepting(today):
                state = model.window_state(today)
                return Intake(form_name, problems=[(PROGRAM.label, f"“{model.name}”{today} {state}，不能在线申报。"
                                                               f"请联系{model.notice.contact}")])
            if form.applies and form.applies not in model.application_kinds:
                return Intake(form_name, problems=[(PROGRAM.label, f"“{model.name}”不接受{form.title}")])
        else:
            program = written
    expected = fields_of(form, tailor)
    data: dict = {}
    for f in expected:
        if f.key == "program":
            continue
        raw = found.get(f.label)
        if raw is None or raw in NO_RESPONSE:
            if f.required:
                intake.problems.append((f.label, f"“{f.label}”是必填项"))
            continue
        if f.kind == "list":
            data[f.key] = _list(raw)
        elif f.kind == "bool":
            data[f.key] = bool(re.search(r"-\s*\[[xX]\]", raw))
            if f.required and not data[f.key]:
                intake.problems.append((f.label, f"请勾选“{f.help}”"))
        elif f.kind == "choices":
            data[f.key] = [m.group(1).strip() for m in re.finditer(r"-\s*\[[xX]\]\s*(.+)", raw)]
            if f.required and not data[f.key]:
                intake.problems.append((f.label, f"请在“{f.label}”中至少勾选一项"))
        elif f.kind == "dropdown" and f.key == "conversion":
            data[f.key] = raw == "是"
        elif f.kind == "input" and "\n" in raw:
            intake.problems.append((f.label, f"“{f.label}”只能填一行，现在有 {raw.count(chr(10)) + 1} 行"))
        elif f.key != NEW_PEOPLE.key:
            data[f.key] = raw
    people: list[tuple[str, dict]] = []
    raw_new = found.get(NEW_PEOPLE.label)
    if any(f.key == NEW_PEOPLE.key for f in expected) and raw_new and raw_new not in NO_RESPONSE:
        people, problems = _new_people(raw_new, reg, NEW_PEOPLE.label)
        intake.problems += problems
    if intake.problems:
        return intake
    if reg is not None:
        new = [(pid, rec["name"], rec["unit"]) for pid, rec in people]
        intake.problems += resolve(reg, data, {f.key: f.label for f in expected}, program, new)
        if intake.problems:
            return intake
    for key in [k for k in data if "." in k]:  # project.title → project: {title}
        head, tail = key.split(".", 1)
        data.setdefault(head, {})[tail] = data.pop(key)
    if form.name == "application":
        data = {"kind": "team", "name": data["name"],
                "members": [{"person": data["leader"], "role": "leader"}]
                + [{"person": p, "role": "member"} for p in data.get("members", []) if p != data["leader"]],
                **{k: v for k, v in data.items() if k not in ("name", "leader", "members")},
                "submitted": today.isoformat()}
    elif form.name == "individual":
        data = {"kind": "individual", "name": data["name"], "person": data["person"],
                **{k: v for k, v in data.items() if k not in ("name", "person")}, "submitted": today.isoformat()}
    elif form.name == "need":
        data["published"] = today.isoformat()
    # Every scalar goes through the same string-typed path as a file would.
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    reloaded = yaml.load(text, Loader=yaml.BaseLoader)
    for key in ("commitment", "conversion"):
        if key in data:
            reloaded[key] = data[key]
    _model, errors = validate(form.kind, reloaded)
    labels_by_key = {f.key.split(".")[0]: f.label for f in expected}
    for loc, _kind, message in errors:
        head = str(loc[0]) if loc else ""
        intake.problems.append((labels_by_key.get(head, head), message))
    intake.data = {"program": program, "record": data, "people": people} if not errors else {}
    return intake


def _file_text(rel: str, kind: str, record: dict) -> str:
    """A record as the file a person would have written: the schema comment, then the YAML."""
    return (f"# yaml-language-server: $schema={'../' * rel.count('/')}schemas/{kind}.schema.json\n"
            + yaml.safe_dump(record, allow_unicode=True, sort_keys=False))


def files_of(form, intake: Intake) -> tuple[list[tuple[str, str]], str]:
    """The files an intake makes, as (path, text): the people it registers first, then the record;
    or a problem. Every value that becomes part of a path is an id, never a path: `../../x` as
    项目 would otherwise write outside the repository."""
    record, program = intake.data["record"], intake.data["program"]
    if form.name == "person":
        record_id = slug(record["name"], record["unit"])
    elif form.name == "service":
        record_id = f"{record['agreement']}-{record['date']}"
    elif form.name == "individual":
        record_id = f"{record['person']}-{record['submitted'][:4]}"
    else:
        record_id = slug(record.get("name") or record.get("title"))
    people = intake.data.get("people", [])
    checks = [("项目", program if form.program else None), ("记录编号", record_id)]
    checks += [(NEW_PEOPLE.label, pid) for pid, _ in people]
    for label, value in checks:
        problem = id_problem(value) if value is not None else None
        if problem or (value is not None and not isinstance(value, str)):
            return [], f"栏目“{label}”：{problem or '必须是编号'}"
    files = [(f"submissions/{FOLDER_OF['person']}/{pid}.yaml", "person", rec) for pid, rec in people]
    folder = FOLDER_OF[form.kind]
    files.append((f"submissions/{folder}/{record_id}.yaml" if not form.program else
                  f"submissions/programs/{program}/{folder}/{record_id}.yaml", form.kind, record))
    return [(rel, _file_text(rel, kind, rec)) for rel, kind, rec in files], ""
