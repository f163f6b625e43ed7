"""Rendering documents from Jinja templates: one sandbox, strict names, record text escaped.

The convention every template and every document builder follows
-----------------------------------------------------------------

* **One environment per workspace.** :func:`environment` is a ``SandboxedEnvironment`` with
  ``StrictUndefined``. Its loader looks first in the workspace's own ``templates/`` folder and
  then in dj's bundled ``templates/``: a file at the same relative path overrides the bundled
  one (``<workspace>/templates/report/annual.md.j2`` replaces dj's annual report template).
  Call ``render(template, context, root=ws.root)``; without ``root`` only the bundled
  templates are used.
* **Every ``{{ … }}`` value is escaped for Markdown** (the environment's ``finalize``), so a
  record whose text is ``# 标题``, ``---``, ``| a | b |`` or ``<script>`` prints as that text and
  cannot add a heading, a rule, a table row or HTML to the document. Newlines in a value become
  spaces (a value cannot start a new block), and leading/trailing whitespace is dropped.
  Numbers, dates and names pass through unchanged in practice: only Markdown's punctuation is
  escaped (``\\#``, ``\\*``, ``\\<`` …), which every Markdown reader shows as the plain character.
* **Markdown built by code is marked raw.** A builder or template helper that produces
  Markdown on purpose (a table, a list, a bold label) escapes the record text inside it with
  :func:`escape` and wraps the result in :func:`raw` (a ``str`` subclass, ``Raw``); the
  template prints it as is. In a template, ``{{ x | raw }}`` does the same for a template's
  own literal Markdown, and ``{{ x | md }}`` escapes explicitly (e.g. before ``~``).
  ``markupsafe.Markup`` (what ``| safe`` returns) is trusted too. Joining or concatenating
  (``~``, ``join``) produces a plain string again, which is escaped: join raw fragments in code.
* **Failures are the user's to fix, never a traceback.** A syntax error, an undefined name, a
  sandbox ``SecurityError`` (a template reaching for ``__class__``, ``__globals__`` …), a
  missing template or any error raised while rendering becomes :class:`~dangjian_cli.errors.DjError`
  (exit 1) whose Chinese message names the template file and line. ``render`` returns the
  whole text or raises: callers write files only after it returned, so nothing is written.
* Filters: ``cn_date`` (2024年3月5日), ``md``, ``raw``; globals: ``per_text``, ``percent``
  (numbers.percent: “75.0%（3/4）”).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .dates import cn_date
from .errors import DjError


class Raw(str):
    """Markdown that code (or a template) built on purpose: printed without escaping."""

    __slots__ = ()


def raw(text: Any) -> Raw:
    """Mark text as deliberate Markdown (escape any record text in it first with :func:`escape`)."""
    return text if isinstance(text, Raw) else Raw("" if text is None else str(text))


# Markdown punctuation that changes structure or inline formatting anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<|~])")
# Entities (&amp; &#35;) would be decoded by a Markdown reader.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What a line may start with to open a block: heading, quote, list, rule, setext, fence, table, html.
_BLOCK_START = re.compile(r"^(#|>|[-+=](?=\s|$|[-+=])|\d{1,9}(?=[.)](?:\s|$)))")
_SPACE = re.compile(r"\s*\n\s*")


def escape(value: Any) -> str:
    """Record text as literal Markdown text (see the module docstring); Raw/Markup unchanged."""
    if value is None:
        return ""
    if isinstance(value, Raw) or _is_markup(value):
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = _SPACE.sub(" ", str(value)).strip()
    if not text:
        return text
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    match = _BLOCK_START.match(text)
    if match:
        if match.group(1).isdigit():  # "1. foo" → "1\. foo"
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return text


def _is_markup(value: Any) -> bool:
    try:
        from markupsafe import Markup
    except ImportError:  # pragma: no cover - a dependency of jinja2
        return False
    return isinstance(value, Markup)


def per_text(count: int | None, per: str | None) -> str:
    """“每半年至少1次”, “每年至少2次”, or “” when there is no count."""
    if count is None:
        return ""
    return f"{per or '每年'}至少{count}次"


def bundled_templates() -> Path:
    from .resources import data_dir

    return data_dir("templates")


def environment(root: Path | str | None = None) -> Any:
    """The sandboxed environment of a workspace (its ``templates/`` first), or of dj alone."""
    folder = Path(root).resolve() / "templates" if root is not None else None
    return _environment(str(folder) if folder is not None and folder.is_dir() else None)


@lru_cache(maxsize=8)
def _environment(workspace_templates: str | None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from .numbers import percent

    loaders = [FileSystemLoader(workspace_templates)] if workspace_templates else []
    loaders.append(FileSystemLoader(str(bundled_templates())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=escape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn_date"] = cn_date
    env.filters["md"] = lambda value: raw(escape(value))
    env.filters["raw"] = raw
    env.globals["per_text"] = per_text
    env.globals["percent"] = percent
    return env


def source_of(template: str, root: Path | str | None = None) -> str:
    """Where a template comes from, as the user would look for it."""
    if root is not None and (Path(root) / "templates" / template).is_file():
        return f"工作区模板 templates/{template}"
    return f"dj 自带模板 {template}"


def render(template: str, context: dict[str, Any], root: Path | str | None = None) -> str:
    """Render ``template`` (a path under templates/) with ``context``, or raise DjError.

    Raises:
        DjError: the template is missing, has a syntax error, uses an undefined name, reaches
            for what the sandbox forbids, or fails while rendering; the message names the
            template and the line.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    where = source_of(template, root)
    try:
        return environment(root).get_template(template).render(**context)
    except TemplateNotFound as exc:
        raise DjError(f"找不到模板 {exc.name}（{where}）。请检查模板路径，或删除工作区 templates/ 中同名的文件以使用 dj 自带的模板。") from None
    except TemplateSyntaxError as exc:
        line = f" 第 {exc.lineno} 行" if exc.lineno else ""
        raise DjError(f"{where}{line}有语法错误：{exc.message}。请改正模板后重试，未生成任何文件。") from None
    except SecurityError as exc:
        raise DjError(f"{where}{_line_of(exc)}试图访问不允许的内容（{exc}），已拒绝渲染，未生成任何文件。"
                      "模板只能使用传给它的数据，不能访问 Python 内部对象（如 __class__、__globals__）。") from None
    except UndefinedError as exc:
        raise DjError(f"{where}{_line_of(exc)}使用了未定义的名称：{_undefined(exc)}。请检查拼写，或只使用模板说明中列出的数据；未生成任何文件。") from None
    except DjError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error a template can cause
        raise DjError(f"{where}{_line_of(exc)}渲染出错（{type(exc).__name__}：{exc}）。请改正模板后重试，未生成任何文件。") from None


def _undefined(exc: Exception) -> str:
    message = str(exc)
    match = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    return f"“{match.group(1)}”" if match else message


def _line_of(exc: BaseException) -> str:
    """“第 N 行” of the innermost template frame of the traceback (Jinja rewrites its frames)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__") is not None:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f" 第 {line} 行" if line else ""


def render_letter(context: dict[str, Any], root: Path | str | None = None) -> str:
    """The 党风廉政建设责任书 of one person and year (Markdown)."""
    return render("assign/letter.md.j2", context, root)
