"""What each library rule checks, in plain Chinese for the public pages. The rule's own docstring
(English, for maintainers) stays the authority; a test keeps this table complete."""

from ..models.entities import Attestations
from ..rules.library.process import STEP_ZH

RULE_ZH = {
    "agreement.after-approval": "立项后在规定天数内签订结对协议，且不早于立项",
    "agreement.one-to-one": "一个服务团只结对一家企业，一家企业只由一个服务团结对",
    "agreement.designation": "“企业指定”方式的协议，派出的须是该需求中企业指定的特派员",
    "agreement.max-concurrent": "同一人同时服务的企业数不超过规定数量",
    "agreement.min-duration": "协议服务期不少于规定月数",
    "agreement.parties": "三方协议须由派出单位、企业和人员共同签订",
    "applicant.age": "申报人年龄符合规定（不早于规定的出生年月）",
    "applicant.qualification": "申报人具有规定级别以上职称，或规定以上学位",
    "applicant.unit-region": "申报人所在单位位于规定地区（及规定的单位类型）",
    "applicant.unit-type": "申报人所在单位属于规定类型（如高校、科研院所）",
    "applicant.years-at-unit": "申报人在现单位工作满规定年限",
    "application.commitment": "申报须签署承诺书",
    "application.recommender": "申报须由本项目的推荐单位（或申报人所在单位）推荐",
    "application.duties": "申报须从规定的工作职责中选择至少规定数量的职责",
    "application.need-open": "承接榜单须在揭榜截止日期之前申报",
    "application.window": "须在项目规定的申报时间内提交",
    "enterprise.attestations": "参与企业须作出全部规定的承诺",
    "enterprise.region": "参与企业须注册在实施地区",
    "assessment.yearly": "已立项的项目每年在规定日期前完成年度考核",
    "assessment.final": "已立项的项目期满后在规定天数内完成验收，期满前不验收",
    "evaluation.three-party": "服务结束后，特派员（团）、企业和开发区联络员在规定天数内各评价一次",
    "task.deadline": "每项重点任务在完成时限前经调度报告“已完成”",
    "expert.draw": "评审专家从专家库中按公开种子随机抽取，申报人所在单位的专家回避，任何人可复核",
    "funding.payments": "资金按年度拨付给已立项项目，不超过核定金额，考核不合格或退出后不再拨付",
    "funding.within-budget": "揭榜资助不超过榜单公布的金额",
    "funding.amount": "资助金额按规定标准核定（市外团队与市内团队标准不同）",
    "funding.range": "资助金额在规定的上下限之间",
    "member.qualification": "团长以外的成员须同时具备规定以上学位和职称",
    "need.challenge": "“揭榜挂帅”榜单须写明金额和揭榜截止日期",
    "need.max-matches": "同一需求同时对接的协议不超过规定数量",
    "notice.duration": "公示期不短于项目规定的天数，可以延长，不能缩短",
    "process.order": "评审、公示、立项按项目规定的环节依次进行：未通过上一环节的不能进入下一环节，未经公示、公示期未满不能立项",
    "person.max-teams": "每名博士在本项目中至多加入规定数量的团队",
    "quota.max-approved": "每年立项数量不超过名额",
    "service.frequency": "每个结对每月至少入企服务规定次数",
    "team.leader": "团长须具备规定学位（或规定级别职称）",
    "team.members-registered": "团队成员须是已入库的科技特派员",
    "team.min-phd": "团队中博士人数不少于规定人数",
    "team.size": "团队人数在规定范围内（含团长）",
}

# What each rule's parameters require, as one Chinese sentence for the public: the page shows this,
# never raw `key=value` pairs. A rule without parameters needs no sentence.
ATTESTATION_ZH = {name: info.title for name, info in Attestations.model_fields.items()}


def _list(values, labels=None) -> str:
    return "、".join((labels or {}).get(v, str(v)) for v in values)


def _month(value: str) -> str:
    year, month = str(value).split("-")
    return f"{year}年{int(month)}月"


def _mmdd(value: str) -> str:
    month, day = str(value).split("-")
    return f"{int(month)}月{int(day)}日"


def _qualification(p) -> str:
    parts = [f"{p['min_degree']}及以上学位" if p.get("min_degree") else "",
             f"{p['min_level']}及以上职称" if p.get("min_level") else ""]
    return "或".join(x for x in parts if x)


REQUIREMENT_ZH = {
    "agreement.after-approval": lambda p: f"立项后 {p['within_days']} 天内签订",
    "agreement.max-concurrent": lambda p: f"同时服务不超过 {p['max']} 家企业",
    "agreement.min-duration": lambda p: f"服务期不少于 {p['min_months']} 个月",
    "applicant.age": lambda p: f"{_month(p['earliest_birth'])}及以后出生",
    "applicant.qualification": _qualification,
    "applicant.unit-region": lambda p: "单位在" + (p.get("city") or p.get("province") or "规定地区")
    + (f"，且为{_list(p['types'])}" if p.get("types") else ""),
    "applicant.unit-type": lambda p: f"单位为{_list(p['types'])}",
    "applicant.years-at-unit": lambda p: f"在现单位工作满 {p['min_years']} 年",
    "application.duties": lambda p: f"从{_list(p['allowed'])}中至少选择 {p.get('min', 1)} 项",
    "application.recommender": lambda p: "由申报人所在单位推荐" if p.get("same_unit") else "由本项目的推荐单位推荐",
    "assessment.yearly": lambda p: f"每年{_mmdd(p['deadline'])}前完成考核",
    "assessment.final": lambda p: f"期满后 {p['within_days']} 天内验收",
    "evaluation.three-party": lambda p: f"服务结束后 {p['within_days']} 天内由{'、'.join(PARTIES[x] for x in p['parties'])}评价",
    "task.deadline": lambda p: f"完成时限后 {p['grace_days']} 天内报告完成" if p.get("grace_days") else "完成时限前报告完成",
    "enterprise.attestations": lambda p: f"承诺{_list(p['required'], ATTESTATION_ZH)}",
    "enterprise.region": lambda p: "注册在" + "".join(p.get(k) or "" for k in ("province", "city")),
    "funding.amount": lambda p: f"{p['home_city']}以外的团队 {p['outside_wan']:g} 万元，{p['home_city']}的团队 {p['inside_wan']:g} 万元",
    "funding.payments": lambda p: f"按年度拨付，最多 {p['years']} 年",
    "funding.range": lambda p: f"{p['min_wan']:g}–{p['max_wan']:g} 万元",
    "member.qualification": lambda p: f"{p['min_degree']}及以上学位，且{p['min_level']}及以上职称",
    "need.max-matches": lambda p: f"同时对接不超过 {p['max']} 项",
    "person.max-teams": lambda p: f"每名{p['degree']}至多加入 {p['max']} 个团队",
    "process.order": lambda p: "依次" + "→".join(STEP_ZH.get(s, s) for s in p["steps"]),
    "quota.max-approved": lambda p: f"每年立项不超过 {p['max']} 个",
    "service.frequency": lambda p: f"每月至少入企服务 {p['min_per_month']} 次",
    "team.leader": lambda p: f"团长须为{p['degree']}" + (f"（或{p['alternative_level']}职称）" if p.get("alternative_level") else ""),
    "team.min-phd": lambda p: f"至少 {p['min']} 名博士",
    "team.size": lambda p: f"{p['min']}–{p['max']} 人（含团长）",
}


PARTIES = {"commissioner": "特派员（团）", "enterprise": "企业", "liaison": "开发区联络员"}


def requirement(rule: str, params: dict) -> str:
    """The parameters of one configured rule as a sentence. Parameters no sentence knows are listed
    as they are rather than hidden, so nothing configured goes unseen (a test keeps this rare)."""
    if not params:
        return ""
    try:
        return REQUIREMENT_ZH[rule](params)
    except (KeyError, TypeError, ValueError):
        return "；".join(f"{k}：{_list(v) if isinstance(v, list) else v}" for k, v in params.items())
