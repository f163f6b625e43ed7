"""The error boundary of every dj command: each way a run can end, as a Chinese message and an exit code.

=======================  ==============================================  =========
what ended the run        what the user sees (stderr)                     exit code
=======================  ==============================================  =========
the command's own result  its output                                      its own
a usage error (Click)     错误：… in Chinese, and how to get help           2
DjError / ConfigError     错误：… (its message)                             1 / 2
OSError of the user's     错误：… naming the path (a read-only folder,      2
files or disk             a folder given as a file, a full disk)
Ctrl-C                    已中断。                                          130
anything else             dj 内部错误…（traceback only with --debug）       3
=======================  ==============================================  =========

Click's messages are hard-coded English in typer 0.29's vendored Click (see framework.py
for why gettext cannot reach them); they are worded here from the exception's type and
public attributes instead, never from patched modules.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer import Abort
from typer._click.exceptions import (  # Typer's vendored Click; typer is pinned to <0.30
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

from ..errors import DjError, ExitCode
from .common import State, os_error_message
from .framework import DjGroup, choices_of, option_label
from .output import echo_err

# pydantic error types (typer 0.29 converts option values with pydantic) → what was expected.
EXPECTED = {
    "int_parsing": "整数",
    "int_type": "整数",
    "int_from_float": "整数",
    "float_parsing": "数字",
    "float_type": "数字",
    "bool_parsing": "true 或 false",
    "date_parsing": "日期，格式为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期，格式为 YYYY-MM-DD",
    "datetime_parsing": "日期和时间，格式为 YYYY-MM-DD HH:MM",
    "datetime_from_date_parsing": "日期和时间，格式为 YYYY-MM-DD HH:MM",
}

_CJK = re.compile(r"[\u4e00-\u9fff]")
_EXTRA = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)$", re.S)


def run_guarded(invoke: Callable[[], Any]) -> int:
    """Run the command line (Click in non-standalone mode) and return the exit code."""
    try:
        result = invoke()
    except NoArgsIsHelpError as exc:
        echo_err(exc.ctx.get_help())
        return ExitCode.USAGE
    except ClickException as exc:
        echo_err(f"错误：{describe_click_error(exc)}")
        if isinstance(exc, UsageError):
            command = exc.ctx.command_path if exc.ctx is not None else "dj"
            echo_err(f"请运行 {command} -h 查看帮助。")
        return exc.exit_code
    except Abort:
        echo_err("已中断。")
        return ExitCode.INTERRUPTED
    except DjError as exc:
        echo_err(f"错误：{exc.message}")
        return exc.exit_code
    except KeyboardInterrupt:
        echo_err("已中断。")
        return ExitCode.INTERRUPTED
    except OSError as exc:
        message = os_error_message(exc)
        if message is None:
            return internal_error(exc)
        echo_err(f"错误：{message}")
        return ExitCode.USAGE
    except Exception as exc:  # noqa: BLE001 - the boundary for bugs
        return internal_error(exc)
    return int(result) if isinstance(result, int) else ExitCode.OK


def internal_error(exc: BaseException) -> int:
    """A defect in dj: a short Chinese note; the traceback only with --debug."""
    if State.debug:
        import traceback

        traceback.print_exception(exc)
    echo_err(
        f"dj 内部错误（{type(exc).__name__}）：这是 dj 的缺陷，不是您的记录的问题。"
        "请加上 --debug 重新运行，并把输出报告给维护者。"
    )
    return ExitCode.INTERNAL


def describe_click_error(exc: ClickException) -> str:
    """Click's usage error in Chinese, from its type and attributes."""
    if isinstance(exc, NoSuchOption):
        text = f"没有选项 {exc.option_name}。"
        if exc.possibilities:
            text += f"是否应为 {'、'.join(sorted(exc.possibilities))}？"
        return text
    if isinstance(exc, MissingParameter):
        param = exc.param
        if param is None:
            return "缺少必填的参数。"
        kind = "参数" if param.param_type_name == "argument" else "选项"
        return f"缺少{kind} {option_label(param)}。"
    if isinstance(exc, BadParameter):
        return _bad_value(exc)
    if isinstance(exc, BadOptionUsage):
        name = exc.option_name
        if "does not take a value" in exc.message:
            return f"选项 {name} 是开关，后面不能带取值（去掉“=”及其后的内容）。"
        if "requires" in exc.message:
            return f"选项 {name} 后面需要给出取值。"
        return f"选项 {name} 的用法不正确。"
    if isinstance(exc, BadArgumentUsage):
        return "参数的用法不正确。"
    message = exc.message
    extra = _EXTRA.match(message)
    if extra:
        return f"多余的参数：{extra.group(1)}。如果取值中有空格，请用引号括起来。"
    if message.startswith("Missing command"):
        return "缺少命令。"
    if _CJK.search(message):
        return message
    return f"命令行有误（{message}）。"


def _bad_value(exc: BadParameter) -> str:
    param = exc.param
    where = "取值" if param is None else f"{'参数' if param.param_type_name == 'argument' else '选项'} {option_label(param)} 的取值"
    errors = _pydantic_errors(exc.__cause__)
    value = errors[0].get("input") if errors else None
    shown = f"“{value}”" if value is not None else ""
    choices = choices_of(param) if param is not None else []
    if choices:
        text = f"{where}{shown}无效，只能是：{'、'.join(choices)}。"
        import difflib  # only for a suggestion after a mistake

        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5) if value is not None else []
        return text + (f"是否应为“{close[0]}”？" if close else "")
    expected = EXPECTED.get(errors[0].get("type", "")) if errors else None
    if expected:
        return f"{where}{shown}无效：应为{expected}。"
    if _CJK.search(exc.message or ""):
        return f"{where}{shown}无效：{exc.message}"
    return f"{where}{shown}无效。"


def _load_command(name: str, module: str, app_name: str | None) -> Any:
    """The Click command of a lazily registered dj command."""
    import importlib

    from .framework import DjTyper

    commands = importlib.import_module(f"{__package__}.commands.{module}")
    if app_name is not None:
        command = typer.main.get_group(getattr(commands, app_name))
    else:
        holder = DjTyper()
        holder.callback()(lambda: None)
        commands.register(holder)
        command = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
    command.name = name
    return command


def _pydantic_errors(cause: BaseException | None) -> list[dict[str, Any]]:
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return []
    try:
        return list(errors(include_url=False))
    except Exception:  # noqa: BLE001 - not pydantic's: no details
        return []


class RootGroup(DjGroup):
    """The ``dj`` group; its ``main`` is the error boundary of every command.

    Why here: every way of running dj (the console script, ``python -m``, ``CliRunner``)
    goes through the root command's ``main``, so no command can forget the boundary.
    """

    order = ("init", "dept", "person", "assign", "check", "review", "pursue", "due", "report", "log", "schema", "completion")
    # name: (module under cli/commands, its Typer sub-app or None when the module's register()
    # adds the one command, the first line of its help). Loaded when the command is run, so
    # `dj --help` imports none of them; tests/test_cli_usage.py keeps the help lines true.
    lazy: dict[str, tuple[str, str | None, str]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        names = dict.fromkeys([*super().list_commands(ctx), *self.lazy])
        rank = {name: i for i, name in enumerate(self.order)}
        return sorted(names, key=lambda n: rank.get(n, len(rank)))

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.lazy:
            command = _load_command(name, *self.lazy[name][:2])
            self.add_command(command, name)
        return command

    def command_rows(self, ctx: Any) -> list[tuple[str, str]]:
        return [(name, self.lazy[name][2]) if name in self.lazy and name not in self.commands
                else (name, self.get_command(ctx, name).get_short_help_str(limit=200))
                for name in self.list_commands(ctx)]

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        State.reset()  # one process may run several command lines (tests, CliRunner)
        if complete_var is None and os.environ.get("_DJ_COMPLETE"):
            import typer.completion

            typer.completion.completion_init()  # Typer's shell classes, before Click reads _DJ_COMPLETE
        code = run_guarded(lambda: super(RootGroup, self).main(
            args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra,
        ))
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Typer turns Ctrl-C into a silent exit 130; say so, as the boundary does.
            echo_err("已中断。")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
