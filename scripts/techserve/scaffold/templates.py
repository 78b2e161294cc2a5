"""Commented templates. Every template validates as written; comments explain each field."""

UNIT = """# yaml-language-server: $schema={schema}
# 单位信息。文件名（不含 .yaml）即单位编号，如 jiujiang-university。
name: {name}
type: 高校              # 高校 | 科研院所 | 企业 | 政府部门 | 其他
province: 江西省
city: 九江市
double_first_class: false   # 是否“双一流”高校：true 或 false
# website: https://www.example.edu.cn
reviewers: []          # 审核本单位人员的 GitHub 账号，如 ["@example/keyanchu"]
"""

PERSON = """# yaml-language-server: $schema={schema}
# 科技人员信息（公开登记）。请勿填写手机号、邮箱、身份证号、住址——这些不需要，也会被检查拦下。
name: {name}
gender: 男              # 男 | 女
birth: 1980-07          # 出生年月 YYYY-MM
degree: 博士            # 博士 | 硕士 | 学士 | 其他
title: 副教授           # 职称全称
title_level: 副高       # 正高 | 副高 | 中级 | 初级 | 无（须与职称一致）
unit: {unit}            # 工作单位编号（submissions/units/ 下的文件名）
employed_since: 2015-09 # 入职本单位年月 YYYY-MM
fields:                 # 研究领域，每项一行
  - 新材料
# position: 系主任
# bio: 个人简介（不超过 5000 字）
"""

ENTERPRISE = """# yaml-language-server: $schema={schema}
# 企业信息。统一社会信用代码会做校验位检查，请照营业执照填写。
name: {name}
uscc: {uscc}   # 统一社会信用代码（18 位）——示例值，请改为营业执照上的代码
province: 江西省
city: 九江市
county: 濂溪区
industry: 制造业
attestations:              # 承诺事项，属实的填 true
  independent_legal_person: true
  no_tax_violation: true
  no_major_accident_3y: true
  rd_commitment: true
  integrity_commitment: true
contact:
  name: 办公室
  phone: 0792-8888888      # 只填单位座机
"""

APPLICATION = """# yaml-language-server: $schema={schema}
# 申报。团队申报填 members（恰好 1 名 leader）；个人申报把 kind 改为 individual，删去 members，填 person。
kind: team               # team 团队 | individual 个人
name: {name}
members:
  - person: {person}     # 人员编号（submissions/people/ 下的文件名）
    role: leader         # leader 团长 | member 成员
recommended_by: {unit}   # 推荐单位编号
submitted: {today}       # 提交日期 YYYY-MM-DD
fields:
  - 新材料
# enterprise: 结对企业编号
# need: 承接的需求或榜单编号
duties: []
commitment: true         # 已阅读并签署承诺书
"""

NEED = """# yaml-language-server: $schema={schema}
# 企业技术需求。揭榜挂帅榜单须填写 budget_wan（榜单金额，万元）和 deadline（截止日期）。
enterprise: {enterprise}
title: {name}
categories:              # 技术难题 | 人才培养 | 研发平台 | 成果转化 | 重大项目 | 人才引进
  - 技术难题
fields:
  - 新材料
description: 请描述现状和要解决的问题。
expected_outcome: 请描述预期效果和技术指标。
mode: 常规               # 常规 | 揭榜挂帅
published: {today}
"""

AGREEMENT = """# yaml-language-server: $schema={schema}
# 结对或派驻协议。application（团队/个人申报）与 person（特派员）二选一。
application: {application}
enterprise: {enterprise}
signed: {today}
start: {today}
end: {end}
match_method: 对接会      # 系统推荐 | 企业指定 | 自主申请 | 对接会
parties:                 # 签约各方：派出单位、企业、人员的编号
  - {unit}
  - {enterprise}
"""

SERVICE = """# yaml-language-server: $schema={schema}
# 服务登记（每次入企服务一份）。照片放在本项目的 evidence/ 目录，在 evidence 中写文件名。
agreement: {agreement}
date: {today}
people:
  - {person}
content: {name}
# outcome: 服务成效
evidence: []
"""

TEMPLATES = {
    "unit": UNIT, "person": PERSON, "enterprise": ENTERPRISE, "application": APPLICATION,
    "need": NEED, "agreement": AGREEMENT, "service": SERVICE,
}
