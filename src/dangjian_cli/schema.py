"""JSON Schemas of the record kinds and dj.yaml, for editors (yaml-language-server)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


# A calendar date: YYYY-MM-DD with the days each month has, 02-29 only in leap years.
# (``format: date`` is only a shape check in yaml-language-server: 2024-02-30 passes it.)
DATE_PATTERN = (
    r"^(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
    r"|(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
)

# [U], [P], [V 地方]: how settled a default is. They stay in dj.yaml's comments, not in the editor.
_MARKER = re.compile(r"\s*\[(?:U|P|V[^\]]*)\]\s*")


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Every $ref replaced by a copy of its definition, the referring node's title and description kept.

    In draft-07 the words next to a $ref are ignored, so the editor would show the class
    name (``Duty``) or the definition's text instead of the field's title.
    """
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, defs) for k, v in node.items()}
    ref = out.pop("$ref", None)
    if ref is not None:
        target = copy.deepcopy(defs[ref.rsplit("/", 1)[-1]])
        out = {**_inline(target, defs), **out}
    return out


def _nullable(node: Any) -> Any:
    """``anyOf: [X, {type: null}]`` folded into X with null allowed.

    An anyOf makes yaml-language-server hover read "备注 || 备注"; one schema with
    ``type: [string, "null"]`` reads "备注". An empty ``note:`` is null and dj accepts it.
    """
    if isinstance(node, list):
        return [_nullable(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items()}
    branches = out.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        inner = next(b for b in branches if b != {"type": "null"})
        if "type" in inner and isinstance(inner["type"], str):
            del out["anyOf"]
            merged = {**inner, **out}
            merged["type"] = [inner["type"], "null"]
            if "enum" in merged:
                merged["enum"] = [*merged["enum"], None]
            out = merged
    if "default" in out and out["default"] is None:
        del out["default"]  # completion would insert ``note: null``
    return out


def _words(node: Any) -> Any:
    """Markers out of descriptions; a date pattern on every date."""
    if isinstance(node, list):
        return [_words(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _words(v) for k, v in node.items()}
    for key in ("description", "title"):
        if isinstance(out.get(key), str):
            out[key] = _MARKER.sub(" ", out[key]).strip()
    if out.get("format") == "date":
        out["pattern"] = DATE_PATTERN
    return out


def editor_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic schema made into what yaml-language-server (VS Code's YAML extension) shows well.

    Draft-07, no definitions (each inlined where it is used), nullable fields as one schema,
    no null defaults, no [U]/[P] markers, dates checked against the calendar.
    """
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    out = _words(_nullable(_inline(schema, defs)))
    return {"$schema": DRAFT_07, **out}


def _leaf_message(node: dict[str, Any]) -> str | None:
    """A Chinese message for a scalar field the editor shows instead of its English one."""
    title = node.get("title", "此项")
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    nullable = "（不填可删除此行）" if "null" in types else ""
    if "enum" in node:
        options = "、".join(str(v) for v in node["enum"] if v is not None)
        return f"{title}只能是：{options}。{nullable}"
    if "integer" in types or "number" in types:
        word = "整数" if "integer" in types else "数字"
        low, high = node.get("minimum", node.get("exclusiveMinimum")), node.get("maximum")
        bounds = f"，范围 {low}—{high}" if low is not None and high is not None else (f"，不小于 {low}" if low is not None else "")
        return f"{title}应为{word}（不加引号）{bounds}。{nullable}"
    if "boolean" in types:
        return f"{title}应为 true 或 false（不加引号）。"
    if node.get("format") == "date":
        return f"{title}须是存在的日期，写成 YYYY-MM-DD，例如 2024-03-18。{nullable}"
    if "string" in types:
        if "pattern" in node and node.get("title") == "编号":
            return "编号只能用英文字母、数字、-、_ 和 .，以字母或数字开头，最长 64 个字符。"
        if "pattern" in node:
            return f"{title}格式不对：{node.get('description', '')}"
        if node.get("minLength"):
            return f"{title}应为文字，不能为空。{nullable}"
        return f"{title}应为文字。{nullable}"
    return None


def _messages(node: Any, parent_key: str | None = None) -> Any:
    """errorMessage on every scalar property: yaml-language-server shows it in place of its English text."""
    if isinstance(node, list):
        return [_messages(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _messages(v, k) for k, v in node.items()}
    if isinstance(out.get("properties"), dict):
        for prop in out["properties"].values():
            if isinstance(prop, dict) and "errorMessage" not in prop and "title" in prop and prop.get("type") not in ("object", "array"):
                message = _leaf_message(prop)
                if message:
                    prop["errorMessage"] = message
            items = prop.get("items") if isinstance(prop, dict) and prop.get("type") == "array" else None
            if isinstance(items, dict) and items.get("type") not in ("object", None) and "errorMessage" not in items:
                message = _leaf_message({**items, "title": f"{prop.get('title', '此项')}的每一项"})
                if message:
                    items["errorMessage"] = message
    return out


def _settings_enums(schemas: dict[str, dict[str, Any]], config: Any) -> None:
    """Values closed by dj.yaml's settings (the study forms) become enums; the key-work areas are offered."""
    forms = list(config.settings.assign.study_forms)
    for node in (schemas["study_session.schema.json"]["properties"]["form"],
                 schemas["study_plan.schema.json"]["properties"]["entries"]["items"]["properties"]["form"]):
        node["enum"] = forms  # DJ431 is an error: the editor shows the same
        node["errorMessage"] = (f"{node['title']}只能是：{'、'.join(forms)}"
                                "（dj.yaml 中 settings.assign.study_forms；改了设置请重新运行 dj schema）。")
    # A key-work area outside the settings is a warning (DJ417): offered in completion, not enforced.
    schemas["chain.schema.json"]["properties"]["area"]["examples"] = list(config.settings.assign.key_work_areas)


def build_schemas(config: Any = None) -> dict[str, dict[str, Any]]:
    """File name → schema, one per record kind plus dj.yaml.

    Args:
        config: the workspace's settings (closed lists such as the study forms become
            enums); the default settings when None.
    """
    from .kinds import KINDS
    from .models.config import Config, Organization

    if config is None:
        config = Config(organization=Organization(name="单位"), year=2024)
    out = {f"{k.name}.schema.json": _messages(editor_schema(k.model.model_json_schema())) for k in KINDS}
    out["dj.schema.json"] = _messages(editor_schema(Config.model_json_schema()))
    _settings_enums(out, config)
    return out


def render_schemas(config: Any = None) -> dict[str, str]:
    return {name: json.dumps(s, ensure_ascii=False, indent=2) + "\n" for name, s in build_schemas(config).items()}


def plan_schemas(folder: str = "schemas", config: Any = None) -> list:
    """The schema files as write changes (paths under folder, POSIX)."""
    from .write import FileChange

    prefix = folder.strip("/") + "/" if folder.strip("/") not in ("", ".") else ""
    return [FileChange(prefix + name, text.encode("utf-8")) for name, text in render_schemas(config).items()]
