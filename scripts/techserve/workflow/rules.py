"""The workflow rules. Each is a generator over the change that yields findings; its docstring
states the rule. They compare the registry at the base revision with the working tree."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from ..findings import Finding
from ..loader import load_bytes
from ..loader.evidence import MAX_EVIDENCE, evidence_findings, read_evidence
from ..loader.text import MAX_BYTES, best_effort_text, line_col
from ..models.references import DECISION_REFERENCES, named_by
from ..personal import MESSAGES
from ..personal import find as find_personal
from ..personal import scan as scan_text
from ..registry import Entry, Registry
from ..registry.cache import BlobCache, blob_id
from ..registry.layout import classify
from ..registry.published import first_published
from ..registry.registry import build_registry
from ..registry.status import calendar_of, derive, notice_end
from ..registry.terms import after_notice
from ..rules.paths import walk
from ..rules.privacy import message as personal_message
from ..rules.privacy import personal_hits
from ..rules.references import KIND_NAMES, REFERENCES
from .change import Change, differing, read_change
from .git import GitError, blob_sizes, list_folders, list_tree, read_blobs
from .history import MAX_BLOB

APPLICANT_KINDS = {"person", "enterprise", "unit", "application", "need", "agreement", "service", "evidence"}
RULE_KINDS = ("program", "calendar")  # what every other record is judged by


@dataclass
class Diff:
    change: Change
    base: Registry  # the registry at the base revision
    head: Registry  # the working tree
    as_of: date
    root: Path = Path(".")

    def kind(self, path: str) -> str | None:
        return classify(path).kind or None if path.startswith("submissions/") else None


def decision_immutable(d: Diff) -> Iterator[Finding]:
    """A merged decision file is never edited or deleted: a correction is a new decision file."""
    for path in d.change.paths("M", "D"):
        if d.kind(path) == "decision":
            verb = "删除" if d.change.status[path] == "D" else "修改"
            yield Finding(path, 0 if d.change.status[path] == "D" else d.change.first_line(path), 0, "error",
                          "workflow.decision-immutable",
                          f"已合并的决定文件不能{verb}。如需更正，请新增一份决定文件（如异议处理、终止或例外），"
                          "原文件保持不变以便追溯")


def mixed_change(d: Diff) -> Iterator[Finding]:
    """One change may not touch both applicants' files and decision files: a reviewer never
    approves their own submission in the same pull request. Nor may it change the rules a
    record is judged by (a program.yaml, the holiday calendar) together with that record."""
    touched = sorted(p for p in d.change.status if d.kind(p))
    decisions = [p for p in touched if d.kind(p) == "decision"]
    applicant = [p for p in touched if d.kind(p) in APPLICANT_KINDS]
    if decisions and applicant:
        for path in decisions:
            yield Finding(path, d.change.first_line(path), 0, "error", "workflow.mixed-change",
                          f"本次变更同时修改了申报材料（如 {applicant[0]}）和决定文件：请分成两个拉取请求，"
                          "先合并申报材料，再由审核人提交决定")
    # Shortening a notice or dropping a rule in the very change that needs it would pass that
    # change's own check: what judges goes in alone, with its diff in plain view.
    judged = decisions + applicant
    if judged:
        for path in (p for p in touched if d.kind(p) in RULE_KINDS):
            what = "项目文件（program.yaml）" if d.kind(path) == "program" else "节假日安排"
            yield Finding(path, d.change.first_line(path), 0, "error", "workflow.mixed-change",
                          f"本次变更同时修改了{what}和它所检查的材料（如 {judged[0]}）：项目规则、公示天数和节假日"
                          "安排的修改须单独提交、单独审核合并，其他材料再另行提交")
    # The checker that judges a change comes from the base branch; a change that rewrote the
    # checker and the data it judges together could still pass its own rules on a fork's CI.
    if d.change.outside and d.change.status:
        first = sorted(d.change.status)[0]
        yield Finding(first, d.change.first_line(first), 0, "error", "workflow.mixed-change",
                      f"本次变更同时修改了程序代码或配置（如 {d.change.outside[0]}）和登记材料：代码和配置的修改"
                      "须单独提交，由维护者审核合并后，登记材料再另行提交")


FROZEN_LABEL = {"in_notice": "公示中", "notice_ended": "公示已结束", "approved": "已立项", "exited": "已退出",
                "completed": "已完成", "rejected": "未通过"}


def frozen(d: Diff) -> Iterator[Finding]:
    """Once a notice names an application, or a decision settles it (rejected, approved, exited,
    completed), its file is history: applicants no longer edit, rename or delete it. Nor the
    records it names (members, commissioner, recommending unit, enterprise, need): renaming a
    member's file would change a published roster."""
    book = derive(d.base, d.as_of)
    changed = d.change.paths("M", "D")
    for path in changed:
        if d.kind(path) != "application":
            continue
        app_id = Path(path).stem
        status = book.of(app_id)
        if d.base.get("application", app_id) and status in FROZEN_LABEL:
            yield Finding(path, d.change.first_line(path), 0, "error", "workflow.frozen",
                          f"申报“{app_id}”{FROZEN_LABEL[status]}，申报人不能再修改。确需调整成员的，"
                          "请联系项目负责人提交更换（replacement）或成员退出（termination）决定", record=app_id)
    named_kinds = {"person", "unit", "enterprise", "need"}
    others = [p for p in changed if d.kind(p) in named_kinds]
    if not others:
        return  # nearly every change: no frozen application's records are touched
    named: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, id) → (application, status)
    # The base holds only the changed files besides decisions: the applications are the head's,
    # which a change touching people or units cannot decide on (workflow.mixed-change).
    for app_id, status in derive(d.head, d.as_of).status.items():
        if status not in FROZEN_LABEL:
            continue
        entry = d.base.get("application", app_id) or d.head.get("application", app_id)
        data = entry.doc.data if entry is not None and entry.doc is not None else None
        if not isinstance(data, dict):
            continue
        for pattern, kinds in REFERENCES["application"]:  # what it names, as the references rule reads it
            for _, value in walk(data, pattern):
                if isinstance(value, str):
                    for kind in kinds:
                        named.setdefault((kind, value), (app_id, status))
    for path in others:
        kind, record = d.kind(path) or "", classify(path).id or ""
        if (kind, record) in named:
            app_id, status = named[(kind, record)]
            verb = "删除或改名" if d.change.status[path] == "D" else "修改"
            yield Finding(path, d.change.first_line(path) if d.change.status[path] != "D" else 0, 0, "error",
                          "workflow.frozen",
                          f"{KIND_NAMES[kind]}“{record}”是申报“{app_id}”（{FROZEN_LABEL[status]}）所列的记录，"
                          f"已公示或已决定的内容不能再{verb}。确需更正的，请联系项目负责人", record=record)


def _referenced(reg: Registry) -> dict[tuple[str, str], str]:
    """(kind, id) → the decision file that names it (the fields the decision models declare)."""
    out: dict[tuple[str, str], str] = {}
    for e in reg.valid("decision"):
        for pattern, kinds in DECISION_REFERENCES.get(e.model.kind, ()):
            for value in named_by(e.model, pattern):
                for kind in kinds:
                    out.setdefault((kind, value), e.file)
    return out


def delete(d: Diff) -> Iterator[Finding]:
    """A record referenced by a decision is never deleted: the decision would point at nothing."""
    deleted = d.change.paths("D")
    named = _referenced(d.base) if deleted else {}  # most changes delete nothing: skip the scan
    for path in deleted:
        kind = d.kind(path)
        record = classify(path).id if kind else ""
        if kind and kind != "decision" and (kind, record) in named:
            yield Finding(path, 0, 0, "error", "workflow.delete",
                          f"{record} 已被决定文件 {named[(kind, record)]} 引用，不能删除。"
                          "如需退出，请由项目负责人提交终止决定", record=record)


def premature_approval(d: Diff) -> Iterator[Finding]:
    """An approval is dated, and submitted, after its notice ended (the last day of the notice is
    still open to objections), and lists no application with an upheld objection."""
    cal = calendar_of(d.head)
    upheld = {e.model.application: e.file for e in d.head.valid("decision", of=("objection",))
              if e.model.kind == "objection" and e.model.outcome == "upheld"}
    for path in d.change.paths("A"):
        entry = d.head.get("decision", Path(path).stem)
        if d.kind(path) != "decision" or entry is None or entry.model is None or entry.model.kind != "approval":
            continue
        notice = d.head.get("decision", entry.model.notice)
        # an approval that cites a review, payment or draw is the references rule's finding
        if notice is not None and notice.model is not None and notice.model.kind == "notice":
            if notice.file in d.change.status and d.change.status[notice.file] == "A":
                line, col = entry.at("notice")
                yield Finding(path, line, col, "error", "workflow.premature-approval",
                              f"公示 {notice.id} 与引用它的立项决定在同一次变更中提交：公示须先单独合并、公开发布，"
                              "公示期满后再另行提交立项决定", record=entry.id)
                continue
            end, _ = notice_end(d.head, cal, notice, d.as_of)
            if d.base.get("decision", notice.id) is not None:  # a notice keeps the days it was published with
                base_end, _ = notice_end(d.base, calendar_of(d.base), d.base.get("decision", notice.id), d.as_of)
                end = max(e for e in (end, base_end) if e is not None) if (end or base_end) else None
            if end is not None and entry.model.date < after_notice(end):
                line, col = entry.at("date")
                earliest = after_notice(end)
                yield Finding(path, line, col, "error", "workflow.premature-approval",
                              f"立项日期 {entry.model.date} 早于公示结束：公示 {notice.id} 到 {end} 才结束（含当日），"
                              f"公示期内不能立项，立项日期最早为 {earliest}", record=entry.id)
            elif end is not None and d.as_of <= end:
                # Dated after the notice but decided during it: objections still to come would
                # find the outcome already merged.
                line, col = entry.at("date")
                yield Finding(path, line, col, "error", "workflow.premature-approval",
                              f"公示 {notice.id} 到 {end} 才结束（含当日），今天（{d.as_of}）仍在公示期内：立项决定须在"
                              "公示结束、异议处理完毕后再提交，不能预先写好以后的日期", record=entry.id)
        for i, item in enumerate(entry.model.applications):
            if item.application in upheld:
                line, col = entry.at("applications", i, "application")
                yield Finding(path, line, col, "error", "workflow.premature-approval",
                              f"{item.application} 的异议已成立（{upheld[item.application]}），不能立项",
                              record=item.application)


HISTORY_NOTE = ("。它在提交 {commit} 中加入，虽已删除但仍留在 Git 历史中：请改写分支历史（如 squash 后强制推送），"
                "并按维护指南处理")


def _hits(rel: str, data: bytes) -> list[tuple[str, str, int, int, str]]:
    """(rule, masked, line, column, where) for the personal data in one version of one file: a
    record file through the loader and the privacy rule, anything else as the text it decodes to."""
    if rel.startswith("submissions/") and rel.endswith((".yaml", ".yml")) and len(data) <= MAX_BYTES:
        doc = load_bytes(data, rel)
        if doc.text is not None:
            return [(r, v, line, col, w) for r, v, (line, col), w in personal_hits(doc)]
    text = best_effort_text(data)
    return [(rule, value, *line_col(text, start), "") for rule, start, _, value in find_personal(text)]


def personal_data_in_history(d: Diff) -> Iterator[Finding]:
    """Nothing personal enters Git history: every blob every commit of the change added or
    changed (anywhere in the repository, binary or not), every path it used and every commit
    message. A number added in one commit and removed in the next is still public. What the
    final files hold is reported by the file check; this reports what was removed."""
    history = d.change.history
    if history is None:
        return
    final: dict[str, tuple[str | None, bytes | None]] = {}  # path → the working tree's version
    still: dict[str, set] = {}  # path → what the working tree's version holds

    def final_of(rel: str) -> tuple[str | None, bytes | None]:
        if rel not in final:
            data = _read_final(d.root, rel)
            final[rel] = (None, None) if data is None else (blob_id(data), data)
        return final[rel]

    def held(rel: str) -> set:
        if rel not in still:
            data = final_of(rel)[1]
            still[rel] = set() if data is None else {(h[0], h[1]) for h in _hits(rel, data)}
        return still[rel]

    reported: set[tuple[str, str, str]] = set()
    for item in history.blobs:
        rel = d.change.rel(item.path)
        if item.mode == "160000":
            continue  # a submodule entry (gitlinks)
        if final_of(rel)[0] == item.blob and _file_check_reads(rel):
            continue  # the final file itself: the file check reports it (evidence_review names it)
        if d.kind(rel) == "evidence" and item.data is not None:
            for f in evidence_findings(rel, read_evidence(item.data, rel), HISTORY_NOTE.format(commit=item.commit)):
                if (rel, f.rule, f.message) not in reported:
                    reported.add((rel, f.rule, f.message))
                    yield f
        if d.kind(rel) == "evidence" or item.data is None:
            yield Finding(rel, 0, 0, "info", "privacy.evidence-review",
                          f"提交 {item.commit} 中加入的这个文件（图片、PDF 或大文件）无法自动检查个人信息，"
                          "即使后来删除或替换也仍留在 Git 历史中：请审核人打开该提交中的版本查看")
            continue
        checked = _file_check_reads(rel)  # else this scan is the only one of the final file too
        is_final = final_of(rel)[0] == item.blob
        for rule, value, line, col, where in _hits(rel, item.data):
            if (checked and (rule, value) in held(rel)) or (rel, rule, value) in reported:
                continue
            reported.add((rel, rule, value))
            note = ("。这个文件不在登记库中，但同样随仓库公开（网站页面、说明文件）：请删除" if is_final and not checked
                    else HISTORY_NOTE.format(commit=item.commit))
            yield Finding(rel, line, col, "error", rule, personal_message(rule, value, where) + note)
    for path, commit in history.paths.items():
        rel = d.change.rel(path)
        if rel.startswith("submissions/") and final_of(rel)[0] is not None:
            continue  # a path still there: the file-name check reports it
        for part in rel.split("/"):
            for rule, value in scan_text(part):
                yield Finding(rel, 0, 0, "error", rule, "文件或文件夹名" + MESSAGES[rule].format(value=value)
                              + HISTORY_NOTE.format(commit=commit))
    for commit, text in history.messages:
        for rule, value in scan_text(text):
            yield Finding("", 0, 0, "error", rule, f"提交 {commit} 的提交说明" + MESSAGES[rule].format(value=value)
                          + "。提交说明同样公开：请用 git rebase -i 改写该提交说明后强制推送")
    for commit, text in history.identities:
        # Every commit carries an e-mail address: only a number inside one is reported (a mobile
        # as the address, 13800138000@163.com), not the address as such.
        for rule, value in scan_text(text):
            if rule != "privacy.email":
                yield Finding("", 0, 0, "error", rule, f"提交 {commit} 的作者或提交者信息" + MESSAGES[rule].format(value=value)
                              + "。提交者信息同样公开：请把 Git 的 user.email 改为不含手机号的邮箱（如 GitHub 提供的 noreply "
                              "邮箱），再用 git rebase -i --exec 'git commit --amend --no-edit --reset-author' 改写后强制推送")


def _file_check_reads(rel: str) -> bool:
    """Whether the file check (registry) reads this path's content: a record or evidence under
    submissions/. Everything else a change adds — a .gitkeep, a guide page under site/, a script —
    is scanned here, in its final version too: it is as public as the registry."""
    if not rel.startswith("submissions/") or rel.rsplit("/", 1)[-1].startswith("."):
        return False
    return bool(classify(rel).kind)


def _read_final(root: Path, rel: str, limit: int = MAX_BLOB) -> bytes | None:
    path = root / rel
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > limit:
            return None
        return path.read_bytes()
    except OSError:
        return None


def gitlinks(d: Diff) -> Iterator[Finding]:
    """A submodule entry (another repository's commit) never enters the registry: its content is
    neither checked nor published with it."""
    paths = set(d.change.gitlinks)
    for item in d.change.history.blobs if d.change.history else ():
        rel = d.change.rel(item.path)
        if item.mode == "160000" and rel.startswith("submissions/"):
            paths.add(rel)
    for path in sorted(paths):
        yield Finding(path, 0, 0, "error", "layout.special-file",
                      "这是 Git 子模块（另一个仓库的提交）：登记库只接受本仓库中的普通文件。请删除子模块，直接提交文件")


def notice_published(d: Diff) -> Iterator[Finding]:
    """A notice is public from the day its change is checked: a new notice is not dated before
    that day (a backdated notice would run part of its objection period unpublished)."""
    for path in d.change.paths("A"):
        entry = d.head.get("decision", Path(path).stem) if d.kind(path) == "decision" else None
        if entry is None or entry.model is None or entry.model.kind != "notice" or entry.file != path:
            continue
        if entry.model.date < d.as_of:
            line, col = entry.at("date")
            yield Finding(path, line, col, "error", "workflow.notice-date",
                          f"公示日期 {entry.model.date} 早于提交之日（{d.as_of}）：公示期从公开发布之日起算，"
                          f"不能倒填日期。请把日期改为 {d.as_of} 或以后", record=entry.id)


# How long after its day a service or decision may be added before the reviewer is asked to look
# (本项目规定): the monthly counts and the review, list and evaluation deadlines are judged on the
# date a record states, so a record added long after it may be filling a month after the fact.
LATE_DAYS = {"service": 31, "decision": 15}


def late_record(d: Diff) -> Iterator[Finding]:
    """A service or decision the change adds, or whose date it moves, is dated at most LATE_DAYS
    days before the day of the check; one dated earlier is named for the reviewer to confirm it (a
    notice may not be backdated at all: workflow.notice-date). Moving a merged service's date back
    is a backfill like adding it: it counts toward a month already judged."""
    for path in d.change.paths("A", "M"):
        kind = d.kind(path)
        if kind not in LATE_DAYS:
            continue
        entry = d.head.get(kind, Path(path).stem)
        if entry is None or entry.model is None or entry.file != path:
            continue
        if kind == "decision" and entry.model.kind == "notice":
            continue
        moved_from = None
        if d.change.status[path] == "M":
            before = d.base.get(kind, Path(path).stem)
            if before is None or before.model is None or before.model.date == entry.model.date:
                continue
            moved_from = before.model.date
        day, limit = entry.model.date, LATE_DAYS[kind]
        late = (d.as_of - day).days
        if late <= limit:
            continue
        line, col = entry.at("date")
        if kind == "service":
            what = (f"服务记录应在服务后 {limit} 天内登记（本项目规定）。补登的服务会计入 {day.year}年{day.month}月的"
                    "服务次数：请审核人核对佐证材料，确认服务确实在这一天发生")
        else:
            what = (f"决定应在作出后 {limit} 天内登记（本项目规定）。审核、推荐清单等期限按决定日期判断：补登的决定"
                    "请在 note 中写明原因，由审核人核实")
        moved = f"（由 {moved_from} 改为 {day}）" if moved_from else ""
        yield Finding(path, line, col, "warning", "workflow.late-record",
                      f"日期 {day}{moved} 比提交之日（{d.as_of}）早 {late} 天：{what}", record=entry.id)


def notices_keep_their_days(d: Diff) -> Iterator[Finding]:
    """A change to a program.yaml or the holiday calendar never shortens a notice already
    published: its end stays the one it was published with."""
    touched = [p for p in d.change.paths("M", "D") if d.kind(p) in RULE_KINDS]
    if not touched:
        return
    base_cal, head_cal = calendar_of(d.base), calendar_of(d.head)
    for notice in d.base.valid("decision", of=("notice",)):
        if notice.model.kind != "notice":
            continue
        before, _ = notice_end(d.base, base_cal, notice, d.as_of)
        now = d.head.get("decision", notice.id)
        after = notice_end(d.head, head_cal, now, d.as_of)[0] if now is not None and now.model is not None else None
        if before is not None and (after is None or after < before):
            for path in touched:
                if d.kind(path) == "calendar" or classify(path).program == notice.program:
                    yield Finding(path, d.change.first_line(path), 0, "error", "workflow.notice-shortened",
                                  f"这一修改会使已发布的公示 {notice.id} 提前结束（原定 {before} 结束，改后"
                                  f"{'无法计算' if after is None else ' ' + str(after)}）：已发布的公示按发布时的天数计算，"
                                  "不能缩短", record=notice.id)
                    break


def evidence_review(d: Diff) -> Iterator[Finding]:
    """Each photo or scan added or replaced is named for the reviewer to open: what it carries
    beside its pixels the file check reads (registry: loader.evidence), what is in the pixels (an
    ID card photographed) the checker cannot."""
    for path in d.change.paths("A", "M"):
        if d.kind(path) != "evidence":
            continue
        data = _read_final(d.root, path, MAX_EVIDENCE)
        unreadable = read_evidence(data, path).unreadable if data is not None else None
        why = f"{unreadable}（见 privacy.evidence-unreadable），" if unreadable else ""
        yield Finding(path, 0, 0, "info", "privacy.evidence-review", why
                      + "佐证材料（图片或 PDF）中的画面无法自动检查个人信息：请审核人打开查看，确认其中没有身份证、"
                      "手机号、家庭住址等内容，必要时请申报人遮盖后重新上传")


RULES = (decision_immutable, mixed_change, frozen, delete, premature_approval, notice_published, late_record,
         notices_keep_their_days, personal_data_in_history, evidence_review, gitlinks)


# What the change rules read from the base: every decision, program and calendar (statuses and
# references are derived from them) and the base version of each changed path.
BASE_KINDS = {"decision", "program", "calendar"}


def _maybe_base_kind(path: str) -> bool:
    """A cheap test before classify(): only these paths can hold a decision, program or calendar."""
    return "/decisions/" in path or path.endswith("/program.yaml") or path.startswith("submissions/calendar/")


def _base_scope(root: Path, change: Change) -> list[str]:
    """Where in the base tree those files can be: the calendar, each program's program.yaml and
    decisions, and the changed paths. Listing only these skips the ~80 % of a large registry
    (people, enterprises, needs, agreements, services) that the change rules never read from the base."""
    changed = list(change.status)
    if len(changed) > 256 or any("\\" in p for p in changed):  # many paths, or names git escaped
        return ["submissions"]
    programs = list_folders(root, change.base, "submissions/programs")
    if any("\\" in p for p in programs):
        return ["submissions"]
    return ["submissions/calendar", *(f"submissions/programs/{p}/{part}" for p in programs
                                      for part in ("program.yaml", "decisions")), *changed]


def load_base(root: Path, change: Change, cache: BlobCache | None = None, head: Registry | None = None) -> Registry:
    """The part of the base registry the change rules need, read from Git objects by blob id.
    A file the working tree holds unchanged is taken from the head registry instead of being
    parsed again: git has just compared the bytes."""
    wanted = [f for f in list_tree(root, change.base, *_base_scope(root, change))
              if f.path in change.status or (_maybe_base_kind(f.path) and classify(f.path).kind in BASE_KINDS)]
    same: dict[str, Entry] = {}
    if head is not None:
        differ = differing(root, change)
        same = {e.file: e for e in head.entries if e.file not in differ}
    parse = [f for f in wanted if f.path not in same]
    sizes = blob_sizes(root, sorted({f.blob for f in parse}))
    contents = read_blobs(root, sorted(b for b, size in sizes.items() if size <= MAX_BYTES))
    # An oversize blob is never read: a stand-in one byte over the cap gives the loader's finding.
    oversize = b" " * (MAX_BYTES + 1)
    items = ((f.path, f.blob, partial(contents.get, f.blob, oversize)) for f in parse)
    base = build_registry(root, [], items, cache)  # type: ignore[arg-type]  # get() never misses: a default is given
    for f in wanted:
        if f.path in same:
            base.adopt(same[f.path])
    base.published = head.published if head is not None else first_published(root, change.base)
    return base


class BaseUnreadable(Exception):
    """The change cannot be judged: git cannot read the base (a wrong ref, a shallow clone). Not
    a finding about any file: the command stops and says why (exit 2)."""


def check_change(root: Path, base: str, as_of: date, head: Registry, cache: BlobCache | None = None,
                 change: Future | None = None) -> list[Finding]:
    """All workflow findings for the change from `base` to the working tree of `root` (`change`:
    read_change already under way)."""
    try:
        read = change.result() if change is not None else read_change(root, base)
        base_reg = load_base(root, read, cache, head)
    except GitError as exc:
        raise BaseUnreadable(f"错误：无法读取基准版本“{base}”：{exc}") from exc
    d = Diff(read, base_reg, head, as_of, Path(root))
    return [f for rule in RULES for f in rule(d)]
