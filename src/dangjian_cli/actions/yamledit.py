"""Writing record files for the write commands: new files in the house style, and round-trip
edits of existing ones that keep comments, key order, quoting, indentation, BOM and line endings.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DjError
from ..yamlio import rt_yaml

_SEQ_AFTER_KEY = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)- ", re.M)
_MAP_AFTER_KEY = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( +)[^\s#-][^\n]*?:(?: |\r?$)", re.M)


def detect_indent(text: str) -> tuple[int, int]:
    """(mapping indent, offset of the "-" of a block sequence under its key) used by text.

    Why: a round-trip dump re-indents the whole file to the dumper's settings; using the
    file's own indentation keeps the diff to the lines that really changed.
    """
    mapping, offset = 2, 2
    m = _MAP_AFTER_KEY.search(text)
    if m and len(m[2]) > len(m[1]):
        mapping = len(m[2]) - len(m[1])
    s = _SEQ_AFTER_KEY.search(text)
    if s and len(s[2]) >= len(s[1]):
        offset = len(s[2]) - len(s[1])
    return mapping, offset


def _yaml(mapping: int = 2, offset: int = 2) -> Any:
    y = rt_yaml()
    y.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return y


def dump_new(data: dict[str, Any], header: str | None = None) -> bytes:
    """A new record file in the house style: 2-space indent, lists as "  - x", UTF-8, LF."""
    out = io.StringIO()
    if header:
        out.write("".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()))
    _yaml().dump(data, out)
    return out.getvalue().encode("utf-8")


@dataclass
class Loaded:
    """An existing file opened for a round-trip edit."""

    data: Any
    bom: bool
    crlf: bool
    indent: tuple[int, int]


def load_rt(raw: bytes, path: str) -> Loaded:
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise DjError(f"{path} 不是 UTF-8 编码，请先运行 dj check --fix-encoding 转换后再修改。") from None
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    try:
        data = _yaml().load(text)
    except Exception as exc:  # noqa: BLE001 - ruamel's errors have many classes
        raise DjError(f"{path} 无法解析（{type(exc).__name__}），请先运行 dj check 并改正其中的错误。") from None
    if not hasattr(data, "keys"):
        raise DjError(f"{path} 的顶层不是“键: 值”映射，请先运行 dj check 并改正。")
    return Loaded(data, bom, crlf, detect_indent(text))


def dump_rt(loaded: Loaded) -> bytes:
    out = io.StringIO()
    _yaml(*loaded.indent).dump(loaded.data, out)
    text = out.getvalue()
    if loaded.crlf:
        text = text.replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if loaded.bom else b"") + text.encode("utf-8")


def set_field(data: Any, key: str, value: Any, order: list[str]) -> None:
    """Set data[key] = value in a round-trip mapping.

    An existing key keeps its place (and a list keeps its flow or block style); a new key
    goes after the last present field that precedes it in the model's field order.
    """
    from ruamel.yaml.comments import CommentedSeq

    if value is None:
        if key in data:
            del data[key]
        return
    if isinstance(value, list):
        seq = CommentedSeq(value)
        old = data.get(key)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        value = seq
    if key in data:
        data[key] = value
        return
    position = len(data)
    if key in order:
        keys = list(data.keys())
        before = [k for k in order[: order.index(key)] if k in data]
        if before:
            position = keys.index(before[-1]) + 1
        else:
            position = 0 if keys and keys[0] != "id" else min(1, len(keys))
    data.insert(position, key, value)


def plain(value: Any) -> Any:
    """Round-trip data as plain Python data (for validation)."""
    if hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def validate(model: type[BaseModel], data: dict[str, Any], what: str, error: type[DjError] = DjError) -> Any:
    """The record data validated, or an error (DjError by default) that lists each problem in Chinese."""
    try:
        return model.model_validate(plain(data))
    except ValidationError as exc:
        from ..validate import _message

        lines = []
        for err in exc.errors(include_url=False):
            _, message = _message(err, model, None)
            lines.append(f"  {message}")
        raise error(f"{what}的内容不符合要求，未写入：\n" + "\n".join(dict.fromkeys(lines))) from None
