"""`techserve rules`: 列出各项目配置的资格规则及其政策条款."""

from __future__ import annotations

import sys

from ..clock import today_in_shanghai
from .common import cache_of, root_of


def add(sub) -> None:
    p = sub.add_parser("rules", help="列出各项目配置的资格规则及其政策条款")
    p.add_argument("--program", help="只列出这个项目")
    p.add_argument("--all", action="store_true", help="列出全部规则编号（文件格式、通用规则、项目规则、变更规则）")
    p.add_argument("--explain", metavar="RULE", help="说明一条规则：检查什么、为什么，以及一个符合和一个不符合的例子")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..registry import load_registry
    from ..rules import Context
    from ..rules.library import RULES, configured

    if args.all:
        return _print_catalogue(args.format)
    if args.explain:
        return _explain(args.explain)

    reg = load_registry(root_of(args), cache_of(args))
    instances, problems = configured(Context(reg, today_in_shanghai()))
    if args.program:
        instances = [i for i in instances if i[0].id == args.program]
        if not instances and reg.get("program", args.program) is None:
            print(f"错误：没有项目“{args.program}”", file=sys.stderr)
            return 2
    rows = [{"program": prog.id, "rule": inst.rule, "severity": inst.severity, "params": inst.params,
             "clause": inst.clause, "summary": spec.summary} for prog, _, inst, spec, _ in instances]
    if args.format == "json":
        print(json.dumps({"rules": rows, "library": {k: v.summary for k, v in sorted(RULES.items())}},
                         ensure_ascii=False, indent=2))
        return 0
    current = None
    for row in rows:
        if row["program"] != current:
            current = row["program"]
            print(f"\n## {current}（{reg.model('program', current).name}）")
        params = "，".join(f"{k}={v}" for k, v in row["params"].items())
        print(f"- [{row['rule']}] {'错误' if row['severity'] == 'error' else '警告'}"
              f"{'；参数 ' + params if params else ''}\n  条款：{row['clause']}")
    for f in problems:
        print(f"{f.file}:{f.line}: [{f.rule}] {f.message}", file=sys.stderr)
    return 1 if problems else 0


def _print_catalogue(fmt: str) -> int:
    """Every rule id a finding can carry (techserve.catalogue), stage by stage."""
    import json

    from ..catalogue import CATALOGUE, STAGES, homes
    from ..rules.library import RULES  # noqa: F401  (the library registers its rules)

    rows = sorted(CATALOGUE.values(), key=lambda r: (list(STAGES).index(r.stage), r.id))
    where = homes(CATALOGUE)
    if fmt == "json":
        print(json.dumps([{"rule": r.id, "title": r.title, "stage": r.stage, "severity": r.severity, "doc": r.doc,
                           "why": r.why, "modules": where[r.id]} for r in rows], ensure_ascii=False, indent=2))
        return 0
    stage = None
    for r in rows:
        if r.stage != stage:
            stage = r.stage
            print(f"\n## {STAGES[stage]}")
        level = "由项目设定" if r.stage == "program" else {"error": "错误", "warning": "警告", "info": "备注"}[r.severity]
        print(f"- [{r.id}] {r.title}（{level}）  {', '.join(where[r.id])}")
        if r.why:
            print(f"  为什么：{r.why}")
    return 0


def _explain(rule_id: str) -> int:
    """One id as `ruff rule` shows one: what it requires, why, where it lives, and its cases."""
    import difflib

    from ..catalogue import CATALOGUE, STAGES, case_of, homes, show_edit
    from ..rules.library import RULES  # noqa: F401  (the library registers its rules)

    info = CATALOGUE.get(rule_id)
    if info is None:
        close = difflib.get_close_matches(rule_id, list(CATALOGUE), n=3, cutoff=0.6)
        print(f"错误：没有规则“{rule_id}”" + (f"；是不是：{'、'.join(close)}" if close else ""), file=sys.stderr)
        return 2
    print(f"{info.id}：{info.title}（{STAGES[info.stage]}）")
    if info.why:
        print(f"为什么：{info.why}")
    print(f"代码：{', '.join(homes(CATALOGUE)[info.id])}")
    case = case_of(info.id)
    if case:
        if case.get("note"):
            print(f"\n说明：{case['note']}")
        if case.get("change"):
            print("（以下修改作为一次合并请求，与 main 比较）")
        for label, key in (("前提", "setup"), ("符合", "pass"), ("不符合", "fail")):
            for edit in case.get(key, []):
                path, text = show_edit(edit)
                print(f"\n{label}：{path}\n" + "\n".join("    " + line for line in text.rstrip().splitlines()))
    return 0
