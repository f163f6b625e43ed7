"""dj check: validate every record and run the rules, listing all problems at once."""

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ...errors import ExitCode
from ..common import Format, parse_date, path_arg, root, today
from ..output import echo_err
from ..framework import examples

EXAMPLES = examples(
    ("校验当前工作区的全部记录", "dj check"),
    ("按 2024 年底的日期判断期限，有警告也算不通过", "dj check --as-of 2024-12-31 --strict"),
    ("在 GitLab CI 中生成代码质量报告，终端仍显示文字结果", "dj check --format gitlab --output gl-code-quality-report.json"),
    ("把 GBK、UTF-16 等编码的记录转为 UTF-8 后再校验", "dj check --fix-encoding"),
    ("列出记录中全部忽略说明（suppress）及各自忽略了几个问题", "dj check --list-suppressions"),
    ("同时验证须签名文件夹（如 cases/）的每个提交都有可信的签名", "dj check --verify-signatures"),
)


def check(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式：auto（终端中为 text，GitHub Actions 中为 github）、text、json、github、gitlab。", metavar="格式")] = Format.AUTO,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把所选格式的结果写入文件（如 GitLab 的 gl-code-quality-report.json），终端仍显示文字结果。", metavar="文件", callback=path_arg)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也以退出码 1 结束。")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存，重新读取全部记录（缓存保持不变）。")] = False,
    fix_encoding: Annotated[bool, typer.Option("--fix-encoding", help="先把能确定编码的非 UTF-8 记录文件（GBK/GB18030、UTF-16）转换为 UTF-8（内容不变），再校验；无法确定的不改动，并指出可能的编码。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按指定日期（YYYY-MM-DD）判断期限，默认今天。", metavar="日期")] = None,
    list_suppressions: Annotated[bool, typer.Option("--list-suppressions", help="不列问题，改为列出记录中的全部忽略说明（suppress）：位置、记录、问题编号、理由和忽略了几个问题。格式可用 text 或 json。")] = False,
    verify_signatures: Annotated[bool, typer.Option("--verify-signatures", help="同时验证 git 历史中修改 dj.yaml 所列须签名文件夹（settings.git.signed_folders）的每个提交的签名，报告未签名、签名无效或密钥不可信的提交（DJ620–DJ625）。")] = False,
) -> None:
    """校验全部记录：语法、编码、字段、引用和责任制规则，一次列出所有问题。

    退出码：0 没有错误；1 有错误（--strict 时警告也算）；2 用法或配置问题；3 dj 自身的缺陷。
    """
    from ...pipeline import check_workspace
    from .. import output as out

    workspace = root()
    if fix_encoding:
        from ...actions.fix_encoding import plan_fix_encodings
        from ...write import apply_plan

        for path in apply_plan(workspace, plan_fix_encodings(workspace), commit=False).changed:
            echo_err(f"已转换为 UTF-8：{path}")
    if list_suppressions and fmt in (Format.GITHUB, Format.GITLAB):
        from ...errors import ConfigError

        raise ConfigError(f"--list-suppressions 只能用 --format text 或 json，不能用 {fmt.value}。")
    result = check_workspace(workspace, parse_date(as_of) or today(), use_cache=not no_cache)
    if list_suppressions:
        from ...pipeline import SuppressionList

        listing = SuppressionList(result.suppressions, result.suppressed)
        chosen = Format.TEXT if fmt == Format.AUTO else fmt
        if output is not None:
            out.write_file(output, out.render(listing, chosen))
            chosen = Format.TEXT
        out.emit(listing, chosen)
        raise typer.Exit(ExitCode.OK)
    if verify_signatures:
        from ...actions.signatures import with_signatures

        result, note = with_signatures(workspace, result)
        echo_err(note)
    chosen = out.auto_format() if fmt == Format.AUTO else fmt
    if output is not None:
        out.write_file(output, out.render(result, chosen))
        chosen = Format.TEXT if chosen in (Format.JSON, Format.GITLAB) else chosen
    failed = result.errors or (strict and result.warnings)
    out.emit(result, chosen)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == Format.GITHUB and summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(out.render_step_summary(result))
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("check", epilog=EXAMPLES)(check)
