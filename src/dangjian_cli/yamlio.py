"""Reading and writing YAML.

Two paths read a file, and both give it YAML 1.2 meaning (``no`` and ``on`` stay
strings, an impossible date stays a string so validation can point at it):

* the read path (check, review, report) composes nodes with libyaml through PyYAML's
  C parser and builds plain Python data from them here. The nodes carry line and
  column marks, so a finding is located without a second parse, and duplicate keys,
  alias bombs and foreign tags are seen while building.
* the edit path uses ruamel.yaml's round-trip mode, which keeps comments, key order
  and quoting (see ``rt_yaml``). It is ~15 times slower and is used only for the few
  files a write command touches.

Both give every input the same verdict and the same data (tests/test_conformance.py runs
the public YAML test suite and dj's own cases through both): the edit path first reads
the text as the read path does, and the forms ruamel reads otherwise (directives, tabs
after values, anchors with colons, some block scalar and comment layouts) are refused
here, on the read path, with a finding (DJ140-DJ144).
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is bundled in PyYAML's wheels; the pure parser is a slow fallback.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


from .findings import Finding, error

T = "tag:yaml.org,2002:"
MAX_NODES = 50_000  # expanded nodes in one file; stops alias bombs and giant lists
MAX_DEPTH = 64  # nested lists/mappings; a record needs fewer than ten
MAX_NUMBER_CHARS = 64  # digits of one number; longer is never a real value


class Resolver12(yaml.resolver.BaseResolver):
    """Implicit typing of YAML 1.2 as ruamel.yaml applies it (its VersionedResolver for 1.2)."""


for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    ("int", r"""^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
]:
    Resolver12.add_implicit_resolver(T + _tag, re.compile(_pattern, re.X), list(_first))


_STR, _SEQ, _MAP = T + "str", T + "seq", T + "map"
_intern = sys.intern
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = Resolver12.yaml_implicit_resolvers


class _Composer(_Parser, Resolver12):
    """libyaml composer with YAML 1.2 typing.

    Why the overrides: PyYAML's generic resolver (path resolvers, per-node bookkeeping)
    costs about a third of a parse; records need only implicit scalar typing.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _BY_FIRST.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            elif not implicit[1]:  # "!" with no value: refused (the two paths read it apart)
                return "!"
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class YamlProblem(Exception):
    """A file that cannot be turned into data; carries its finding."""

    def __init__(self, code: str, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.code, self.line, self.column, self.message = code, line, column, message

    @classmethod
    def at(cls, node: Node, code: str, message: str) -> YamlProblem:
        """A problem located where node starts."""
        return cls(code, node.start_mark.line + 1, node.start_mark.column + 1, message)


_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?"
    r"(?:[ \t]*(Z|[-+]\d\d?(?::\d\d)?))?)?$"
)


def _timestamp(text: str) -> Any:
    """A date or datetime, or the text itself when the date does not exist (2024-02-30)."""
    m = _TIMESTAMP.match(text)
    if m is None:  # only an explicit !!timestamp gets here
        raise ValueError(text)
    try:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if m[4] is None:
            return dt.date(y, mo, d)
        frac = int((m[7] or "0")[:6].ljust(6, "0"))
        tz = None
        if m[8] == "Z":
            tz = dt.timezone.utc
        elif m[8]:
            sign = -1 if m[8][0] == "-" else 1
            hh, _, mm = m[8][1:].partition(":")
            tz = dt.timezone(sign * dt.timedelta(hours=int(hh), minutes=int(mm or 0)))
        # Why keep the zone: converting to UTC moves 16:00-08:00 to the next day, and a
        # date field would then silently take that day; the edit path keeps it too.
        return dt.datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6]), frac, tz)
    except ValueError:
        return text


def _int(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t[:1] == "-" else 1
    t = t.lstrip("+-")
    if t.startswith("0b"):
        return sign * int(t[2:], 2)
    if t.startswith("0x"):
        return sign * int(t[2:], 16)
    if t.startswith("0o"):
        return sign * int(t[2:], 8)
    return sign * int(t)


def _bool(text: str) -> bool:
    """YAML 1.2 booleans only: an explicit ``!!bool yes`` is refused, not guessed."""
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    raise ValueError(text)


def _float(text: str) -> float:
    t = text.replace("_", "").lower()
    if t.endswith("nan"):
        return float("nan")
    return float(t.replace(".inf", "inf"))


_SCALARS = {
    T + "str": lambda v: v,
    T + "null": lambda v: None,
    T + "bool": _bool,
    T + "int": _int,
    T + "float": _float,
    T + "timestamp": _timestamp,
}


class _Builder:
    """Builds plain data from composed nodes, counting nodes as if aliases were expanded.

    An alias reuses the object built for its anchor, so building stays cheap; the count
    (``expanded``) is what validation would walk, and stops alias bombs.
    """

    def __init__(self) -> None:
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.expanded = 0
        self.aliased = 0  # of expanded, how many came from aliases
        self.depth = 0

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            self.expanded += 1
            tag = node.tag
            if tag == _STR:
                value = node.value
                if not value and not node.style:  # "!!str" with nothing after it
                    raise _form_problem(node.start_mark.line, node.start_mark.column,
                                        "标签后面缺少取值。请删除标签，或在标签后写上取值。")
                # Short texts (tiers, areas, evidence forms) repeat across thousands of
                # records; sharing one copy keeps a large workspace in memory.
                return _intern(value) if len(value) <= 48 else value
            make = _SCALARS.get(tag)
            if make is None:
                if tag == T + "merge":  # "<<" where a value is meant: ruamel reads it otherwise
                    raise _form_problem(node.start_mark.line, node.start_mark.column,
                                        "“<<”只能作为合并键写在键的位置。如果它是文字，请加引号写成 '<<'。")
                raise _tag_problem(node)
            if len(node.value) > MAX_NUMBER_CHARS and tag in _NUMBER_TAGS:
                raise _long_number(node)
            if tag == T + "timestamp" and _LONG_FRACTION.search(node.value):
                raise _form_problem(node.start_mark.line, node.start_mark.column,
                                    f"时间“{node.value}”中秒的小数超过 6 位。请最多保留 6 位小数。")
            try:
                return make(node.value)
            except ValueError:
                raise YamlProblem.at(
                    node, "DJ203",
                    f"值“{node.value}”不能按标签 {tag} 读取，请去掉标签或改正取值。",
                ) from None
        key = id(node)
        if key in self.built:  # an alias: counts as a full copy of its anchor
            size = self.sizes.get(key, 1)
            self.expanded += size
            self.aliased += size
            if self.expanded > MAX_NODES:
                raise _bomb(node)
            return self.built[key]
        if self.depth >= MAX_DEPTH:
            raise _too_deep(node)
        if len(node.value) > MAX_NODES:
            raise _too_many(node)
        self.depth += 1
        try:
            return self._collection(node, key)
        finally:
            self.depth -= 1

    def _collection(self, node: Node, key: int) -> Any:
        before = self.expanded
        self.expanded += 1
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise _tag_problem(node)
            items: list[Any] = []
            self.built[key] = items
            items.extend([self.build(n) for n in node.value])
        else:
            if node.tag != _MAP:
                raise _tag_problem(node)
            items = self._mapping(node, key)
        self.sizes[key] = self.expanded - before
        return items

    def _mapping(self, node: MappingNode, key: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        self.built[key] = mapping
        merges: list[Node] = []
        for knode, vnode in node.value:
            if knode.tag == T + "merge":
                if merges:
                    raise YamlProblem.at(
                        knode, "DJ107",
                        "合并键“<<”在同一层中出现了两次。要合并多个映射，请写成一个列表：<<: [*甲, *乙]。",
                    )
                merges.extend(vnode.value if isinstance(vnode, SequenceNode) else [vnode])
                continue
            k = knode.value if knode.tag == _STR else self.build(knode)
            if isinstance(k, (dict, list)):
                raise YamlProblem.at(
                    knode, "DJ101",
                    "键必须是简单的文字，不能是列表或映射。",
                )
            if not isinstance(k, str):
                raise _key_problem(knode)
            if k in mapping:
                raise YamlProblem.at(
                    knode, "DJ107",
                    f"键“{k}”在同一层中出现了两次，请删除或合并其中一处。",
                )
            mapping[k] = self.build(vnode)
        for m in merges:
            if not isinstance(m, MappingNode):
                raise YamlProblem.at(
                    m, "DJ142",
                    "合并键“<<”的值只能是映射（或映射的列表），这里是单个值或列表。"
                    "请删除这一行，或把要合并的内容直接写出来。",
                )
            merged = self.build(m)
            for k, v in merged.items():
                mapping.setdefault(k, v)
        return mapping


def _key_problem(knode: Node) -> YamlProblem:
    """A key read as a date, number, true/false or null: never a field name, and read apart by the two paths."""
    shown = knode.value or "（空）"
    return YamlProblem.at(
        knode, "DJ143",
        f"键“{shown}”会被读成日期、数字、真假值或空值，而不是文字，与加引号的同名键也分不清。"
        f"字段名都是英文文字；如确需这个键，请加引号写成'{knode.value}'。",
    )


def _form_problem(line0: int, col0: int, message: str) -> YamlProblem:
    """A YAML form the read path and the edit path (ruamel) would read apart: refused on both."""
    return YamlProblem("DJ144", line0 + 1, col0 + 1, message + "（dj 修改记录时无法保证与检查时读法一致，因此不接受这种写法。）")


_LONG_FRACTION = re.compile(r"\.\d{7}")
_NUMBER_TAGS = frozenset({T + "int", T + "float"})


def _short(text: str, keep: int = 24) -> str:
    """A long value shortened for a message: its start, its end and how long it is."""
    if len(text) <= 2 * keep + 8:
        return text
    return f"{text[:keep]}…{text[-8:]}（共 {len(text)} 个字符）"


def _long_number(node: Node) -> YamlProblem:
    return YamlProblem.at(
        node, "DJ134",
        f"数字“{_short(node.value)}”超过 {MAX_NUMBER_CHARS} 位，不可能是有效的取值。"
        "请改正；如果它本来就是一串编号，请加引号写成文字。",
    )


def _too_deep(node: Node) -> YamlProblem:
    return YamlProblem.at(
        node, "DJ133",
        f"列表或映射嵌套超过 {MAX_DEPTH} 层，dj 不读取这样的文件。记录只需要几层嵌套，请检查多余的“[”“- ”或缩进。",
    )


def _too_many(node: Node) -> YamlProblem:
    return YamlProblem.at(
        node, "DJ135",
        f"文件中的列表项、键和值合计超过 {MAX_NODES} 个，dj 不读取这样的文件。一条记录不会有这么多内容，请拆分或删除多余的项。",
    )


def _bomb(node: Node) -> YamlProblem:
    return YamlProblem.at(
        node, "DJ110",
        f"展开锚点和别名后超过 {MAX_NODES} 个节点，疑似“别名炸弹”，请去掉 & 和 * 改为直接书写。",
    )


def _tag_problem(node: Node) -> YamlProblem:
    return YamlProblem.at(
        node, "DJ115",
        f"不支持 YAML 标签 {node.tag}，请删除该标签，记录中只能使用普通的文字、数字、日期、列表和映射。",
    )


# Chinese explanations for libyaml's most common complaints.
_SYNTAX_HINTS = [
    ("mapping values are not allowed", "此处不能再出现“键: 值”：可能是缩进不对，或值里含有英文冒号加空格（请给值加引号）。"),
    ("could not find expected ':'", "缺少英文冒号“:”，或上一行的引号没有闭合。"),
    ("found character '\\t'", "YAML 不允许用制表符（Tab）缩进，请改为空格。"),
    ("found character that cannot start any token", "出现了不能作为开头的字符（如 Tab、@、`），请删除或给值加引号。"),
    ("did not find expected key", "缩进不一致或列表项位置不对，请检查本行与上一行的缩进。"),
    ("did not find expected '-' indicator", "列表项缩进不一致，请让每个“- ”对齐。"),
    ("found undefined alias", "引用了未定义的锚点（*名称），请删除或先用 &名称 定义。"),
    ("while scanning a quoted scalar", "引号没有闭合，请补上结尾的引号。"),
    ("expected <document start>", "文件中只能有一个记录，请删除多余的“---”或改正缩进。"),
    ("but found another document", "文件中只能有一个记录，请删除多余的“---”。"),
    ("found duplicate anchor", "同一锚点名（&名称）定义了两次，请改名。"),
    ("special characters are not allowed", "文件中含有不可见的控制字符，请删除。"),
]


_CONTROL_NAMES = {0: "空字节 NUL", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL", 0xFEFF: "字节顺序标记 BOM", 0xFFFE: "非字符", 0xFFFF: "非字符"}


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """A character YAML forbids (NUL, ESC, other controls), named and located, in Chinese only."""
    char = exc.character if isinstance(exc.character, int) else None
    pos = text.find(chr(char)) if char is not None else -1
    if pos < 0:
        return YamlProblem("DJ101", 1, 1, "文件中含有 YAML 不允许的不可见控制字符，请删除。")
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    name = _CONTROL_NAMES.get(char, "控制字符")
    return YamlProblem(
        "DJ101", line, col,
        f"此处有不可见的字符 <U+{char:04X}>（{name}），YAML 不允许它出现在文件中。"
        "它常由复制粘贴或文件损坏带入，请删除它；若整个文件都是乱码，请从备份或 git 历史恢复。",
    )


def _syntax_problem(exc: yaml.YAMLError, text: str = "") -> YamlProblem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    if "maximum nesting depth" in problem:
        return YamlProblem(
            "DJ133", line, col,
            f"列表或映射嵌套超过 {MAX_DEPTH} 层，dj 不读取这样的文件。记录只需要几层嵌套，请检查多余的“[”“- ”或缩进。",
        )
    context = str(getattr(exc, "context", None) or "")
    hint = next((h for key, h in _SYNTAX_HINTS if key in problem or key in context), "请检查本行及上一行的缩进、冒号和引号。")
    return YamlProblem("DJ101", line, col, f"YAML 语法错误：{hint}（解析器原文：{problem}）")


def compose(text: str) -> Node | None:
    """Compose one YAML document into nodes (YAML 1.2 typing); None for an empty one."""
    if _ODD_CHAR.search(text):  # before libyaml, which counts lines otherwise
        _check_odd_chars(text)
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, text) from None
    finally:
        loader.dispose()
    if _FORM_HINT.search(text):
        _check_forms(text, node)
    return node


# Forms libyaml (the read path) and ruamel (the edit path) read apart; a cheap test
# first, so that the usual file pays nothing more.
_FORM_HINT = re.compile(r"\t|^%|^\.\.\.|&|\*|[|>][-+0-9]*[ \t]*(?:#.*)?$|:[ \t]+#|[\x85\u2028\u2029\ufeff]|\r(?!\n)", re.M)
_ODD_CHAR = re.compile("[\x85\u2028\u2029\ufeff]|\r(?!\n)")
_BLOCK_HEADER = re.compile(r"[|>]([-+1-9]{0,2})([ \t]*)(#?)")
_ANCHOR = re.compile(r"[&*]([^\s\[\]{},]+)")
_ANCHOR_NAME = re.compile(r"[A-Za-z0-9_-]+")
_TAB_MESSAGE = "此处有制表符（Tab）：在值、键或注释之外，YAML 只允许空格（行尾的 Tab 也不行）。请删除它或改为空格。"
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _check_odd_chars(text: str) -> None:
    """Refuse NEL, LS, PS, a BOM inside the text and a lone CR, located as an editor counts lines.

    Why: libyaml (YAML 1.1) breaks lines at NEL, LS and PS, ruamel (1.2) does not.
    """
    odd = _ODD_CHAR.search(text, 1 if text.startswith("\ufeff") else 0)  # a leading BOM is allowed
    if odd:
        pos = odd.start()
        line, col = text.count("\n", 0, pos), pos - (text.rfind("\n", 0, pos) + 1)
        raise _form_problem(line, col, f"此处有不可见的特殊字符 <U+{ord(odd[0]):04X}>，不同的读法对它的理解不同（换行或文字）。"
                                       "请删除它，需要换行处改用普通的换行。")


def _check_forms(text: str, node: Node | None) -> None:
    """Refuse what the two paths would read apart (see tests/test_conformance.py).

    A YAML directive (``%YAML 1.1`` switches only ruamel to 1.1 meaning); a tab outside
    a value, a key and a comment (ruamel refuses ``a: b<Tab>``); an anchor name with a
    colon (libyaml ends it at the colon); a block scalar whose header comment has no
    space before it, or whose first lines hold only spaces (ruamel refuses both).
    """
    import bisect

    scalars: list[ScalarNode] = []
    below: list[tuple[Node, Node]] = []  # a plain value on a line after its key
    stack: list[Node] = [node] if node is not None else []
    seen: set[int] = set()
    while stack:  # no recursion: nesting depth is limited later, in build
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, ScalarNode):
            scalars.append(n)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
        else:
            for k, v in n.value:
                stack.append(k)
                stack.append(v)
                if isinstance(v, ScalarNode) and v.style in (None, "", "|", ">") and v.start_mark.line > k.end_mark.line:
                    below.append((k, v))
    spans = sorted(((s.start_mark.line, s.start_mark.column), (s.end_mark.line, s.end_mark.column), bool(s.style))
                   for s in scalars)
    starts = [a for a, _, _ in spans]

    def inside(pos: tuple[int, int], quoted: bool = False) -> bool:
        """pos lies in a scalar (with quoted: a quoted or block one; ruamel refuses a tab in a plain one)."""
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and spans[i][1] > pos and (spans[i][2] or not quoted)

    lines = _LINE_BREAK.split(text)  # libyaml's line breaks, so its marks index these lines
    lines.append("")  # a mark may sit just past the last break
    ended = False  # after a document end marker "..."
    for no, line in enumerate(lines):
        if ended and line.strip(" \t") and not line.lstrip(" \t").startswith("#"):
            raise _form_problem(no, 0, "文件结束标记“...”之后还有内容。请删除“...”或它后面的内容。")
        if line.startswith("...") and line[3:4] in ("", " ", "\t") and not inside((no, 0)):
            ended = True
        if line.startswith("%") and not inside((no, 0)):
            raise YamlProblem(
                "DJ140", no + 1, 1,
                "文件中有 YAML 指令（以 % 开头的一行，如 %YAML 1.1）。dj 一律按 YAML 1.2 读取记录，"
                "指令会让不同的读法得出不同的取值（如 yes、017），请删除这一行（以及随后单独的 ---）。",
            )
        if "\t" in line:
            for col, char in enumerate(line):
                if char != "\t" or inside((no, col), quoted=True):
                    continue
                before = line[:col]
                if not before.strip(" \t"):
                    continue  # a tab in the indentation: the pre-lint's DJ102
                if any(c == "#" and (p == 0 or before[p - 1] in " \t") and not inside((no, p)) for p, c in enumerate(before)):
                    break  # inside a comment
                raise YamlProblem("DJ141", no + 1, col + 1, _TAB_MESSAGE)
        if "&" in line or "*" in line:
            for m in _ANCHOR.finditer(line):
                before = line[:m.start()]
                if (before and before[-1] not in " \t[{,") or any(
                    c == "#" and (p == 0 or before[p - 1] in " \t") and not inside((no, p)) for p, c in enumerate(before)
                ):
                    continue  # not where an anchor or alias can stand, or inside a comment
                i = bisect.bisect_right(starts, (no, m.start())) - 1
                property_ = i >= 0 and spans[i][0][0] == no and re.fullmatch(r"(?:!\S*[ \t]+)?", line[spans[i][0][1]:m.start()])
                if not _ANCHOR_NAME.fullmatch(m[1]) and (property_ or not inside((no, m.start()))):
                    raise _form_problem(no, m.start(), f"锚点名或别名“{m[1]}”中有字母、数字、-、_ 以外的字符（libyaml 在此处截断它）。"
                                                       "请改用只含这些字符的名称，或去掉锚点和别名。")
    for k, v in below:
        after = lines[min(k.end_mark.line, len(lines) - 1)][k.end_mark.column:]
        if re.match(r"[ \t]*:[ \t]+#", after):
            raise _form_problem(v.start_mark.line, v.start_mark.column,
                                "键的同一行有注释，值却写在下一行。请把值移到键的同一行（注释放在值后面），或删除这条注释。")
    for s in scalars:
        if s.style not in ("|", ">"):
            continue
        header = _BLOCK_HEADER.match(lines[min(s.start_mark.line, len(lines) - 1)], s.start_mark.column)
        if header is None:
            continue
        if "\t" in header[2]:
            raise YamlProblem("DJ141", s.start_mark.line + 1, header.start(2) + header[2].index("\t") + 1, _TAB_MESSAGE)
        if header[3] and not header[2]:
            raise _form_problem(s.start_mark.line, header.end(3) - 1, "块标量标记“|”或“>”与其后的注释“#”之间须有空格。")
        for no in range(s.start_mark.line + 1, len(lines)):  # to the first line with content
            line = lines[no]
            if line.strip(" "):
                break
            if line:
                raise _form_problem(no, 0, "“|”或“>”之后的第一行内容之前，有只含空格的行。请删除这些行中的空格（保留空行即可）。")


def build(node: Node) -> Any:
    """Plain Python data from a composed node, refusing alias bombs and foreign tags."""
    builder = _Builder()
    try:
        data = builder.build(node)
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops it first
        raise _too_deep(node) from None
    if builder.expanded > MAX_NODES:
        raise _bomb(node) if builder.aliased else _too_many(node)
    return data


# --- the fast path: a maintained Rust parser for the bulk read -------------------------------

# Anything whose meaning or finding depends on libyaml's nodes takes the libyaml path:
# tags, anchors and aliases, merge keys, flow mappings, directives, document markers, tabs,
# a block scalar with a comment or a line of only spaces, comments right after a key, odd line
# breaks, characters YAML does not print, long numbers, and date-times and times
# (the two read them apart).
# The fast parser gets only what both read alike (tests/test_parsers.py proves it on
# every corpus); any doubt, any error and any invalid record go to libyaml, so every
# finding is made, and located, by the one path.
_SLOW_TEXTS = ("!", "&", "*", "{", "\t", "\x85", "\u2028", "\u2029", "\ufeff", "<<", "\n%", "\n---", "\n...")
_SLOW_COMMENT = re.compile(r":[ \t]+#|[|>][-+0-9]*[ \t]*#")
_SLOW_BLOCK = re.compile(r"[|>][-+0-9]*[ \t]*\r?\n[ ]*\r?\n|\n[ ]+(?:\r?\n|$)")
_SLOW_NUMBER = re.compile(r"[0-9._+-]{" + str(MAX_NUMBER_CHARS // 2) + "}")
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")  # YAML's c-printable


def _needs_libyaml(text: str) -> bool:
    """Cheap tests first (a substring search is far faster than one regex with alternatives)."""
    return (any(t in text for t in _SLOW_TEXTS) or text.startswith(("%", "---", "..."))
            or ("\r" in text and _ODD_CHAR.search(text) is not None)
            or ("#" in text and _SLOW_COMMENT.search(text) is not None)
            or (("|" in text or ">" in text) and _SLOW_BLOCK.search(text) is not None)
            or _SLOW_NUMBER.search(text) is not None or _NOT_PRINTABLE.search(text) is not None)


def _fast_loader() -> Any:
    """yaml_rs.loads, or None where it is not installed or DJ_YAML_PARSER=libyaml asks for the fallback."""
    if os.environ.get("DJ_YAML_PARSER", "").lower() == "libyaml":
        return None
    try:
        from yaml_rs import loads
    except ImportError:
        return None
    return loads


FAST_LOADS = _fast_loader()


def fast_load(text: str) -> Any:
    """The data of a simple record file read by the fast parser, or None to take the libyaml path.

    None also for what libyaml's path refuses or reports (duplicate keys, keys that are
    not text, an empty file, a document that is not a mapping, too many nodes or too deep).
    """
    if FAST_LOADS is None or _needs_libyaml(text):
        return None
    try:
        data = FAST_LOADS(text, parse_datetime=True)
    except Exception:  # noqa: BLE001 - the libyaml path makes the finding
        return None
    if not isinstance(data, dict) or not _plain(data, 0, [0]):
        return None
    return data


def _plain(value: Any, depth: int, count: list[int]) -> bool:
    """Only text keys, and far from the depth and size limits (near them libyaml's path decides);
    short texts interned as build does."""
    count[0] += 1
    if depth >= MAX_DEPTH // 2 or count[0] > MAX_NODES // 2:
        return False
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            return False
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return True
    for key, item in items:
        if isinstance(item, (dict, list)):
            if not _plain(item, depth + 1, count):
                return False
            continue
        count[0] += 1
        if isinstance(item, str) and len(item) <= 48:
            if ":" in item and item[4:5] == "-" and item[:4].isdigit():
                return False  # a date-time libyaml's path reads and yaml-rs does not
            value[key] = _intern(item)  # same key: the dict's size does not change while iterating
        elif isinstance(item, (dt.datetime, dt.time)):
            return False
    return True


def locate(root: Node, loc: tuple[Any, ...], at_key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of a pydantic error location in a composed document.

    Walks as far as the location exists; a missing key points at its parent mapping.
    With at_key, the last element is located at its key rather than its value.
    """
    node = root
    mark = root.start_mark
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        elif isinstance(node, MappingNode):
            for knode, vnode in node.value:
                if isinstance(knode, ScalarNode) and knode.value == str(part):
                    scalar = isinstance(vnode, ScalarNode) and not (at_key and i == last)
                    mark = vnode.start_mark if scalar else knode.start_mark
                    node = vnode
                    break
            else:
                break
        else:
            break
    return mark.line + 1, mark.column + 1


def scalar_text(root: Node, loc: tuple[Any, ...]) -> str | None:
    """The source text of the scalar at loc, as written (``013800000000`` keeps its zero)."""
    node: Node = root
    for part in loc:
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        elif isinstance(node, MappingNode):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)), None)
            if node is None:
                return None
        else:
            return None
    return node.value if isinstance(node, ScalarNode) else None


# --- decoding and pre-lint ----------------------------------------------------------------


@dataclass
class Decoded:
    text: str | None
    findings: list[tuple[str, int, int, str]] = field(default_factory=list)
    encoding: str = "utf-8"


_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz"})
# Characters a Chinese record holds besides ASCII: CJK ideographs and punctuation,
# full-width forms, general punctuation (“”…—), the middle dot.
_CHINESE_TEXT = re.compile(
    r"[\x00-\x7f\u00b7\u2000-\u206f\u2460-\u24ff\u2e80-\u2fdf\u3000-\u303f\u3105-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]*"
)
_ENCODING_NAMES = [
    ("utf_16", "UTF-16"), ("utf_32", "UTF-32"), ("big5", "Big5（繁体中文）"), ("cp950", "Big5（繁体中文）"),
    ("gb", "GBK/GB18030"), ("utf_8", "UTF-8（但有损坏的字节）"), ("hz", "HZ（简体中文）"), ("shift_jis", "Shift_JIS（日文）"), ("cp932", "Shift_JIS（日文）"),
    ("euc_j", "EUC-JP（日文）"), ("iso2022_jp", "ISO-2022-JP（日文）"), ("cp949", "EUC-KR（韩文）"), ("euc_kr", "EUC-KR（韩文）"),
    ("koi8", "KOI8（西里尔文）"), ("cp1251", "Windows-1251（西里尔文）"), ("cp125", "Windows 西文单字节编码（如 Windows-1252）"),
    ("latin", "Latin-1（西文单字节编码）"), ("iso8859", "ISO-8859 西文单字节编码"), ("cp", "某种单字节代码页"), ("mac", "Mac 西文编码"),
]


def encoding_title(name: str) -> str:
    """A reader's name for a codec name from the detector."""
    lower = name.lower().replace("-", "_")
    return next((title for key, title in _ENCODING_NAMES if lower.startswith(key)), name)


def _looks_utf16(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when raw is plainly UTF-16 text without a BOM.

    Why a rule of its own: every YAML file is mostly ASCII (keys, dates, indentation),
    and ASCII in UTF-16 puts a NUL in every other byte, on one side only.
    """
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    pairs = len(raw) // 2
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls * 2 >= pairs and other == 0:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            if "\x00" not in text and "\n" in text:
                return codec
    return None


def guess_encoding(raw: bytes) -> tuple[str | None, str | None]:
    """(codec dj can convert from with confidence, or None; the detector's likely encoding).

    Converts only GBK/GB18030 that the detector (charset-normalizer) counts among the
    possible encodings and whose decoded text holds nothing but Chinese text, and UTF-16.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
            return ("utf-16" if "\x00" not in text else None), "utf_16"
        except UnicodeDecodeError:
            return None, "utf_16"
    utf16 = _looks_utf16(raw)
    if utf16:
        return utf16, "utf_16"
    from charset_normalizer import from_bytes  # only for the rare file that is not UTF-8

    matches = from_bytes(raw[:65536])
    best = matches.best()
    likely = best.encoding if best is not None else None
    if any(m.encoding in _GB_FAMILY for m in matches):
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, likely
        if _CHINESE_TEXT.fullmatch(text):
            return "gb18030", "gb18030"
    for name in ("big5", "cp950"):  # named, never converted: traditional text in a simplified workspace
        if any(m.encoding == name for m in matches):
            try:
                if _CHINESE_TEXT.fullmatch(raw.decode(name)):
                    return None, name
            except UnicodeDecodeError:
                pass
    return None, likely


def _damaged_utf8(raw: bytes) -> bool:
    """UTF-8 with a few broken bytes (a cut-off file, a bad copy), rather than another encoding."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return bad > 0 and good >= 2 * bad


_UTF16_ADVICE = ("文件是 UTF-16 编码（Windows 记事本“Unicode”的保存方式），dj 要求 UTF-8。"
                 "请运行 dj check --fix-encoding 自动转换，或在编辑器中“另存为 UTF-8”。")
_GBK_ADVICE = ("文件是 GBK/GB18030 编码（Windows 记事本旧版的默认保存方式），dj 要求 UTF-8。"
               "请运行 dj check --fix-encoding 自动转换，或在编辑器中“另存为 UTF-8”。")


def decode(raw: bytes) -> Decoded:
    """Text of a record file: UTF-8 (BOM accepted); GBK/GB18030 and UTF-16 read but flagged (DJ105).

    An encoding dj cannot identify with confidence gives DJ106 naming the likely one, and no text.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (b"\x00" in raw and _looks_utf16(raw)):
        line = col = 1
    else:
        try:
            return Decoded(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    codec, likely = guess_encoding(raw) if not _damaged_utf8(raw) else (None, "utf_8")
    if codec is not None and codec.startswith("utf-16"):
        return Decoded(raw.decode(codec), [("DJ105", 1, 1, _UTF16_ADVICE)], encoding=codec)
    if codec == "gb18030":
        return Decoded(raw.decode("gb18030"), [("DJ105", line, col, _GBK_ADVICE)], encoding="gb18030")
    named = f"可能的编码是 {encoding_title(likely)}" if likely else "无法判断它的编码"
    return Decoded(None, [("DJ106", line, col,
                           f"文件不是 UTF-8 编码，{named}，dj 不能确定地转换它（--fix-encoding 也不会改动它）。"
                           "请用编辑器按正确的编码打开，确认文字无误后“另存为 UTF-8”。")])


_TAB_INDENT = re.compile(r"^ *\t", re.M)
_IDEOGRAPHIC_SPACE = re.compile(r"^[ \t]*\u3000|^[ \t]*(?:- )*[A-Za-z_][A-Za-z0-9_]*:\u3000", re.M)
_FULLWIDTH_COLON = re.compile(r"^[ \t\u3000]*(?:- )*([A-Za-z_][A-Za-z0-9_]*)[ \t]*：", re.M)


def prelint(text: str) -> list[tuple[str, int, int, str]]:
    """Typing slips of Chinese input methods that YAML reports confusingly or not at all."""
    out: list[tuple[str, int, int, str]] = []

    def where(pos: int) -> tuple[int, int]:
        return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1

    if "\t" in text:
        for m in _TAB_INDENT.finditer(text):
            line, col = where(m.end() - 1)
            out.append(("DJ102", line, col, "缩进中有制表符（Tab），YAML 只允许空格缩进。请把 Tab 换成两个空格。"))
    if "\u3000" in text:
        for m in _IDEOGRAPHIC_SPACE.finditer(text):
            line, col = where(m.end() - 1)
            out.append(("DJ103", line, col, "此处有全角空格（中文输入法下的空格），YAML 不认。请切换到半角后改为普通空格。"))
    if "：" in text:
        for m in _FULLWIDTH_COLON.finditer(text):
            line, col = where(m.end() - 1)
            out.append(("DJ104", line, col,
                        f"键“{m[1]}”后面是全角冒号“：”，YAML 只认半角冒号。请改为“{m[1]}: ”（英文冒号加一个空格）。"))
    return out


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(YAML text padded so its line numbers match the file, Markdown body), or None."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None
    m = _FRONT_MATTER_END.search(text, text.index("\n") + 1)
    if m is None:
        return None
    front = "\n" + text[text.index("\n") + 1 : m.start()]
    body = text[m.end() :].lstrip("\r\n")
    return front, body


def findings_from(problems: list[tuple[str, int, int, str]], path: str, record: str | None = None) -> list[Finding]:
    return [error(code, path, line, col, msg, record) for code, line, col, msg in problems]


# --- the edit path -------------------------------------------------------------------------


@functools.cache
def _safe_date_constructor() -> type:
    from ruamel.yaml.constructor import RoundTripConstructor

    class SafeDateConstructor(RoundTripConstructor):
        """Keeps an impossible date (2024-02-30) as text so validation can locate it.

        A subclass of its own, so that the shared RoundTripConstructor stays untouched.
        """

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return self.construct_scalar(node)

    SafeDateConstructor.add_constructor(T + "timestamp", SafeDateConstructor.construct_yaml_timestamp)
    return SafeDateConstructor


def rt_yaml() -> Any:
    """A ruamel round-trip YAML that keeps comments, order and quotes, with YAML 1.2 meaning.

    A new instance each call: ruamel instances are unusable after a reader error.
    """
    from ruamel.yaml import YAML

    y = YAML()
    y.Constructor = _safe_date_constructor()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    return y
