"""The Typer application: global options, the error boundary, and the thin commands.

Commands parse options, call one core function, render its result and map it to an
exit code. Core modules are imported inside the commands so ``dj --help`` stays fast.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from .. import __version__
from .i18n import localize_typer

localize_typer()

class ExitCode:
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


class State:
    """Global options of this invocation."""

    directory: Path | None = None
    debug: bool = False


def root() -> Path:
    """The workspace root, found from -C DIR or the current folder."""
    from ..workspace import find_root

    return find_root(State.directory or Path.cwd())


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """The error boundary: DjError → its Chinese message and exit code; a bug → a short note.

    The traceback of a bug is shown only with --debug.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import DjError

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except DjError as exc:
            echo_err(f"错误：{exc.message}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            echo_err("已中断。")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the boundary for bugs
            if State.debug:
                import traceback

                traceback.print_exc()
            echo_err(
                f"dj 内部错误（{type(exc).__name__}）：这是 dj 的缺陷，不是您的记录的问题。"
                "请加上 --debug 重新运行，并把输出报告给维护者。"
            )
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper


class _MissionOrder(typer.core.TyperGroup):
    """Lists the commands in the order of the work: set up, the three links, the report."""

    ORDER = ("init", "assign", "check", "review", "pursue", "report", "schema")

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else len(self.ORDER))


app = typer.Typer(
    name="dj",
    cls=_MissionOrder,
    help="dj：党风廉政建设责任制记录工具。责任分解（assign）、检查考核（check、review）、责任追究（pursue）与年度报告（report），记录以 YAML 保存在 git 仓库中。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dj {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    directory: Annotated[Optional[Path], typer.Option("-C", help="在指定目录中运行，如同先进入该目录（与 git -C 相同）。", metavar="目录")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="出现内部错误时显示完整的错误堆栈。")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", help="显示版本号并退出。", callback=_version, is_eager=True)] = False,
) -> None:
    """dj：党风廉政建设责任制记录工具。"""
    State.directory = directory
    State.debug = debug


class Format(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


@app.command()
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
    from ..pipeline import check_workspace
    from . import output as out

    workspace = root()
    if fix_encoding:
        from ..actions.fix_encoding import plan_fix_encodings
        from ..write import apply_plan

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


def parse_date(text: str | None):
    """A date option, or None; a malformed one is a usage error."""
    if text is None:
        return None
    import datetime as dt

    from ..errors import ConfigError

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，例如 2024-12-31。") from None


@app.command()
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="新工作区所在目录，默认当前目录。", metavar="目录")] = Path("."),
    example: Annotated[bool, typer.Option("--example", help="创建示例工作区（虚构的示例县人民检察院 2024 年记录及其 git 历史）。")] = False,
    name: Annotated[Optional[str], typer.Option("--name", help="单位名称，例如 某某县人民检察院；不填则为“某某单位”，之后可在 dj.yaml 中修改。", metavar="名称")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="当前工作年度，默认今年。", metavar="年度")] = None,
) -> None:
    """新建工作区：dj.yaml、目录、编辑器与 CI 配置，并完成首次提交。"""
    from ..actions.init import create_example, create_workspace

    target = (State.directory or Path.cwd()) / directory
    if example:
        info = create_example(target)
    else:
        import datetime as dt

        info = create_workspace(target, dt.date.today(), name=name, year=year)
    typer.echo("\n".join(info.lines))


@app.command()
@guarded
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="写入 JSON Schema 的目录。", metavar="目录")] = Path("schemas"),
) -> None:
    """导出各类记录和 dj.yaml 的 JSON Schema，供编辑器提示和校验。"""
    from ..schema import plan_schemas
    from ..write import Plan, apply_plan

    folder = output if output.is_absolute() else (State.directory or Path.cwd()) / output
    folder.mkdir(parents=True, exist_ok=True)
    applied = apply_plan(folder, Plan("schema", "导出 JSON Schema", plan_schemas(".")), commit=False)
    for name in applied.changed:
        typer.echo(f"已写入 {folder / name}")
    if not applied.changed:
        typer.echo(f"无需修改：{folder} 中的 JSON Schema 已是最新。")


def _not_yet(stage: str) -> None:
    echo_err(f"“{stage}”功能尚未提供，将在后续版本中实现。目前可用：dj init、dj check、dj schema。")
    raise typer.Exit(ExitCode.USAGE)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def review(ctx: typer.Context) -> None:
    """责任考核求“准”：检查结果、述责述廉、民主测评、评分与等次（尚未提供）。"""
    _not_yet("dj review")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def pursue(ctx: typer.Context) -> None:
    """责任追究求“严”：问责案件从发现到办结，责任认定与谈话跟踪（尚未提供）。"""
    _not_yet("dj pursue")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def report(ctx: typer.Context) -> None:
    """年度报告：向上级党委、纪委报送的落实主体责任情况报告（尚未提供）。"""
    _not_yet("dj report")


def _register_assign() -> None:
    from .commands.assign import assign_app

    app.add_typer(assign_app, name="assign")


_register_assign()
