"""pydantic errors → findings with a code, a line and a Chinese message."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType
from yaml.nodes import Node

from .findings import Finding, error
from .models.base import ID_PATTERN, Model, ref_fields
from .yamlio import locate, scalar_text

def _quote_hint(kind: str, value: Any) -> str:
    """How to write a number or true/false that was written as quoted text (or as yes/no)."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if kind.startswith("bool") and text.lower() in ("true", "false"):
        return f"请去掉引号，写成 {text.lower()}。"
    if kind.startswith("bool") and text.lower() in ("yes", "no", "on", "off", "y", "n", "是", "否"):
        return f"请写成 {'true' if text.lower() in ('yes', 'on', 'y', '是') else 'false'}（YAML 中 {show(text)} 是文字）。"
    if kind.startswith(("int", "float")) and text.lstrip("+-").replace(".", "", 1).isdigit():
        return f"请去掉引号，写成 {text}。"
    return ""


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


# --- values as messages show them ------------------------------------------------------

# Characters a reader cannot see or that change how text is shown: controls, format
# characters (zero-width, bidi), and every space but the ordinary one.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn"})
MAX_SHOWN = 60  # characters of a value quoted in a message


def is_invisible(ch: str) -> bool:
    """True for a character that should be named rather than shown (``<U+3000>``)."""
    cat = unicodedata.category(ch)
    return cat in _INVISIBLE_CATEGORIES or (cat == "Zs" and ch != " ")


def invisible_chars(text: str) -> list[str]:
    """The invisible characters of text by name, each once, in order (``["<U+3000>"]``)."""
    return list(dict.fromkeys(f"<U+{ord(ch):04X}>" for ch in text if is_invisible(ch)))


def lookup_key(text: str) -> str:
    """text without invisible characters and surrounding white space: how a name is looked up."""
    return "".join(ch for ch in text if not is_invisible(ch) or ch.isspace()).strip()


def show(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value as a Chinese message quotes it: never a Python repr, never endless.

    Invisible characters are named (``一般干部<U+3000>``); a long value is shortened with
    its length; dates in ISO form; lists and mappings by what they are.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "空值"
    if isinstance(value, int):
        digits = value.bit_length() * 30103 // 100000 + 1
        if digits > limit:
            return f"（一个约 {digits} 位的整数）"
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if len(text) <= limit else f"（一个约 {len(text)} 位的数字）"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return f"映射（{len(value)} 个键）" if value else "空映射 {}"
    if isinstance(value, (list, tuple, set)):
        return f"列表（{len(value)} 项）" if value else "空列表 []"
    if isinstance(value, bytes):
        return f"二进制数据（{len(value)} 字节）"
    if not isinstance(value, str):
        return f"（{type(value).__name__}）"
    text = value
    shortened = len(text) > limit
    if shortened:
        text = text[: limit - 10] + "…" + text[-6:]
    out = "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in text)
    return out + (f"（共 {len(value)} 个字符）" if shortened else "")


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{show(part, 30)}" if out else show(part, 30))
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


_BOUND_WORDS = {"greater_than_equal": "不能小于", "less_than_equal": "不能大于", "greater_than": "必须大于", "less_than": "必须小于"}

# Every other pydantic error type dj can meet, as (code, Chinese text after the field).
_OTHER = {
    "finite_number": ("DJ207", "应为有限的数字，不能是 .inf 或 .nan"),
    "int_parsing_size": ("DJ207", "的数字太大，超出了可处理的范围"),
    "int_from_float": ("DJ203", "应为整数，不能带小数"),
    "invalid_key": ("DJ203", "的键应为文字"),
    "none_required": ("DJ203", "应不填"),
    "is_instance_of": ("DJ203", "的类型不正确"),
    "union_tag_invalid": ("DJ206", "的类别不在允许范围内"),
    "union_tag_not_found": ("DJ201", "缺少表明类别的字段"),
    "multiple_of": ("DJ207", "的取值不是要求的倍数"),
    "frozen_instance": ("DJ207", "不能修改"),
    "frozen_field": ("DJ207", "不能修改"),
    "string_unicode": ("DJ203", "应为文字"),
    "set_type": ("DJ203", "应为列表（每项以“- ”开头）"),
    "tuple_type": ("DJ203", "应为列表（每项以“- ”开头）"),
    "iterable_type": ("DJ203", "应为列表（每项以“- ”开头）"),
    "mapping_type": ("DJ203", "应为映射（“键: 值”）"),
    "time_type": ("DJ203", "应为时间（HH:MM）"),
    "time_parsing": ("DJ203", "应为时间（HH:MM）"),
    "datetime_type": ("DJ203", "应为日期和时间"),
    "datetime_parsing": ("DJ203", "应为日期和时间"),
    "datetime_from_date_parsing": ("DJ203", "应为日期和时间"),
    "timezone_naive": ("DJ203", "不应带时区"),
    "timezone_aware": ("DJ203", "应带时区"),
    "date_past": ("DJ205", "应为过去的日期"),
    "date_future": ("DJ205", "应为将来的日期"),
    "decimal_type": ("DJ203", "应为数字"),
    "decimal_parsing": ("DJ203", "应为数字"),
    "decimal_max_digits": ("DJ207", "的数字位数太多"),
    "decimal_max_places": ("DJ207", "的小数位数太多"),
    "decimal_whole_digits": ("DJ207", "的整数位数太多"),
    "bytes_type": ("DJ203", "应为文字"),
    "url_type": ("DJ203", "应为网址"),
    "url_parsing": ("DJ207", "不是有效的网址"),
    "uuid_type": ("DJ203", "应为 UUID"),
    "uuid_parsing": ("DJ207", "不是有效的 UUID"),
    "json_invalid": ("DJ203", "不是有效的 JSON"),
    "recursion_loop": ("DJ207", "嵌套自身，无法读取"),
}


# pydantic's own error types; any other type is a PydanticCustomError of a dj model.
_PYDANTIC_TYPES = frozenset(get_args(ErrorType))


def _custom_text(err: dict[str, Any]) -> str | None:
    """The Chinese text a dj validator gave (``PydanticCustomError("dj", ...)``), if any."""
    if err["type"] not in _PYDANTIC_TYPES:  # a PydanticCustomError raised by a dj model
        return str(err["msg"])
    ctx = err.get("ctx") or {}
    error = ctx.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], str) and _has_chinese(error.args[0]):
        return error.args[0]
    return None


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _message(err: dict[str, Any], cls: type[BaseModel], root: Node | None) -> tuple[str, str]:
    """(code, Chinese message) for one pydantic error; never pydantic's English text."""
    kind = err["type"]
    loc = tuple(p for p in err["loc"] if p != "[key]")
    field = _field_path(loc)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    shown = show(value)
    if kind == "missing":
        owner = _model_at(cls, loc[:-1])
        title = owner.model_fields[loc[-1]].title if owner and loc[-1] in owner.model_fields else None
        return "DJ201", f"缺少必填字段 {show(loc[-1])}{f'（{title}）' if title else ''}，请补上。位置：{_field_path(loc[:-1])}"
    if kind == "extra_forbidden":
        owner = _model_at(cls, loc[:-1])
        known = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = f"是否应为 {close[0]}？" if close else f"可用的字段：{'、'.join(known)}。"
        return "DJ202", f"未知字段 {show(loc[-1])}：{hint}"
    if kind == "invalid_key" or (kind == "string_type" and err["loc"] and err["loc"][-1] == "[key]"):
        return "DJ203", f"{_field_path(loc[:-1])} 中的键 {shown} 应为文字，请给它加引号，例如 \"{shown}\":。"
    custom = _custom_text(err)
    if custom is not None:
        return "DJ207", f"{field}：{custom}"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        raw = scalar_text(root, loc) if root is not None else None
        written = show(raw if raw is not None else value)
        lost = "，按数字读取会丢失前导零" if written.lstrip("+-").startswith("0") and written.strip("+-0") else ""
        return "DJ204", f"{field} 应为文字，但写成了数字 {written}{lost}。请加引号，例如 {show(loc[-1]) if loc else 'id'}: \"{written}\""
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact") or (
        kind == "date_type" and isinstance(value, str)
    ):
        return "DJ205", f"{field} 的日期“{shown}”无效：{_date_hint(value)}"
    if kind == "enum" or kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ",").split(",") if o.strip(" '")]
        close = difflib.get_close_matches(lookup_key(str(value)), options, n=1, cutoff=0.3)
        hint = f"是否应为“{close[0]}”？" if close else ""
        if isinstance(value, str) and invisible_chars(value):
            hint += f"取值中含有看不见的字符 {'、'.join(invisible_chars(value))}，请删除。"
        return "DJ206", f"{field} 的取值“{shown}”不在允许范围内，只能是：{'、'.join(options)}。{hint}"
    if kind in _TYPE_WORDS:
        return "DJ203", f"{field} 应为 {_TYPE_WORDS[kind]}，实际写的是“{shown}”。{_quote_hint(kind, value)}"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "id":
            return "DJ303", f"编号“{shown}”格式不正确：只能用英文字母、数字、-、_ 和 .，并以字母或数字开头。"
        return "DJ207", f"{field} 的取值“{shown}”格式不正确（要求：{show(ctx.get('pattern', ''))}）。"
    if kind in ("too_short", "string_too_short"):
        least = ctx.get("min_length", 1)
        if least in (0, 1):
            return "DJ207", f"{field} 不能为空。"
        unit = "项" if kind == "too_short" else "个字符"
        return "DJ207", f"{field} 至少要有 {least} {unit}。"
    if kind in ("too_long", "string_too_long"):
        most = ctx.get("max_length", "")
        if loc and loc[-1] == "id":
            return "DJ303", f"编号“{shown}”太长：最多 {most} 个字符。"
        unit = "项" if kind == "too_long" else "个字符"
        return "DJ207", f"{field} 太长：最多 {most} {unit}，实际写的是“{shown}”。"
    if kind in _BOUND_WORDS:
        bound = next(iter(ctx.values()), "")
        return "DJ207", f"{field} 的取值 {shown} {_BOUND_WORDS[kind]} {show(bound)}。"
    if kind in _OTHER:
        code, text = _OTHER[kind]
        return code, f"{field} {text}，实际写的是“{shown}”。"
    return "DJ207", f"{field} 的取值“{shown}”不符合要求，请对照 dj schema 导出的说明改正。"


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


# --- what an invalid record still tells -----------------------------------------------------


@dataclass(frozen=True)
class Partial:
    """A record that failed validation, as far as ids go: its id and the references it holds,
    read from the raw data, so that a duplicate id or a dangling reference shows in the same
    run as the field error (``resolve``). Never reaches the rules."""

    id: str
    refs: tuple[tuple[tuple[Any, ...], str, str], ...]


def partial_record(data: dict[Any, Any], cls: type[Model]) -> Partial | None:
    """The Partial of raw data of a record of cls; None when it has no usable id."""
    record_id = data.get("id")
    if not isinstance(record_id, str) or len(record_id) > 64 or not re.fullmatch(ID_PATTERN, record_id):
        return None
    return Partial(record_id, tuple(_raw_refs(data, cls, ())))


def _raw_refs(data: dict[Any, Any], cls: type[Model], prefix: tuple[Any, ...]) -> Any:
    for rf in ref_fields(cls):
        value = data.get(rf.name)
        if value is None:
            continue
        if rf.many:
            if not isinstance(value, list):
                continue
            items = list(enumerate(value))
        else:
            items = [(None, value)]
        for index, item in items:
            loc = prefix + ((rf.name,) if index is None else (rf.name, index))
            if rf.kind is not None:
                if isinstance(item, str) and item:
                    yield loc, rf.kind, item
            elif rf.nested is not None and isinstance(item, dict):
                yield from _raw_refs(item, rf.nested, loc)
