"""Data → typed records. One pydantic model per record kind (schemas/README.md)."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .calendar import Calendar
from .decisions import DECISION_KINDS
from .entities import Enterprise, Person, Unit
from .messages import format_path, validation_errors
from .program import Program
from .submissions import Agreement, Application, Need, Service

# kind → model; "decision" is resolved by its own `kind` field
MODELS: dict[str, type[BaseModel]] = {
    "unit": Unit,
    "person": Person,
    "enterprise": Enterprise,
    "calendar": Calendar,
    "program": Program,
    "application": Application,
    "need": Need,
    "agreement": Agreement,
    "service": Service,
}
KINDS = (*MODELS, "decision")


def model_for(kind: str, data: object) -> tuple[type[BaseModel] | None, list[tuple[tuple, str, str]]]:
    """The model that applies to data of this kind, or the error saying why none does."""
    if kind != "decision":
        return MODELS[kind], []
    choice = data.get("kind") if isinstance(data, dict) else None
    if isinstance(choice, str) and choice in DECISION_KINDS:
        return DECISION_KINDS[choice], []
    names = "、".join(DECISION_KINDS)
    if choice is None:
        return None, [(("kind",), "missing", f"缺少必填字段“kind”（决定类型），可选：{names}")]
    shown = choice if isinstance(choice, str) else "列表或映射"
    return None, [(("kind",), "literal_error", f"“kind”（决定类型）只能填写：{names}；现在是“{shown[:40]}”")]


def validate(kind: str, data: object):
    """Return (record or None, [(loc, error type, Chinese message)])."""
    if data is None:
        return None, [((), "empty", "文件是空的。请按模板填写（可用 techserve new 生成模板）")]
    if not isinstance(data, dict):
        return None, [((), "dict_type", "文件内容应为若干“字段名: 内容”，而不是单个值或列表")]
    model, errors = model_for(kind, data)
    if model is None:
        return None, errors
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, validation_errors(exc, model)


__all__ = ["MODELS", "KINDS", "DECISION_KINDS", "model_for", "validate", "format_path"]
