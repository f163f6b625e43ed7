"""Typer and Click classes that speak Chinese: help layout, usage line, unknown commands.

Why subclasses and not a gettext catalogue: typer 0.29 vendors Click as ``typer._click`` with
every message hard-coded in English (no gettext call at all); only a handful of strings in
``typer.core`` go through ``gettext.gettext`` of the default domain, whose language follows
LANGUAGE/LC_ALL/LANG of the whole process (Windows sets none of them). Setting LANGUAGE for
dj would also turn git's own messages, which GitPython parses, into Chinese. So help is laid
out here through Click's public extension points (``format_usage``, ``format_help_text``,
``format_options``, ``format_epilog``, ``get_help_option``, ``collect_usage_pieces``,
``resolve_command``), and usage errors are worded in Chinese from each exception's type and
attributes at the root's boundary (``boundary.py``). typer is pinned to the tested minor
version; ``tests/test_cli_usage.py`` fails when an upgrade lets English through.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

import typer
from typer._click.exceptions import UsageError  # Typer's vendored Click; typer is pinned to <0.30
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "显示帮助信息并退出。"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
COLUMN_MAX = 30  # widest first column of a two-column list before its text moves to the next line

# Type names Typer shows for an option without a metavar, in Chinese.
TYPE_WORDS = {"<str>": "文本", "<int>": "整数", "<float>": "数字", "<path>": "路径", "<datetime>": "日期"}

# Characters that must not start a line in Chinese typesetting (行首禁则).
NO_LINE_START = set("，。、；：？！）》」』〉】”’…,.;:?!)]}%")


# --- width and wrapping --------------------------------------------------------------------


def cell_width(text: str) -> int:
    """Columns text takes in a terminal: wide and full-width (CJK) characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


_TOKEN = re.compile(r"[!-~]+ *| +|.", re.S)  # a run of printable ASCII (a word, an option), or one character


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most width columns, breaking between Chinese characters or ASCII words."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        w = cell_width(token.rstrip())
        if line and used + w > width and token[0] not in NO_LINE_START and token.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        if not line and not token.strip():
            continue
        line += token
        used += cell_width(token)
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def write_rows(formatter: Any, rows: Sequence[tuple[str, str]]) -> None:
    """Two columns, the second aligned by display width (Click's own list counts characters)."""
    indent = " " * formatter.current_indent
    first = min(max((cell_width(name) for name, _ in rows), default=0), COLUMN_MAX)
    text_width = max(formatter.width - formatter.current_indent - first - 2, 20)
    pad = " " * (first + 2)
    for name, text in rows:
        lines = wrap(text, text_width) if text else []
        if cell_width(name) > first or not lines:
            formatter.write(f"{indent}{name}\n")  # a long name: its text starts on the next line
        else:
            formatter.write(f"{indent}{name}{' ' * (first - cell_width(name) + 2)}{lines.pop(0)}\n")
        for line in lines:
            formatter.write(f"{indent}{pad}{line}\n")


def write_section(formatter: Any, heading: str, rows: Sequence[tuple[str, str]]) -> None:
    if not rows:
        return
    formatter.write_paragraph()
    formatter.write(f"{' ' * formatter.current_indent}{heading}：\n")
    formatter.indent()
    try:
        write_rows(formatter, rows)
    finally:
        formatter.dedent()


def examples(*pairs: tuple[str, str]) -> str:
    """The "示例：" block of a command's help: (what it does, the command line) pairs.

    Each line of the command is shown as typed, under a ``#`` comment that says what it does,
    so that the secretary can copy it and PowerShell or bash ignores the comment.
    """
    lines = ["示例："]
    for what, command in pairs:
        lines += [f"  # {what}", f"  {command}"]
    return "\n".join(lines)


# --- one parameter in the help -------------------------------------------------------------


def option_label(param: Any) -> str:
    """How a message names the parameter: the long option, or the argument's placeholder."""
    if getattr(param, "param_type_name", "") == "argument":
        return param.metavar or (param.name or "").upper()
    opts = list(getattr(param, "opts", []) or [])
    longs = [o for o in opts if o.startswith("--")]
    return (longs or opts or [param.name or ""])[0]


def choices_of(param: Any) -> list[str]:
    """The allowed values of an option declared with an Enum or a Literal, as typed."""
    descriptor = getattr(param, "type_descriptor", None)
    try:
        choices = getattr(descriptor, "choices", None) or ()
    except Exception:  # noqa: BLE001 - a Typer without this attribute: no list of choices
        return []
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in choices]


def _metavar(param: Any, ctx: Any) -> str:
    if param.metavar:
        return param.metavar
    choices = choices_of(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    try:
        shown = param.display_type(ctx)
    except Exception:  # noqa: BLE001 - only the help's placeholder is at stake
        shown = ""
    return TYPE_WORDS.get(shown, "值")


def _shown_default(param: Any) -> str | None:
    default = getattr(param, "default", None)
    if default is None or default is False or default == [] or callable(default):
        return None
    if not getattr(param, "show_default", True):
        return None
    if isinstance(default, Enum):
        return str(default.value)
    return str(default)


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """(name column, help column) of one option or argument, the extras in Chinese."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = option_label(param)
        is_flag = True
    else:
        opts = sorted(param.opts, key=lambda o: (o.startswith("--"), len(o)))
        name = ", ".join([*opts, *param.secondary_opts])
        is_flag = bool(getattr(param, "is_flag", False))
        if not is_flag:
            name += " " + _metavar(param, ctx)
    text = param.help or ""
    extras = []
    default = None if is_flag and param.param_type_name == "option" else _shown_default(param)
    if default is not None and "默认" not in text:
        extras.append(f"默认：{default}")
    if param.required:
        extras.append("必填")
    if extras:
        text = f"{text}（{'；'.join(extras)}）"
    return name, text


# --- commands and groups -------------------------------------------------------------------


def _show_help(ctx: Any, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .output import write_stdout

    write_stdout(ctx.get_help() + "\n")
    ctx.exit(0)


class ChineseHelp:
    """Help, usage and the help option of a dj command or group, in Chinese.

    Mixed into Typer's command and group classes ahead of them, so these methods win.
    """

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
            option.callback = _show_help  # a closed pipe after help ends quietly, too
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as exc:
            if exc.ctx is None:  # Click's parser raises without the command; help names it
                exc.ctx, exc.cmd = ctx, self
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [OPTIONS_METAVAR]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if getattr(param, "param_type_name", "") != "argument" or getattr(param, "hidden", False):
                continue
            name = option_label(param)
            name = name if param.required else f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        if isinstance(self, TyperGroup):
            pieces.append(SUBCOMMAND_METAVAR)
        return pieces

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write(f"{' ' * formatter.current_indent}用法：{ctx.command_path} {pieces}\n")

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = inspect.cleandoc(self.help or "").partition("\f")[0]  # type: ignore[attr-defined]
        if not text:
            return
        formatter.write_paragraph()
        width = max(formatter.width - formatter.current_indent - 2, 20)
        for line in text.splitlines():
            for part in wrap(line, width) if line.strip() else [""]:
                formatter.write(f"{' ' * (formatter.current_indent + 2)}{part}".rstrip() + "\n")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param, ctx)
            if record is not None:
                (arguments if param.param_type_name == "argument" else options).append(record)
        write_section(formatter, "参数", arguments)
        write_section(formatter, "选项", options)
        if isinstance(self, TyperGroup):
            write_section(formatter, "命令", self.command_rows(ctx))

    def command_rows(self, ctx: Any) -> list[tuple[str, str]]:
        """(name, first line of its help) of each subcommand help lists."""
        rows = []
        for name in self.list_commands(ctx):  # type: ignore[attr-defined]
            command = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        return rows

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        """The examples, as written: command lines must not be re-wrapped."""
        if not getattr(self, "epilog", None):
            return
        formatter.write_paragraph()
        indent = " " * formatter.current_indent
        for line in self.epilog.strip("\n").splitlines():  # type: ignore[attr-defined]
            formatter.write(f"{indent}{line}".rstrip() + "\n")

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first line of the help (cut by display width for shell completion menus)."""
        text = self.short_help or inspect.cleandoc(self.help or "").partition("\f")[0]  # type: ignore[attr-defined]
        first = text.strip().splitlines()[0] if text.strip() else ""
        if cell_width(first) <= limit:
            return first
        out = ""
        for ch in first:
            if cell_width(out + ch) > limit - 3:
                break
            out += ch
        return out + "..."


class DjCommand(ChineseHelp, TyperCommand):
    """A dj command: Chinese help and usage."""


class UnknownCommand(UsageError):
    """A command name that the group does not have (with the close ones, if any)."""

    def __init__(self, name: str, possibilities: list[str], ctx: Any = None) -> None:
        message = f"没有命令 {name}。"
        if possibilities:
            message += f"是否应为 {'、'.join(possibilities)}？"
        super().__init__(message, ctx)
        self.name = name
        self.possibilities = possibilities


class DjGroup(ChineseHelp, TyperGroup):
    """A dj command group: Chinese help, and a Chinese "no such command" with suggestions.

    Attributes:
        order: command names in the order help lists them; others follow as registered.
    """

    order: tuple[str, ...] = ()

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(self.order)}
        return sorted(names, key=lambda n: rank.get(n, len(rank)))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if not ctx.resilient_parsing and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib  # only for a suggestion after a mistake

            close = difflib.get_close_matches(name, [n for n in self.list_commands(ctx)], n=3, cutoff=0.6)
            raise UnknownCommand(name, close, ctx)
        return super().resolve_command(ctx, args)


class DjTyper(typer.Typer):
    """typer.Typer with dj's defaults: Chinese help classes, ``-h``, no rich, no pretty tracebacks."""

    def __init__(self, *, cls: type[TyperGroup] = DjGroup, **kwargs: Any) -> None:
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(cls=cls, **kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Callable[..., Any]:
        return super().command(name, cls=cls or DjCommand, **kwargs)
