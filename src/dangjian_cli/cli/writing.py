"""What every write command shares: the --no-commit/--dry-run options, the workspace lock, and
applying a plan. Kept light (no core imports at module level) so that ``dj --help`` stays fast."""

from typing import Annotated, Any

import typer

from .common import Format, root
from .output import echo_err

NoCommitOpt = Annotated[bool, typer.Option("--no-commit", help="只修改文件，不提交到 git。")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="只显示将要做的修改（diff），不写入任何文件。")]


def begin_write(ctx: typer.Context) -> None:
    """Hold the workspace lock until the command ends (reading, planning and writing), after
    undoing what an interrupted dj write left behind."""
    from ..write import writing

    for path in ctx.with_resource(writing(root())):
        echo_err(f"提示：已撤销 dj 上次被中断的写入，{path} 已恢复原样。")


def apply_changes(plan: Any, no_commit: bool, dry_run: bool, fmt: Format = Format.TEXT) -> None:
    """Write (or only show) the planned changes and report what happened."""
    from ..write import apply_plan
    from .output import emit

    emit(apply_plan(root(), plan, commit=not no_commit, dry_run=dry_run), fmt)
