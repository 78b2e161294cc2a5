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
