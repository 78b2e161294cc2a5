"""Commented templates. What only the applicant knows is left as 请填写 (the comment on its line
says what to write): an unedited template fails the check (draft.unfilled) until each is filled,
and passes once it is. No plausible fake value that would pass unread."""

UNIT = """# yaml-language-server: $schema={schema}
# 单位信息。文件名（不含 .yaml）即单位编号，如 jiujiang-university。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
name: {name}
type: 请填写            # 高校 | 科研院所 | 企业 | 政府部门 | 其他
province: 请填写        # 如 江西省
city: 请填写            # 如 九江市
double_first_class: 请填写  # 是否“双一流”高校：true 或 false
# website: https://www.example.edu.cn
reviewers: []          # 审核本单位人员的 GitHub 账号，如 ["@example/keyanchu"]
"""

PERSON = """# yaml-language-server: $schema={schema}
# 科技人员信息（公开登记）。请勿填写手机号、邮箱、身份证号、住址——这些不需要，也会被检查拦下。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
name: {name}
gender: 请填写          # 男 | 女
birth: 请填写           # 出生年月 YYYY-MM，如 1980-07
degree: 请填写          # 博士 | 硕士 | 学士 | 其他
title: 请填写           # 职称全称，如 副教授
title_level: 请填写     # 正高 | 副高 | 中级 | 初级 | 无（须与职称一致）
unit: {unit}            # 工作单位编号（submissions/units/ 下的文件名）
employed_since: 请填写  # 入职本单位年月 YYYY-MM
fields:                 # 研究领域，每项一行
  - 请填写
# position: 系主任
# bio: 个人简介（不超过 5000 字）
"""

ENTERPRISE = """# yaml-language-server: $schema={schema}
# 企业信息。统一社会信用代码会做校验位检查，请照营业执照填写。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
name: {name}
uscc: 请填写              # 统一社会信用代码（18 位，营业执照上的代码）
province: 请填写          # 如 江西省
city: 请填写              # 如 九江市
county: 请填写            # 县（市、区），如 濂溪区
industry: 请填写          # 所属行业，如 制造业
attestations:              # 承诺事项：属实的填 true，不属实的填 false
  independent_legal_person: 请填写   # 具有独立法人资格
  no_tax_violation: 请填写           # 无偷税漏税等违法行为
  no_major_accident_3y: 请填写       # 近三年未发生重大安全、环保、质量事故
  rd_commitment: 请填写              # 承诺投入研发
  integrity_commitment: 请填写       # 诚信承诺
contact:
  name: 请填写             # 联系部门，如 办公室
  phone: 请填写            # 只填单位座机，如 0792-8888888
"""

APPLICATION = """# yaml-language-server: $schema={schema}
# 申报。团队申报填 members（恰好 1 名 leader）；个人申报把 kind 改为 individual，删去 members，填 person。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
kind: team               # team 团队 | individual 个人
name: {name}
members:
  - person: 请填写       # 团长的人员编号（submissions/people/ 下的文件名）
    role: leader         # leader 团长 | member 成员
recommended_by: {unit}   # 推荐单位编号（submissions/units/ 下的文件名）
submitted: {today}       # 提交日期 YYYY-MM-DD
fields:                  # 服务领域，每项一行
  - 请填写
# enterprise: 结对企业编号
# need: 承接的需求或榜单编号
duties: []
commitment: 请填写       # 已阅读并签署承诺书的，填 true
"""

NEED = """# yaml-language-server: $schema={schema}
# 企业技术需求。揭榜挂帅榜单须填写 budget_wan（榜单金额，万元）和 deadline（截止日期）。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
enterprise: {enterprise}   # 企业编号（submissions/enterprises/ 下的文件名）
title: {name}
categories:              # 技术难题 | 人才培养 | 研发平台 | 成果转化 | 重大项目 | 人才引进
  - 请填写
fields:                  # 技术领域，每项一行
  - 请填写
description: 请填写      # 现状和要解决的问题
expected_outcome: 请填写 # 预期效果和技术指标
mode: 常规               # 常规 | 揭榜挂帅
published: {today}
"""

AGREEMENT = """# yaml-language-server: $schema={schema}
# 结对或派驻协议。application（团队/个人申报）与 person（特派员）二选一。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
application: {application}   # 申报编号（本项目 applications/ 下的文件名）
enterprise: {enterprise}     # 企业编号
signed: 请填写           # 签订日期 YYYY-MM-DD
start: 请填写            # 服务开始日期 YYYY-MM-DD
end: 请填写              # 服务结束日期 YYYY-MM-DD
match_method: 请填写     # 系统推荐 | 企业指定 | 自主申请 | 对接会
parties:                 # 签约各方的编号，每项一行（派出单位、企业，必要时加人员）
  - {unit}               # 派出单位编号
  - {enterprise}         # 企业编号
"""

SERVICE = """# yaml-language-server: $schema={schema}
# 服务登记（每次入企服务一份）。照片放在本项目的 evidence/ 目录，在 evidence 中写文件名。
# 标有“请填写”的各项都要改成真实内容，否则检查不通过。
agreement: {agreement}   # 协议编号（本项目 agreements/ 下的文件名）
date: 请填写             # 服务日期 YYYY-MM-DD
people:                  # 参加服务的人员编号，每项一行
  - 请填写
content: {name}
# outcome: 服务成效
evidence: []
"""

TEMPLATES = {
    "unit": UNIT, "person": PERSON, "enterprise": ENTERPRISE, "application": APPLICATION,
    "need": NEED, "agreement": AGREEMENT, "service": SERVICE,
}
