"""A record kind as the columns of a sheet: what `export --xlsx --records` writes and `techserve
import` reads, so one workbook goes out and comes back as the same records.

A column is a field of the model, titled as the model titles it (姓名, 出生年月); a nested record
(企业的承诺事项, 联系人) is one column per field, titled 承诺事项·具有独立法人资格. Lists are one cell, one
item per line; word lists (研究领域, 需求类别) also split on 、 and ；, as offices type them. The seeds'
附件 tables title some columns their own way (工作单位, 研究方向, 学历/学位): those are read too.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from . import MODELS

# The record kinds a workbook carries, in sheet order (units before the people who name them).
SHEET_KINDS = {"unit": "单位", "person": "人员", "enterprise": "企业", "need": "需求"}
ID_TITLE = "编号"
PROGRAM_TITLE = "项目编号"  # needs live in a program's folder
SEP = "·"
YES, NO = "是", "否"
_TRUE = {"是", "true", "True", "TRUE", "√", "✓", "yes", "1"}
_FALSE = {"否", "false", "False", "FALSE", "×", "✗", "no", "0"}
# lists typed as one line of words: 新材料、铜基材料
WORD_LISTS = {"fields", "keywords", "categories", "designated", "reviewers"}
_WORD_SPLIT = re.compile(r"[、；;，,\n]+")
_MONTH = "(0[1-9]|1[0-2])$"

# Column titles of the seeds' 附件 tables and offices' own lists → the model's title.
ALIASES = {
    "person": {"工作单位（全称）": "工作单位", "单位": "工作单位", "所在单位": "工作单位", "研究方向": "研究领域",
               "专业领域": "研究领域", "学位": "最高学位", "学历/学位": "最高学位", "学历（学位）": "最高学位",
               "职称": "专业技术职称", "出生日期": "出生年月"},
    "enterprise": {"单位名称": "企业名称", "统一信用代码": "统一社会信用代码", "县（市、区）": "所在县（市、区）",
                   "所在县区": "所在县（市、区）", "行业": "所属行业"},
    "need": {"企业名称": "发布企业", "企业": "发布企业", "需求标题": "需求名称", "需求内容": "需求描述"},
    "unit": {"名称": "单位名称"},
}


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # ("contact", "phone")
    title: str  # 联系人·办公电话
    shape: str  # text | number | bool | date | month | list | words


def _bare(annotation: Any) -> Any:
    """The type under Optional[…] and Annotated[…]."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _shape(name: str, info) -> str:
    bare = _bare(info.annotation)
    if get_origin(bare) is list:
        return "words" if name in WORD_LISTS else "list"
    if bare is bool:
        return "bool"
    if bare in (int, float):
        return "number"
    if bare is date:
        return "date"
    if any(getattr(m, "pattern", None) and str(m.pattern).endswith(_MONTH) for m in info.metadata) or \
            any(str(getattr(m, "pattern", "")).endswith(_MONTH) for a in get_args(info.annotation) for m in
                getattr(a, "__metadata__", ())):
        return "month"
    return "text"


def columns(kind: str) -> list[Column]:
    """The columns of a kind's sheet, after 编号 (and 项目编号 for needs)."""
    return list(_columns(MODELS[kind], ()))


def _columns(model: type[BaseModel], prefix: tuple[str, ...], title_prefix: str = ""):
    for name, info in model.model_fields.items():
        title = title_prefix + (info.title or name)
        bare = _bare(info.annotation)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            yield from _columns(bare, (*prefix, name), title + SEP)
        else:
            yield Column((*prefix, name), title, _shape(name, info))


def cells(kind: str, record: BaseModel) -> list[Any]:
    """A record's values in its columns' order, as a sheet holds them."""
    data = record.model_dump(mode="python", exclude_none=True)
    out = []
    for col in columns(kind):
        value: Any = data
        for part in col.path:
            value = value.get(part) if isinstance(value, dict) else None
        out.append(_cell(col, value))
    return out


def _cell(col: Column, value: Any) -> Any:
    if value is None or value == []:
        return None
    if col.shape in ("list", "words"):
        return "\n".join(str(v) for v in value)
    if col.shape == "bool":
        return YES if value else NO
    return value


@dataclass
class Header:
    """A sheet's header row read: column index → Column (or the id / program column)."""

    kind: str
    at: dict[int, Column | str]
    unknown: list[str]


def read_header(kind: str, titles: list[Any]) -> Header:
    by_title = {c.title: c for c in columns(kind)}
    by_name = {".".join(c.path): c for c in columns(kind)}  # a YAML-minded office may head columns with field names
    aliases = ALIASES.get(kind, {})
    at: dict[int, Column | str] = {}
    unknown = []
    for i, raw in enumerate(titles):
        title = re.sub(r"\s+", "", str(raw)) if raw is not None else ""
        if not title or title in ("序号",):
            continue
        if title in (ID_TITLE, PROGRAM_TITLE):
            at[i] = title
            continue
        col = by_title.get(title) or by_title.get(aliases.get(title, "")) or by_name.get(title)
        if col is None:
            unknown.append(str(raw))
        else:
            at[i] = col
    return Header(kind, at, unknown)


def record_of(header: Header, row: list[Any]) -> tuple[str, str, dict]:
    """(id, program, raw data) of one row, values shaped as a YAML file would hold them; the model
    judges them (a wrong value stays as typed, so the message can quote it)."""
    record_id = program = ""
    data: dict = {}
    for i, target in header.at.items():
        value = row[i] if i < len(row) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if target == ID_TITLE:
            record_id = str(value).strip()
            continue
        if target == PROGRAM_TITLE:
            program = str(value).strip()
            continue
        assert isinstance(target, Column)
        node = data
        for part in target.path[:-1]:
            node = node.setdefault(part, {})
        node[target.path[-1]] = _value(target, value)
    return record_id, program, data


def _value(col: Column, value: Any) -> Any:
    if col.shape in ("list", "words"):
        parts = (_WORD_SPLIT if col.shape == "words" else re.compile(r"\n+")).split(str(value))
        return [p.strip() for p in parts if p.strip()]
    if col.shape == "bool":
        text = str(value).strip()
        return True if text in _TRUE else False if text in _FALSE else text
    if col.shape == "date":
        if isinstance(value, datetime | date):
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        return str(value).strip()
    if col.shape == "month":
        if isinstance(value, datetime | date):  # Excel took 1980-07 for a day
            return f"{value.year}-{value.month:02d}"
        # otherwise as typed: the model's message quotes it and names the form it meant (1985.3)
        return str(value).strip()
    if col.shape == "number":
        return value if isinstance(value, int | float) else str(value).strip()
    # text: a phone or code Excel stored as a number is the digits typed
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip() if isinstance(value, str) else str(value)
