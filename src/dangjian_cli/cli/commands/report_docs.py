"""dj report outline | ballot | letter | decision | dossier: the documents about people and cases.

Thin: each command gathers its parameters and calls ``report.publish`` (build → format → write
or commit, with provenance); the builders are ``reports/people.py``.

``cli/commands/report.py`` imports this module and hands over its ``publish`` and the shared
option types (``register(report_app, publish, DocFormatOpt, OutputOpt, RedactOpt, AsOfOpt)``):
this module does not import ``report``, so the two do not import each other.
"""

from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from ..framework import examples
from ..writing import NoCommitOpt
from .completion import complete_person

YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="年度，默认 dj.yaml 中的当前年度。", metavar="年度")]
PersonArg = Annotated[str, typer.Argument(help="人员的编号或姓名。", metavar="人员", autocompletion=complete_person)]


def register(report_app: typer.Typer, publish: Callable[..., None], DocFormatOpt: Any, OutputOpt: Any,  # noqa: N803
             RedactOpt: Any, AsOfOpt: Any) -> None:  # noqa: N803 - the option types of report.py, by their names there
    """Add the five documents to ``dj report``, writing through report.py's ``publish``."""

    def outline(
        ctx: typer.Context,
        person: PersonArg,
        year: YearOpt = None,
        occasion: Annotated[Optional[str], typer.Option("--occasion", help="场合：年终总结（默认）、半年小结、民主生活会或组织生活会。", metavar="场合")] = None,
        fmt: DocFormatOpt = "md",
        output: OutputOpt = None,
        no_commit: NoCommitOpt = False,
        as_of: AsOfOpt = None,
    ) -> None:
        """某人的述责述廉报告提纲（供阅读、打印）：各必备部分预先填入其责任事项和记录中的履责情况。要放入 statements/ 的文件请用 dj review outline。"""
        publish(ctx, "outline", {"person": person, "year": year, "occasion": occasion}, fmt, output, no_commit, False, as_of)


    def ballot(
        ctx: typer.Context,
        year: YearOpt = None,
        person: Annotated[Optional[list[str]], typer.Option("--person", "-p", help="只为此人生成测评表（编号或姓名；写“党组”为党组的测评表），可重复；默认为党组和全体班子成员。", metavar="人员", autocompletion=complete_person)] = None,
        occasion: Annotated[Optional[str], typer.Option("--occasion", help="测评场合：年终总结（默认）、年度考核、半年小结、民主生活会或组织生活会。", metavar="场合")] = None,
        scale: Annotated[Optional[str], typer.Option("--scale", help="等次表（dj.yaml 中 settings.review.scales 的一项）；默认按本单位以往测评的做法：班子成员用 履职，党组用 责任制考核。", metavar="等次表")] = None,
        layout: Annotated[Optional[str], typer.Option("--layout", help="版式：每人一表（默认，每名被测评人一张表）或 合表（班子成员列在一张表中）。", metavar="版式")] = None,
        heads: Annotated[bool, typer.Option("--heads", help="同时为各部门负责人生成测评表。")] = False,
        fmt: DocFormatOpt = "md",
        output: OutputOpt = None,
        no_commit: NoCommitOpt = False,
        as_of: AsOfOpt = None,
    ) -> None:
        """空白的民主测评表（供打印）：测评项目取自 settings.review.dimensions，等次取自 settings.review.scales；无记名。"""
        params = {"year": year, "people": list(person) if person else None, "occasion": occasion, "scale": scale,
                  "layout": layout, "heads": True if heads else None}
        publish(ctx, "ballot", params, fmt, output, no_commit, False, as_of)


    def letter(
        ctx: typer.Context,
        person: Annotated[str, typer.Argument(help="责任人的编号或姓名；党组的责任书写党组的名称（例如 党组）。", metavar="责任人", autocompletion=complete_person)],
        year: YearOpt = None,
        fmt: DocFormatOpt = "md",
        output: OutputOpt = None,
        no_commit: NoCommitOpt = False,
        as_of: AsOfOpt = None,
    ) -> None:
        """党风廉政建设责任书（与 dj assign letter 同一模板），可输出 Markdown、网页或 Word（docx）。"""
        publish(ctx, "letter", {"person": person, "year": year}, fmt, output, no_commit, False, as_of)


    def decision(
        ctx: typer.Context,
        case: Annotated[str, typer.Argument(help="案件编号，例如 2024-zz-02。", metavar="案件")],
        person: Annotated[Optional[str], typer.Option("--person", "-p", help="案件有多个处理对象时，只生成对此人的决定书。", metavar="人员", autocompletion=complete_person)] = None,
        fmt: DocFormatOpt = "md",
        output: OutputOpt = None,
        no_commit: NoCommitOpt = False,
        redact: RedactOpt = False,
        as_of: AsOfOpt = None,
    ) -> None:
        """已作出处理决定的案件的问责决定书（处分决定书、处理决定书）：问责对象、事实、依据、方式、申诉期限、作出机关和日期，均取自案件记录；尚未决定的案件拒绝生成。"""
        publish(ctx, "decision", {"case": case, "person": person}, fmt, output, no_commit, redact, as_of)


    def dossier(
        ctx: typer.Context,
        person: PersonArg,
        year: YearOpt = None,
        tenure: Annotated[bool, typer.Option("--tenure", help="任职期间的全部记录（而不是一个年度）。")] = False,
        fmt: DocFormatOpt = "md",
        output: OutputOpt = None,
        no_commit: NoCommitOpt = False,
        redact: Annotated[bool, typer.Option("--redact", help="案件材料中其他人员的姓名改为“张某”式的称呼。")] = False,
        as_of: AsOfOpt = None,
    ) -> None:
        """领导干部廉政档案：任职、责任清单和签订、学习、反馈单和提示单、核单、谈话、述责述廉和民主测评、检查发现的问题、考核等次、责任追究案件及影响期、离任交接。"""
        params = {"person": person, "year": year, "tenure": True if tenure else None}
        publish(ctx, "dossier", params, fmt, output, no_commit, redact, as_of)

    report_app.command("outline", epilog=examples(
        ("张三 2024 年年终总结述责述廉提纲，写入 reports/ 并提交", "dj report outline 张三 --year 2024"),
        ("李四的半年小结提纲，输出到屏幕", "dj report outline 李四 --year 2024 --occasion 半年小结 -o -"),
    ))(outline)
    report_app.command("ballot", epilog=examples(
        ("2024 年度空白民主测评表（党组和每名班子成员各一张）", "dj report ballot --year 2024"),
        ("只要张三的测评表，网页版打印", "dj report ballot --year 2024 --person 张三 --format html -o 测评表.html"),
        ("班子成员列在一张表中", "dj report ballot --year 2024 --layout 合表"),
    ))(ballot)
    report_app.command("letter", epilog=examples(
        ("张三 2024 年度责任书，Word 版", "dj report letter 张三 --year 2024 --format docx -o 张三责任书.docx"),
        ("党组的责任书", "dj report letter 党组 --year 2024"),
    ))(letter)
    report_app.command("decision", epilog=examples(
        ("案件 2024-zz-02 的问责决定书", "dj report decision 2024-zz-02"),
        ("只要对李四的决定书，人名隐去", "dj report decision 2024-zz-02 --person 李四 --redact -o -"),
    ))(decision)
    report_app.command("dossier", epilog=examples(
        ("李四 2024 年度的廉政档案", "dj report dossier 李四 --year 2024"),
        ("吴十任职期间的廉政档案，案件中其他人员的姓名隐去", "dj report dossier 吴十 --tenure --redact"),
    ))(dossier)


__all__ = ["register"]
