"""The shipped examples are clean; a deliberately flawed copy makes every configured rule instance
of every seed program fire at least once."""

from __future__ import annotations

from datetime import date

import yaml

from techserve.registry import load_registry

from .rulekit import dump

JJ, JDZ, TPY, YT, JS = ("jiujiang-kjfwt-2025", "jingdezhen-ruqi-2020", "jiangxi-tepaiyuan-2021",
                        "yingtan-xuqiu-2025", "jiangsu-jiebang-2021")
AS_OF = date(2026, 11, 22)


def person(t, pid, unit, degree="博士", title="教授", level="正高", birth="1980-01", since="2010-01"):
    t.write(f"people/{pid}.yaml", dump({"name": f"测试{pid[-2:]}", "gender": "女", "birth": birth, "degree": degree,
                                        "title": title, "title_level": level, "unit": unit, "employed_since": since,
                                        "fields": ["测试"]}))


def app(t, program, aid, submitted, members=None, person_id=None, rec="jju", **extra):
    data = {"kind": "team" if members else "individual", "name": f"测试申报{aid}"}
    if members:
        data["members"] = [{"person": m, "role": "leader" if i == 0 else "member"} for i, m in enumerate(members)]
    else:
        data["person"] = person_id
    data.update({"recommended_by": rec, "submitted": submitted, "fields": ["测试"], "commitment": True})
    data.update(extra)
    t.write(f"programs/{program}/applications/{aid}.yaml", dump(data))


def put(t, rel, data):
    t.write(rel, dump(data))


def agreement(t, program, gid, enterprise, start, end, parties, **who):
    put(t, f"programs/{program}/agreements/{gid}.yaml", {**who, "enterprise": enterprise, "signed": start,
        "start": start, "end": end, "match_method": who.pop("match_method", "自主申请"), "parties": parties})


def need(t, program, nid, enterprise, **extra):
    put(t, f"programs/{program}/needs/{nid}.yaml", {"enterprise": enterprise, "title": f"测试需求{nid}",
        "categories": ["技术难题"], "fields": ["测试"], "description": "说明", "expected_outcome": "效果",
        "mode": "常规", "published": "2021-09-01", **extra})


def flaw(t):
    # everywhere: one person and one enterprise registered a second time under another id
    for rel, copy in (("people/li-ming-hust.yaml", "people/li-ming-hust-2.yaml"),
                      ("enterprises/jiujiang-hengsheng-zhineng.yaml", "enterprises/jiujiang-hengsheng-2.yaml")):
        t.write(copy, (t.root / "submissions" / rel).read_text(encoding="utf-8"))
    # 九江
    put(t, "units/flaw-qiye.yaml", {"name": "某企业研究院", "type": "企业", "province": "江西省", "city": "九江市"})
    person(t, "flaw-bachelor", "jju", degree="学士", title="助教", level="初级")
    person(t, "flaw-corp", "flaw-qiye", degree="硕士", title="工程师", level="中级")
    app(t, JJ, "flaw-big", "2026-04-10", ["li-ming-hust", "wang-fang-hust", "zhao-lei-hust", "chen-jing-jju",
                                         "sun-li-jju", "wu-xia-wtu"])  # 6 members
    # 王芳's third live team: her approved 2025 one and two of 2026 (her undecided 2025 application
    # lapsed when the 2025 selection was approved: registry.terms.lapsed)
    app(t, JJ, "flaw-third", "2026-04-12", ["wang-fang-hust", "zhao-lei-hust", "wu-xia-wtu"])
    app(t, JJ, "flaw-nodoc", "2025-07-15", ["zhao-lei-hust", "flaw-bachelor", "flaw-corp"])  # late, no doctor
    quota = [f"flaw-quota-{i}" for i in range(13)]
    for aid in quota:
        app(t, JJ, aid, "2025-05-30", ["zhao-lei-hust", "sun-li-jju", "wu-xia-wtu"])
    put(t, f"programs/{JJ}/decisions/flaw-lixiang-2.yaml", {"kind": "approval", "date": "2025-08-01",
        "notice": "2025-gongshi", "applications": [{"application": a, "funding_wan": 5} for a in quota]})
    for day in ("06", "20"):
        t.remove(f"programs/{JJ}/services/hust-hengsheng-2025-202603{day}.yaml")
    agreement(t, JJ, "flaw-second-pairing", "jiujiang-ruifeng-xincai", "2025-08-01", "2027-06-30",
              ["hust", "jiujiang-ruifeng-xincai"], application="hust-zhineng-zhizao-2025")  # one team, two firms
    # 市科协 reviews the applications; it is not one of the recommending units
    app(t, JJ, "flaw-rec", "2025-05-30", ["li-ming-hust", "zhao-lei-hust", "chen-jing-jju"], rec="jiujiang-kexie")
    put(t, f"programs/{JJ}/decisions/flaw-jj-short.yaml", {"kind": "notice", "date": "2025-06-23",
        "title": "过短的公示", "applications": ["flaw-rec"], "days": 2})
    put(t, f"programs/{JJ}/decisions/flaw-chouqu.yaml", {"kind": "draw", "date": "2026-10-12", "seed": "指定",
        "size": 2, "applications": ["whu-cailiao-huaxue-2026"], "panel": ["hu-yan-xjtu", "liang-qian-shu"]})
    put(t, f"programs/{JJ}/decisions/flaw-bofu.yaml", {"kind": "payment", "date": "2026-07-20", "year": 2,
        "items": [{"application": "wtu-fangzhi-2025", "amount_wan": 10}]})  # exited 2025-12-20
    put(t, f"programs/{JJ}/decisions/flaw-tuichu.yaml", {"kind": "termination", "date": "2026-04-01",
        "application": "hust-zhineng-zhizao-2025", "person": "chen-jing-jju", "reason": "不是该团成员"})
    put(t, f"programs/{JJ}/services/flaw-leaver-20260506.yaml", {"agreement": "jju-ruifeng-2025",
        "date": "2026-05-06", "people": ["liu-yang-whu"], "content": "已更换的成员仍登记服务"})
    put(t, f"programs/{JJ}/decisions/flaw-tuichu-2.yaml", {"kind": "termination", "date": "2026-04-01",
        "application": "jju-xincailiao-2025", "person": "sun-li-jju", "reason": "退出后团队只剩 2 人"})
    # (assessment.yearly: the flaw-quota teams, approved 2025-08-01, have no 2025 assessment)
    # 景德镇
    put(t, f"programs/{JDZ}/decisions/flaw-jdz-short.yaml", {"kind": "notice", "date": "2020-09-01",
        "title": "过短的公示", "applications": ["flaw-jdz-app"], "days": 1})
    person(t, "flaw-jdz", "jci", degree="学士", title="助教", level="初级", since="2019-12")
    app(t, JDZ, "flaw-jdz-app", "2020-07-20", person_id="flaw-jdz", rec="jci", duties=[])
    t.remove(f"programs/{JDZ}/decisions/2021-10-yanshou.yaml")  # assessment.final: no acceptance
    app(t, JDZ, "flaw-jdz-outside", "2020-07-20", person_id="li-ming-hust", rec="jci", duties=["解决技术难题"])
    # enterprise.region: 根据我市企业生产技术需求, and this enterprise is in 九江
    app(t, JDZ, "flaw-jdz-far", "2020-07-20", person_id="flaw-jdz", rec="jci", duties=["解决技术难题"],
        enterprise="jiujiang-hengsheng-zhineng")
    agreement(t, JDZ, "flaw-jdz-agr", "jingdezhen-yuci-taoci", "2020-10-01", "2020-12-31",
              ["jci", "jingdezhen-yuci-taoci"], person="flaw-jdz")
    put(t, f"programs/{JDZ}/decisions/flaw-jdz-approval.yaml", {"kind": "approval", "date": "2020-09-20",
        "notice": "2020-gongshi", "applications": [{"application": "flaw-jdz-app", "funding_wan": 25}]})
    # 江西
    person(t, "flaw-old", "ncu", degree="硕士", title="讲师", level="中级", birth="1960-01")
    app(t, TPY, "flaw-old-app", "2021-09-01", person_id="flaw-old", rec="ncu", commitment=False)
    app(t, TPY, "flaw-small-team", "2021-10-01", ["ye-bin-ncu", "flaw-old", "qian-lu-ncu"], rec="ncu")
    ent = yaml.safe_load((t.root / "submissions/enterprises/ganzhou-xitu-cailiao.yaml").read_text(encoding="utf-8"))
    ent.pop("attestations")
    put(t, "enterprises/flaw-ent.yaml", ent)
    need(t, TPY, "flaw-need-suzhou", "suzhou-xinxin-bandaoti")
    need(t, TPY, "flaw-need-noattest", "flaw-ent")
    agreement(t, TPY, "flaw-ye-ganzhou", "ganzhou-xitu-cailiao", "2021-12-01", "2022-06-30",
              ["ncu", "ganzhou-xitu-cailiao", "ye-bin-ncu"], person="ye-bin-ncu", need="ganzhou-xitu-yongci-2021",
              match_method="企业指定")
    agreement(t, TPY, "flaw-ye-2", "flaw-ent", "2021-12-01", "2022-06-30", ["ncu", "flaw-ent", "ye-bin-ncu"], person="ye-bin-ncu",
              match_method="系统推荐")  # agreement.recommended: no need to check the recommendation against
    agreement(t, TPY, "flaw-ye-3", "nanchang-lvyuan-shipin", "2021-12-01", "2022-06-30",
              ["ncu", "nanchang-lvyuan-shipin", "ye-bin-ncu"], person="ye-bin-ncu")
    agreement(t, TPY, "flaw-ye-4", "jingdezhen-yuci-taoci", "2021-12-01", "2022-06-30",
              ["ncu", "jingdezhen-yuci-taoci", "ye-bin-ncu"], person="ye-bin-ncu")
    app(t, TPY, "flaw-wrong-rec", "2021-09-01", person_id="flaw-old", rec="jci")
    person(t, "flaw-tpy2", "ncu")
    app(t, TPY, "flaw-tpy2-app", "2021-09-01", person_id="flaw-tpy2", rec="ncu")
    put(t, f"programs/{TPY}/decisions/flaw-tpy-short.yaml", {"kind": "notice", "date": "2021-10-25",
        "title": "过短的公示", "applications": ["flaw-tpy2-app"], "days": 3})
    put(t, f"programs/{TPY}/decisions/flaw-tpy-ruku.yaml", {"kind": "approval", "date": "2021-11-05",
        "notice": "2021-10-gongshi", "applications": [{"application": "flaw-tpy2-app"}]})  # not in that notice
    t.remove(f"programs/{TPY}/decisions/2022-12-pingjia-xitu-tuan.yaml")  # evaluation.three-party
    t.remove(f"programs/{TPY}/decisions/2021-09-tuijian-jxust.yaml")  # recommendation.monthly
    put(t, f"programs/{TPY}/services/flaw-early-20211031.yaml", {"agreement": "qian-lu-lvyuan-2021",
        "date": "2021-10-31", "people": ["qian-lu-ncu"], "content": "协议开始前一天的服务"})
    # 鹰潭
    put(t, f"programs/{YT}/decisions/flaw-diaodu.yaml", {"kind": "progress", "date": "2025-10-01",
        "values": [{"target": "needs", "value": 120}]})  # counted by the registry, not reported
    need(t, YT, "flaw-need-jiujiang", "jiujiang-hengsheng-zhineng", published="2025-06-01")
    # 江苏
    t.remove(f"programs/{JS}/decisions/2021-11-diaodu.yaml")  # task.deadline: tasks 7, 9, 24 never reported done
    need(t, JS, "flaw-challenge", "nanjing-tanyuan-cailiao", mode="揭榜挂帅", budget_wan=80, published="2021-07-01")
    app(t, JS, "flaw-late-taker", "2021-10-01", person_id="shen-tao-nju", rec="seu",
        need="suzhou-xinxin-fengzhuang-2021")
    put(t, f"programs/{JS}/decisions/flaw-js-short.yaml", {"kind": "notice", "date": "2021-10-08",
        "title": "过短的公示", "applications": ["flaw-late-taker"], "days": 1, "day_kind": "calendar"})
    put(t, f"programs/{JS}/decisions/flaw-js-lixiang.yaml", {"kind": "approval", "date": "2021-10-20",
        "notice": "flaw-js-short", "applications": [{"application": "flaw-late-taker", "funding_wan": 400}]})
    # 400 万 for a 300 万 challenge; and an approval of the challenge before anyone took it up
    put(t, f"programs/{JS}/decisions/flaw-js-early.yaml", {"kind": "approval", "date": "2021-09-20",
        "applications": [{"application": "flaw-late-taker"}]})


def configured_instances(root):
    reg = load_registry(root)
    return {(p.id, inst.rule) for p in reg.programs() for inst in p.model.rules}


def test_shipped_examples_are_clean(example):
    report = example.check(AS_OF)
    assert [f for f in report.findings if f.severity != "info"] == []


def test_flawed_examples_fire_every_rule_instance(example):
    flaw(example)
    report = example.check(AS_OF)
    reg = load_registry(example.root)
    program_of = {e.file: e.program for e in reg.entries}
    fired = {(program_of.get(f.file), f.rule) for f in report.findings}
    missing = configured_instances(example.root) - fired
    assert not missing, sorted(missing)
    always = {"roster.change", "service.people", "progress.target", "service.agreement-period", "person.duplicate",
              "enterprise.duplicate"}
    assert always <= {f.rule for f in report.findings}, always - {f.rule for f in report.findings}
    # and nothing outside the program rules broke: no schema, reference or loader findings
    assert not [f for f in report.findings if f.rule in ("schema", "ref.unknown") or f.rule.startswith("yaml.")]
    # messages are Chinese and cite a clause
    assert all(f.clause for f in report.findings if "." in f.rule and f.rule.split(".")[0] not in ("privacy",))
