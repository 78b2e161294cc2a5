"""Synthetic province-scale registry: python benchmarks/generate.py OUT --scale N.

scale 1 ≈ 1,000 files; scale 25 has 1,000 teams and 10,000 needs; the large setting (scale 50)
has 10,000 people, 2,000 teams and 20,000+ enterprises, needs, agreements and services. Every record
is valid, so the check measures the full path.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from stdnum.cn import uscc

from techserve.registry.draw import draw_panel

REPO = Path(__file__).resolve().parent.parent


def photo_of(path: Path, description: str) -> None:
    """A small JPEG with the EXIF fields a phone camera fills in (no GPS position)."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x010E], exif[0x010F], exif[0x0110] = description, "HUAWEI", "P60"  # description, make, model
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (len(description) * 7 % 256, 120, 90)).save(out, "JPEG", exif=exif.tobytes())
    path.write_bytes(out.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--scale", type=int, default=1)
    args = ap.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    sub = out / "submissions"
    for folder in ("units", "people", "enterprises", "calendar"):
        (sub / folder).mkdir(parents=True)
    for folder in ("calendar", "units"):  # the programs name the real recommending units
        for f in (REPO / "submissions" / folder).glob("*.yaml"):
            shutil.copy(f, sub / folder / f.name)
    # the people in the programs' expert pools, so the draw can be made from them
    import yaml

    pools = set()
    for prog in (REPO / "submissions/programs").iterdir():
        pools.update(yaml.safe_load((prog / "program.yaml").read_text(encoding="utf-8")).get("expert_pool", []))
    for pid in pools:
        shutil.copy(REPO / f"submissions/people/{pid}.yaml", sub / f"people/{pid}.yaml")
    # the seed programs with their rules, but none of their records
    for prog in (REPO / "submissions/programs").iterdir():
        (sub / "programs" / prog.name).mkdir(parents=True)
        shutil.copy(prog / "program.yaml", sub / "programs" / prog.name / "program.yaml")
    rnd = random.Random(42)
    n_units, n_people, n_ent = 20 * args.scale, 200 * args.scale, 400 * args.scale
    for u in range(n_units):
        (sub / f"units/u{u}.yaml").write_text(
            f"name: 单位{u}\ntype: 高校\nprovince: 江西省\ncity: 九江市\nreviewers: []\n", encoding="utf-8")
    for p in range(n_people):
        (sub / f"people/p{p}.yaml").write_text(
            f"name: 人员{p}\ngender: 男\nbirth: 1980-0{1 + p % 9}\ndegree: 博士\ntitle: 教授\ntitle_level: 正高\n"
            f"unit: u{p % n_units}\nemployed_since: 2010-01\nfields:\n  - 新材料\nbio: 长期从事材料研究，发表论文多篇。\n",
            encoding="utf-8")
    for e in range(n_ent):
        body = f"91360400MA{e:07d}"
        (sub / f"enterprises/e{e}.yaml").write_text(
            f"name: 企业{e}\nuscc: {body + uscc.calc_check_digit(body)}\nprovince: 江西省\ncity: 鹰潭市\ncounty: 贵溪市\n"
            "attestations:\n  independent_legal_person: true\n  no_tax_violation: true\n  no_major_accident_3y: true\n"
            "  rd_commitment: true\n  integrity_commitment: true\ncontact:\n  name: 办公室\n  phone: 0701-3123456\n",
            encoding="utf-8")
    prog = sub / "programs/jiangxi-tepaiyuan-2021"
    for folder in ("applications", "needs", "agreements", "services", "decisions", "evidence"):
        (prog / folder).mkdir()
    apps = []
    for p in range(n_people):
        aid = f"a{p}"
        apps.append(aid)
        (prog / f"applications/{aid}.yaml").write_text(
            f"kind: individual\nname: 申请{p}\nperson: p{p}\nrecommended_by: jiangxi-kejiting\nsubmitted: 2021-08-20\n"
            "fields: [新材料]\ncommitment: true\n", encoding="utf-8")
    for i in range(0, len(apps), 500):
        chunk = apps[i:i + 500]
        (prog / f"decisions/rv{i}.yaml").write_text(  # the process: review → notice → approval
            "kind: review\ndate: 2021-08-25\nstage: initial\nresults:\n"
            + "".join(f"  - application: {a}\n    outcome: pass\n" for a in chunk), encoding="utf-8")
        (prog / f"decisions/tj{i}.yaml").write_text(  # the 推荐清单 the recommending unit sends
            "kind: recommendation\ndate: 2021-08-30\nunit: jiangxi-kejiting\napplications:\n"
            + "".join(f"  - {a}\n" for a in chunk), encoding="utf-8")
        (prog / f"decisions/nt{i}.yaml").write_text(
            f"kind: notice\ndate: 2021-09-01\ntitle: 公示{i}\napplications:\n" + "".join(f"  - {a}\n" for a in chunk),
            encoding="utf-8")
        (prog / f"decisions/ap{i}.yaml").write_text(
            f"kind: approval\ndate: 2021-09-20\nnotice: nt{i}\napplications:\n"
            + "".join(f"  - application: {a}\n" for a in chunk), encoding="utf-8")
    for n in range(n_ent):
        (prog / f"needs/n{n}.yaml").write_text(
            f"enterprise: e{n}\ntitle: 需求{n}\ncategories: [技术难题]\nfields: [新材料]\ndescription: 说明{n}\n"
            "expected_outcome: 效果\nmode: 常规\npublished: 2021-09-01\n", encoding="utf-8")
        p = rnd.randrange(n_people)
        (prog / f"agreements/g{n}.yaml").write_text(
            f"person: p{p}\nenterprise: e{n}\nneed: n{n}\nsigned: 2021-10-01\nstart: 2021-10-01\nend: 2022-09-30\n"
            f"match_method: 自主申请\nparties: [u{p % n_units}, e{n}, p{p}]\n", encoding="utf-8")
        # every tenth service has its photo, with the EXIF a phone writes (no position): the check
        # reads what each evidence file carries (loader.evidence)
        photo = f"\nevidence: [s{n}.jpg]" if n % 10 == 0 else ""
        if photo:
            photo_of(prog / f"evidence/s{n}.jpg", f"入企服务{n}现场")
        (prog / f"services/s{n}.yaml").write_text(
            f"agreement: g{n}\ndate: 2021-11-15\npeople: [p{p}]\ncontent: 入企服务{n}{photo}\n", encoding="utf-8")
        (prog / f"decisions/pj{n}.yaml").write_text(  # 三方评价 once the service has ended
            f"kind: evaluation\ndate: 2022-10-10\nagreement: g{n}\nratings:\n"
            + "".join(f"  - party: {x}\n    rating: 好\n" for x in ("commissioner", "enterprise", "liaison")),
            encoding="utf-8")
    # teams for the 科技服务团 program (3 members each, recommended by 九江学院), with their notices and approvals
    team_prog = sub / "programs/jiujiang-kjfwt-2025"
    for folder in ("applications", "decisions"):
        (team_prog / folder).mkdir(exist_ok=True)
    teams = [f"t{t}" for t in range(40 * args.scale)]
    for t, tid in enumerate(teams):
        members = "".join(f"  - person: p{(3 * t + k) % n_people}\n    role: {'leader' if k == 0 else 'member'}\n"
                          for k in range(3))
        (team_prog / f"applications/{tid}.yaml").write_text(
            f"kind: team\nname: 科技服务团{t}\nmembers:\n{members}recommended_by: jju\n"
            f"submitted: 2025-06-01\nfields: [新材料]\nenterprise: e{t % n_ent}\ncommitment: true\n"
            f"project:\n  category: 产业共性关键技术研发项目\n  title: 预研项目{t}\n",
            encoding="utf-8")
    for i in range(0, len(teams), 100):
        chunk = teams[i:i + 100]
        passed = "".join(f"  - application: {a}\n    outcome: pass\n" for a in chunk)
        seed = f"2025-06-12 深证成指收盘 {10000 + i}.00"  # the plan's day and source, then that day's value
        panel = draw_panel(seed, sorted(pools), set(), 5)
        (team_prog / f"decisions/tpl{i}.yaml").write_text(
            "kind: drawplan\ndate: 2025-06-09\nseed_source: 深证成指收盘\nseed_date: 2025-06-12\nsize: 5\n"
            "applications:\n" + "".join(f"  - {a}\n" for a in chunk) + "pool:\n"
            + "".join(f"  - {e}\n" for e in sorted(pools)), encoding="utf-8")
        (team_prog / f"decisions/tdr{i}.yaml").write_text(
            f"kind: draw\ndate: 2025-06-12\nplan: tpl{i}\nseed: {seed}\nsize: 5\napplications:\n"
            + "".join(f"  - {a}\n" for a in chunk) + "panel:\n" + "".join(f"  - {e}\n" for e in panel),
            encoding="utf-8")
        (team_prog / f"decisions/tcs{i}.yaml").write_text(
            f"kind: review\ndate: 2025-06-05\nstage: initial\nresults:\n{passed}", encoding="utf-8")
        (team_prog / f"decisions/tzj{i}.yaml").write_text(
            f"kind: review\ndate: 2025-06-15\nstage: expert\ndraw: tdr{i}\nresults:\n{passed}", encoding="utf-8")
        (team_prog / f"decisions/tnt{i}.yaml").write_text(
            f"kind: notice\ndate: 2025-06-23\ntitle: 科技服务团公示{i}\napplications:\n"
            + "".join(f"  - {a}\n" for a in chunk), encoding="utf-8")
    # The program approves at most its quota (15 a year): the first batch's first 15, each with the
    # funding its units' city sets (2 万元 inside 九江市), then a graded assessment for 2025.
    approved = teams[:15]
    (team_prog / "decisions/tap0.yaml").write_text(
        "kind: approval\ndate: 2025-07-10\nnotice: tnt0\napplications:\n"
        + "".join(f"  - application: {a}\n    funding_wan: 2\n" for a in approved), encoding="utf-8")
    (team_prog / "decisions/tkh2025.yaml").write_text(
        "kind: assessment\ndate: 2025-12-20\nyear: 2025\nresults:\n"
        + "".join(f"  - application: {a}\n    outcome: pass\n    grade: 合格\n" for a in approved), encoding="utf-8")
    files = sum(1 for _ in sub.rglob("*.yaml"))
    print(f"scale {args.scale}: {files} files in {out}")


if __name__ == "__main__":
    main()
