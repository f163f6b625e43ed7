"""dj check: validate every record and run the rules, listing all problems at once."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..common import ExitCode, echo_err, guarded, parse_date, root


class Format(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


@guarded
def check(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式：auto（终端为 text，GitHub Actions 中为 github）、text、json、github、gitlab。")] = Format.auto,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把所选格式的结果写入文件（如 GitLab 的 gl-code-quality-report.json），终端仍显示文字结果。", metavar="文件")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也以退出码 1 结束。")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存，重新读取全部记录（缓存保持不变）。")] = False,
    fix_encoding: Annotated[bool, typer.Option("--fix-encoding", help="先把 GBK/GB18030 编码的记录文件转换为 UTF-8（内容不变），再校验。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按指定日期（YYYY-MM-DD）判断期限，默认今天。", metavar="日期")] = None,
) -> None:
    """校验全部记录：语法、编码、字段、引用和责任制规则，一次列出所有问题。"""
    from ...pipeline import check_workspace
    from .. import output as out

    workspace = root()
    if fix_encoding:
        from ...actions.fix_encoding import plan_fix_encodings
        from ...write import apply_plan

        for path in apply_plan(workspace, plan_fix_encodings(workspace), commit=False).changed:
            echo_err(f"已转换为 UTF-8：{path}")
    result = check_workspace(workspace, parse_date(as_of), use_cache=not no_cache)
    chosen = out.auto_format() if fmt == Format.auto else fmt.value
    if output is not None:
        output.write_text(out.render(result, chosen), encoding="utf-8")
        chosen = "text" if chosen in ("json", "gitlab") else chosen
    sys.stdout.write(out.render(result, chosen, color=out.use_color()))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(out.render_step_summary(result))
    failed = result.errors or (strict and result.warnings)
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
