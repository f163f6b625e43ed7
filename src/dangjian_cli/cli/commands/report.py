"""dj report: the annual (and half-year) report, the other documents, and --verify.

Thin: options are parsed here; building, encoding and provenance are ``actions/report.py``.
Other modules add their documents as subcommands with ``register(report_app)`` and write them
through :func:`publish`, with the shared options below (``DocFormatOpt``, ``OutputOpt``,
``NoCommitOpt``, ``RedactOpt``, ``AsOfOpt``)::

    def dossier(ctx: typer.Context, person: ..., year: ..., fmt: DocFormatOpt = "md",
                output: OutputOpt = None, no_commit: NoCommitOpt = False,
                redact: RedactOpt = False, as_of: AsOfOpt = None) -> None:
        publish(ctx, "dossier", {"person": person, "year": year}, fmt, output, no_commit, redact, as_of)
"""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..common import parse_date, path_arg, root
from ..common import today as _today
from ..framework import DjTyper, examples
from ..output import text_renderer
from ..writing import NoCommitOpt, begin_write

DocFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="文件格式：md（Markdown，默认，提交到 git 的格式）、html（可打印的网页，图表内嵌）、docx（按 GB/T 9704 排版的 Word 文档）或 json（数据）。",
    metavar="格式")]
OutputOpt = Annotated[Optional[Path], typer.Option(
    "--output", "-o", help="写入指定文件（不提交）；写“-”则输出到屏幕。默认写入 reports/ 并提交到 git。", metavar="文件")]
RedactOpt = Annotated[bool, typer.Option("--redact", help="案件材料中的人名改为“张某”式的称呼（同姓者为张某甲、张某乙）。")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="成文日期，也是判断期限的日期（YYYY-MM-DD），默认今天。", metavar="日期")]

report_app = DjTyper(
    help="报告：向上级党委、纪委报送的年度（半年）落实党风廉政建设责任制情况报告，以及其他文书。"
         "报告由记录生成，写入 reports/ 并提交到 git，注明所依据的提交和记录摘要；--verify 逐份核验。",
    epilog=examples(
        ("生成 2024 年度报告，写入 reports/ 并提交", "dj report --year 2024"),
        ("2024 年上半年的报告", "dj report --year 2024 --half 1"),
        ("生成可打印的网页版（图表内嵌）", "dj report --year 2024 --format html"),
        ("只写入别处的文件，不提交", "dj report --year 2024 --output 年度报告.md"),
        ("核验 reports/ 中的每一份报告是否与记录一致（CI 可运行）", "dj report --verify"),
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)

FORMAT_CHOICES = ("md", "html", "docx", "json")


def _format(value: str) -> str:
    from ...errors import ConfigError

    if value not in FORMAT_CHOICES:
        raise ConfigError(f"选项 --format 的取值“{value}”无效，只能是：{'、'.join(FORMAT_CHOICES)}。")
    return value


def publish(ctx: typer.Context, name: str, params: dict[str, Any], fmt: str = "md", output: Optional[Path] = None,
            no_commit: bool = False, redact: bool = False, as_of: Optional[str] = None) -> None:
    """Build document ``name`` with ``params``, encode it as ``fmt`` and write it: under reports/
    and committed (the default), under reports/ without committing (``no_commit``), to
    ``output`` without committing, or to the screen (``output`` is ``-``)."""
    from ...actions.report import plan_report, refuse_dirty, render_document
    from ...write import FileChange, Plan, apply_plan
    from ..output import Written, emit, write_stdout

    fmt = _format(fmt)
    to_screen = output is not None and str(output) == "-"
    to_file = output is not None and not to_screen
    if not to_file and not to_screen:
        begin_write(ctx)
    date = parse_date(as_of) or _today()
    rendered = render_document(root(), name, params, fmt, date, redact)
    if to_screen:
        if fmt == "docx":
            from ...errors import ConfigError

            raise ConfigError("docx 是二进制文件，不能输出到屏幕。请用 --output 指定文件名。")
        write_stdout(rendered.content.decode("utf-8"))
        return
    if to_file:
        target = path_arg(output).resolve()
        apply_plan(target.parent, Plan(f"report {name}", rendered.document.title,
                                       [FileChange(target.name, rendered.content)]), commit=False)
        emit(Written(f"report {name}", [str(output)], []))
        return
    plan = plan_report(rendered)
    if not no_commit:
        refuse_dirty(rendered)
        from ... import gitrepo
        from ...actions.init import FALLBACK_AUTHOR
        from ..output import echo_err

        if gitrepo.user_identity(root()) is None:  # a fresh machine or a CI runner, as dj init does
            plan.author = gitrepo.Author(*FALLBACK_AUTHOR)
            echo_err("提示：git 没有设置用户名和邮箱，报告以“dj <dj@localhost>”的名义提交。"
                     "请运行 git config --global user.name \"您的姓名\" 和 git config --global user.email \"您的邮箱\"。")
    emit(apply_plan(root(), plan, commit=not no_commit))


@report_app.callback()
def report(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="报告年度，默认 dj.yaml 中的当前年度。", metavar="年度")] = None,
    half: Annotated[Optional[int], typer.Option("--half", help="半年报告：1 为上半年，2 为下半年。", metavar="1|2", min=1, max=2)] = None,
    fmt: DocFormatOpt = "md",
    output: OutputOpt = None,
    no_commit: NoCommitOpt = False,
    redact: RedactOpt = False,
    as_of: AsOfOpt = None,
    verify: Annotated[bool, typer.Option("--verify", help="按每份报告所注的提交重新生成 reports/ 中的全部报告，列出被手工改动或已不一致的报告；有则退出码为 1。")] = False,
) -> None:
    """生成年度（或半年）落实党风廉政建设责任制情况报告；或用 --verify 核验已提交的报告。"""
    if ctx.invoked_subcommand is not None:
        return
    if verify:
        from ...actions.report import verify as verify_reports
        from ...errors import ExitCode
        from ..output import emit

        result = verify_reports(root())
        emit(result)
        if result.failed:
            raise typer.Exit(ExitCode.FINDINGS)
        return
    if year is None:
        from ...workspace import load_config

        year = load_config(root()).year
    publish(ctx, "annual", {"year": year, "half": half}, fmt, output, no_commit, redact, as_of)


@text_renderer("VerifyResult")
def render_verify(result: Any) -> str:
    if not result.reports:
        return "reports/ 中没有报告。\n"
    lines = []
    for r in result.reports:
        lines.append(f"一致    {r.path}" if r.ok else f"不一致  {r.path}：{r.reason}")
    failed = len(result.failed)
    lines.append(f"共核验 {len(result.reports)} 份报告：{failed} 份不一致。" if failed else f"共核验 {len(result.reports)} 份报告，全部一致。")
    return "\n".join(lines) + "\n"


# --- documents registered by other modules ---------------------------------------------------
# Helper C (report_docs: half-year, 廉政档案, 测评表, 问责决定书, 责任书) and helper F
# (sanguiding: 三个规定 disclosure) add their subcommands here:
#     from . import report_docs, sanguiding
#     report_docs.register(report_app)
#     sanguiding.register(report_app)
# ---------------------------------------------------------------------------------------------
from . import report_docs as _report_docs  # noqa: E402 - registered after the group exists
from . import sanguiding as _sanguiding  # noqa: E402 - registered after the group exists

_report_docs.register(report_app, publish, DocFormatOpt, OutputOpt, RedactOpt, AsOfOpt)

_sanguiding.register(report_app, publish, DocFormatOpt, OutputOpt, RedactOpt, AsOfOpt)
