"""pydantic errors → findings with a code, a line and a Chinese message."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from .findings import Finding, error
from .yamlio import locate, scalar_text

_TYPE_WORDS = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "映射（“键: 值”）",
    "model_type": "映射（“键: 值”）",
    "model_attributes_type": "映射（“键: 值”）",
    "date_type": "日期（YYYY-MM-DD）",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（顶层）"


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last element of loc."""
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        if get_origin(annotation) is list:
            annotation = get_args(annotation)[0]
            continue
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) is not None and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def _date_hint(value: Any) -> str:
    """How to write the date: the padded form when that is all that is wrong."""
    m = re.fullmatch(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*", str(value))
    if m:
        try:
            padded = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return f"请写成 {padded}（年-月-日，月和日都用两位数字）。"
        except ValueError:
            return "这一天不存在，请核对月份和日期。"
    return "日期须写成 YYYY-MM-DD，例如 2024-03-18，月和日都用两位数字。"


def _message(err: dict[str, Any], cls: type[BaseModel], root: Node | None) -> tuple[str, str]:
    """(code, Chinese message) for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    field = _field_path(loc)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        owner = _model_at(cls, loc[:-1])
        title = owner.model_fields[loc[-1]].title if owner and loc[-1] in owner.model_fields else None
        return "DJ201", f"缺少必填字段 {loc[-1]}{f'（{title}）' if title else ''}，请补上。位置：{_field_path(loc[:-1])}"
    if kind == "extra_forbidden":
        owner = _model_at(cls, loc[:-1])
        known = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = f"是否应为 {close[0]}？" if close else f"可用的字段：{'、'.join(known)}。"
        return "DJ202", f"未知字段 {loc[-1]}：{hint}"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        raw = scalar_text(root, loc) if root is not None else None
        written = raw if raw is not None else str(value)
        lost = "，按数字读取会丢失前导零" if written.lstrip("+-").startswith("0") and written.strip("+-0") else ""
        return "DJ204", f"{field} 应为文字，但写成了数字 {written}{lost}。请加引号，例如 {field.rsplit('.', 1)[-1]}: \"{written}\""
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact") or (
        kind == "date_type" and isinstance(value, str)
    ):
        return "DJ205", f"{field} 的日期“{value}”无效：{_date_hint(value)}"
    if kind == "enum" or kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ",").split(",") if o.strip(" '")]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.3)
        hint = f"是否应为“{close[0]}”？" if close else ""
        return "DJ206", f"{field} 的取值“{value}”不在允许范围内，只能是：{'、'.join(options)}。{hint}"
    if kind in _TYPE_WORDS:
        return "DJ203", f"{field} 应为{_TYPE_WORDS[kind]}，实际写的是“{value}”。"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "id":
            return "DJ303", f"编号“{value}”格式不正确：只能用英文字母、数字、-、_ 和 .，并以字母或数字开头。"
        return "DJ207", f"{field} 的取值“{value}”格式不正确（要求：{ctx.get('pattern', '')}）。"
    if kind in ("too_short", "string_too_short"):
        return "DJ207", f"{field} 不能为空。"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": "不能小于", "less_than_equal": "不能大于", "greater_than": "必须大于", "less_than": "必须小于"}
        return "DJ207", f"{field} 的取值 {value} {words[kind]} {bound}。"
    return "DJ207", f"{field}：{err['msg']}"


def findings_for(
    exc: ValidationError, cls: type[BaseModel], root: Node | None, path: str, record: str | None
) -> list[Finding]:
    """One finding per distinct pydantic error, located through the composed nodes."""
    out: list[Finding] = []
    seen: set[tuple] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Union branches add tag segments that are not keys of the document; locate
        # stops at the last segment that exists, so the position stays right.
        if loc in seen:
            continue
        seen.add(loc)
        code, message = _message(err, cls, root)
        line, col = locate(root, loc, at_key=err["type"] == "extra_forbidden") if root is not None else (1, 1)
        out.append(error(code, path, line, col, message, record))
    return out
