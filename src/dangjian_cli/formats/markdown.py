"""The Markdown every document is written in, parsed once by markdown-it-py for HTML and DOCX.

One parser configuration (CommonMark plus tables, raw HTML off) for both formats, so what a
record's text can do is the same everywhere: ``<script>`` stays text, links and images keep
only their text (a document never points outside itself), and the block structure
(headings, paragraphs, lists, tables, quotes, rules) is what :func:`blocks` hands the DOCX
writer.

Conventions on top of Markdown (what a template writes to get the 公文 layout):

* a leading ``# 标题`` equal to the document's title is the title itself, not a heading of the
  body (both writers print the title their own way; :func:`body_tokens` drops it); the same
  ``# 标题`` again later starts the next document of the file on a new page (one 决定书 a person);
* headings keep the numbering the template writes (``## 一、`` ``### （一）`` ``#### 1.``
  ``##### （1）``); the numbering decides the 公文 level (:func:`heading_level`), the Markdown
  depth only when a heading has none;
* a paragraph that is exactly ``[chart:N]`` (N counts ``Document.charts`` from 1) places that
  chart there in the HTML; the DOCX leaves it out (charts not placed go to the end of the HTML);
* two paragraphs that are exactly ``meta["issuer"]`` and a date (``2024年12月5日``) are a 落款
  and are laid out as one; when the body ends with one, no second 落款 is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

CHART_MARK = re.compile(r"^\[chart:(\d+)\]$")


@lru_cache(maxsize=1)
def parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    return md


def _plain(inline: Any) -> str:
    return "".join(c.content for c in (inline.children or []) if c.type in {"text", "code_inline"})


def body_tokens(markdown: str, title: str = "") -> list[Any]:
    """The token stream of ``markdown`` without a leading h1 that repeats ``title``."""
    tokens = parser().parse(markdown)
    if (len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1"
            and _plain(tokens[1]).strip() == title.strip()):
        return tokens[3:]
    return tokens


def leading_title(markdown: str) -> str:
    """The text of the Markdown's first line when it is an h1 (``# 标题``), else ''."""
    tokens = parser().parse(markdown)
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        return _plain(tokens[1]).strip()
    return ""


def chart_mark(tokens: list[Any], i: int) -> int | None:
    """N when tokens[i:i+3] is a top-level paragraph that is exactly ``[chart:N]``."""
    if (tokens[i].type == "paragraph_open" and tokens[i].level == 0 and i + 2 < len(tokens)
            and tokens[i + 1].type == "inline"):
        match = CHART_MARK.match(tokens[i + 1].content.strip())
        if match:
            return int(match.group(1))
    return None


# --- a small block model for writers that are not HTML ------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False


@dataclass
class Heading:
    depth: int  # the Markdown level, 1–6
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Para:
    runs: list[Run]
    prefix: str = ""  # a list item's marker: "1." or "•"
    indent: int = 0  # list nesting depth (0 for a plain paragraph)
    quote: bool = False  # inside a block quote
    code: bool = False  # a code block, kept line by line

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[list[Run]]]
    header: bool = True


@dataclass
class Rule:
    pass


Block = Heading | Para | Table | Rule


def runs_of(inline: Any) -> list[Run]:
    """The inline token's text as runs, with bold/italic/strike; links and images as their text."""
    runs: list[Run] = []
    bold = italic = strike = 0
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "s_open":
            strike += 1
        elif kind == "s_close":
            strike -= 1
        elif kind in {"text", "code_inline", "html_inline"}:
            runs.append(Run(child.content, bold > 0, italic > 0, strike > 0))
        elif kind == "image":
            runs.append(Run("".join(c.content for c in child.children or []), bold > 0, italic > 0, strike > 0))
        elif kind == "softbreak":
            runs.append(Run("", bold > 0, italic > 0))  # CJK text joins lines without a space
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0))
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].strike) == (run.bold, run.italic, run.strike):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.strike)
        elif run.text:
            merged.append(run)
    return merged


def blocks(markdown: str, title: str = "") -> list[Block]:
    """The Markdown as a flat list of blocks (list items become paragraphs with a prefix)."""
    tokens = body_tokens(markdown, title)
    out: list[Block] = []
    lists: list[list[Any]] = []  # stack of [ordered, next number]
    quote = 0
    pending_prefix = ""
    table: Table | None = None
    row: list[list[Run]] | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if chart_mark(tokens, i) is not None:
            i += 3
            continue
        if kind == "heading_open":
            out.append(Heading(int(tok.tag[1]), runs_of(tokens[i + 1])))
            i += 3
            continue
        if kind in {"bullet_list_open", "ordered_list_open"}:
            start = tok.attrGet("start")
            lists.append([kind == "ordered_list_open", int(start) if start is not None else 1])
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            pending_prefix = f"{number}{tok.markup or '.'}" if ordered else "•"
            if ordered:
                lists[-1][1] = number + 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "hr":
            out.append(Rule())
        elif kind in {"fence", "code_block"}:
            for line in tok.content.rstrip("\n").split("\n"):
                out.append(Para([Run(line)], indent=len(lists), quote=quote > 0, code=True))
        elif kind == "table_open":
            table = Table([])
        elif kind == "tr_open":
            row = []
        elif kind in {"th_open", "td_open"} and row is not None:
            row.append(runs_of(tokens[i + 1]))
            i += 3
            continue
        elif kind == "tr_close" and table is not None and row is not None:
            table.rows.append(row)
            row = None
        elif kind == "table_close" and table is not None:
            out.append(table)
            table = None
        elif kind == "inline" and table is None:
            out.append(Para(runs_of(tok), prefix=pending_prefix, indent=max(len(lists) - 1, 0) if lists else 0,
                            quote=quote > 0))
            pending_prefix = ""
        i += 1
    return out


_NUMBERED = [
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十百]+）")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^（\d+）")),
]


def heading_level(text: str, depth: int, shallowest: int) -> int:
    """The 公文 level (1–4) of a heading: from its own numbering when it has one
    (一、 → 1, （一） → 2, 1. → 3, （1） → 4), else from its Markdown depth below the
    shallowest heading of the body."""
    for level, pattern in _NUMBERED:
        if pattern.match(text.strip()):
            return level
    return max(1, min(4, depth - shallowest + 1))
