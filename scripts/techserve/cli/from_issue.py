"""`techserve from-issue`: 把议题表单的内容转换成登记文件."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..clock import today_in_shanghai
from ..files import write_atomic
from .common import as_date, cache_of, root_of


def add(sub) -> None:
    p = sub.add_parser("from-issue", help="把议题表单的内容转换成登记文件")
    p.add_argument("body", help="议题正文文件（- 表示标准输入）")
    p.add_argument("--form", required=True, choices=("person", "application", "individual", "need", "service"))
    p.add_argument("--date", type=as_date, help="议题提交日期（默认：北京时间今天）")
    p.add_argument("--write", action="store_true", help="写入 submissions/（不覆盖已有文件）并检查")
    p.add_argument("--format", choices=("github", "gitlab", "gitee"), default="github",
                   help="议题正文来自哪个平台：github（议题表单），gitlab、gitee（Markdown 模板）")
    p.add_argument("--json", action="store_true",
                   help="输出 JSON {ok, files, problems, reply}，reply 是回复议题的中文评论")
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args) -> int:
    """Issue-form body → YAML files (the record, and a person file for each new person named in
    it). Prints them; with --write saves them (never overwriting) and checks them as CI will.
    --json gives {ok, files, problems, reply}: the reply is the Chinese comment for the issue,
    the check rendered like the pull-request comment. --format names the forge whose body it is:
    GitHub's rendered issue form, or a GitLab / Gitee Markdown template filled in (the same
    ### headings; the template's help comments and GitLab's quick actions are dropped)."""
    import json

    from ..intake import FORMS, files_of, from_issue
    from ..intake.reply import REDACTED_NOTE, labelled, reply_text
    from ..registry import load_registry

    root = root_of(args)
    as_json = args.json

    redacted = ""

    def done(code: int, files=(), problems=(), reply: str = "") -> int:
        if redacted:
            reply = f"{REDACTED_NOTE}\n\n{reply}"
        if as_json:
            print(json.dumps({"ok": code == 0, "files": [{"path": p, "text": t} for p, t in files],
                              "problems": [{"field": f, "message": m} for f, m in problems], "reply": reply,
                              # the issue's body with personal data masked: the workflow edits the
                              # public issue to it (empty when there is none)
                              "redacted": redacted},
                             ensure_ascii=False, indent=1))
        else:
            for label, message in problems:
                print(f"[{args.form}] {('栏目“' + label + '”：') if label else ''}{message}", file=sys.stderr)
        return code

    try:
        raw = sys.stdin.buffer.read() if args.body == "-" else Path(args.body).read_bytes()
        body = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return done(2, problems=[("", f"无法读取议题内容：{exc}")])
    from ..personal import redact

    masked = redact(body)
    redacted = masked if masked != body else ""
    if args.format == "gitlab":  # quick actions (/label …) run when the issue is saved; they are not answers
        body = re.sub(r"^/[a-z_]+\b.*$", "", body, flags=re.M)
    day = args.date or today_in_shanghai()
    intake = from_issue(args.form, body, day, load_registry(root, cache_of(args)))
    if not intake.ok:
        from ..reporters.markdown import cell  # the messages quote what the applicant wrote: made inert

        lines = "\n".join(f"- {('**' + cell(label) + '**：') if label else ''}{cell(message)}"
                          for label, message in intake.problems)
        return done(1, problems=intake.problems, reply=f"表单内容还有问题，请编辑议题改正，保存后会自动重新检查：\n\n{lines}\n")
    files, problem = files_of(FORMS[args.form], intake)
    if problem:
        from ..reporters.markdown import cell

        return done(1, problems=[("", problem)], reply=f"表单内容还有问题：{cell(problem)}\n")
    texts = files
    if not args.write:
        if not as_json:
            for rel, text in texts:
                print(f"# {rel}")
                sys.stdout.write(text)
        return done(0, texts)
    taken = [rel for rel, _ in texts if (root / rel).exists()]
    if taken:
        message = f"{'、'.join(taken)} 已存在，不会覆盖。请在议题中换一个名称；要修改已有记录，请联系项目办公室"
        if not as_json:
            print(f"错误：{message}", file=sys.stderr)
        from ..reporters.markdown import cell

        return done(1, problems=[("", message)], reply=cell(message) + "\n")
    for rel, text in texts:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text, exclusive=True)
    from ..checker import check
    from ..reporters import REPORTERS
    from ..reporters.comment import render_comment

    report = check(root, day, [rel for rel, _ in texts], cache=cache_of(args))
    from ..reporters.markdown import cell

    # answered in the form's own field names; the files and lines stay for the reviewers, folded
    details = render_comment(REPORTERS["json"](report).encode("utf-8"))
    reply = (reply_text(labelled(FORMS[args.form], texts, report.findings), cell)
             + f"\n<details><summary>检查详情（生成的文件和行号，供审核人参考）</summary>\n\n{details}\n</details>\n")
    if not as_json:
        for rel, _ in texts:
            print(rel)
        sys.stdout.write(REPORTERS["text"](report))
    return done(1 if report.errors else 0, texts, reply=reply)
