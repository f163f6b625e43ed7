"""dj init: a new workspace, or the example workspace with its history."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..common import FormatOpt, Format, path_arg, today
from ..framework import examples

EXAMPLES = examples(
    ("在新目录中建立工作区", "dj init 党风廉政记录 --name 某某县人民检察院 --year 2025"),
    ("在当前目录建立工作区（单位名称之后可在 dj.yaml 中修改）", "dj init"),
    ("生成示例工作区，看看完整的样子", "dj init --example 示例工作区"),
)


def init(
    directory: Annotated[Path, typer.Argument(help="新工作区所在目录，默认当前目录。", metavar="目录", callback=path_arg)] = Path("."),
    example: Annotated[bool, typer.Option("--example", help="创建示例工作区（虚构的示例县人民检察院 2024 年记录及其 git 历史）。")] = False,
    name: Annotated[Optional[str], typer.Option("--name", help="单位名称，例如 某某县人民检察院；不填则为“某某单位”，之后可在 dj.yaml 中修改。", metavar="名称")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="当前工作年度，默认今年。", metavar="年度")] = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """新建工作区：dj.yaml、目录、编辑器与 CI 配置，并完成首次提交。"""
    from ...actions.init import create_example, create_workspace
    from ..output import emit

    target = directory
    if example:
        info = create_example(target)
    else:
        info = create_workspace(target, today(), name=name, year=year)
    emit(info, fmt)


def register(app: typer.Typer) -> None:
    app.command("init", epilog=EXAMPLES)(init)
