"""`techserve draw`: 按公开种子计算（或复核）专家随机抽取的结果."""

from __future__ import annotations

import sys

from .common import cache_of, root_of


def add(sub) -> None:
    p = sub.add_parser("draw", help="按公开种子计算（或复核）专家随机抽取的结果")
    p.add_argument("decision", help="专家抽取决定的编号（kind: draw）")
    p.add_argument("--verify", action="store_true", help="复核决定文件中的抽中专家，不一致时退出码为 1")
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args) -> int:
    """The expert panel a draw decision's public seed gives; --verify compares it with the file."""
    from ..registry import load_registry
    from ..registry.draw import excluded_experts, expected_panel, plan_of, public_before_seed, rank

    reg = load_registry(root_of(args), cache_of(args))
    entry = reg.get("decision", args.decision)
    if entry is None or entry.model is None or entry.model.kind != "draw":
        print(f"错误：没有可读取的专家抽取决定“{args.decision}”（kind: draw）", file=sys.stderr)
        return 2
    d, program = entry.model, reg.model("program", entry.program)
    panel = expected_panel(reg, entry)
    if panel is None:
        print(f"错误：无法读取项目“{entry.program}”", file=sys.stderr)
        return 2
    plan = plan_of(reg, entry)
    pool = plan.pool if plan is not None else program.expert_pool
    away = excluded_experts(reg, program, d.applications, pool)
    print(f"种子：{d.seed}\n专家库 {len(pool)} 人，回避 {len(away)} 人"
          f"{'（' + '、'.join(sorted(away)) + '）' if away else ''}，抽取 {d.size} 人：")
    for pid in panel:
        print(f"  {pid}  {rank(d.seed, pid)[:16]}")
    if not args.verify:
        return 0
    steerable = _steerable(reg, entry, plan)
    if steerable:
        print(f"复核不通过：{steerable}", file=sys.stderr)
        return 1
    public, _ = public_before_seed(reg, reg.get("decision", d.plan))
    print(f"抽取预告 {d.plan} 于 {public} 公开，种子日期 {plan.seed_date} 在其后：种子产生前抽取方式已公开，无法挑选")
    if sorted(panel) == sorted(d.panel) and len(panel) == d.size:
        print(f"复核通过：{entry.file} 的抽中专家与种子一致")
        return 0
    print(f"复核不通过：{entry.file} 写的是 {'、'.join(d.panel)}", file=sys.stderr)
    return 1


def _steerable(reg, entry, plan) -> str | None:
    """Why a draw's seed could have been chosen (no plan, a plan public only on or after its seed
    day, a seed off the plan), or None when it could not: the checks of expert.draw, in words."""
    from ..registry.draw import follows_plan, public_before_seed, seed_prefix

    d = entry.model
    if plan is None:
        return f"{entry.file} 没有依据事先公开的抽取预告（plan），种子可能是看过结果后选的"
    public, in_advance = public_before_seed(reg, reg.get("decision", d.plan))
    if not in_advance:
        return f"抽取预告 {d.plan} 于 {public} 才公开，不早于种子日期 {plan.seed_date}：种子可能是先看到再定的"
    if not follows_plan(plan, d.seed):
        return f"种子“{d.seed}”不是预告规定的“{seed_prefix(plan)}<当天公布的数字>”"
    return None
