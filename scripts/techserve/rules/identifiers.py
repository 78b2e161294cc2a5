"""enterprise.uscc and person.title-level: identifiers and titles that must agree with themselves."""

from __future__ import annotations

from collections.abc import Iterator

from stdnum import exceptions
from stdnum.cn import uscc

from ..findings import Finding
from ..models.common import PLACEHOLDER
from ..registry import Entry

# Exact professional titles (职称) and their level, per the national title series.
TITLE_LEVELS = {
    "正高": "教授 研究员 正高级工程师 教授级高级工程师 研究员级高级工程师 正高级实验师 主任医师 主任药师 主任护师 主任技师 "
            "正高级农艺师 农业技术推广研究员 正高级经济师 正高级会计师 正高级统计师 编审 译审 正高级教师 正高级讲师 研究馆员",
    "副高": "副教授 副研究员 高级工程师 高级实验师 副主任医师 副主任药师 副主任护师 副主任技师 高级农艺师 高级畜牧师 "
            "高级经济师 高级会计师 高级统计师 副编审 副译审 高级教师 高级讲师 副研究馆员 高级工艺美术师",
    "中级": "讲师 助理研究员 工程师 实验师 主治医师 主管药师 主管护师 农艺师 畜牧师 经济师 会计师 统计师 编辑 翻译 "
            "一级教师 馆员 工艺美术师",
    "初级": "助教 研究实习员 助理工程师 技术员 助理实验师 实验员 医师 药师 护师 助理农艺师 助理经济师 助理会计师 会计员 "
            "助理统计师 助理编辑 助理翻译 二级教师 助理馆员 助理工艺美术师",
}
LEVEL_OF = {title: level for level, titles in TITLE_LEVELS.items() for title in titles.split()}


def _raw(entry, key: str) -> str | None:
    """A field as typed, so a file with other schema errors is still checked here."""
    data = entry.doc.data
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def check_uscc(entry: Entry) -> Iterator[Finding]:
    """统一社会信用代码 has 18 characters and a valid GB 32100 check character."""
    code = _raw(entry, "uscc") if entry.kind in ("enterprise", "unit") else None
    if code is None or code.strip() == PLACEHOLDER:
        return  # a blank left as 请填写 is draft.unfilled's
    try:
        uscc.validate(code)
    except exceptions.InvalidLength:
        problem = f"应为 18 位，现在是 {len(code)} 位"
    except exceptions.InvalidFormat:
        problem = "含有不允许的字符（只能是数字和大写字母，不含 I、O、Z、S、V）"
    except exceptions.InvalidChecksum:
        problem = "校验位不对，可能有字符抄错"
    except exceptions.ValidationError:
        problem = "格式不对"
    else:
        return
    yield entry.finding("enterprise.uscc", f"统一社会信用代码“{code}”{problem}。请对照营业执照核对", "uscc")


def check_title_level(entry: Entry) -> Iterator[Finding]:
    """The title level (title_level) is the level of the title (title), e.g. 副教授 is 副高."""
    if entry.kind != "person":
        return
    title, given = _raw(entry, "title"), _raw(entry, "title_level")
    level = LEVEL_OF.get(title.strip()) if title else None
    if level and given and level != given:
        yield entry.finding(
            "person.title-level",
            f"职称“{title}”属于{level}，但 title_level 写的是“{given}”。请改为“{level}”", "title_level")
