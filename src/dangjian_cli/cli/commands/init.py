"""dj init: a new workspace, or the example workspace with its history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..common import State, guarded


@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="新工作区所在目录，默认当前目录。", metavar="目录")] = Path("."),
    example: Annotated[bool, typer.Option("--example", help="创建示例工作区（虚构的示例县人民检察院 2024 年记录及其 git 历史）。")] = False,
    name: Annotated[Optional[str], typer.Option("--name", help="单位名称，例如 某某县人民检察院；不填则为“某某单位”，之后可在 dj.yaml 中修改。", metavar="名称")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="当前工作年度，默认今年。", metavar="年度")] = None,
) -> None:
    """新建工作区：dj.yaml、目录、编辑器与 CI 配置，并完成首次提交。"""
    from ...actions.init import create_example, create_workspace

    target = (State.directory or Path.cwd()) / directory
    if example:
        info = create_example(target)
    else:
        import datetime as dt

        info = create_workspace(target, dt.date.today(), name=name, year=year)
    typer.echo("\n".join(info.lines))


def register(app: typer.Typer) -> None:
    app.command("init")(init)
