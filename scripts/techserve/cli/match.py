"""`techserve match`: 为企业需求推荐人选（特派员、专家和团队），并说明理由."""

from __future__ import annotations

from ..clock import today_in_shanghai
from .common import as_date, cache_of, root_of, unknown_ids


def add(sub) -> None:
    p = sub.add_parser("match", help="为企业需求推荐人选（特派员、专家和团队），并说明理由")
    p.add_argument("--root", help="登记库根目录")
    p.add_argument("--as-of", type=as_date, help="按哪一天的登记情况推荐（默认：北京时间今天）")
    p.add_argument("--need", help="只推荐这一项需求（需求编号）")
    p.add_argument("--program", help="只推荐这个项目的需求")
    p.add_argument("--top", type=int, help="每项需求推荐几人（默认 10；0 为全部）")
    p.add_argument("--all", action="store_true", help="全部需求对全部人员（不论是否开放、是否入库），用于评测")
    p.add_argument("--assign", action="store_true", help="再为每项需求建议一名人选，不超过各人可服务的企业数")
    p.add_argument("--lexical", action="store_true", help="只用词项匹配（不用语义向量）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    """Candidates for needs (techserve.match): ranked, with reasons; --assign proposes one each."""
    import json

    from ..match import DEFAULT_TOP, Matcher
    from ..match.assign import assign
    from ..registry import load_registry

    reg = load_registry(root_of(args), cache_of(args))
    if unknown_ids(reg, ("program", args.program, "项目"), ("need", args.need, "需求")):
        return 2
    as_of = args.as_of or today_in_shanghai()
    top = None if args.top == 0 else (args.top or DEFAULT_TOP)
    matcher = Matcher(reg, lexical_only=args.lexical)
    if args.all:
        ids = sorted(e.id for e in reg.valid("need") if not args.program or e.program == args.program)
    elif args.need:
        ids = [args.need]
    else:
        ids = matcher.open_needs(as_of, args.program)
    rankings = matcher.rank(ids, as_of, top, everyone=args.all)
    proposals = []
    if args.assign:
        for program in sorted({r.program for r in rankings if r.program}):
            p, ranker = matcher.ranker(program, as_of)
            mine = [r for r in rankings if r.program == program]
            places = {pr.id: p.places(pr, len(mine)) for pr in ranker.profiles}
            # 结对 (agreement.one-to-one): an enterprise's needs go to one team between them
            together = {r.need: reg.model("need", r.need).enterprise for r in mine} if p.paired else None
            proposals += assign({r.need: [(c.id, c.kind, c.score) for c in r.candidates] for r in mine}, places,
                                together)
    if args.format == "json":
        out = {"as_of": as_of.isoformat(), "method": matcher.method, "needs": [r.as_json() for r in rankings]}
        if args.assign:
            out["assignment"] = [{"need": pr.need, pr.kind: pr.candidate, "score": pr.score} for pr in proposals]
        print(json.dumps(out, ensure_ascii=False, indent=None if args.all else 2))
        return 0
    if not rankings:
        print(f"截至 {as_of}，没有待匹配的需求（已发布、未截止、尚未对接，且项目设置了需求匹配）")
        return 0
    print(f"推荐方法：{matcher.method}；截至 {as_of}")
    for r in rankings:
        need = reg.model("need", r.need)
        print(f"\n需求 {r.need}：{need.title}")
        if not r.candidates:
            print("  暂无可推荐的人选（已满额或有利益冲突的已排除）")
        for i, c in enumerate(r.candidates, 1):
            name = (reg.model("person", c.id).name if c.kind == "person" else reg.model("application", c.id).name)
            mark = "（企业指定）" if c.designated else ""
            print(f"  {i:>2}. {name}（{c.id}）{mark} {c.score:.2f}  " + "；".join(c.reasons))
    if args.assign:
        print("\n建议分配（每项需求一名，不超过各人可服务的企业数；结对项目一个服务团只结对一家企业）：")
        for pr in proposals:
            print(f"  {pr.need} → {pr.candidate}")
    return 0
