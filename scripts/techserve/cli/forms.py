"""`techserve forms`: 由登记库生成各平台的议题表单（GitHub、GitLab、Gitee）."""

from __future__ import annotations

import re

from ..clock import today_in_shanghai
from .common import as_date, cache_of, root_of, sync_generated


def add(sub) -> None:
    p = sub.add_parser("forms", help="由登记库生成各平台的议题表单（GitHub、GitLab、Gitee）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=as_date, help="按这一天受理申报的项目生成（默认：北京时间今天；--check 时为上次生成的日期）")
    p.add_argument("--check", action="store_true", help="只检查是否一致，不写文件")
    p.set_defaults(func=run)


def run(args) -> int:
    """The issue forms of every forge, from the forms' one definition and the registry: GitHub
    issue forms, GitLab description templates, Gitee Markdown templates. An application form
    exists for each program open for applications on the day, so forms come and go with the
    programs' windows. --check regenerates as of the day the files were made (written in
    config.yml): it finds forms out of step with the registry or the code, not the calendar,
    which the daily forms workflow follows."""
    from ..intake.forms import FORMS, offers, render_form, render_markdown, running, template_name
    from ..registry import load_registry

    root = root_of(args)
    as_of = args.as_of
    config = root / ".github/ISSUE_TEMPLATE/config.yml"
    if as_of is None and args.check and config.is_file():
        m = FORMS_AS_OF.search(config.read_text(encoding="utf-8"))
        as_of = as_date(m.group(1)) if m else None
    as_of = as_of or today_in_shanghai()
    reg = load_registry(root, cache_of(args))
    programs = running(reg, as_of)  # the 项目 dropdown of the need and service forms
    plain = [f for f in FORMS.values() if not f.applies and (not f.program or programs)]
    github, gitlab, gitee = {}, {}, {}
    for form in plain:
        github[f"{form.name}.yml"] = render_form(form, programs)
        gitlab[f"{form.name}.md"] = render_markdown(form, programs, quick_actions=True)
        gitee[f"{form.name}.md"] = render_markdown(form, programs, front_matter=True)
    for form, pid, tailor in offers(reg, as_of):
        name = template_name(form, pid)
        github[f"{name}.yml"] = render_form(form, tailor=tailor)
        gitlab[f"{name}.md"] = render_markdown(form, tailor=tailor, quick_actions=True)
        gitee[f"{name}.md"] = render_markdown(form, front_matter=True, tailor=tailor)
    head = f"# 由 `techserve forms` 生成，请勿手工修改；申报表单只为当天受理申报的项目生成\n# as-of: {as_of}\n"
    github["config.yml"] = head + "blank_issues_enabled: false\n"
    gitee["config.yml"] = head + "blank_issues_enabled: false\n"
    codes = [sync_generated(root, ".github/ISSUE_TEMPLATE", github, args.check, "forms", stray=("*.yml",)),
             sync_generated(root, ".gitlab/issue_templates", gitlab, args.check, "forms", stray=("*.md",)),
             sync_generated(root, ".gitee/ISSUE_TEMPLATE", gitee, args.check, "forms", stray=("*.md", "*.yml"))]
    return max(codes)


FORMS_AS_OF = re.compile(r"^# as-of: (\d{4}-\d{2}-\d{2})$", re.M)
