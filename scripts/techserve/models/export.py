"""Models → JSON Schemas (schemas/<kind>.schema.json), for editors and for drift checks."""

from __future__ import annotations

import json
from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from . import MODELS
from .decisions import DECISION_KINDS

SCHEMA_BASE = "https://techserve.invalid/schemas/"  # an id, never fetched


def schema_for(kind: str) -> dict:
    if kind == "decision":
        # built at run time from the registered kinds, which neither ruff nor mypy can follow
        union = Annotated[Union[tuple(DECISION_KINDS.values())], Field(discriminator="kind")]  # type: ignore[valid-type]  # noqa: UP007
        schema = TypeAdapter(union).json_schema()  # type: ignore[arg-type]
        schema["title"] = "决定"
    else:
        schema = MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{SCHEMA_BASE}{kind}.schema.json",
            **schema}


def all_schemas() -> dict[str, str]:
    """file name → text, deterministic."""
    out = {}
    for kind in (*MODELS, "decision"):
        out[f"{kind}.schema.json"] = json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def _type_of(prop: dict, defs: dict) -> str:
    """A field's type in words, from its JSON Schema."""
    if "anyOf" in prop:
        kinds = [_type_of(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return "或".join(kinds)
    if "$ref" in prop:
        return f"见 {prop['$ref'].rsplit('/', 1)[-1]}"
    if "enum" in prop or "const" in prop:
        return "取值 " + " / ".join(f"`{v}`" for v in prop.get("enum", [prop.get("const")]))
    t = prop.get("type")
    if t == "array":
        return f"列表（{_type_of(prop.get('items', {}), defs)}）"
    if t == "string":
        if prop.get("format") == "date":
            return "日期 YYYY-MM-DD"
        if prop.get("pattern") == "^[a-z0-9]+(-[a-z0-9]+)*$":
            return "编号"
        return "文字"
    return {"integer": "整数", "number": "数字", "boolean": "true / false", "object": "对象"}.get(str(t), "任意")


def _table(name: str, schema: dict, defs: dict, refs: dict[str, tuple[str, ...]], kind_names: dict[str, str]) -> list[str]:
    required = set(schema.get("required", ()))
    out = ["| 字段 | 名称 | 类型 | 必填 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for field_name, prop in schema.get("properties", {}).items():
        kind = _type_of(prop, defs)
        if field_name in refs:
            kind = kind.replace("编号", "、".join(kind_names.get(k, k) for k in refs[field_name]) + "的编号")
        note = (prop.get("description") or "").replace("|", "\\|").replace("\n", " ")
        out.append(f"| `{field_name}` | {prop.get('title', '')} | {kind} | {'是' if field_name in required else ''} | {note} |")
    return [f"**{name}**" + (f"：{schema['description']}" if schema.get("description") else ""), "", *out, ""]


def contract(where: dict[str, str], kind_names: dict[str, str]) -> str:
    """schemas/README.md: every record kind's fields in Chinese, with what each id names, from the
    same schemas the editors and the checker use."""
    from .references import own_references

    lines = ["# 登记记录的字段", "", "本文件由 `techserve schema` 从模型生成（与同目录的 JSON Schema 一致），请勿手工修改。",
             "“编号”是另一份记录的文件名（不含 .yaml）；表中写明它指向哪类记录。", ""]
    for kind in (*MODELS, "decision"):
        schema = schema_for(kind)
        defs = schema.get("$defs", {})
        lines += [f"## {kind_names.get(kind, kind)}（{kind}）", "", f"位置：`{where.get(kind, '')}`", ""]
        models = DECISION_KINDS if kind == "decision" else {kind: MODELS[kind]}
        for sub, model in models.items():
            body = defs.get(model.__name__, schema) if kind == "decision" else schema
            title = f"{body.get('title', sub)}（kind: {sub}）" if kind == "decision" else "字段"
            lines += _table(title, body, defs, own_references(model), kind_names)
            for nested in _nested(model):
                if nested.__name__ in defs:
                    lines += _table(nested.__name__, defs[nested.__name__], defs, own_references(nested), kind_names)
    return "\n".join(lines).rstrip() + "\n"


def _field_models(tp):
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
    for arg in get_args(tp):
        yield from _field_models(arg)


def _nested(model, seen=None):
    seen = set() if seen is None else seen
    for f in model.model_fields.values():
        for m in _field_models(f.annotation):
            if m not in seen:
                seen.add(m)
                yield m
                yield from _nested(m, seen)
