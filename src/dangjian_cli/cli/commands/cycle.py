"""dj assign feedback / remind / reply / verify: the 反馈单, 提示单 and 核单 of the 五单法 cycle.

Thin commands over ``actions/cycle.py``. ``assign.py`` registers them on ``assign_app`` from
``COMMANDS`` (this module never imports ``assign.py``: no import cycle).
"""

from typing import Annotated, Optional

import typer

from ..common import Format, FormatOpt, parse_date, root
from ..common import today as _today
from ..framework import examples
from ..writing import DryRunOpt, NoCommitOpt, apply_changes, begin_write
from .completion import complete_item, complete_person


SubjectArg = Annotated[str, typer.Argument(
    help="责任人的编号或姓名；党组的反馈、提示和核单填 党组（部门作为责任主体时填部门编号或名称）。",
    metavar="责任主体", autocompletion=complete_person)]
DateOpt = Annotated[Optional[str], typer.Option("--date", "-d", help="日期 YYYY-MM-DD，默认今天。", metavar="日期")]
YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="清单年度，默认为所填事项的年度。", metavar="年度")]
ItemsOpt = Annotated[list[str], typer.Option("--item", "-i", help="责任事项编号，可重复。", metavar="编号", autocompletion=complete_item)]


def _workspace():
    from ...actions.assign import load

    return load(root())


FEEDBACK_EPILOG = examples(
    ("张三反馈一项事项已完成", "dj assign feedback 张三 --item 2024-zs-01 --progress 已召开专题会议两次 --status 已完成 --evidence 会议记录"),
    ("党组的年中反馈（由书记填报），两项各写一条", "dj assign feedback 党组 --item 2024-dz-01 --progress 上半年专题研究一次 --item 2024-dz-02 --progress 已部署"),
)


def feedback(
    ctx: typer.Context,
    subject: SubjectArg,
    item: ItemsOpt,
    progress: Annotated[list[str], typer.Option("--progress", "-m", help="落实情况；每个 --item 一条，或只写一条用于全部事项。", metavar="情况")],
    status: Annotated[Optional[list[str]], typer.Option("--status", "-s", help="状态：未启动、推进中、已完成或未完成，默认推进中；每个事项一个，或只写一个。", metavar="状态")] = None,
    evidence: Annotated[Optional[list[str]], typer.Option("--evidence", "-e", help="佐证材料，可重复，例如 会议记录。", metavar="佐证")] = None,
    date: DateOpt = None,
    year: YearOpt = None,
    reported_by: Annotated[Optional[str], typer.Option("--reported-by", help="代为填报的人；党组的反馈默认由主要负责人（书记）填报。", metavar="人员", autocompletion=complete_person)] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """填报反馈单：责任主体报告清单中事项的落实情况和状态。同一天再次填报时，补充或更新当天的反馈单。"""
    from ...actions.cycle import plan_feedback

    begin_write(ctx)
    plan = plan_feedback(_workspace(), subject, item, progress, status, evidence, parse_date(date) or _today(), year, reported_by)
    apply_changes(plan, no_commit, dry_run, fmt)


REMIND_EPILOG = examples(
    ("纪检监察负责人就两项事项向李四发出提示单", "dj assign remind 李四 --item 2024-ls-01 --item 2024-ls-02 --reason 上半年未见反馈"),
    ("指定回复期限和发出人", "dj assign remind 王五 --item 2024-ww-02 --reason 廉政谈话未开展 --reply-by 2024-10-15 --by 赵六"),
)


def remind(
    ctx: typer.Context,
    subject: SubjectArg,
    item: ItemsOpt,
    reason: Annotated[str, typer.Option("--reason", "-r", help="提示原因，例如 未按期开展专题研究。", metavar="原因")],
    reply_by: Annotated[Optional[str], typer.Option("--reply-by", help="回复期限 YYYY-MM-DD，默认发出日期加 dj.yaml 中 settings.cycle.reply_days 天。", metavar="日期")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="发出人，默认当天在岗的纪检监察负责人。", metavar="人员", autocompletion=complete_person)] = None,
    date: DateOpt = None,
    year: YearOpt = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """发出提示单：纪检监察负责人就落实滞后的事项提醒责任主体，并写明回复期限。"""
    from ...actions.cycle import plan_remind

    begin_write(ctx)
    _record_id, plan = plan_remind(_workspace(), subject, item, reason, parse_date(date) or _today(),
                                   parse_date(reply_by), by, year)
    apply_changes(plan, no_commit, dry_run, fmt)


REPLY_EPILOG = examples(
    ("记录李四对提示单的回复", "dj assign reply 2024-ts-p-lisi-01 --text 已于 8 月补开专题会议 --date 2024-08-20"),
)


def reply(
    ctx: typer.Context,
    reminder: Annotated[str, typer.Argument(help="提示单编号（reminders/ 目录中的 id）。", metavar="提示单")],
    text: Annotated[str, typer.Option("--text", "-t", help="回复内容：已采取的措施和落实情况。", metavar="内容")],
    date: DateOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="已回复过时，以这次的回复取代原回复。")] = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录责任主体对提示单的回复。"""
    from ...actions.cycle import plan_reply

    begin_write(ctx)
    apply_changes(plan_reply(_workspace(), reminder, text, parse_date(date) or _today(), replace), no_commit, dry_run, fmt)


VERIFY_EPILOG = examples(
    ("年底核单：张三的一项事项予以核销", "dj assign verify 张三 --year 2024 --item 2024-zs-01 --result 核销"),
    ("不予核销须写明理由", "dj assign verify 党组 --year 2024 --item 2024-dz-03 --result 不予核销 --reason 下半年专题研究未开展"),
)


def verify(
    ctx: typer.Context,
    subject: SubjectArg,
    item: Annotated[str, typer.Option("--item", "-i", help="责任事项编号。", metavar="编号", autocompletion=complete_item)],
    result: Annotated[str, typer.Option("--result", help="核销或不予核销。", metavar="结果")],
    reason: Annotated[Optional[str], typer.Option("--reason", "-r", help="理由；不予核销时必填。", metavar="理由")] = None,
    year: YearOpt = None,
    by: Annotated[Optional[str], typer.Option("--by", help="核单人，默认当天在岗的纪检监察负责人（只在新建核单时记录）。", metavar="人员", autocompletion=complete_person)] = None,
    date: DateOpt = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """年底核单：对责任主体某年度清单中的一项核销或不予核销，写入（或更新）其当年的核单。"""
    from ...actions.cycle import plan_verify

    begin_write(ctx)
    plan = plan_verify(_workspace(), subject, year, item, result, reason, parse_date(date) or _today(), by)
    apply_changes(plan, no_commit, dry_run, fmt)


PROGRESS_EPILOG = examples(
    ("查看当年各清单事项的反馈、提示和核单情况", "dj assign progress"),
    ("只看王五 2024 年的事项，以 JSON 输出", "dj assign progress --year 2024 --person 王五 --format json"),
)


def progress(
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="年度，默认 dj.yaml 中的当前年度。", metavar="年度")] = None,
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="只看此责任主体（人员编号或姓名，或 党组）。", metavar="责任主体", autocompletion=complete_person)] = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """五单法进度：每个责任事项最近一次反馈的状态、未回复的提示单和核单结果。"""
    from ...actions.cycle import progress as compute
    from ..output import Text, emit

    result = compute(_workspace(), year, person)
    emit(Text("assign progress", result.text()) if Format(fmt) == Format.TEXT else result, fmt)


# (name, function, examples): registered on assign_app by assign.py.
COMMANDS = [
    ("feedback", feedback, FEEDBACK_EPILOG),
    ("remind", remind, REMIND_EPILOG),
    ("reply", reply, REPLY_EPILOG),
    ("verify", verify, VERIFY_EPILOG),
    ("progress", progress, PROGRESS_EPILOG),
]

__all__ = ["COMMANDS"]
