"""The newcomer's path, as issue 40 walked it: scaffold a person and a team application, fill them
with the mistakes people make (an input method's full-width colon, 1990年5月, a unit's name for its
id, a typo'd member, 恒盛 for 恒晟, a misspelt field) and check once. Every finding is in that first
run, with a suggestion where one exists; an eligibility finding does not wait for the format ones."""

from __future__ import annotations

from datetime import date

from techserve.cli import main

DAY = date(2026, 12, 6)
PROGRAM = "jiujiang-kjfwt-2025"

PERSON = """name: 测试甲
gender: 女
birth: 1990年5月
degree：博士
title: 教授
title_level: 副高
unit: 华中科技大学
employed_since: 2015-09
feilds:
  - 新材料
"""

APPLICATION = """kind: team
name: 测试科技服务团
members:
  - person: ce-shi-jia-hust
    role: leader
  - person: wang-fang-hus
    role: member
recommended_by: hust
submitted: 2026-12-3
fields:
  - 新材料
enterprise: 九江恒盛智能装备有限公司
project:
  category: 产业共性关键技术研发项目
  title: 测试项目
  summary: 测试项目的可行性论证。
commitment: true
"""


def test_every_mistake_is_found_in_the_first_run_with_its_suggestion(example, capsys):
    root = example.root
    assert main(["new", "person", "--name", "测试甲", "--suffix", "hust", "--root", str(root)]) == 0
    assert main(["new", "application", "--name", "测试科技服务团", "--suffix", "hust", "--program", PROGRAM,
                 "--root", str(root)]) == 0
    person = root / "submissions/people/ce-shi-jia-hust.yaml"
    app = root / f"submissions/programs/{PROGRAM}/applications/ce-shi-ke-ji-fu-wu-tuan-hust.yaml"
    assert person.is_file() and app.is_file()
    person.write_text(PERSON, encoding="utf-8")
    app.write_text(APPLICATION, encoding="utf-8")

    found = [f for f in example.check(DAY).findings if f.file in (str(person.relative_to(root)),
                                                                    str(app.relative_to(root)))]
    said = {(f.file.rsplit("/", 1)[-1], f.rule, f.line): f.message for f in found}
    text = "\n".join(f"{k}: {v}" for k, v in said.items())

    def has(file: str, rule: str, line: int, *words: str) -> None:
        message = said.get((file, rule, line))
        assert message is not None, f"no {rule} at {file}:{line}\n{text}"
        assert all(w in message for w in words), (message, words)

    p, a = person.name, app.name
    has(p, "yaml.syntax", 4, "中文冒号")  # degree：博士, named at its own line, and the file read on
    has(p, "schema", 3, "是不是“1990-05”")
    has(p, "schema", 9, "是不是“fields”")
    has(a, "schema", 9, "是不是“2026-12-03”")
    has(a, "ref.unknown", 6, "wang-fang-hust")
    has(a, "ref.unknown", 12, "jiujiang-hengsheng-zhineng", "九江恒晟")
    # and the program's rules in the same run, although the file's format is still wrong:
    has(a, "team.size", 4, "3-5")
    has(a, "application.window", 9, "3月15日至6月30日")  # judged on the date it was meant to be
    has(p, "person.title-level", 6, "正高")
    # the person cannot be judged by the program until its unit is an id: said, not left silent
    has(p, "schema.waiting", 0, "格式错误改正后")
    assert (a, "schema.waiting", 0) not in said  # the application was judged: nothing waits
    has(p, "ref.unknown", 7, "是不是“hust”")
    # one finding per mistake: no pattern error beside the unit's suggestion, no 缺少 fields
    # beside 是不是“fields”
    assert not [f for f in found if f.rule == "schema" and f.line in (1, 7, 12)], text
