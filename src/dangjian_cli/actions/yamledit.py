"""Writing record files for the write commands: new files in the house style, and round-trip
edits of existing ones that keep comments, key order, quoting, indentation, BOM and line endings.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DjError
from ..yamlio import YamlProblem, build, compose, decode, prelint, rt_yaml

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
    # The read path's decoding, so both accept and refuse the same files with the same words.
    decoded = decode(raw)
    if decoded.text is None or decoded.findings:
        code, _line, _col, message = decoded.findings[0]
        raise DjError(f"{path}：{code} {message}（改正编码后才能修改此文件。）")
    text = decoded.text
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    try:
        data = parse_rt(text)
    except YamlProblem as problem:
        raise DjError(f"{path}:{problem.line}:{problem.column}: {problem.code} {problem.message}"
                      "（改正后才能修改此文件；dj check 会给出同样的提示。）") from None
    if not hasattr(data, "keys"):
        raise DjError(f"{path} 的顶层不是“键: 值”映射，请先运行 dj check 并改正。")
    return Loaded(data, bom, crlf, detect_indent(text))


def parse_rt(text: str) -> Any:
    """Round-trip data of text, with the meaning the read path gives it, or a YamlProblem.

    The read path (``yamlio.compose``/``build``, with its pre-lint) decides: what it refuses
    is refused here with the same finding; what ruamel reads otherwise is refused too
    (DJ144). So ``assign edit``/``sign`` never writes back a file whose meaning differs
    from the one ``dj check`` validated (tests/test_conformance.py runs a corpus and the
    YAML test suite through both).
    """
    import warnings

    lint = prelint(text)
    node = compose(text)
    if lint:
        raise YamlProblem(*lint[0])
    expected = build(node) if node is not None else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ruamel warns on a reused anchor; libyaml decided already
            data = _yaml().load(text)
    except Exception as exc:  # noqa: BLE001 - ruamel's errors have many classes
        mark = getattr(exc, "problem_mark", None)
        raise YamlProblem("DJ144", (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                          f"dj 修改记录时无法按检查时的读法读取此文件（{type(exc).__name__}），请检查本行的写法。") from None
    try:
        same = same_data(plain(data), expected)
    except (TypeError, RecursionError):  # a key ruamel built as a mapping, a recursive alias
        same = False
    if not same:
        raise YamlProblem("DJ144", 1, 1, "此文件中有 dj 修改记录时与检查时读法不一致的写法，请简化其中的标签、锚点或特殊格式。")
    return data


def same_data(a: Any, b: Any) -> bool:
    """Equal data of equal types all the way down (True is not 1, a date is not a datetime)."""
    import math

    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        keys = {(type(k), k) for k in b}
        return len(a) == len(b) and all((type(k), k) in keys and same_data(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return bool(a == b) and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def dump_rt(loaded: Loaded) -> bytes:
    out = io.StringIO()
    _yaml(*loaded.indent).dump(loaded.data, out)
    text = out.getvalue()
    if loaded.crlf:
        text = text.replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if loaded.bom else b"") + text.encode("utf-8")


# --- comments ----------------------------------------------------------------------------
#
# ruamel keeps a comment with the node *above* it: the token after a key or list item holds
# the comment beside it ("# beside") followed by the full-line comments below it, up to the
# next key or item; the comments at the end of a file sit in the token of the deepest last
# node. Replacing or deleting that node would take those comments with it, so every edit
# below first moves the comments that belong to what follows ("the tail") out of the node
# and gives them back to whatever now comes last.


def _slot(node: Any, key: Any) -> tuple[list[Any], int]:
    """The comment slot of node's entry key: (the list holding the token, its index)."""
    from ruamel.yaml.comments import CommentedSeq

    index = 0 if isinstance(node, CommentedSeq) else 2
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    return entry, index


def _last_slot(node: Any, key: Any) -> tuple[list[Any], int]:
    """The slot that holds the comments after node[key]: the deepest last entry's."""
    value = node[key]
    if hasattr(value, "ca") and len(value):
        return _last_slot(value, len(value) - 1 if isinstance(value, list) else list(value)[-1])
    return _slot(node, key)


def _split(text: str) -> tuple[str | None, str]:
    """A token's text as (comment beside the line or None, the full lines below it)."""
    if text.startswith("#"):
        beside, _, after = text.partition("\n")
        return beside, after
    return None, text[1:] if text.startswith("\n") else text


def _set_text(slot: tuple[list[Any], int], beside: str | None, after: str, column: int) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry, index = slot
    if beside is None and not after:
        entry[index] = None
        return
    text = (beside or "") + "\n" + after
    if entry[index] is None:
        entry[index] = CommentToken(text, CommentMark(column))
    else:
        entry[index].value = text


def _text(slot: tuple[list[Any], int]) -> tuple[str | None, str]:
    token = slot[0][slot[1]]
    return _split(token.value) if token is not None else (None, "")


def take_tail(node: Any, key: Any) -> str:
    """Remove and return the full-line comments after node[key] (they belong to what follows)."""
    slot = _last_slot(node, key)
    beside, after = _text(slot)
    _set_text(slot, beside, "", 0)
    return after


def give_tail(node: Any, key: Any, text: str) -> None:
    """Put full-line comments after node[key], below any already there."""
    if not text:
        return
    slot = _last_slot(node, key)
    beside, after = _text(slot)
    _set_text(slot, beside, after + text, 0)


def _as_line(beside: str, indent: int) -> str:
    return " " * indent + beside.strip() + "\n"


def _token_lines(text: tuple[str | None, str], indent: int) -> str:
    beside, after = text
    return (_as_line(beside, indent) if beside else "") + after


def _inner_comments(node: Any) -> str:
    """Every comment inside a list or mapping, as full lines in document order."""
    if not hasattr(node, "ca"):
        return ""
    indent = node.lc.col or 0
    out = ""
    for key in range(len(node)) if isinstance(node, list) else list(node):
        if key in node.ca.items:
            out += _token_lines(_text(_slot(node, key)), indent)
        out += _inner_comments(node[key])
    return out


def _plain_key(value: Any) -> str:
    return repr(plain(value))


def update_seq(data: Any, key: str, values: list[Any]) -> None:
    """Make the list data[key] equal values in place, keeping every comment.

    Items that stay keep their comments; a replaced item keeps the comment beside it; the
    comments of a removed item become full lines where it was; the comments after the list
    stay after it.
    """
    import difflib

    seq = data[key]
    tail = take_tail(data, key) if len(seq) else ""
    indent = seq.lc.col if seq.lc.col is not None else 0
    matcher = difflib.SequenceMatcher(a=[_plain_key(v) for v in seq], b=[_plain_key(v) for v in values], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        common = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(common):
            seq[i1 + offset] = values[j1 + offset]
        orphans = ""
        for index in range(i2 - 1, i1 + common - 1, -1):  # removed items, last first
            beside, after = _text(_last_slot(seq, index))
            orphans = (_as_line(beside, indent) if beside else "") + after + orphans
            del seq[index]
        for offset, value in enumerate(values[j1 + common:j2]):
            seq.insert(i1 + common + offset, value)
        if orphans:
            at = i1 + common - 1 + (j2 - j1 - common)  # the last item before the removed ones, after inserts
            if at >= 0:
                give_tail(seq, at, orphans)
            else:
                _prepend(data, key, orphans)
    if len(seq):
        give_tail(seq, len(seq) - 1, tail)
        return
    # An empty list is written "key: []"; what was below its items stays below that line.
    below = "".join(_text(_slot(data, key))[1:]) + tail
    seq.fa.set_flow_style()
    beside = _text(_slot(data, key))[0]
    _set_text(_slot(data, key), beside, below, 0)


def _prepend(data: Any, key: str, text: str) -> None:
    """Full-line comments right below data's key line, before the first item of its list."""
    slot = _slot(data, key)
    beside, after = _text(slot)
    _set_text(slot, beside, after + text, 0)


def set_field(data: Any, key: str, value: Any, order: list[str]) -> None:
    """Set data[key] = value in a round-trip mapping, keeping every comment.

    An existing key keeps its place (and a list keeps its flow or block style, and is
    changed in place, see ``update_seq``); a new key goes after the last present field that
    precedes it in the model's field order; a removed key's comments stay where they were.
    """
    from ruamel.yaml.comments import CommentedSeq

    keys = list(data.keys())
    if value is None:
        if key in data:
            position = keys.index(key)
            moved = _token_lines(_text(_slot(data, key)), 0) + _inner_comments(data[key])
            del data[key]
            if position > 0:
                give_tail(data, keys[position - 1], moved)
            elif moved:
                _prepend_start(data, moved)
        return
    old = data.get(key)
    if isinstance(value, list) and isinstance(old, CommentedSeq):
        update_seq(data, key, value)
        return
    if isinstance(value, list):
        value = CommentedSeq(value)
    if key in data:
        tail = take_tail(data, key)
        data[key] = value
        give_tail(data, key, tail)
        return
    position = len(data)
    if key in order:
        before = [k for k in order[: order.index(key)] if k in data]
        if before:
            position = keys.index(before[-1]) + 1
        else:
            position = 0 if keys and keys[0] != "id" else min(1, len(keys))
    tail = take_tail(data, keys[position - 1]) if position > 0 else ""
    data.insert(position, key, value)
    give_tail(data, key, tail)


def _prepend_start(data: Any, text: str) -> None:
    """Full-line comments at the very top of a mapping (before its first key)."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if data.ca.comment is None:
        data.ca.comment = [None, []]
    while len(data.ca.comment) < 2:
        data.ca.comment.append([])
    if data.ca.comment[1] is None:
        data.ca.comment[1] = []
    for line in text.splitlines(keepends=True):
        data.ca.comment[1].append(CommentToken(line.lstrip(" ") if line.strip() else "\n", CommentMark(0)))


def plain(value: Any) -> Any:
    """Round-trip data as plain Python data (for validation), as the read path builds it.

    Keys keep their type (a date key and a quoted one stay apart); ruamel's scalar
    subclasses become plain str/int/float/bool/date/datetime; an explicit ``!!str``
    becomes its text. Anything else (another tag, a set) stays as it is, and so differs
    from the read path's data (which refuses it).
    """
    from ruamel.yaml.comments import TaggedScalar
    from ruamel.yaml.scalarbool import ScalarBoolean

    if hasattr(value, "items"):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bool, ScalarBoolean)):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        zone = None if offset is None else dt.timezone.utc if not offset else dt.timezone(offset)
        return dt.datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                           value.microsecond, zone)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, TaggedScalar) and str(value.tag) == "tag:yaml.org,2002:str":
        return str(value.value)
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
