"""The catalogue: every rule id a finding can carry, registered once with what a person needs to
know of it — its Chinese title, the stage that reports it, its default severity and what it
checks. `techserve rules --all` prints it; the site's rule page and README come from it; a test
asserts that every finding the suite produces carries an id registered here.

Program rules (rules/library/) register themselves through `@rule(...)`, with their title and the
sentence their parameters make; the checks that always run are declared below, stage by stage.
Policy clauses are never written here: a finding cites the clause its program configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STAGES = {
    "loader": "文件格式", "schema": "字段", "layout": "目录与编号", "registry": "引用与编号",
    "always": "通用规则", "program": "项目规则", "change": "变更规则",
}


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title: str  # Chinese, one line, what the rule requires
    stage: str  # a key of STAGES
    severity: str  # the default; a program rule's severity is the one its program.yaml sets
    doc: str = ""  # English, for maintainers: what exactly is checked
    why: str = ""  # Chinese, for everyone: what goes wrong without it (a program rule's why is its clause)
    requirement: Callable[[dict], str] | None = None  # a program rule's parameters as a sentence


CATALOGUE: dict[str, RuleInfo] = {}


def declare(rule_id: str, title: str, stage: str, severity: str = "error", doc: str = "",
            requirement: Callable[[dict], str] | None = None, why: str = "") -> str:
    if rule_id in CATALOGUE and CATALOGUE[rule_id].stage != stage:
        raise ValueError(f"rule id {rule_id} declared twice")
    CATALOGUE[rule_id] = RuleInfo(rule_id, title, stage, severity, doc=doc.strip(), why=why, requirement=requirement)
    return rule_id


# ---- the checks that always run -----------------------------------------------------------------
# loader/: bytes and YAML, before any model
declare("yaml.too-large", "文件不超过 64 千字节", "loader", doc="The cap applies while reading, not from stat().",
        why="登记文件只写一条记录，过大的文件多半是误传的数据或攻击，读入前即拒绝，检查不会被拖垮。")
declare("yaml.encoding", "文件为 UTF-8 编码，不含看不见的字符", "loader",
        doc="UTF-16/32, GBK and other encodings; C0/C1 controls, zero-width and bidi characters.",
        why="只有 UTF-8 能在各平台原样显示中文；看不见的字符会让两个看似相同的编号或姓名不同。")
declare("yaml.syntax", "YAML 语法正确（缩进、冒号、引号），一个文件一份记录", "loader",
        why="语法错误的文件读不出内容，其余检查都无从进行；指出行号才能在网页上直接改。")
declare("yaml.duplicate-key", "同一层的字段名不重复", "loader",
        why="同一字段写两次时只有一个生效，提交人以为写进去的内容会悄悄丢失。")
declare("yaml.alias", "不使用锚点、别名、标签和合并键", "loader",
        doc="Aliases are never expanded (no alias bomb); tags never resolved (scalars stay strings).",
        why="别名和标签会让一小段文字展开成巨量数据或改变数据类型，登记文件不需要它们。")
declare("yaml.depth", "嵌套不超过 16 层", "loader",
        doc="Counted on the event stream; libyaml's own nesting limit reads as this too.",
        why="登记记录的层次很浅，嵌套过深只能是错误或攻击，会耗尽检查程序的资源。")
# models/: pydantic, extra="forbid"
declare("schema", "字段齐全、名称和格式正确", "schema", doc="Each record kind's model; messages in Chinese.",
        why="字段名和格式统一，网站、导出和统计才能正确读取每一条记录。")
# registry/: where files are and what they are called
declare("layout.unknown-path", "文件放在登记库规定的位置", "layout",
        why="放错位置的文件不会被检查，也不会出现在网站上，提交人却以为已经登记。")
declare("layout.symlink", "不使用符号链接", "layout",
        why="符号链接可能指向仓库外的文件，让检查和网站读到不该公开的内容。")
declare("layout.special-file", "只有普通文件（不是设备、管道、子模块）", "layout",
        why="设备、管道和子模块不是登记内容，读取它们会卡住或越出仓库。")
declare("id.format", "编号只用小写字母、数字和“-”，不用网站的保留名称", "layout",
        why="编号出现在网址和文件名里，只用小写字母、数字和连字符，在各系统都能原样使用。")
declare("id.duplicate", "同类记录的编号不重复", "layout",
        why="一个编号只能指一条记录，否则引用它的决定和服务记录不知道指的是谁。")
declare("ref.unknown", "引用的编号存在，且属于同一项目", "registry",
        why="引用不存在或别的项目的记录，决定和名单就会指向空处或越出本项目。")
declare("program.rule", "项目规则存在于规则库，参数正确", "registry",
        why="项目规则写错时，相应的资格条件实际上没有被检查。")
declare("calendar.missing-year", "按工作日计算的公示有当年的节假日安排", "registry",
        why="工作日口径的公示期要按国务院放假安排计算，缺少当年安排就算不出结束日期。")
# rules/: always on, whatever the program configures
declare("privacy.id-number", "不含居民身份证号", "always",
        doc="18 digits with a valid checksum or a 15-digit first-generation number, in any spelling.",
        why="登记库和网站都是公开的，身份证号一旦公开无法收回。")
declare("privacy.mobile", "不含手机号", "always", doc="Any digit script, Chinese numerals, any separators.",
        why="公开的手机号会招来骚扰和诈骗；联系用单位座机。")
declare("privacy.email", "不含电子邮箱", "always", doc="＠/﹫, CJK local parts, IDN domains, at/dot spelled out.",
        why="个人邮箱公开后无法收回；公示只列单位的公务邮箱。")
declare("privacy.location", "佐证照片不含拍摄地点（GPS 定位）", "always",
        doc="EXIF GPS tags of a photo under evidence/, or once committed there (techserve.loader.evidence).",
        why="手机照片里的定位会暴露拍摄者的住址和行踪。")
declare("privacy.evidence-review", "佐证材料（图片、PDF）由审核人查看有无个人信息", "always", "info",
        why="图片和扫描件里的内容程序读不全，公开前须由审核人看一遍。")
declare("privacy.evidence-unreadable", "佐证材料能完整读取（不加密、不损坏、不超过大小和页数）", "always",
        doc="Fails closed: a file, page or part the reader cannot read within its budget (size, pages, a page's "
            "content, time) may hide personal data (techserve.loader.evidence).",
        why="读不全的文件可能藏着个人信息，宁可请提交人重新生成也不放行。")
declare("enterprise.uscc", "统一社会信用代码校验位正确", "always", doc="python-stdnum's GB 32100 check.",
        why="统一社会信用代码写错一位就对不上真实企业，校验位能当场发现。")
declare("person.title-level", "职称与职称级别一致", "always",
        why="职称级别决定资格条件是否满足，必须与职称名称一致。")
declare("person.duplicate", "同一人只登记一份人员文件", "always",
        doc="Same name, gender, birth month, unit and employed_since (rules/duplicates.py).",
        why="同一人登记两次，兼任团队数、同时服务企业数等限制就会被绕过。")
declare("enterprise.duplicate", "同一企业（单位）只登记一份文件", "always",
        doc="Same 统一社会信用代码 among enterprises, and among units (rules/duplicates.py).",
        why="同一企业登记两次，结对和统计都会重复计算。")
declare("record.future-date", "记录的日期（服务、决定、提交、签订、发布）不晚于检查日", "always",
        doc="--as-of D means today is D: a record of an event after D has not happened; no other rule judges it.",
        why="登记库只登记已经发生的事；日期在未来的记录多半写错了年份。")
declare("service.agreement-period", "服务日期在协议期内", "always",
        why="协议期外的服务不属于该协议，不能计入服务次数和成效。")
declare("service.people", "服务记录上的人员当天在该协议下服务", "always",
        why="成员退出或被更换后，不能再以其名义登记服务。")
declare("roster.change", "成员退出和更换针对当天在岗的人员，新成员已入库且不在岗", "always",
        why="成员变动须针对当天在岗的人，并经立项和同意后办理，名单才可信。")
declare("progress.target", "调度报告只填写项目的指标和重点任务", "always",
        why="调度报告只填项目设定的指标和任务，统计才对得上政策目标。")
declare("waiver.scope", "例外只适用于本项目以警告设置的规则和所写的记录", "always",
        why="例外只对“原则上”类条款和所写的记录有效，不能用来绕过硬性条件。")
# workflow/: the change itself (check --base)
declare("workflow.decision-immutable", "已合并的决定文件不修改、不删除", "change",
        why="已合并的决定是公开的行政记录，改动或删除会让公示和名单失去依据。")
declare("workflow.mixed-change", "申报材料、决定、项目规则和程序代码分开提交", "change",
        why="申报、决定、规则和程序分开提交，审核人才能分别把关，谁也不能夹带修改。")
declare("workflow.frozen", "已公示或已决定的申报及其所列记录不再修改", "change",
        why="已公示或已决定的申报若还能改，公示的内容就不是最后立项的内容。")
declare("workflow.delete", "被决定引用的记录不删除", "change",
        why="被决定引用的记录删除后，决定就指向空处。")
declare("workflow.premature-approval", "立项在公示期满、异议处理之后单独提交", "change",
        why="公示期内立项，公众的异议就来不及提出。")
declare("workflow.notice-date", "公示日期不早于提交之日", "change",
        why="公示从公众看得到之日起算，倒填日期会缩短异议期。")
declare("workflow.late-record", "服务记录和决定在发生后及时登记，补登的由审核人核实", "change", "warning",
        doc="A service added over 31 days after its date, a decision over 15 (workflow.rules.LATE_DAYS).",
        why="事后很久才补登的服务和决定，须由审核人核实确有其事。")
declare("workflow.notice-shortened", "已发布的公示不因修改项目规则或节假日安排而缩短", "change",
        why="已经发布的公示，不能因事后修改规则或放假安排而缩短。")


# ---- what a finding means for publication and for a pull request ----------------------------------
# A public notice system publishes on time whatever the office's backlog: only a finding that makes a
# record unsafe or unreadable keeps that record off the site. Everything else is an obligation or a
# process step someone owes (an overdue assessment, a late list, a missing visit): it goes to the
# office's worklist and the check, never stops the site.
UNSAFE_STAGES = frozenset({"loader", "schema", "layout"})
UNSAFE_RULES = frozenset({"ref.unknown", "privacy.id-number", "privacy.mobile", "privacy.email",
                          "privacy.location", "draft.unfilled"})


def unsafe(rule_id: str) -> bool:
    """True when a finding of this rule makes its record unsafe to publish: unreadable or invalid
    (format, fields, place, id), pointing at nothing, or holding personal data."""
    info = CATALOGUE.get(rule_id)
    return rule_id in UNSAFE_RULES or (info is not None and info.stage in UNSAFE_STAGES)


# Who must act on a finding that stands on main before a change (reported beside the change's own
# findings, never failing it): the office for what decisions, programs and the calendar owe, the
# submitter of the record otherwise.
OFFICE_RULES = frozenset({
    "assessment.yearly", "assessment.final", "review.monthly", "recommendation.monthly", "funding.payments",
    "evaluation.three-party", "task.deadline", "quota.max-approved", "process.order", "calendar.missing-year",
    "program.rule", "notice.duration", "expert.draw", "approval.agreement", "agreement.after-approval",
})


def who_acts(rule_id: str, file: str) -> str:
    """Who can clear a standing finding, in the words the summary uses."""
    if rule_id == "calendar.missing-year" or file.startswith("submissions/calendar/"):
        return "维护者（补充节假日安排）"
    if rule_id in OFFICE_RULES or "/decisions/" in file or file.endswith("/program.yaml"):
        return "项目主管部门"
    if rule_id == "service.frequency":
        return "服务团或特派员（登记服务记录）"
    return "该文件的提交人或项目主管部门"


def homes(rule_ids) -> dict[str, list[str]]:
    """rule id → the modules (package-relative) that write it, quoted: where its code lives, for
    `techserve rules --all`. Declaring it here is not living here, unless nothing else writes it."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parent
    judging = ("loader", "models", "registry", "rules", "workflow")  # the floors that make findings
    sources = {p.relative_to(package.parent).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(package.rglob("*.py"))
               if p.parent == package or p.relative_to(package).parts[0] in judging}
    out = {}
    for rid in rule_ids:
        quoted = re.compile(rf"""["']{re.escape(rid)}["']""")
        found = [name for name, text in sources.items() if quoted.search(text)]
        out[rid] = [n for n in found if not n.endswith("/catalogue.py")] or found
    return out


# ---- a passing and a failing case of each id ------------------------------------------------------
# Data, not code: cases/<family>.yaml holds, for each id of that family (the part before the first
# "."; `schema` alone), the edits to the shipped example registry that pass the rule and those that
# break it. tests/test_cases.py applies each to a copy of the examples and checks that the failing
# one, and only it, carries the id; `rules --explain` and the site's rule page show them.
CASES = Path(__file__).with_name("cases")


@cache
def _family(prefix: str) -> dict:
    import yaml

    path = CASES / f"{prefix}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def case_of(rule_id: str) -> dict | None:
    """The id's case: {"pass": [edit…], "fail": [edit…], optional "setup", "as_of", "change", "note"}."""
    return _family(rule_id.split(".", 1)[0]).get(rule_id)


def show_edit(edit: dict) -> tuple[str, str]:
    """(the file under submissions/, what the edit does to it in words or YAML) for the pages and
    `rules --explain`; the edit's own fields are those tests/test_cases.py applies."""
    import yaml

    path = f"submissions/{edit['file']}"
    if edit.get("delete"):
        return path, "# 删除这个文件"
    if "symlink" in edit:
        return path, f"# 改为指向 {edit['symlink']} 的符号链接"
    if edit.get("fifo"):
        return path, "# 一个命名管道（不是普通文件）"
    if "base64" in edit:
        return path, f"# {edit.get('describe', '二进制文件')}"
    if "text" in edit:
        text = edit["text"]
        if "encoding" in edit:
            text = f"# 以 {edit['encoding'].upper()} 编码保存\n" + text
        if "pad_to" in edit:
            text += f"# ……（共 {edit['pad_to']:,} 字节）\n"
        return path, text
    lines = []
    if "from" in edit and edit["from"] != edit["file"]:
        lines.append(f"# 新文件，内容同 submissions/{edit['from']}，但：")
    for rule_id, params in edit.get("params", {}).items():
        lines.append(f"# 项目规则 {rule_id} 的参数改为：")
        lines.append(yaml.safe_dump({"params": params}, allow_unicode=True, sort_keys=False).rstrip())
    lines += [f"# 去掉字段 {key}" for key in edit.get("unset", [])]
    if edit.get("set"):
        lines.append(yaml.safe_dump(edit["set"], allow_unicode=True, sort_keys=False, width=100).rstrip())
    return path, "\n".join(lines) + "\n"
