"""Data → typed records. One pydantic model per record kind (schemas/README.md)."""

from __future__ import annotations

import difflib

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


def lenient(kind: str, data: object):
    """The record a file with format errors was meant to be, so the program rules can judge it in
    the same run (an applicant sees the age limit and the team size beside the mistyped date, not
    one round later): an unknown field and an optional field in error are left out, a date or
    month typed another way is read as the form it names (1990年5月 → 1990-05). None when a
    required value is wrong or missing with nothing to read it as: those rules wait for the fix.
    The file's errors stand; this model is only for judging, never published (pages withhold it)."""
    if not isinstance(data, dict):
        return None
    model, _ = model_for(kind, data)
    if model is None:
        return None
    import copy

    data = copy.deepcopy(data)
    for _ in range(3):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            # unknown fields first: a misspelt one renamed supplies the field reported missing
            errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
            if not all([_repair(model, data, e) for e in errors]):
                return None
    return None


def _repair(model: type[BaseModel], data: dict, error) -> bool:
    from .common import as_written

    loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    if not loc:
        return False
    parent: object = data
    for part in loc[:-1]:
        try:
            parent = parent[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if error["type"] == "missing":
        return isinstance(parent, dict) and last in parent  # supplied by a rename above
    if not isinstance(parent, dict) or last not in parent:
        return False
    value = parent[last]
    if isinstance(value, str):
        meant = as_written(value, with_day=True) or as_written(value, with_day=False)
        if meant and meant != value:
            parent[last] = meant
            return True
    if error["type"] == "extra_forbidden" and len(loc) == 1:
        # feilds: beside the message's 是不是“fields”, read it as the field it was meant to be
        missing = [n for n in model.model_fields if n not in parent]
        close = difflib.get_close_matches(str(last), missing, n=1, cutoff=0.75)
        if close:
            parent[close[0]] = parent.pop(last)
            return True
    if error["type"] == "extra_forbidden" or (len(loc) == 1 and not _required(model, str(last))):
        del parent[last]
        return True
    return False


def _required(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    return info is None or info.is_required()


__all__ = ["MODELS", "KINDS", "DECISION_KINDS", "model_for", "validate", "lenient", "format_path"]
