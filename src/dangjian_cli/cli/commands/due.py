"""dj due: the year's rhythm and the records' deadlines, in blue, yellow and red.

Thin: options are parsed here, the work is ``actions/due.py`` (obligations: ``analysis/due.py``).
"""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..common import FormatOpt, Format, parse_date, path_arg, root
from ..common import today as _today
from ..framework import examples
from ..output import _cell, _table, _tables, text_renderer
from .completion import complete_person

EXAMPLES = examples(
    ("今天起谁该做什么：红色已逾期，黄色即将到期，蓝色未到期", "dj due"),
    ("按某一天判断，只看今后 30 天内到期的", "dj due --as-of 2024-12-20 --within 30"),
    ("只看张三的", "dj due --person 张三"),
    ("定时任务：有逾期事项时以 1 退出", "dj due --fail-on red"),
    ("导出日历（iCalendar），导入 Outlook、手机日历；重复导入不会重复", "dj due --ics 期限提醒.ics"),
    ("以 JSON 输出", "dj due --format json"),
)


def due(
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按指定日期（YYYY-MM-DD）判断是否到期、逾期，默认今天。", metavar="日期")] = None,
    within: Annotated[Optional[int], typer.Option("--within", help="只列出此天数内到期的事项（已逾期的总是列出）。", metavar="天数", min=0)] = None,
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="只看此人应完成的事项（编号或姓名）。", metavar="人员", autocompletion=complete_person)] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="有红色（red：已逾期）或黄色及以上（yellow）的事项时以 1 退出，供定时的 CI 任务使用。", metavar="red|yellow")] = None,
    ics: Annotated[Optional[Path], typer.Option("--ics", help="把未完成的事项写成 iCalendar 日历文件（每项一个全天事件，编号固定，重复导入不会重复）。", metavar="文件", callback=path_arg)] = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """期限提醒：年度工作节点和各项记录的期限，谁在何时之前应完成什么；已完成、蓝色（未到期）、黄色（即将到期）、红色（已逾期）。"""
    from ...actions.due import due_list, load, plan_ics
    from ...errors import ConfigError, ExitCode
    from ..output import Written, emit

    if fail_on is not None and fail_on not in ("red", "yellow"):
        raise ConfigError(f"--fail-on 只能是 red 或 yellow，不能是“{fail_on}”。")
    ws = load(root())
    result = due_list(ws, parse_date(as_of) or _today(), within, person)
    if ics is not None:
        from ...write import apply_plan

        target = ics.resolve()
        apply_plan(target.parent, plan_ics(ws, result, target.name), commit=False)
        if fmt != Format.JSON:
            emit(Written("due", [str(ics)], []), fmt)
    if ics is None or fmt == Format.JSON:
        emit(result, fmt)
    if result.failed(fail_on):
        raise typer.Exit(ExitCode.FINDINGS)


# --- text ------------------------------------------------------------------------------------

_HEADINGS = {"red": "红色：已逾期", "yellow": "黄色：即将到期", "blue": "蓝色：未到期"}


def _source(source: dict) -> str:
    return source["path"] if source["record"] == source["path"] else f"{source['path']}（{source['record']}）"


@text_renderer("DueList")
def render_due(result: Any) -> str:
    rows = result.to_dict()
    tables = []
    for status, heading in _HEADINGS.items():
        mine = sorted((r for r in rows if r["status"] == status), key=lambda r: (r["who_name"], r["due"], r["id"]))
        if not mine:
            continue
        extra = f"（{result.warning_days} 天内）" if status == "yellow" else ""
        table = _table(f"{heading}{extra}（{len(mine)} 项）", ["责任主体", "事项", "截止", "来源"])
        last = None
        for r in mine:
            table.add_row(*map(_cell, ("" if r["who_name"] == last else r["who_name"], r["what"], r["due"],
                                       _source(r["source"]))))
            last = r["who_name"]
        tables.append(table)
    done = sum(1 for r in rows if r["status"] == "done")
    scope = f"截至 {result.as_of.isoformat()}"
    if result.within is not None:
        scope += f"，{result.within} 天内到期"
    counts = "，".join(f"{_HEADINGS[s][:2]} {sum(1 for r in rows if r['status'] == s)} 项" for s in _HEADINGS)
    footer = f"{scope}：{counts}，已完成 {done} 项（--format json 列出全部）。"
    if not rows:
        footer = f"{scope}：没有需要提醒的事项。"
    return _tables(*tables, footer=footer)


def register(app: typer.Typer) -> None:
    app.command("due", epilog=EXAMPLES)(due)
