"""dj assign: 责任分解求“实”."""

from __future__ import annotations

import typer

assign_app = typer.Typer(
    help="责任分解求“实”：责任清单、重点工作责任链条、理论学习、责任书与签单（尚未提供）。",
    no_args_is_help=False,
    invoke_without_command=True,
)


@assign_app.callback()
def _assign(ctx: typer.Context) -> None:
    from ..app import _not_yet

    _not_yet("dj assign")
