"""dj schema: the JSON Schemas of the record kinds and dj.yaml, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..common import State, guarded


@guarded
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="写入 JSON Schema 的目录。", metavar="目录")] = Path("schemas"),
) -> None:
    """导出各类记录和 dj.yaml 的 JSON Schema，供编辑器提示和校验。"""
    from ...schema import plan_schemas
    from ...write import Plan, apply_plan

    folder = output if output.is_absolute() else (State.directory or Path.cwd()) / output
    folder.mkdir(parents=True, exist_ok=True)
    applied = apply_plan(folder, Plan("schema", "导出 JSON Schema", plan_schemas(".")), commit=False)
    for name in applied.changed:
        typer.echo(f"已写入 {folder / name}")
    if not applied.changed:
        typer.echo(f"无需修改：{folder} 中的 JSON Schema 已是最新。")


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
