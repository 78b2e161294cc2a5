"""The techserve command line (README "Commands"). Thin: parse options, call a stage, print, exit."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from .clock import today_in_shanghai
from .files import write_atomic


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "submissions").is_dir():
            return folder
    return start


def _root(args) -> Path:
    return Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())


def registry_of(report):
    """The registry a check read (every check keeps it; a report read back from JSON has none)."""
    if report.registry is None:
        raise RuntimeError("the check kept no registry")
    return report.registry


def _cache(args):
    """The blob cache every command reads the registry through, unless --no-cache or
    TECHSERVE_CACHE=off. --no-cache also keeps the matcher's sentence vectors from being stored."""
    from .match import keep_vectors
    from .registry.cache import default_location, open_cache

    off = getattr(args, "no_cache", False)
    keep_vectors(not off)
    return None if off else open_cache(default_location())


def cmd_check(args) -> int:
    from .checker import check
    from .reporters import REPORTERS

    root = _root(args)
    if not (root / "submissions").is_dir():
        print(f"错误：{root} 下没有 submissions/ 目录（可用 --root 指定登记库根目录）", file=sys.stderr)
        return 2
    paths = []
    for p in args.paths:
        full = Path(p).resolve()
        try:
            paths.append(full.relative_to(root).as_posix())
        except ValueError:
            print(f"错误：{p} 不在登记库 {root} 之内", file=sys.stderr)
            return 2
    from .workflow import BaseUnreadable

    try:
        report = check(root, args.as_of or today_in_shanghai(), paths, args.base, _cache(args))
    except BaseUnreadable as exc:
        print(exc, file=sys.stderr)
        return 2
    sys.stdout.write(REPORTERS[args.format](report))
    if args.json_out:  # the same run, also as JSON (the comment is rendered from it)
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(args.json_out), REPORTERS["json"](report))
    if args.codequality_out:
        Path(args.codequality_out).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(args.codequality_out), REPORTERS["codequality"](report))
    return 1 if report.errors else 0


def cmd_comment(args) -> int:
    """JSON report → the pull-request comment (Markdown), validated and escaped."""
    from .reporters.comment import BadReport, render_comment

    try:
        with open(args.report, "rb") as fh:
            raw = fh.read(64 * 1024 * 1024 + 1)
        sys.stdout.write(render_comment(raw))
    except (OSError, BadReport) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0


def _sync(root: Path, folder: str, wanted: dict[str, str], check: bool, command: str,
          stray: tuple[str, ...] = ()) -> int:
    """Write generated files under root/folder, or with --check report every stale, missing or
    stray one (and the lines that differ) and fail. Files matching `stray` that are no longer
    wanted are removed on write (a closed program's form). Used by schema, codeowners and forms."""
    out = root / folder
    extra = sorted({p.name for pattern in stray for p in out.glob(pattern) if p.name not in wanted}) \
        if out.is_dir() else []
    if check:
        stale = [n for n, text in wanted.items()
                 if not (out / n).is_file() or (out / n).read_text(encoding="utf-8") != text]
        for name in stale + extra:
            print(f"错误：{folder}/{name} 与数据或代码不一致：请运行 techserve {command} 重新生成并提交", file=sys.stderr)
            if name in wanted and (out / name).is_file():
                old = set((out / name).read_text(encoding="utf-8").splitlines())
                new = set(wanted[name].splitlines())
                for line in sorted(new - old)[:10]:
                    print(f"  缺少：{line}", file=sys.stderr)
                for line in sorted(old - new)[:10]:
                    print(f"  多余：{line}", file=sys.stderr)
        if not stale and not extra:
            print(f"{folder}/ 与数据和代码一致")
        return 1 if stale or extra else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in wanted.items():
        write_atomic(out / name, text)
    for name in extra:
        (out / name).unlink()
    print(f"已写入 {len(wanted)} 个文件到 {folder}/" + (f"，删除 {len(extra)} 个过时文件" if extra else ""))
    return 0


def cmd_schema(args) -> int:
    from .models.export import all_schemas, contract
    from .registry.layout import FOLDER_OF
    from .rules.references import KIND_NAMES

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    where = {k: (f"submissions/{f}/<编号>.yaml" if k in ("unit", "person", "enterprise", "calendar")
                 else f"submissions/programs/<项目编号>/{f}/<编号>.yaml") for k, f in FOLDER_OF.items()}
    where["program"] = "submissions/programs/<项目编号>/program.yaml"
    wanted = {**all_schemas(), "README.md": contract(where, KIND_NAMES)}
    return _sync(root, "schemas", wanted, args.check, "schema", stray=("*.schema.json",))


def cmd_rules(args) -> int:
    import json

    from .registry import load_registry
    from .rules import Context
    from .rules.library import RULES, configured

    if args.all:
        return _print_catalogue(args.format)

    reg = load_registry(_root(args), _cache(args))
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

    from .catalogue import CATALOGUE, STAGES, homes
    from .rules.library import RULES  # noqa: F401  (the library registers its rules)

    rows = sorted(CATALOGUE.values(), key=lambda r: (list(STAGES).index(r.stage), r.id))
    where = homes(CATALOGUE)
    if fmt == "json":
        print(json.dumps([{"rule": r.id, "title": r.title, "stage": r.stage, "severity": r.severity, "doc": r.doc,
                           "modules": where[r.id]} for r in rows], ensure_ascii=False, indent=2))
        return 0
    stage = None
    for r in rows:
        if r.stage != stage:
            stage = r.stage
            print(f"\n## {STAGES[stage]}")
        level = "由项目设定" if r.stage == "program" else {"error": "错误", "warning": "警告", "info": "备注"}[r.severity]
        print(f"- [{r.id}] {r.title}（{level}）  {', '.join(where[r.id])}")
    return 0


def _unknown(reg, *wanted: tuple[str, str | None, str]) -> bool:
    """Say so (and return True) when an option names a record the registry has no valid file for."""
    for kind, value, label in wanted:
        if value and reg.model(kind, value) is None:
            print(f"错误：没有{label}“{value}”（或该文件未通过检查）", file=sys.stderr)
            return True
    return False


def cmd_match(args) -> int:
    """Candidates for needs (techserve.match): ranked, with reasons; --assign proposes one each."""
    import json

    from .match import DEFAULT_TOP, Matcher
    from .match.assign import assign
    from .registry import load_registry

    reg = load_registry(_root(args), _cache(args))
    if _unknown(reg, ("program", args.program, "项目"), ("need", args.need, "需求")):
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


def cmd_draft(args) -> int:
    """The next decision, drafted from the registry (techserve.office.draft); never overwrites."""
    from .office.draft import Refused, make, write
    from .registry import load_registry

    root = _root(args)
    reg = load_registry(root, _cache(args))
    as_of = args.date or today_in_shanghai()
    try:
        d = make(reg, as_of, args.kind, args.program, args.stage, args.notice, args.year, args.seed, args.size,
                 args.unit, args.seed_source, args.seed_date)
    except Refused as exc:
        print(f"未起草：{exc}", file=sys.stderr)
        return 1
    if args.stdout:
        print(d.text, end="")
        return 0
    path = write(root, d)
    rel = path.relative_to(root).as_posix()
    print(f"已起草 {rel}：请填写标有“请填写”的各项（techserve check 会逐条提示），核对后提交")
    return 0


def cmd_todo(args) -> int:
    """What the office has to do next (techserve.office): due dates on the workday calendar."""
    import json

    from .office import todo
    from .registry import load_registry

    reg = load_registry(_root(args), _cache(args))
    if _unknown(reg, ("program", args.program, "项目"), ("unit", args.unit, "单位")):
        return 2
    as_of = args.as_of or today_in_shanghai()
    items = todo(reg, as_of, args.program, args.unit)
    if args.format == "markdown":
        from .reporters.worklist import worklist

        text = worklist(reg, items, as_of, args.mentions)
        if args.out:
            write_atomic(Path(args.out), text)
        else:
            print(text, end="")
        return 0
    if args.format == "json":
        print(json.dumps({"as_of": as_of.isoformat(), "items": [i.as_dict() for i in items]}, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(f"截至 {as_of}，没有待办事项")
        return 0
    bullet = "- " if args.format == "markdown" else "  "
    for program in sorted({i.program for i in items}):
        heading = f"{reg.model('program', program).name}（{program}）" if program else "整个登记库"
        print(f"{'## ' if args.format == 'markdown' else ''}{heading}")
        for i in (i for i in items if i.program == program):
            when = f"[{i.due}] " if i.due else ""
            pad = "  " if args.format == "markdown" else "    "
            print(f"{bullet}{when}{i.what}\n{pad}文件：{i.create}" + (f"\n{pad}命令：`{i.draft}`" if i.draft else ""))
        print()
    return 0


def cmd_new(args) -> int:
    from .scaffold import write_new

    return write_new(_root(args), args)


def _site_env(args) -> Path | None:
    """Where mkdocs.yml is; the as-of day travels to the plugin in its environment variable."""
    import os

    from .site.plugin import AS_OF_ENV

    root = _root(args)
    if not (root / "mkdocs.yml").is_file():
        print(f"错误：{root} 下没有 mkdocs.yml", file=sys.stderr)
        return None
    if args.as_of:
        os.environ[AS_OF_ENV] = args.as_of.isoformat()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return root


def cmd_nginx(args) -> int:
    """The nginx server block for a built site (its CSP hashes read from the pages)."""
    from .site.nginx import server_block

    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"错误：{site} 下没有 index.html，请先运行 techserve build", file=sys.stderr)
        return 2
    sys.stdout.write(server_block(site, root=args.root_dir, server_name=args.server_name, listen=args.listen))
    return 0


def cmd_build(args) -> int:
    import logging
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    root = _site_env(args)
    if root is None:
        return 2
    overrides = {}
    if args.out:
        out = Path(args.out).resolve()
        problem = unsafe_site_dir(out, root.resolve())
        if problem:
            print(f"错误：不能输出到 {args.out}：{problem}", file=sys.stderr)
            return 2
        overrides = {"site_dir": str(out)}
    # MkDocs reports a plugin's refusal (e.g. the registry has errors) and the warnings that abort
    # a strict build through its logger; without this the reader would see only "3 warnings".
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    # What the techserve plugin withheld from publication, and why, is told to the office as info
    # (a warning would abort the strict build, and the site publishes every day).
    ours = logging.StreamHandler(sys.stderr)
    ours.setLevel(logging.INFO)
    ours.setFormatter(logging.Formatter("%(message)s"))
    ours.addFilter(lambda r: r.levelno < logging.WARNING and r.getMessage().startswith("techserve: 以"))
    plugin_log = logging.getLogger("mkdocs.plugins.techserve")
    plugin_log.addHandler(ours)
    level = plugin_log.level
    plugin_log.setLevel(logging.INFO)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True, **overrides)
        if urlsplit(config.site_url or "").hostname in (None, "127.0.0.1", "localhost"):
            # canonical links, og:url, sitemap and feed links would point at this machine
            print(f"提示：网站地址是 {config.site_url or '（未设置）'}：规范链接、分享链接、站点地图和订阅中的地址都会指向它。"
                  "正式发布前请设置环境变量 TECHSERVE_SITE_URL（如 https://kjfw.example.gov.cn/）", file=sys.stderr)
        build(config)
    except MkDocsException as exc:  # includes the strict-mode abort
        print(f"错误：网站构建失败：{exc}", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        plugin_log.removeHandler(ours)
        plugin_log.setLevel(level)
    return 0


SITE_MARK = ".techserve-site"  # written into every site output, so a rebuild may empty it


def cmd_pages(args) -> int:
    """The site's pages as plain Markdown and files (the generated tree beside docs_dir's own
    pages), without MkDocs: what another static-site builder would take as its input."""
    import shutil

    from .checker import check
    from .pages import generate
    from .pages.withhold import publishable, withheld_lines
    from .registry.cache import default_location, open_cache
    from .site.plugin import repository_url

    root = _root(args)
    out = Path(args.out).resolve()
    problem = unsafe_site_dir(out, root.resolve())
    if problem:
        print(f"错误：不能输出到 {args.out}：{problem}", file=sys.stderr)
        return 2
    as_of = args.as_of or today_in_shanghai()
    report = check(root, as_of, cache=open_cache(default_location()), snapshot=False)
    reg, stop = publishable(registry_of(report), report.findings)
    if stop:
        print(f"注意：{len({f.file for f in stop})} 个文件有不能公开的问题，生成的页面不含这些记录（其余照常生成）：",
              file=sys.stderr)
        print("\n".join(withheld_lines(stop)), file=sys.stderr)
    docs = root / "site"  # mkdocs.yml's docs_dir: the guides and assets written by hand
    if out.exists():
        shutil.rmtree(out)
    if docs.is_dir():
        shutil.copytree(docs, out)
    else:
        out.mkdir(parents=True)
    generated = generate(reg, as_of, args.site_url or "", repository_url(None))
    for uri, content in generated.items():
        target = out / uri
        if target.exists():
            print(f"错误：{docs.name}/{uri} 已存在，与生成的页面重名", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (out / SITE_MARK).write_text("techserve pages\n", encoding="utf-8")
    print(f"已写入 {len(generated)} 个生成的页面和文件到 {out}（另有 {docs.name}/ 的文件）")
    return 0




def unsafe_site_dir(out: Path, root: Path) -> str | None:
    """Why MkDocs may not empty `out` before writing the site there, or None. It deletes
    everything in the folder: only an empty folder or a previous site output qualifies."""
    if out == root or out in root.parents or root / "submissions" in (out, *out.parents):
        return "这是登记库本身或其上级目录，构建会删除其中的全部文件"
    if out.exists() and not out.is_dir():
        return "这是一个文件，不是文件夹"
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARK).is_file():
        return "文件夹不是空的，也不是以前生成的网站（构建会先清空它）。请换一个空文件夹"
    return None


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    root = _site_env(args)
    if root is None:
        return 2
    serve(str(root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{args.port}")
    return 0


def cmd_export(args) -> int:
    """The open data (JSON, CSV with BOM, schema) without building the site; with --xlsx, the
    office's workbooks per program (and year)."""
    from .checker import check
    from .pages.builder import Builder
    from .pages.withhold import publishable, withheld_lines

    root = _root(args)
    if args.forms:
        return _export_forms(root, args)
    as_of = args.as_of or today_in_shanghai()
    # As the site (pages.withhold): a record the check finds unsafe (personal data above all) never
    # reaches open data or a workbook; the rest is exported, obligations or not.
    report = check(root, as_of, cache=_cache(args))
    reg, stop = publishable(registry_of(report), report.findings)
    if stop:
        print(f"注意：{len({f.file for f in stop})} 个文件有不能公开的问题，导出的数据不含这些记录：", file=sys.stderr)
        print("\n".join(withheld_lines(stop)), file=sys.stderr)
    builder = Builder(reg, as_of)
    if args.recommendations:
        return _export_recommendations(builder, root, args)
    if args.xlsx:
        return _export_workbooks(builder, root, args)
    from .pages.opendata import export

    out = Path(args.out or "public/data")
    for rel, content in export(builder).items():
        target = out / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content)
        print(target)
    return 0


def _export_forms(root: Path, args) -> int:
    """One printable 申报表 per application, from the registry as checked in this same run."""
    from .checker import check
    from .loader.document import read_capped
    from .pages.builder import Builder
    from .pages.forms import application_form

    as_of = args.as_of or today_in_shanghai()
    report = check(root, as_of, cache=_cache(args))
    builder = Builder(registry_of(report), as_of)
    out = Path(args.out or "exports/forms").resolve()
    if out == root / "public" or root / "public" in out.parents:
        print("错误：申报表含出生年月等信息，不能导出到网站目录 public/ 下", file=sys.stderr)
        return 2
    personal = [f for f in report.findings if f.rule.startswith("privacy.") and f.severity == "error"]
    if personal:  # a printed form is copied and filed: it never carries a phone number or an ID
        for f in personal[:20]:
            print(f"  {f.file}:{f.line}: [{f.rule}] {f.message}", file=sys.stderr)
        print(f"错误：登记库含有 {len(personal)} 处个人信息，不予生成申报表。请先删除后再导出", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    unfit = 0
    for entry in registry_of(report).by_kind["application"].values():
        if args.program and entry.program != args.program:
            continue
        if entry.model is None:
            unfit += 1
            print(f"{entry.file}：格式检查未通过，无法生成申报表（请先运行 techserve check 并改正）", file=sys.stderr)
            continue
        mine = [f for f in report.findings if f.file == entry.file]
        html = application_form(builder, entry, mine, read_capped(root / entry.file))
        target = out / f"{entry.id}.html"
        write_atomic(target, html)
        print(target)
    return 1 if unfit else 0


def _export_recommendations(builder, root: Path, args) -> int:
    """The month's 推荐特派员清单 per recommending unit: one workbook, one printable page per unit."""
    import re

    from .pages.recommendations import lists, printable, workbook

    if not args.month or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        print("错误：请用 --month YYYY-MM 指明月份，如 --month 2021-09", file=sys.stderr)
        return 2
    programs = [args.program] if args.program else [e.id for e in builder.programs]
    if args.program and builder.reg.model("program", args.program) is None:
        print(f"错误：没有项目“{args.program}”", file=sys.stderr)
        return 2
    if args.unit and builder.reg.model("unit", args.unit) is None:
        print(f"错误：没有单位“{args.unit}”", file=sys.stderr)
        return 2
    out = Path(args.out or "exports/recommendations").resolve()
    out.mkdir(parents=True, exist_ok=True)
    wrote = 0
    for program in programs:
        units = [u for u in lists(builder, program, args.month, args.unit) if u.rows or args.unit]
        if not units:
            continue
        name = f"{program}-{args.month}" + (f"-{args.unit}" if args.unit else "")
        write_atomic(out / f"{name}.xlsx", workbook(builder, program, args.month, args.unit))
        print(out / f"{name}.xlsx")
        for u in units:
            write_atomic(out / f"{program}-{args.month}-{u.unit}.html", printable(builder, program, args.month, u))
            print(out / f"{program}-{args.month}-{u.unit}.html")
        wrote += 1
    if not wrote:
        print(f"{args.month} 没有审核通过的申请，未生成清单", file=sys.stderr)
    return 0


def _export_workbooks(builder, root: Path, args) -> int:
    from .pages.workbook import program_workbook

    out = Path(args.out or "exports").resolve()
    if args.internal and (out == root / "public" or root / "public" in out.parents):
        print("错误：内部资料含个人信息，不能导出到网站目录 public/ 下", file=sys.stderr)
        return 2
    programs = [e.id for e in builder.programs]
    if args.program:
        if args.program not in programs:
            print(f"错误：没有可导出的项目“{args.program}”", file=sys.stderr)
            return 2
        programs = [args.program]
    out.mkdir(parents=True, exist_ok=True)
    if args.records:
        from .pages.workbook import records_workbook

        if out == root / "public" or root / "public" in out.parents:
            print("错误：登记信息工作簿含个人信息，不能导出到网站目录 public/ 下", file=sys.stderr)
            return 2
        write_atomic(out / "登记信息.xlsx", records_workbook(builder))
        print(out / "登记信息.xlsx")
        return 0
    for program in programs:
        name = program + (f"-{args.year}" if args.year else "") + ("-内部" if args.internal else "") + ".xlsx"
        write_atomic(out / name, program_workbook(builder, program, args.year, args.internal))
        print(out / name)
    return 0


def cmd_draw(args) -> int:
    """The expert panel a draw decision's public seed gives; --verify compares it with the file."""
    from .registry import load_registry
    from .registry.draw import excluded_experts, expected_panel, plan_of, public_before_seed, rank

    reg = load_registry(_root(args), _cache(args))
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
    from .registry.draw import follows_plan, public_before_seed, seed_prefix

    d = entry.model
    if plan is None:
        return f"{entry.file} 没有依据事先公开的抽取预告（plan），种子可能是看过结果后选的"
    public, in_advance = public_before_seed(reg, reg.get("decision", d.plan))
    if not in_advance:
        return f"抽取预告 {d.plan} 于 {public} 才公开，不早于种子日期 {plan.seed_date}：种子可能是先看到再定的"
    if not follows_plan(plan, d.seed):
        return f"种子“{d.seed}”不是预告规定的“{seed_prefix(plan)}<当天公布的数字>”"
    return None


def cmd_codeowners(args) -> int:
    from .registry import load_registry
    from .routing import render_codeowners

    root = _root(args)
    return _sync(root, ".github", {"CODEOWNERS": render_codeowners(load_registry(root, _cache(args)), root)}, args.check,
                 "codeowners")


FORMS_AS_OF = re.compile(r"^# as-of: (\d{4}-\d{2}-\d{2})$", re.M)


def cmd_forms(args) -> int:
    """The issue forms of every forge, from the forms' one definition and the registry: GitHub
    issue forms, GitLab description templates, Gitee Markdown templates. An application form
    exists for each program open for applications on the day, so forms come and go with the
    programs' windows. --check regenerates as of the day the files were made (written in
    config.yml): it finds forms out of step with the registry or the code, not the calendar,
    which the daily forms workflow follows."""
    from .intake.forms import FORMS, offers, render_form, render_markdown, running, template_name
    from .registry import load_registry

    root = _root(args)
    as_of = args.as_of
    config = root / ".github/ISSUE_TEMPLATE/config.yml"
    if as_of is None and args.check and config.is_file():
        m = FORMS_AS_OF.search(config.read_text(encoding="utf-8"))
        as_of = _date(m.group(1)) if m else None
    as_of = as_of or today_in_shanghai()
    reg = load_registry(root, _cache(args))
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
    codes = [_sync(root, ".github/ISSUE_TEMPLATE", github, args.check, "forms", stray=("*.yml",)),
             _sync(root, ".gitlab/issue_templates", gitlab, args.check, "forms", stray=("*.md",)),
             _sync(root, ".gitee/ISSUE_TEMPLATE", gitee, args.check, "forms", stray=("*.md", "*.yml"))]
    return max(codes)


def cmd_from_issue(args) -> int:
    """Issue-form body → YAML files (the record, and a person file for each new person named in
    it). Prints them; with --write saves them (never overwriting) and checks them as CI will.
    --json gives {ok, files, problems, reply}: the reply is the Chinese comment for the issue,
    the check rendered like the pull-request comment. --format names the forge whose body it is:
    GitHub's rendered issue form, or a GitLab / Gitee Markdown template filled in (the same
    ### headings; the template's help comments and GitLab's quick actions are dropped)."""
    import json

    from .intake import FORMS, files_of, from_issue
    from .intake.reply import REDACTED_NOTE, labelled, reply_text
    from .registry import load_registry

    root = _root(args)
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
    from .personal import redact

    masked = redact(body)
    redacted = masked if masked != body else ""
    if args.format == "gitlab":  # quick actions (/label …) run when the issue is saved; they are not answers
        body = re.sub(r"^/[a-z_]+\b.*$", "", body, flags=re.M)
    day = args.date or today_in_shanghai()
    intake = from_issue(args.form, body, day, load_registry(root, _cache(args)))
    if not intake.ok:
        from .reporters.markdown import cell  # the messages quote what the applicant wrote: made inert

        lines = "\n".join(f"- {('**' + cell(label) + '**：') if label else ''}{cell(message)}"
                          for label, message in intake.problems)
        return done(1, problems=intake.problems, reply=f"表单内容还有问题，请编辑议题改正，保存后会自动重新检查：\n\n{lines}\n")
    files, problem = files_of(FORMS[args.form], intake)
    if problem:
        from .reporters.markdown import cell

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
        from .reporters.markdown import cell

        return done(1, problems=[("", message)], reply=cell(message) + "\n")
    for rel, text in texts:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text, exclusive=True)
    from .checker import check
    from .reporters import REPORTERS
    from .reporters.comment import render_comment

    report = check(root, day, [rel for rel, _ in texts], cache=_cache(args))
    from .reporters.markdown import cell

    # answered in the form's own field names; the files and lines stay for the reviewers, folded
    details = render_comment(REPORTERS["json"](report).encode("utf-8"))
    reply = (reply_text(labelled(FORMS[args.form], texts, report.findings), cell)
             + f"\n<details><summary>检查详情（生成的文件和行号，供审核人参考）</summary>\n\n{details}\n</details>\n")
    if not as_json:
        for rel, _ in texts:
            print(rel)
        sys.stdout.write(REPORTERS["text"](report))
    return done(1 if report.errors else 0, texts, reply=reply)


def cmd_import(args) -> int:
    """An office's workbook → record files (techserve.intake.workbook): every row judged, the
    registry with them checked as CI will, and nothing written unless all of it passes."""
    from .intake.workbook import check_together, read_workbook
    from .registry import load_registry

    root = _root(args)
    day = args.as_of or today_in_shanghai()
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"错误：无法读取“{args.file}”：{exc.strerror or exc}", file=sys.stderr)
        return 2
    imported = read_workbook(data, load_registry(root, _cache(args)))
    if imported.ok and imported.rows:
        imported.problems += check_together(root, imported, day)
    for sheet, line, column, message in imported.problems:
        where = "".join([f"“{sheet}”" if sheet else "", f"第 {line} 行" if line else "", f"“{column}”列" if column else ""])
        print(f"{where}：{message}" if where else message, file=sys.stderr)
    if not imported.ok:
        print(f"未导入：{len(imported.problems)} 处问题，没有写入任何文件。改正工作簿后重新导入", file=sys.stderr)
        return 1
    taken = [rel for rel, _ in imported.files() if (root / rel).exists()]
    if taken:
        print(f"未导入：{'、'.join(taken)} 已存在，不会覆盖", file=sys.stderr)
        return 1
    if args.dry_run:
        for row in imported.rows:
            print(f"将新增 {row.rel}（“{row.sheet}”第 {row.number} 行）")
    else:
        written = []
        try:
            for rel, text in imported.files():
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, text, exclusive=True)
                written.append(target)
        except OSError as exc:  # all or nothing: take back what this run wrote
            for target in written:
                target.unlink(missing_ok=True)
            print(f"错误：写入失败（{exc}），已撤回本次写入的文件", file=sys.stderr)
            return 1
        for row in imported.rows:
            print(f"已新增 {row.rel}（“{row.sheet}”第 {row.number} 行）")
    if imported.same:
        print(f"{len(imported.same)} 行与登记库中的记录相同，未改动")
    print(f"共 {len(imported.rows)} 条新记录" + ("（试导入，未写入）" if args.dry_run else "，请提交拉取请求"))
    return 0


def _new_arguments(p) -> None:
    # Defined here, not in scaffold/: importing scaffold loads pypinyin and the models, and
    # `techserve --help` should start in well under 0.2 s.
    p.add_argument("kind", choices=("unit", "person", "enterprise", "application", "need", "agreement", "service"),
                   help="要生成的记录类型")
    p.add_argument("--name", required=True, help="名称或姓名（用于生成拼音编号）")
    p.add_argument("--id", help="指定编号（默认由名称的拼音生成）")
    p.add_argument("--suffix", default="", help="编号后缀，如单位简称 hust，避免重名")
    p.add_argument("--program", help="项目编号（申报、需求、协议、服务登记需要）")
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="techserve", description="科技服务项目登记库：检查、模板与公示网站")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="检查登记库（格式、资格规则；加 --base 时还检查本次变更）")
    p.add_argument("paths", nargs="*", metavar="PATH", help="只显示与这些文件或目录有关的问题")
    p.add_argument("--root", help="登记库根目录（默认：当前目录向上查找 submissions/）")
    p.add_argument("--as-of", type=_date, help="按哪一天计算状态和期限（默认：北京时间今天）")
    p.add_argument("--base", help="与此 Git 版本比较，检查本次变更（如 origin/main）")
    p.add_argument("--format", choices=("text", "json", "github", "markdown", "codequality"), default="text")
    p.add_argument("--json-out", metavar="FILE", help="同时把结果以 JSON 写入此文件")
    p.add_argument("--codequality-out", metavar="FILE", help="同时写出 GitLab 代码质量报告（合并请求页面显示）")
    p.add_argument("--no-cache", action="store_true",
                   help="不使用解析缓存（默认缓存在 ~/.cache/techserve，可用环境变量 TECHSERVE_CACHE 指定或设为 off）")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("comment", help="由 JSON 检查结果生成拉取请求评论（校验并转义，供评论工作流使用）")
    p.add_argument("report", help="check --format json 的输出文件")
    p.set_defaults(func=cmd_comment)

    p = sub.add_parser("schema", help="由模型生成 schemas/*.schema.json")
    p.add_argument("--check", action="store_true", help="只检查是否一致，不写文件")
    p.add_argument("--root")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("draft", help="按登记库的状态起草下一份决定（评审、公示、立项、拨付、考核），不覆盖已有文件")
    p.add_argument("kind", choices=("review", "drawplan", "draw", "notice", "approval", "payment", "assessment", "acceptance",
                                     "evaluation", "progress", "recommendation"))
    p.add_argument("--root", help="登记库根目录")
    p.add_argument("--program", help="项目编号（立项按 --notice 确定项目）")
    p.add_argument("--stage", choices=("initial", "expert"), default="initial", help="评审阶段：initial 初审，expert 专家评审")
    p.add_argument("--notice", help="立项所依据的公示（决定编号）")
    p.add_argument("--year", type=int, help="拨付：支持年度（第几年）；考核：考核年度")
    p.add_argument("--seed", help="专家抽取：抽取预告的种子日期公布的数字（如 11837.40）")
    p.add_argument("--size", type=int, help="抽取预告：抽取人数（默认 5）")
    p.add_argument("--seed-source", help="抽取预告：种子来源（默认：深证成指收盘点位）")
    p.add_argument("--seed-date", type=_date, help="抽取预告：种子日期（默认：今天起第二个工作日），须晚于预告合并之日")
    p.add_argument("--unit", help="推荐清单：推荐单位（单位编号）")
    p.add_argument("--date", type=_date, help="决定日期（默认：北京时间今天）")
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("match", help="为企业需求推荐人选（特派员、专家和团队），并说明理由")
    p.add_argument("--root", help="登记库根目录")
    p.add_argument("--as-of", type=_date, help="按哪一天的登记情况推荐（默认：北京时间今天）")
    p.add_argument("--need", help="只推荐这一项需求（需求编号）")
    p.add_argument("--program", help="只推荐这个项目的需求")
    p.add_argument("--top", type=int, help="每项需求推荐几人（默认 10；0 为全部）")
    p.add_argument("--all", action="store_true", help="全部需求对全部人员（不论是否开放、是否入库），用于评测")
    p.add_argument("--assign", action="store_true", help="再为每项需求建议一名人选，不超过各人可服务的企业数")
    p.add_argument("--lexical", action="store_true", help="只用词项匹配（不用语义向量）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("todo", help="项目办公室的待办事项：等待各环节的申报、进行中的公示、待签协议、年度考核")
    p.add_argument("--program", help="只列出这个项目")
    p.add_argument("--unit", help="只列出这个推荐单位推荐的申报")
    p.add_argument("--as-of", type=_date, help="按这一天计算（默认今天，北京时间）")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--mentions", action="store_true",
                   help="markdown：每项写明负责审核的账号（单位的 reviewers、项目的 owners），用于“待办事项”议题")
    p.add_argument("--out", help="markdown：写入此文件（而不是打印）")
    p.add_argument("--root")
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=cmd_todo)

    p = sub.add_parser("rules", help="列出各项目配置的资格规则及其政策条款")
    p.add_argument("--program", help="只列出这个项目")
    p.add_argument("--all", action="store_true", help="列出全部规则编号（文件格式、通用规则、项目规则、变更规则）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--root")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("new", help="生成一份可直接填写的模板文件")
    _new_arguments(p)
    p.add_argument("--root")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="由 Excel 工作簿（单位、人员、企业、需求）导入登记文件：全部通过检查才写入")
    p.add_argument("file", help="工作簿 .xlsx（版式同 export --xlsx --records，或附件表格的列名）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=_date, help="按哪一天检查（默认：北京时间今天）")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出将新增的文件，不写入")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("build", help="由登记库生成页面并构建公示网站（public/）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=_date, help="按哪一天计算公示状态（默认：北京时间今天）")
    p.add_argument("--out", help="输出目录（默认：mkdocs.yml 中的 public/）")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("pages", help="只生成网站的页面（Markdown 和数据文件），不构建网站，供其他静态网站工具使用")
    p.add_argument("--root")
    p.add_argument("--as-of", type=_date, help="按哪一天计算公示状态（默认：北京时间今天）")
    p.add_argument("--out", required=True, help="输出目录（空文件夹或以前的输出）")
    p.add_argument("--site-url", default="", help="网站地址，用于规范链接和订阅")
    p.set_defaults(func=cmd_pages)
    p = sub.add_parser("nginx", help="为构建好的网站生成 nginx 配置（压缩、缓存、内容安全策略）")
    p.add_argument("--site", default="public", help="构建好的网站目录（默认 public/）")
    p.add_argument("--root-dir", default="/srv/techserve/public", help="服务器上网站文件所在目录")
    p.add_argument("--server-name", default="_", help="域名，如 kjfw.example.gov.cn")
    p.add_argument("--listen", default="80", help="监听端口或地址（HTTPS 请在前面加一层 443 的配置）")
    p.set_defaults(func=cmd_nginx)

    p = sub.add_parser("serve", help="本地预览网站；修改 submissions/ 后自动重建")
    p.add_argument("--root")
    p.add_argument("--as-of", type=_date)
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("draw", help="按公开种子计算（或复核）专家随机抽取的结果")
    p.add_argument("decision", help="专家抽取决定的编号（kind: draw）")
    p.add_argument("--verify", action="store_true", help="复核决定文件中的抽中专家，不一致时退出码为 1")
    p.add_argument("--root")
    p.set_defaults(func=cmd_draw)

    p = sub.add_parser("codeowners", help="由登记库生成 .github/CODEOWNERS（审核人路由）")
    p.add_argument("--root")
    p.add_argument("--check", action="store_true", help="只检查是否一致，不写文件")
    p.set_defaults(func=cmd_codeowners)

    p = sub.add_parser("forms", help="由登记库生成各平台的议题表单（GitHub、GitLab、Gitee）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=_date, help="按这一天受理申报的项目生成（默认：北京时间今天；--check 时为上次生成的日期）")
    p.add_argument("--check", action="store_true", help="只检查是否一致，不写文件")
    p.set_defaults(func=cmd_forms)

    p = sub.add_parser("from-issue", help="把议题表单的内容转换成登记文件")
    p.add_argument("body", help="议题正文文件（- 表示标准输入）")
    p.add_argument("--form", required=True, choices=("person", "application", "individual", "need", "service"))
    p.add_argument("--date", type=_date, help="议题提交日期（默认：北京时间今天）")
    p.add_argument("--write", action="store_true", help="写入 submissions/（不覆盖已有文件）并检查")
    p.add_argument("--format", choices=("github", "gitlab", "gitee"), default="github",
                   help="议题正文来自哪个平台：github（议题表单），gitlab、gitee（Markdown 模板）")
    p.add_argument("--json", action="store_true",
                   help="输出 JSON {ok, files, problems, reply}，reply 是回复议题的中文评论")
    p.add_argument("--root")
    p.set_defaults(func=cmd_from_issue)

    p = sub.add_parser("export", help="导出公开数据（JSON、CSV、数据结构说明）")
    p.add_argument("--root")
    p.add_argument("--as-of", type=_date)
    p.add_argument("--out", help="输出目录（默认 public/data；--xlsx 时默认 exports/）")
    p.add_argument("--xlsx", action="store_true",
                   help="导出 Excel 工作簿：每个项目一份，含推荐汇总表、立项名单、服务记录、考核与拨付")
    p.add_argument("--forms", action="store_true",
                   help="为每份申报生成可打印的申报表（HTML，A4，含签字盖章栏；默认输出到 exports/forms/）")
    p.add_argument("--program", help="只导出这个项目（--xlsx、--forms）")
    p.add_argument("--year", type=int, help="只导出这一年（--xlsx）")
    p.add_argument("--recommendations", action="store_true",
                   help="导出每月推荐特派员清单（按推荐单位，Excel 和可打印 A4 页面），与 --month 一起用")
    p.add_argument("--month", help="推荐清单的月份 YYYY-MM（--recommendations）")
    p.add_argument("--unit", help="只导出这个推荐单位的清单（--recommendations）")
    p.add_argument("--records", action="store_true",
                   help="导出登记信息工作簿（--xlsx）：单位、人员、企业、需求各一张表，可修改后用 techserve import 导回")
    p.add_argument("--internal", action="store_true",
                   help="内部版（--xlsx）：另含出生年月、政治面貌、职务和企业联系人，不得公开")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 2
    except BrokenPipeError:  # the reader went away (`techserve rules --all | head`)
        return 0
    except OSError as exc:  # a full disk, a folder without permission: nothing was half-written
        print(f"错误：文件读写失败（{exc.strerror or exc}）。已写入的文件保持原样，请检查磁盘空间和权限后重试",
              file=sys.stderr)
        return 2
    except Exception as exc:  # an internal failure is exit 2 with a short message, never a trace
        print(f"techserve 内部错误：{type(exc).__name__}: {exc}。请把这条信息报告给维护者", file=sys.stderr)
        if "TECHSERVE_DEBUG" in __import__("os").environ:
            raise
        return 2


if __name__ == "__main__":
    sys.exit(main())
