"""dj report sanguiding: the 防止干预司法“三个规定” disclosure of a quarter, half-year or year, and the roll-up of several units.

Thin: the span and the units are read by ``actions/sanguiding.py``; building, encoding, writing
and provenance are ``dj report``'s shared ``publish``.
"""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..framework import examples

EXAMPLES = examples(
    ("2024 年第三季度的情况通报，写入 reports/ 并提交", "dj report sanguiding --quarter 2024Q3"),
    ("上半年、全年", "dj report sanguiding --half 2024H1\n  dj report sanguiding --year 2024"),
    ("供程序读取的数据：总数、各类别件数和占比、同比", "dj report sanguiding --quarter 2024Q3 --format json --output -"),
    ("市院汇总本院和两个基层院（各单位工作区或其仓库克隆）", "dj report sanguiding --year 2024 --units ../甲县院 ../乙县院"),
    ("附表中过问者和记录人的姓名显示为“张某”", "dj report sanguiding --quarter 2024Q3 --redact"),
)


def register(report_app: Any, publish: Any, DocFormatOpt: Any, OutputOpt: Any, RedactOpt: Any, AsOfOpt: Any) -> None:  # noqa: N803
    """Add ``dj report sanguiding`` to the ``dj report`` group, with ``dj report``'s publish step and
    shared option types handed in (no import of report.py: no import cycle)."""
    from ..writing import NoCommitOpt

    @report_app.command("sanguiding", epilog=EXAMPLES)
    def sanguiding(
        ctx: typer.Context,
        paths: Annotated[Optional[list[Path]], typer.Argument(help="与 --units 一起使用：各单位的工作区（或其仓库克隆）文件夹。", metavar="单位…",
                                                              show_default=False)] = None,
        quarter: Annotated[Optional[str], typer.Option("--quarter", "-q", help="季度，例如 2024Q3。", metavar="季度")] = None,
        half: Annotated[Optional[str], typer.Option("--half", help="半年，例如 2024H1（上半年）、2024H2（下半年）。", metavar="半年")] = None,
        year: Annotated[Optional[int], typer.Option("--year", "-y", help="年度，例如 2024。", metavar="年度")] = None,
        units: Annotated[bool, typer.Option("--units", help="汇总：本工作区和其后列出的各单位（市院和基层院、省院三级）的件数、占比和合计，并指出既无记录也无零报告的单位。")] = False,
        fmt: DocFormatOpt = "md",
        output: OutputOpt = None,
        no_commit: NoCommitOpt = False,
        redact: RedactOpt = False,
        as_of: AsOfOpt = None,
    ) -> None:
        """防止干预司法“三个规定”等重大事项记录报告情况通报：总数，按记录人类别、事项类别和行为性质的件数和占比，同比；可汇总多个单位。

        只统计件数，不写案情和案号；附表列出每条记录的编号、日期、类别和过问者（--redact 时姓名显示为“张某”）。
        “下一步工作”一节留给书记填写。
        """
        from ...actions.sanguiding import span_params, units_params
        from ...errors import ConfigError
        from ..common import parse_date, path_arg, root
        from ..common import today as _today

        params = span_params(quarter, half, year)
        if paths and not units:
            raise ConfigError("列出了单位的文件夹却没有 --units。汇总多个单位请写：dj report sanguiding --year 2024 --units 单位1 单位2。")
        if units:
            if not paths:
                raise ConfigError("--units 后请列出各单位工作区（或其仓库克隆）的文件夹，例如 --units ../甲县院 ../乙县院。")
            day = parse_date(as_of) or _today()
            span = next(iter(params.values()))
            params["units"] = units_params(root(), [(p.as_posix(), path_arg(p)) for p in paths], str(span), day)
        publish(ctx, "sanguiding", params, fmt, output, no_commit, redact, as_of)
