"""dj schema: the JSON Schemas of the record kinds and dj.yaml, for editors."""

from pathlib import Path
from typing import Annotated

import typer

from ..common import Format, FormatOpt, path_arg
from ..framework import examples

EXAMPLES = examples(
    ("导出到工作区的 schemas 目录（VS Code 的 YAML 插件据此提示）", "dj schema"),
    ("导出到别的目录", "dj schema --output 模式"),
)


def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="写入 JSON Schema 的目录。", metavar="目录", callback=path_arg)] = Path("schemas"),
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """导出各类记录和 dj.yaml 的 JSON Schema，供编辑器提示和校验。"""
    from ...schema import plan_schemas
    from ...write import Plan, apply_plan
    from ..output import Written, emit

    folder = output
    folder.mkdir(parents=True, exist_ok=True)
    changes = plan_schemas(".", _workspace_config())
    applied = apply_plan(folder, Plan("schema", "导出 JSON Schema", changes), commit=False)
    written = [str(folder / c.path) for c in changes if c.path in applied.changed]
    emit(Written("schema", written, [str(folder / c.path) for c in changes if c.path not in applied.changed]), fmt)


def _workspace_config():  # -> Config | None
    """The settings of the workspace here (its study forms become the schema's enum); None outside one."""
    from ...errors import DjError
    from ...workspace import load_config
    from ..common import root

    try:
        return load_config(root())
    except DjError:
        return None


def register(app: typer.Typer) -> None:
    app.command("schema", epilog=EXAMPLES)(schema)
