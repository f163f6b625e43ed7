"""dj report: the stage still to come, which says so and exits 2."""

import typer

from ...errors import ExitCode
from ..output import echo_err
from ..framework import examples


def _not_yet(stage: str) -> None:
    echo_err(f"“{stage}”功能尚未提供，将在后续版本中实现。目前可用：dj init、dj assign、dj check、dj review、dj pursue、dj schema。")
    raise typer.Exit(ExitCode.USAGE)


def report(ctx: typer.Context) -> None:
    """年度报告：向上级党委、纪委报送的落实主体责任情况报告（尚未提供）。"""
    _not_yet("dj report")


EXAMPLES = {
    "report": examples(("尚未提供；将来按年度生成报告", "dj report --year 2024")),
}


def register(app: typer.Typer) -> None:
    lenient = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}
    for command in (report,):
        app.command(command.__name__, context_settings=lenient, epilog=EXAMPLES[command.__name__])(command)
