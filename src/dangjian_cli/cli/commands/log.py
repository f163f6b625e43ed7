"""dj log: who changed which records when, from git history (one pass per repository)."""

from typing import Annotated, Any, Optional

import typer

from ..common import Format, FormatOpt, base_dir, parse_date, root
from ..framework import examples
from ..output import text_renderer

EXAMPLES = examples(
    ("列出工作区的全部改动：谁在什么时候改了哪些记录", "dj log"),
    ("某人的记录（按编号或姓名）的改动，文件改过名的也一并列出", "dj log 张三"),
    ("某个文件或文件夹自某日以来的改动", "dj log cases/ --since 2024-07-01"),
    ("供程序读取的 JSON（提交、作者、日期、说明、文件、记录编号）", "dj log --format json"),
)

STATUS = {"A": "新增", "M": "修改", "D": "删除", "R": "改名", "C": "复制", "T": "类型变更"}
MAX_PATHS = 8  # per commit in the text view; JSON lists them all


def log(
    target: Annotated[Optional[str], typer.Argument(help="只看这个文件或文件夹（相对于当前目录），或这条记录（编号，人员、部门的姓名或名称）的改动；不填则为整个工作区。", metavar="路径|记录")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="只列出此日（YYYY-MM-DD，含）以后的提交（按提交人写下改动的日期）。", metavar="日期")] = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """查看改动历史：谁在什么时候改了哪些记录，文件改名的一并跟随；dj 命令所做的提交注明是哪个命令。

    工作区可以是 git 仓库中的一个子文件夹（只列出其中的改动）；工作区内单独建库的文件夹（例如 cases/）的历史一并列出。
    """
    from ...actions.log import log as read_log
    from ..output import emit

    day = parse_date(since)
    emit(read_log(root(), target, day.isoformat() if day else None, base_dir()), fmt)


def _change_line(change: Any) -> str:
    if change.status in ("R", "C") and change.old:
        return f"{STATUS[change.status]} {change.old} → {change.path}"
    return f"{STATUS.get(change.status, change.status)} {change.path}"


@text_renderer("LogResult")
def render_log(result: Any) -> str:
    """One block per commit, newest first: commit, date, author, how (which dj command, or by
    hand), the message, then each change with its record. Drawn by rich, which measures CJK
    text; lines are not cut, so paths stay whole for copying."""
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, color_system=None, highlight=False, soft_wrap=True, emoji=False, markup=False)
    what = result.target if result.target is not None else "工作区"
    since = f"，{result.since} 以来" if result.since else ""
    console.print(Text(f"{what}的改动历史{since}：共 {len(result.entries)} 个提交，新的在前。"))
    for entry in result.entries:
        how = f"dj {entry.command}" if entry.command else "手工提交"
        email = f" <{entry.email}>" if entry.email else ""
        where = f"　仓库：{entry.repository}/" if entry.repository else ""
        console.print()
        console.print(Text(f"提交 {entry.commit[:8]}　{entry.date[:16].replace('T', ' ')}　作者：{entry.author}{email}　方式：{how}{where}"))
        message = entry.message.splitlines() or [""]
        console.print(Text(f"  说明：{message[0]}" + ("……" if len(message) > 1 else "")))
        for n, (change, record) in enumerate(zip(entry.changes, entry.ids)):
            if n == MAX_PATHS:
                console.print(Text(f"  ……另有 {len(entry.changes) - MAX_PATHS} 个文件（--format json 列出全部）"))
                break
            console.print(Text(f"  {_change_line(change)}" + (f"（记录 {record}）" if record else "")))
    if result.followed:
        console.print()
        console.print(Text("已跟随改名，更早的提交按原名匹配：" + "、".join(dict.fromkeys(result.followed))))
    if not result.entries:
        console.print(Text("没有找到提交。" + ("可去掉 --since 查看更早的改动。" if result.since else "")))
    return buffer.getvalue()


def register(app: typer.Typer) -> None:
    app.command("log", epilog=EXAMPLES)(log)
