"""Small valid records to build registries from; tests change one thing at a time."""

UNIT = """
name: 九江学院
type: 高校
province: 江西省
city: 九江市
"""

PERSON = """
name: 张伟
gender: 男
birth: 1980-07
degree: 博士
title: 教授
title_level: 正高
unit: jju
employed_since: 2010-09
fields:
  - 新材料
"""

# A second person: the same text under another id would be a duplicate registration (person.duplicate).
LI_SI = PERSON.replace("张伟", "李四").replace("1980-07", "1983-02")

ENTERPRISE = """
name: 九江测试有限公司
uscc: 91360400MA35A1B2C2
province: 江西省
city: 九江市
county: 濂溪区
"""

PROGRAM = """
name: 测试项目
issuer: 测试单位
published: 2025-01-01
region:
  province: 江西省
  city: 九江市
application_kinds: [team, individual]
period:
  start: 2025-01-01
  end: 2027-12-31
notice:
  days: 5
  day_kind: calendar
  contact: 测试单位 0792-8225304
"""


def base(tree, program: str = PROGRAM, calendar_years=(2025,)):
    """A unit, a person, an enterprise, a program `p` and calendars copied from the examples."""
    from .conftest import REPO

    tree.write("units/jju.yaml", UNIT)
    tree.write("people/zhang-wei.yaml", PERSON)
    tree.write("enterprises/ent.yaml", ENTERPRISE)
    tree.write("programs/p/program.yaml", program)
    for year in calendar_years:
        tree.write(f"calendar/{year}.yaml", (REPO / f"submissions/calendar/{year}.yaml").read_text(encoding="utf-8"))
    return tree
