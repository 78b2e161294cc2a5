"""The next decision of a program, drafted from the registry: `techserve draft KIND`.

Everything the registry knows is filled in (who reached the step, the notice's title and end, the
funding its rule computes, what each year's payment is); only the reviewer's choices are left,
each the value 请填写 with a comment saying what may go there. `check` reports every one of
them (draft.unfilled) until it is filled, so a half-filled draft never merges. A draft is written
as a new file and never replaces one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..files import write_atomic
from ..registry import Registry
from ..registry.draw import draw_panel, excluded_experts, seed_prefix
from ..registry.status import add_years
from ..registry.terms import after_notice, on_lists
from ..registry.workdays import MissingYear
from ..rules import Context
from ..rules.drafts import PLACEHOLDER
from ..rules.library import expected_amount, required_assessments, settings, yearly_params
from ..rules.library.shared import passed_between
from .todo import _steps, next_step

KINDS = ("review", "drawplan", "draw", "notice", "approval", "payment", "assessment", "acceptance", "evaluation", "progress",
         "recommendation")
DRAW_SIZE = 5  # experts drawn when the office does not say (--size)
SEED_SOURCE = "深证成指收盘点位"  # published every trading day, known to nobody before the close
HEADER = "# yaml-language-server: $schema=../../../../schemas/decision.schema.json\n"
FILL = f"{PLACEHOLDER}  # 请填写："


class Refused(Exception):
    """The registry does not allow this decision yet (or at all); the message says why, in Chinese."""


@dataclass(frozen=True)
class Draft:
    program: str
    name: str  # file name stem, e.g. 2026-chushen
    text: str

    def rel(self) -> str:
        return f"submissions/programs/{self.program}/decisions/{self.name}.yaml"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (titles may hold a colon or a #)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(reg: Registry, app_id: str) -> str:
    app = reg.model("application", app_id)
    unit = reg.model("unit", app.recommended_by) if app else None
    return f"{app.name}（{unit.name if unit else app.recommended_by}推荐）" if app else app_id


def _waiting(ctx: Context, program: str, step: str) -> list[str]:
    """The program's applications whose next step is `step`, as todo counts them."""
    prog = ctx.reg.get("program", program)
    steps = _steps(prog)
    out = []
    for e in ctx.reg.valid("application", program):
        if e.model.submitted > ctx.as_of:
            continue
        if next_step(ctx.status.of(e.id), steps) == step:
            out.append(e.id)
    return sorted(out)


def _program(reg: Registry, program: str | None):
    if not program or reg.model("program", program) is None:
        raise Refused(f"没有项目“{program}”" if program else "请用 --program 指明项目编号")
    return reg.model("program", program)


def review(ctx: Context, program: str, stage: str) -> Draft:
    _program(ctx.reg, program)
    apps = _waiting(ctx, program, stage)
    if not apps:
        raise Refused(f"截至 {ctx.as_of}，没有等待{'初审' if stage == 'initial' else '专家评审'}的申报")
    lines = [HEADER, "kind: review\n", f"date: {ctx.as_of}\n", f"stage: {stage}\n"]
    drawn = any(r.rule == "expert.draw" for r in ctx.reg.model("program", program).rules)
    if stage == "expert" and drawn:
        draws = [e for e in ctx.reg.valid("decision", program, of=("draw",))
                 if e.model.date <= ctx.as_of and set(apps) <= set(e.model.applications)]
        if not draws:
            raise Refused(f"专家评审须依据一次专家抽取：请先用 techserve draft drawplan --program {program} 公开抽取预告，"
                          f"种子日期后用 techserve draft draw --program {program} --seed <当天公布的数字> 起草抽取决定"
                          "并合并，再起草评审结果")
        lines.append(f"draw: {max(draws, key=lambda e: (e.model.date, e.id)).id}\n")
    lines.append("results:\n")
    for a in apps:
        lines += [f"# {_label(ctx.reg, a)}\n", f"- application: {a}\n", f"  outcome: {FILL}通过 / 不通过\n"]
        if stage == "expert":
            lines.append("  # score: 专家评分（0-100，可不填）\n")
    return Draft(program, f"{ctx.as_of.year}-{'chushen' if stage == 'initial' else 'zhuanjia-pingshen'}", "".join(lines))


def drawplan(ctx: Context, program: str, size: int | None = None, source: str | None = None,
             seed_day: date | None = None) -> Draft:
    """The draw plan for the applications waiting for expert review: the seed's source and day
    (by default the index close of the second workday from today, time for the plan to be merged
    and public first), the size and the pool as it stands. The draw follows it (draw below)."""
    prog = _program(ctx.reg, program)
    apps = _waiting(ctx, program, "expert")
    if not apps:
        raise Refused(f"截至 {ctx.as_of}，没有等待专家评审的申报")
    size = size or DRAW_SIZE
    away = excluded_experts(ctx.reg, prog, apps)
    if len(set(prog.expert_pool) - away) < size:
        raise Refused(f"专家库 {len(prog.expert_pool)} 人，回避 {len(away)} 人后不够抽取 {size} 人："
                      "请先扩充专家库（program.yaml 的 expert_pool）")
    if seed_day is None:
        try:
            seed_day = ctx.calendar.first_workday_after(ctx.calendar.first_workday_after(ctx.as_of))
        except MissingYear as exc:
            raise Refused(f"缺少 {exc.year} 年的节假日安排，无法推算种子日期：请用 --seed-date 指定") from exc
    if seed_day <= ctx.as_of:
        raise Refused(f"种子日期 {seed_day} 须晚于今天（{ctx.as_of}）：预告合并公开之后种子才产生")
    lines = [HEADER, "# 专家抽取预告：合并公开后，在种子日期用当天公布的数字抽取（techserve draft draw --seed <数字>）\n",
             "kind: drawplan\n", f"date: {ctx.as_of}\n", f"seed_source: {_q(source or SEED_SOURCE)}\n",
             f"seed_date: {seed_day}  # 须晚于本预告合并之日\n", f"size: {size}\n",
             "applications:\n", *[f"- {a}  # {_label(ctx.reg, a)}\n" for a in apps],
             f"# 回避：{'、'.join(sorted(away)) or '无'}（与申报人同单位的专家）\n", "pool:\n",
             *[f"- {pid}\n" for pid in prog.expert_pool]]
    return Draft(program, f"{ctx.as_of.year}-zhuanjia-chouqu-yugao", "".join(lines))


def draw(ctx: Context, program: str, seed: str | None) -> Draft:
    """The panel drawn under the program's open plan (the newest no draw cites yet), from the value
    its seed source published on its seed day, exactly as `techserve draw --verify` recomputes it
    (registry/draw.py)."""
    _program(ctx.reg, program)
    cited = {e.model.plan for e in ctx.reg.valid("decision", program, of=("draw",))}
    plans = [e for e in ctx.reg.valid("decision", program, of=("drawplan",)) if e.id not in cited]
    if not plans:
        raise Refused(f"没有待抽取的专家抽取预告：请先用 techserve draft drawplan --program {program} 起草预告，"
                      "合并公开后再抽取")
    entry = max(plans, key=lambda e: (e.model.date, e.id))
    plan = entry.model
    if ctx.as_of < plan.seed_date:
        raise Refused(f"抽取预告 {entry.id} 的种子日期是 {plan.seed_date}：当天公布后才能抽取")
    prefix = seed_prefix(plan)
    if not seed or not seed.strip():
        raise Refused(f"请用 --seed 写明{plan.seed_date}公布的{plan.seed_source}（如 --seed 11837.40）")
    seed = seed.strip() if seed.strip().startswith(prefix) else prefix + seed.strip()
    prog = ctx.reg.model("program", program)
    away = excluded_experts(ctx.reg, prog, plan.applications, plan.pool)
    panel = draw_panel(seed, plan.pool, away, plan.size)
    if len(panel) < plan.size:
        raise Refused(f"预告的专家库回避后只剩 {len(panel)} 人，不够抽取 {plan.size} 人")
    lines = [HEADER, "kind: draw\n", f"date: {ctx.as_of}\n", f"plan: {entry.id}\n", f"seed: {_q(seed)}\n",
             f"size: {plan.size}\n", "applications:\n", *[f"- {a}  # {_label(ctx.reg, a)}\n" for a in plan.applications],
             f"# 回避：{'、'.join(sorted(away)) or '无'}（与申报人同单位的专家）\n", "panel:\n",
             *[f"- {pid}\n" for pid in panel]]
    return Draft(program, f"{ctx.as_of.year}-zhuanjia-chouqu", "".join(lines))


def notice(ctx: Context, program: str) -> Draft:
    prog = _program(ctx.reg, program)
    apps = _waiting(ctx, program, "notice")
    if not apps:
        raise Refused(f"截至 {ctx.as_of}，没有通过评审、等待公示的申报")
    try:
        end = ctx.calendar.end_of(ctx.as_of, prog.notice.days, prog.notice.day_kind)
        unit = "工作日" if prog.notice.day_kind == "workday" else "自然日"
        ends = f"# 公示 {prog.notice.days} 个{unit}，至 {end}（含当日）止\n"
    except MissingYear as exc:
        ends = f"# 缺少 {exc.year} 年的节假日安排，暂时算不出公示结束日期\n"
    lines = [HEADER, "kind: notice\n", f"date: {ctx.as_of}\n",
             f"title: {_q(f'{ctx.as_of.year}年{prog.name}拟入选名单公示')}\n", ends,
             f"# document: 文号（如有，如 {prog.document or '某科字〔2026〕1号'}）\n", "applications:\n"]
    for a in apps:
        lines += [f"- {a}  # {_label(ctx.reg, a)}\n"]
    return Draft(program, f"{ctx.as_of.year}-gongshi", "".join(lines))


def approval(ctx: Context, notice_id: str | None, program_id: str = "") -> Draft:
    if not notice_id and program_id:
        prog_entry = ctx.reg.get("program", program_id)
        if prog_entry is None or prog_entry.model is None:
            raise Refused(f"没有项目“{program_id}”")
        if "notice" not in _steps(prog_entry):
            return _approval_without_notice(ctx, program_id)
    entry = ctx.reg.get("decision", notice_id) if notice_id else None
    if entry is None or entry.model is None or entry.model.kind != "notice":
        raise Refused(f"没有公示“{notice_id}”" if notice_id else "请用 --notice 指明依据的公示（决定编号）")
    program, prog = entry.program, ctx.reg.model("program", entry.program)
    end = ctx.status.notice_end.get(entry.id)
    if end is None:
        raise Refused("算不出这次公示的结束日期（缺少当年的节假日安排？），暂不能起草立项")
    first = after_notice(end)
    if ctx.as_of < first:
        raise Refused(f"公示“{entry.model.title}”到 {end} 才结束（含当日），立项最早在 {first}；"
                      f"今天（{ctx.as_of}）还不能起草立项")
    upheld = {d.application for _, d, _ in ctx.decisions("objection")
              if d.outcome == "upheld" and d.date <= ctx.as_of}
    done = {i.application for _, d, _ in ctx.decisions("approval") for i in d.applications}
    apps = [a for a in entry.model.applications if a not in upheld and a not in done]
    if not apps:
        raise Refused("这次公示的申报都已立项，或因异议成立不予立项")
    lines = [HEADER, "kind: approval\n", f"date: {ctx.as_of}\n", f"notice: {entry.id}\n", "applications:\n"]
    lines += _approval_items(ctx, prog, apps)
    skipped = sorted(set(entry.model.applications) - set(apps))
    if skipped:
        lines.append(f"# 未列入：{'、'.join(skipped)}（已立项或异议成立）\n")
    return Draft(program, f"{ctx.as_of.year}-lixiang", "".join(lines))


def _approval_without_notice(ctx: Context, program: str) -> Draft:
    """A program whose steps have no 公示 (its seed has none): the applications waiting for approval."""
    prog = _program(ctx.reg, program)
    apps = _waiting(ctx, program, "approval")
    if not apps:
        raise Refused(f"截至 {ctx.as_of}，没有等待立项（入库）的申报")
    lines = [HEADER, "kind: approval\n", f"date: {ctx.as_of}\n", "applications:\n"]
    lines += _approval_items(ctx, prog, apps)
    return Draft(program, f"{ctx.as_of.year}-lixiang", "".join(lines))


def _approval_items(ctx: Context, prog, apps: list[str]) -> list[str]:
    amount = settings(prog, "funding.amount")
    ranged = settings(prog, "funding.range")
    lines = []
    for a in apps:
        lines += [f"# {_label(ctx.reg, a)}\n", f"- application: {a}\n"]
        app = ctx.reg.get("application", a)
        if amount is not None and app is not None and app.model is not None:
            wan, why = expected_amount(ctx, app, amount)
            lines.append(f"  funding_wan: {wan:g}  # {why}，每年 {wan:g} 万元（funding.amount）\n")
        elif ranged is not None:
            lo, hi = ranged.min_wan, ranged.max_wan
            lines.append(f"  funding_wan: {FILL}资助金额（万元/年），{lo:g}-{hi:g} 万元\n")
    return lines


def payment(ctx: Context, program: str, year: int | None) -> Draft:
    _program(ctx.reg, program)
    if not year or year < 1:
        raise Refused("请用 --year 指明支持年度（立项后的第几年：1、2……）")
    prog = ctx.reg.model("program", program)
    payments = settings(prog, "funding.payments")
    years = payments.years if payments is not None else None
    if years is not None and year > years:
        raise Refused(f"本项目按年度拨付，最多 {years} 年（funding.payments），没有第 {year} 年的资金")
    paid = {(i.application, d.year) for _, d, _ in ctx.decisions("payment") for i in d.items}
    due, early = [], []
    for e in ctx.reg.valid("application", program):
        approved = ctx.status.approved_on.get(e.id)
        if approved is None or ctx.status.of(e.id) != "approved" or (e.id, year) in paid:
            continue
        start, stop = add_years(approved, year - 1), add_years(approved, year)
        if ctx.as_of < start:
            early.append((e.id, start))
        elif ctx.as_of < stop:
            due.append(e.id)
    if not due:
        why = f"；最早的要到 {min(s for _, s in early)} 才进入第 {year} 个支持年度" if early else ""
        raise Refused(f"截至 {ctx.as_of}，没有应拨付第 {year} 年资金的项目（已立项、未退出、尚未拨付）{why}")
    lines = [HEADER, "kind: payment\n", f"date: {ctx.as_of}\n", f"year: {year}\n", "items:\n"]
    for a in sorted(due):
        wan = ctx.status.funding.get(a)
        lines += [f"# {_label(ctx.reg, a)}\n", f"- application: {a}\n",
                  f"  amount_wan: {wan:g}  # 立项核定每年 {wan:g} 万元\n" if wan is not None
                  else f"  amount_wan: {FILL}拨付金额（万元）\n"]
    lines.append(f"note: {_q(f'培育期第{year}年项目资金')}\n")
    return Draft(program, f"{ctx.as_of.year}-bofu", "".join(lines))


def assessment(ctx: Context, program: str, year: int | None) -> Draft:
    _program(ctx.reg, program)
    year = year or ctx.as_of.year
    done = {r.application for _, d, _ in ctx.decisions("assessment") if d.year == year for r in d.results}
    entry = ctx.reg.get("program", program)
    p = yearly_params(entry)
    if p is not None:
        # the rule's own reading: a team approved within first_year_min_days of the deadline is
        # first assessed the next year, and a team that left is not assessed
        owed = {app.id for app, y, _ in required_assessments(ctx, entry, p) if y == year}
    else:
        owed = {a for a, on in ctx.status.approved_on.items()
                if on.year <= year and ctx.reg.program_of("application", a) == program}
    due = sorted(a for a in owed if ctx.status.of(a) == "approved" and a not in done)
    if not due:
        short = f"，立项当年不满 {p.first_year_min_days} 天的次年再考核" if p and p.first_year_min_days else ""
        raise Refused(f"没有需要 {year} 年度考核的项目（已立项、未退出、尚未考核{short}）")
    lines = [HEADER, "kind: assessment\n", f"date: {ctx.as_of}\n", f"year: {year}\n", "results:\n"]
    for a in due:
        lines += [f"# {_label(ctx.reg, a)}\n", f"- application: {a}\n",
                  f"  outcome: {FILL}合格 / 不合格（不合格的退出，不再拨付）\n",
                  "  # grade: 优秀 / 良好 / 合格 / 基本合格 / 不合格（可不填）\n"]
    return Draft(program, f"{year}-niandu-kaohe", "".join(lines))


def acceptance(ctx: Context, program: str) -> Draft:
    """验收 of every project whose term is over (completed), none accepted yet, none that exited."""
    _program(ctx.reg, program)
    done = {r.application for _, d, _ in ctx.decisions("acceptance") for r in d.results}
    due = sorted(e.id for e in ctx.reg.valid("application", program)
                 if ctx.status.of(e.id) == "completed" and e.id not in done)
    if not due:
        raise Refused(f"截至 {ctx.as_of}，没有培育期（实施期）已满、尚未验收的项目")
    lines = [HEADER, "kind: acceptance\n", f"date: {ctx.as_of}\n", "results:\n"]
    for a in due:
        lines += [f"# {_label(ctx.reg, a)}\n", f"- application: {a}\n",
                  f"  outcome: {FILL}通过 / 不通过（验收）\n", "  # score: 验收得分（0-100，可不填）\n"]
    return Draft(program, f"{ctx.as_of.year}-yanshou", "".join(lines))


def evaluation(ctx: Context, program: str) -> Draft:
    """三方评价 of the agreement whose service ended first and has none yet (one file each)."""
    prog = _program(ctx.reg, program)
    three = settings(prog, "evaluation.three-party")
    if three is None:
        raise Refused("本项目没有配置三方评价（evaluation.three-party）")
    parties = list(three.parties)
    done = {d.agreement for _, d, _ in ctx.decisions("evaluation")}
    ended = []
    for e in ctx.reg.valid("agreement", program):
        stop = ctx.status.terminated.get(e.id)
        last = min(e.model.end, stop) if stop else e.model.end
        if last < ctx.as_of and e.id not in done:
            ended.append((last, e.id))
    if not ended:
        raise Refused(f"截至 {ctx.as_of}，没有服务已结束、尚未评价的协议")
    ended.sort()
    last, agreement = ended[0]
    from ..rules.library.wording import PARTIES

    lines = [HEADER, "kind: evaluation\n", f"date: {ctx.as_of}\n", f"agreement: {agreement}\n",
             f"# 服务于 {last} 结束；还有 {len(ended) - 1} 份协议待评价（再运行一次本命令）\n", "ratings:\n"]
    for party in parties:
        lines += [f"- party: {party}  # {PARTIES.get(party, party)}\n", f"  rating: {FILL}好 / 较好 / 一般 / 差\n"]
    return Draft(program, f"{ctx.as_of.year}-pingjia-{agreement}", "".join(lines))


def progress(ctx: Context, program: str) -> Draft:
    """调度: the value of each target the registry cannot count (count: reported) and the state of
    each key task, for this year."""
    prog = _program(ctx.reg, program)
    reported = [t for t in prog.targets if t.count == "reported"]
    if not reported and not prog.tasks:
        raise Refused("本项目没有需要报告的指标（count: reported）或重点任务")
    year = min(ctx.as_of.year, prog.period.end.year)  # a program's last report may come after its end
    lines = [HEADER, "kind: progress\n", f"date: {ctx.as_of}\n", f"year: {year}\n"]
    if reported:
        lines.append("values:\n")
        for t in reported:
            lines += [f"- target: {t.id}  # {t.title}（目标 {t.goal} {t.unit or '项'}）\n",
                      f"  value: {FILL}完成值（数字）\n"]
    if prog.tasks:
        lines.append("tasks:\n")
        for n, t in enumerate(prog.tasks, 1):
            lines += [f"- task: {n}  # {t.title}（完成时限 {t.deadline}）\n", f"  status: {FILL}未启动 / 推进中 / 已完成\n"]
    return Draft(program, f"{ctx.as_of.year}-{ctx.as_of.month:02d}-diaodu", "".join(lines))


def recommendation(ctx: Context, program: str, unit: str | None) -> Draft:
    """推荐函和推荐特派员清单 of one recommending unit: its applications that passed the initial
    review by the day and are on no list sent yet (recommendation.monthly)."""
    _program(ctx.reg, program)
    listed = on_lists(ctx.reg, program, ctx.as_of)
    passed = set(passed_between(ctx.reg, program, date.min, ctx.as_of))
    by_unit: dict[str, list[str]] = {}
    for a in sorted(passed - listed):
        app = ctx.reg.model("application", a)
        if app is not None:
            by_unit.setdefault(app.recommended_by, []).append(a)
    if unit is None and len(by_unit) == 1:
        unit = next(iter(by_unit))
    if unit is None:
        if not by_unit:
            raise Refused(f"截至 {ctx.as_of}，没有通过初审、尚未寄送推荐清单的申请")
        raise Refused("请用 --unit 指明推荐单位：" + "、".join(
            f"{u}（{len(apps)} 份）" for u, apps in sorted(by_unit.items())))
    apps = by_unit.get(unit, [])
    if not apps:
        raise Refused(f"推荐单位“{unit}”截至 {ctx.as_of} 没有通过初审、尚未寄送推荐清单的申请")
    lines = [HEADER, "# 推荐函和推荐特派员清单（清单用 techserve export --xlsx --recommendations 导出，加盖公章寄送）\n",
             "kind: recommendation\n", f"date: {ctx.as_of}  # 寄送日期\n", f"unit: {unit}\n", "applications:\n"]
    lines += [f"- {a}  # {_label(ctx.reg, a)}\n" for a in apps]
    lines.append(f"note: {FILL}寄送方式、快递单号\n")
    return Draft(program, f"{ctx.as_of.year}-{ctx.as_of.month:02d}-tuijian-{unit}", "".join(lines))


def make(reg: Registry, as_of: date, kind: str, program: str | None = None, stage: str | None = None,
         notice_id: str | None = None, year: int | None = None, seed: str | None = None,
         size: int | None = None, unit: str | None = None, seed_source: str | None = None,
         seed_date: date | None = None) -> Draft:
    ctx = Context(reg, as_of)
    program = program or ""  # each drafter refuses a missing or unknown program (_program)
    if kind == "review":
        return review(ctx, program, stage or "initial")
    if kind == "drawplan":
        return drawplan(ctx, program, size, seed_source, seed_date)
    if kind == "draw":
        return draw(ctx, program, seed)
    if kind == "notice":
        return notice(ctx, program)
    if kind == "approval":
        return approval(ctx, notice_id, program)
    if kind == "payment":
        return payment(ctx, program, year)
    if kind == "assessment":
        return assessment(ctx, program, year)
    if kind == "acceptance":
        return acceptance(ctx, program)
    if kind == "evaluation":
        return evaluation(ctx, program)
    if kind == "progress":
        return progress(ctx, program)
    if kind == "recommendation":
        return recommendation(ctx, program, unit)
    raise Refused(f"不能起草“{kind}”：可起草 {'、'.join(KINDS)}")


def write(root: Path, d: Draft) -> Path:
    """Write the draft under a name no file has: 2026-lixiang.yaml, else 2026-lixiang-2.yaml…"""
    folder = root / "submissions" / "programs" / d.program / "decisions"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, 100):
        path = folder / (f"{d.name}.yaml" if n == 1 else f"{d.name}-{n}.yaml")
        try:
            write_atomic(path, d.text, exclusive=True)
            return path
        except FileExistsError:
            continue
    raise Refused(f"{folder} 中已有太多同名草稿")
