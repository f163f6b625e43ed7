"""JSON Schemas of the record kinds and dj.yaml, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft07(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic writes draft 2020-12 ($defs); editors understand draft-07 (definitions) best."""
    text = json.dumps(schema, ensure_ascii=False).replace('"#/$defs/', '"#/definitions/')
    out = json.loads(text)
    if "$defs" in out:
        out["definitions"] = out.pop("$defs")
    return {"$schema": DRAFT_07, **out}


def build_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, one per record kind plus dj.yaml."""
    from .kinds import KINDS
    from .models.config import Config

    out = {f"{k.name}.schema.json": _draft07(k.model.model_json_schema()) for k in KINDS}
    out["dj.schema.json"] = _draft07(Config.model_json_schema())
    return out


def render_schemas() -> dict[str, str]:
    return {name: json.dumps(s, ensure_ascii=False, indent=2) + "\n" for name, s in build_schemas().items()}


def plan_schemas(folder: str = "schemas") -> list:
    """The schema files as write changes (paths under folder, POSIX)."""
    from .write import FileChange

    prefix = folder.strip("/") + "/" if folder.strip("/") not in ("", ".") else ""
    return [FileChange(prefix + name, text.encode("utf-8")) for name, text in render_schemas().items()]
