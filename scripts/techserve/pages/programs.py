"""Program pages: the policy in plain Chinese, with every rule's clause, funding, dates and targets."""

from __future__ import annotations

from datetime import timedelta

from ..catalogue import CATALOGUE, STAGES, case_of, show_edit
from ..match import LEXICAL_ONLY
from ..personal import redact
from ..registry.layout import form_template
from ..registry.targets import measure, task_due, task_progress
from ..rules.library import RULES, configured, settings
from .render import environment
from .rule_text import RULE_ZH, requirement

KIND_LABELS = {"team": "团队申报", "individual": "个人申报"}
DAY_KIND = {"workday": "个工作日", "calendar": "天（自然日）"}


def lexicon_view() -> list[tuple[str, list]]:
    """The lexicon by group, as the method page lists it."""
    from ..match.text import lexicon

    groups: dict[str, list] = {}
    for e in lexicon():
        groups.setdefault(e.group, []).append(e)
    return list(groups.items())


FORM_LABELS = {"team": "团队申报表单", "individual": "个人申报表单"}


def form_url(repository: str, template: str) -> str:
    """The address that opens one form with its program already chosen, on the forge the site
    names: GitHub's issue-form `template` parameter, GitLab's `issuable_template`; Gitee takes the
    chooser."""
    if not repository:
        return ""
    if "gitlab" in repository:
        return f"{repository}/-/issues/new?issuable_template={template}"
    if "gitee.com" in repository:
        return f"{repository}/issues/new"
    return f"{repository}/issues/new?template={template}.yml"


def form_links(repository: str, program) -> list[tuple[str, str]]:
    """(label, url) of the program's online forms, for the kinds it takes."""
    return [(FORM_LABELS[kind], form_url(repository, form_template(kind, program.id)))
            for kind in program.model.application_kinds if repository]


def payments_by_year(b, program_id: str) -> list[dict]:
    """Money paid and recovered per calendar year, from the payment and recovery decisions."""
    years: dict[int, dict] = {}
    for entry in b.reg.valid("decision", program_id):
        d = entry.model
        if d.date > b.as_of or d.kind not in ("payment", "recovery"):
            continue
        row = years.setdefault(d.date.year, {"year": d.date.year, "paid": 0.0, "items": 0, "recovered": 0.0})
        if d.kind == "payment":
            row["paid"] += sum(i.amount_wan for i in d.items)
            row["items"] += len(d.items)
        else:
            row["recovered"] += d.amount_wan
    return [years[y] for y in sorted(years)]


def task_rows(b, entry) -> list[dict]:
    """Each key task with its latest reported progress; a task past its deadline and not done reads 逾期."""
    progress = task_progress(b.reg, entry.id, b.as_of)
    rows = []
    for i, t in enumerate(entry.model.tasks):
        status, note, day, _ = progress.get(i + 1, (None, None, None, None))
        due = task_due(t.deadline)
        overdue = due is not None and due < b.as_of and status != "已完成"
        label = status or "未报告"
        rows.append({"title": t.title, "measures": t.measures, "deadline": t.deadline, "lead_unit": t.lead_unit,
                     "status": f"{label}（逾期）" if overdue else label, "note": note, "reported_on": day,
                     "done": status == "已完成", "overdue": overdue})
    return rows


def blank_forms(b, entry, unit_names: dict[str, str]) -> None:
    """The 线下 route's printable 申报表 of an open program, one per application kind, and their
    stylesheet (a file, so the Content-Security-Policy needs no inline style)."""
    html = environment(markdown=False)
    b.files.setdefault("assets/form.css", html.get_template("form.css").render())
    p = entry.model
    units = [unit_names.get(uid, uid) for uid in p.recommending_units]
    for kind in p.application_kinds:
        b.files[f"programs/{entry.id}-{kind}.html"] = html.get_template("blank_form.html").render(
            program=p, kind=kind, kind_label=KIND_LABELS[kind], units=units, rows=8 if kind == "team" else 1)


def overdue_assessments(b, entry) -> list[dict]:
    """The yearly assessments the program's own office owes and has not recorded by their deadline
    (六 每年年底…考核 is the agency's public duty): shown on the program page as 逾期, so the site
    states the backlog instead of waiting for it."""
    from ..rules.library import owed_assessments

    owed = owed_assessments(b.ctx, entry, b.as_of - timedelta(days=1))
    return [{"year": year, "deadline": deadline, "teams": sorted(a.model.name for a in apps)}
            for (year, deadline), apps in sorted(owed.items())]


def build(b) -> None:
    instances, _problems = configured(b.ctx)
    by_program: dict[str, list] = {}
    for prog, _entry, inst, spec, params in instances:
        by_program.setdefault(prog.id, []).append({
            "rule": inst.rule, "severity": inst.severity, "clause": inst.clause, "summary": RULE_ZH.get(inst.rule, spec.summary),
            "params": inst.params, "requirement": requirement(inst.rule, params.model_dump(exclude_none=True))})
    targets = measure(b.reg, b.book, b.as_of)
    unit_names = {e.id: e.model.name for e in b.reg.valid("unit")}
    rows = []
    for entry in b.programs:
        p = entry.model
        state = p.window_state(b.as_of)
        row = {"id": entry.id, "name": p.name, "issuer": p.issuer, "document": p.document or "无",
               "published": p.published, "period": p.period, "state": state,
               "kinds": "、".join(KIND_LABELS[k] for k in p.application_kinds)}
        rows.append(row)
        frequency = settings(p, "service.frequency")
        min_per_month = frequency.min_per_month if frequency is not None else None
        b.page(f"programs/{entry.id}.md", "program.md", program=p, info=row,
               rules=by_program.get(entry.id, []), targets=targets.get(entry.id, []),
               day_kind=DAY_KIND[p.notice.day_kind], kinds=KIND_LABELS, min_per_month=min_per_month,
               has_needs=any(True for _ in b.reg.valid("need", entry.id)),
               payments=payments_by_year(b, entry.id), unit_names=unit_names, tasks=task_rows(b, entry),
               adoption=b.matches.adoption.get(entry.id), method=b.matches.method,
               repository=b.repository, forms=form_links(b.repository, entry) if p.accepting(b.as_of) else [],
               units=[(uid, unit_names.get(uid, uid)) for uid in p.recommending_units],
               overdue=overdue_assessments(b, entry),
               description=f"{p.issuer}：{p.name}。申报条件、支持政策、公示和名单。",
               search_names=search_names(p))
        if p.accepting(b.as_of):
            blank_forms(b, entry, unit_names)
    b.program_rows = rows
    b.page("programs/matching.md", "matching.md", method=b.matches.method or LEXICAL_ONLY, lexicon=lexicon_view(),
           programs=[(e.id, e.model) for e in b.programs if e.model.matching is not None], adoption=b.matches.adoption)
    b.page("programs/index.md", "programs.md", rows=rows)
    library = [{"rule": k, "summary": RULE_ZH.get(k, v.summary)} for k in sorted(RULES) for v in [RULES[k]]]
    ordered = sorted(CATALOGUE.values(), key=lambda i: (list(STAGES).index(i.stage), i.id))
    always = [{"rule": info.id, "title": info.title, "why": info.why, "stage": STAGES[info.stage],
               "severity": info.severity} for info in ordered if info.stage != "program"]
    b.page("rules/index.md", "rules.md", library=library, by_program=by_program, always=always,
           names={e.id: e.model.name for e in b.programs})
    b.page("rules/examples.md", "rule_cases.md", groups=rule_cases(ordered))


# Program kinds by the names people type (a 九江 reader types 科技服务团, not the program's title)
SEARCHED_KINDS = ("科技服务团", "科技特派员", "科技特派团", "揭榜挂帅", "入企协同创新", "企业技术需求")


def search_names(p) -> list[str]:
    """What a reader types to find this program: its kind as named in its own title or summary,
    and its offices by their short names (九江市科协, 景德镇市科技局, 江西省科技厅)."""
    said = f"{p.name}{p.summary or ''}{p.issuer}"
    names = [k for k in SEARCHED_KINDS if k in said]
    for place in filter(None, (p.region.city, p.region.province)):
        names += [f"{place}科协", f"{place}科技局", f"{place}科技厅"]
    return names


def rule_cases(ordered) -> list[dict]:
    """Each id's passing and failing case (techserve.catalogue.case_of), stage by stage, as the
    rule examples page shows them: a case of the personal data checks is shown masked (the
    public site prints no number that reads as a phone or an ID, made up or not)."""
    groups: dict[str, list] = {}
    for info in ordered:
        case = case_of(info.id)
        if not case:
            continue
        blocks = [{"label": label, "path": path, "text": redact(text)}
                  for label, key in (("前提", "setup"), ("符合", "pass"), ("不符合", "fail"))
                  for path, text in map(show_edit, case.get(key, []))]
        groups.setdefault(STAGES[info.stage], []).append(
            {"rule": info.id, "anchor": "case-" + info.id.replace(".", "-"), "title": info.title,
             "note": redact(case.get("note", "")), "change": case.get("change", False), "blocks": blocks})
    return [{"stage": stage, "cases": cases} for stage, cases in groups.items()]
