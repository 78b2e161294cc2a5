"""pydantic's error list → Chinese messages an applicant can act on. No English reaches them."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from .common import LANDLINE_PATTERN, PLACEHOLDER, PUBLIC_PHONE_PATTERN, as_written

_TEMPLATES = {
    "missing": "缺少必填字段{where}",
    "string_type": "{where}应为文字",
    "string_too_short": "{where}不能为空",
    "string_too_long": "{where}太长：最多 {max_length} 个字",
    "too_short": "{where}至少要有 {min_length} 项",
    "too_long": "{where}最多 {max_length} 项",
    "int_parsing": "{where}应为整数，现在是“{input}”",
    "int_from_float": "{where}应为整数，现在是“{input}”",
    "int_type": "{where}应为整数",
    "float_parsing": "{where}应为数字（不带单位），现在是“{input}”",
    "float_type": "{where}应为数字",
    "bool_parsing": "{where}应为 true 或 false，现在是“{input}”",
    "bool_type": "{where}应为 true 或 false",
    "date_parsing": "{where}应为日期，格式 YYYY-MM-DD，如 2025-05-12；现在是“{input}”",
    "date_from_datetime_parsing": "{where}应为日期，格式 YYYY-MM-DD，如 2025-05-12；现在是“{input}”",
    "date_from_datetime_inexact": "{where}应为日期，格式 YYYY-MM-DD",
    "date_type": "{where}应为日期，格式 YYYY-MM-DD",
    "list_type": "{where}应为列表：每项单独一行，以“- ”开头",
    "dict_type": "{where}应为若干“字段名: 内容”组成的一段",
    "model_type": "{where}应为若干“字段名: 内容”组成的一段",
    "model_attributes_type": "{where}应为若干“字段名: 内容”组成的一段",
    "greater_than_equal": "{where}不能小于 {ge}，现在是“{input}”",
    "greater_than": "{where}应大于 {gt}，现在是“{input}”",
    "less_than_equal": "{where}不能大于 {le}，现在是“{input}”",
    "less_than": "{where}应小于 {lt}，现在是“{input}”",
    "finite_number": "{where}应为有限的数字",
}

_PATTERN_HINTS = {
    r"^\d{4}-(0[1-9]|1[0-2])$": "应为年月，格式 YYYY-MM，如 1980-07",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "应为编号：小写拼音或字母数字，用“-”连接，如 zhang-wei-hust",
    LANDLINE_PATTERN: "应为单位座机号码，如 0792-8225304（不填手机号）",
    PUBLIC_PHONE_PATTERN: "应为办公座机（如 0792-8225304）、五位服务热线（如 12345）或 400 电话，不填手机号",
    r"^https?://\S+$": "应为以 http:// 或 https:// 开头的网址",
    r"^\d{4}-\d{2}(-\d{2})?$": "应为 YYYY-MM 或 YYYY-MM-DD",
}


def field_title(model: type[BaseModel], loc: tuple) -> str | None:
    """The Chinese title of the field at loc, walking nested models and lists."""
    current: Any = model
    title = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return title if part == loc[-1] and title else None
        info = fields[part]
        title = info.title
        current = _inner_model(info.annotation)
    return title


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
        stack.extend(getattr(tp, "__args__", ()) or ())
    return None


def allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
    return list(getattr(current, "model_fields", {}) or {})


def format_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _input(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _width_hint(value: Any) -> str:
    """A Chinese input method types "２０２５－０５" or "５" for 2025-05 and 5: on screen it looks
    right, so the message says which character is the wrong one."""
    if not isinstance(value, str):
        return ""
    for c in value:
        if "\uff01" <= c <= "\uff5e" or c == "\u3000":
            return f"（其中的“{c}”是全角字符：请切换到英文（半角）输入法重新输入）"
        if c.isdigit() and not c.isascii():
            return f"（其中的“{c}”不是阿拉伯数字 0-9：请切换到英文（半角）输入法重新输入）"
    return ""


def translate(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    """One pydantic error (from ValidationError.errors()) as a Chinese sentence, saying so when
    the value holds a full-width character."""
    message = _sentence(error, model)
    return message if error["type"] == "extra_forbidden" else message + _width_hint(error.get("input"))


def _sentence(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    title = field_title(model, loc) if loc else None
    path = format_path(loc)
    where = f"“{path}”" + (f"（{title}）" if title else "") if path else ""
    if isinstance(error.get("input"), str) and error["input"].strip() == PLACEHOLDER:
        # a blank a draft or template left: one finding, worded as the blank it is (draft.unfilled
        # stays silent on this path)
        return f"{where}还没有填写（仍是“{PLACEHOLDER}”）：请按该行的注释填写后再提交"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        known = allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"，是不是“{close[0]}”？" if close else "。请检查拼写，或删去这一行"
        return f"不认识的字段“{path}”{hint}"
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "").replace(" or ", "、")
        if expected == "pass、fail":
            expected = "通过、不通过（考核、验收也可写 合格、不合格）"
        return f"{where}只能填写：{expected}；现在是“{_input(error.get('input'))}”"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(ctx.get("pattern", ""), "格式不对")
        meant = as_written(str(error.get("input", "")), with_day=False) if "YYYY-MM" in hint else None
        return f"{where}{hint}；现在是“{_input(error.get('input'))}”" + (f"，是不是“{meant}”？" if meant else "")
    if kind in ("value_error", "assertion_error"):
        detail = str(ctx.get("error", "")) or "值不符合要求"
        return f"{where}：{detail}" if where else detail
    template = _TEMPLATES.get(kind)
    if template is None:
        return f"{where or '内容'}不符合要求"
    values = {k: v for k, v in ctx.items()}
    values.setdefault("min_length", ctx.get("min_length", ""))
    values.setdefault("max_length", ctx.get("max_length", ""))
    return template.format(where=where or "内容", input=_input(error.get("input")), **{
        k: v for k, v in values.items() if k not in ("where", "input")})


UNFILLED = "unfilled"  # the error kind of a blank left as 请填写: reported as draft.unfilled


def validation_errors(exc: ValidationError, model: type[BaseModel]) -> list[tuple[tuple, str, str]]:
    """(loc, kind, message) for each error; loc is a path into the submitted data."""
    out = []
    errors = exc.errors(include_url=False)
    # "feilds" unknown and "fields" missing are one mistake: the unknown field's 是不是 says it
    meant = {(*loc[:-1], close[0]) for e in errors if e["type"] == "extra_forbidden"
             for loc in [tuple(e["loc"])]
             if (close := difflib.get_close_matches(str(loc[-1]), allowed_fields(model, loc[:-1]), n=1))}
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in meant:
            continue
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        blank = isinstance(error.get("input"), str) and error["input"].strip() == PLACEHOLDER
        out.append((loc, UNFILLED if blank else error["type"], translate(error, model)))
    return out
