"""The Typer application: global options and the registration of the commands.

Commands live in ``cli/commands/``, one module each, and share ``cli/common.py``; they
never import this module. Core modules are imported inside the commands so ``dj --help``
stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import __version__
from .commands import assign, check, init, schema, stages
from .common import ExitCode, State, echo_err, guarded, parse_date, root
from .i18n import localize_typer

localize_typer()


class _MissionOrder(typer.core.TyperGroup):
    """Lists the commands in the order of the work: set up, the three links, the report."""

    ORDER = ("init", "assign", "check", "review", "pursue", "report", "schema")

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else len(self.ORDER))


app = typer.Typer(
    name="dj",
    cls=_MissionOrder,
    help="dj：党风廉政建设责任制记录工具。责任分解（assign）、检查考核（check、review）、责任追究（pursue）与年度报告（report），记录以 YAML 保存在 git 仓库中。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dj {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    directory: Annotated[Optional[Path], typer.Option("-C", help="在指定目录中运行，如同先进入该目录（与 git -C 相同）。", metavar="目录")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="出现内部错误时显示完整的错误堆栈。")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", help="显示版本号并退出。", callback=_version, is_eager=True)] = False,
) -> None:
    """dj：党风廉政建设责任制记录工具。"""
    State.directory = directory
    State.debug = debug


for _module in (init, check, schema, stages):
    _module.register(app)
app.add_typer(assign.assign_app, name="assign")

__all__ = ["ExitCode", "State", "app", "echo_err", "guarded", "parse_date", "root"]
