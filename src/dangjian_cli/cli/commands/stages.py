"""dj pursue, dj report: the stages still to come, which say so and exit 2."""

import typer

from ...errors import ExitCode
from ..output import echo_err
from ..framework import examples


def _not_yet(stage: str) -> None:
    echo_err(f"“{stage}”功能尚未提供，将在后续版本中实现。目前可用：dj init、dj assign、dj check、dj review、dj schema。")
    raise typer.Exit(ExitCode.USAGE)


def pursue(ctx: typer.Context) -> None:
    """责任追究求“严”：问责案件从发现到办结，责任认定与谈话跟踪（尚未提供）。"""
    _not_yet("dj pursue")


def report(ctx: typer.Context) -> None:
    """年度报告：向上级党委、纪委报送的落实主体责任情况报告（尚未提供）。"""
    _not_yet("dj report")


EXAMPLES = {
    "pursue": examples(("尚未提供；目前可先用 dj check 校验记录", "dj check")),
    "report": examples(("尚未提供；将来按年度生成报告", "dj report --year 2024")),
}


def register(app: typer.Typer) -> None:
    lenient = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}
    for command in (pursue, report):
        app.command(command.__name__, context_settings=lenient, epilog=EXAMPLES[command.__name__])(command)
