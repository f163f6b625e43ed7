"""The root of ``dj``: the global options, the registration of the commands, the error boundary.

Commands live in ``cli/commands/``, one module each; they share ``cli/common.py`` and print
through ``cli/output.py``, and never import this module. The boundary is the root group's
``main`` (``boundary.RootGroup``), so no command can forget it. Core modules are imported
inside the commands so that ``dj --help`` stays fast.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from .commands import assign, check, completion, due, init, people, pursue, report, review, schema
from .commands import log as log_command
from .common import State
from .boundary import RootGroup
from .framework import DjTyper, examples

app = DjTyper(
    name="dj",
    cls=RootGroup,
    help="dj：党风廉政建设责任制记录工具。责任分解（assign）、检查考核（check、review）、责任追究（pursue）与年度报告（report），记录以 YAML 保存在 git 仓库中。",
    epilog=examples(
        ("新建工作区", "dj init 党风廉政记录 --name 某某县人民检察院 --year 2025"),
        ("在工作区中校验全部记录", "dj check"),
        ("在别处运行，如同先进入该目录", "dj -C 党风廉政记录 check"),
        ("查看某个命令的说明", "dj assign -h"),
    ),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dj {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    directory: Annotated[Optional[Path], typer.Option("-C", help="在指定目录中运行，如同先进入该目录（与 git -C 相同）；命令行中的相对路径也从这里算起。", metavar="目录")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="出现内部错误时显示完整的错误堆栈。")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", help="显示版本号并退出。", callback=_version, is_eager=True)] = False,
) -> None:
    """dj：党风廉政建设责任制记录工具。"""
    from ..errors import ConfigError

    State.debug = debug
    if directory is not None:
        folder = directory if directory.is_absolute() else Path.cwd() / directory
        if not folder.is_dir():
            why = "不是文件夹" if folder.exists() else "不存在"
            raise ConfigError(f"无法进入目录 {directory}：{why}。请检查 -C 后面的路径。")
        State.directory = folder


for _module in (init, check, review, due, schema, completion):
    _module.register(app)
app.add_typer(assign.assign_app, name="assign")
app.add_typer(pursue.pursue_app, name="pursue")
app.add_typer(report.report_app, name="report")
app.add_typer(people.dept_app, name="dept")
app.add_typer(people.person_app, name="person")
log_command.register(app)

__all__ = ["app"]
