"""dj assign: 责任分解求“实”. Thin commands over ``actions/assign.py``."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..common import ExitCode, echo_err, guarded, parse_date, root

assign_app = typer.Typer(
    help="责任分解求“实”：各层级责任清单、重点工作责任链条、理论学习、责任书与签单。",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="年度，默认 dj.yaml 中的当前年度。", metavar="年度")]
NoCommitOpt = Annotated[bool, typer.Option("--no-commit", help="只修改文件，不提交到 git。")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="只显示将要做的修改（diff），不写入任何文件。")]
FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式：text 或 json。")]


def _text_opt(flag: str, help_text: str, metavar: str) -> Any:
    return Annotated[Optional[str], typer.Option(flag, help=help_text, metavar=metavar)]


def _list_opt(flag: str, help_text: str, metavar: str) -> Any:
    return Annotated[Optional[list[str]], typer.Option(flag, help=help_text, metavar=metavar)]


# Options shared by add and edit (edit replaces a whole list when a list option is given).
TierOpt = _text_opt("--tier", "责任主体层级：党组、主要负责人、班子成员、纪检监察负责人、部门负责人或具体承办人员。", "层级")
PersonOpt = Annotated[Optional[str], typer.Option("--person", "-p", help="责任人的编号或姓名（责任主体为党组时不填）。", metavar="人员")]
AreaOpt = _text_opt("--area", "工作领域，例如 廉洁自律、干部选拔任用。", "领域")
ContentOpt = _text_opt("--content", "责任内容。", "内容")
DutyOpt = _text_opt("--duty", "责任类型，例如 第一责任人、一岗双责、监督责任。", "类型")
TopicOpt = _list_opt("--topic", "覆盖的必备要点，可重复（修改时替换原有全部要点）。", "要点")
TargetOpt = _list_opt("--target", "量化目标，可重复，例如 每半年至少专题研究一次（修改时替换原有全部目标）。", "目标")
ScopeOpt = _text_opt("--scope", "责任范围。", "范围")
AuthorityOpt = _text_opt("--authority", "职权依据。", "职权")
PeriodOpt = _text_opt("--period", "期限，例如 全年。", "期限")
DeadlineOpt = _text_opt("--deadline", "截止日期 YYYY-MM-DD。", "日期")
EvidenceOpt = _list_opt("--evidence", "佐证形式，可重复，例如 谈话记录（修改时替换原有全部佐证）。", "佐证")
AccountabilityOpt = _text_opt("--accountability", "追究条款。", "条款")
BasisOpt = _text_opt("--basis", "依据的法规及条款。", "依据")


def _today():
    import datetime as dt

    return dt.date.today()


def _workspace(write: bool = False):
    """The workspace; for a write, first undo what an interrupted dj write left behind."""
    from ...actions.assign import load

    if write:
        _recover()
    return load(root())


def _recover() -> None:
    from ...write import recover

    for path in recover(root()):
        echo_err(f"提示：已撤销 dj 上次被中断的写入，{path} 已恢复原样。")


def _interactive() -> bool:
    return sys.stdin.isatty()


def _apply(plan, no_commit: bool, dry_run: bool) -> None:
    """Write (or only show) the planned changes and report what happened."""
    from ...write import apply_plan

    message = plan.message
    applied = apply_plan(root(), plan, commit=not no_commit, dry_run=dry_run)
    if dry_run:
        if applied.diff:
            sys.stdout.write(applied.diff)
        typer.echo(f"（试运行，未写入）将修改 {len(applied.changed)} 个文件。" if applied.changed else "（试运行）无需修改。")
        return
    if not applied.changed:
        typer.echo("无需修改：文件已是最新。")
        return
    for path in applied.changed:
        typer.echo(f"已写入 {path}")
    if applied.commit:
        typer.echo(f"已提交 {applied.commit[:8]}：{message.splitlines()[0]}")
    else:
        typer.echo("未提交（--no-commit）。请检查后自行提交。")


# --- template ------------------------------------------------------------------------------


@assign_app.command("template")
@guarded
def template(
    name: Annotated[str, typer.Argument(help="模板名称，目前提供 procuratorate（县级人民检察院）。", metavar="模板")],
    year: YearOpt = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """按模板为当年在岗人员生成标准责任清单、重点工作责任链条和理论学习计划；已有的事项不会被覆盖。"""
    from ...actions.assign import plan_template, year_of

    ws = _workspace(write=True)
    plan = plan_template(ws, name, year)
    for note in plan.notes:
        echo_err(f"提示：{note}")
    if not plan.changes:
        typer.echo(f"无需修改：{year_of(ws, year)} 年模板中的事项都已存在（跳过 {len(plan.skipped)} 项）。")
        return
    _apply(plan.plan(name, year_of(ws, year)), no_commit, dry_run)


# --- add and edit --------------------------------------------------------------------------

_FIELD_PROMPTS = [
    ("tier", "责任主体层级（党组、主要负责人、班子成员、纪检监察负责人、部门负责人、具体承办人员）"),
    ("person", "责任人（编号或姓名；责任主体为党组时留空）"),
    ("area", "工作领域"),
    ("content", "责任内容"),
]


def _item_fields(**options: Any) -> dict[str, Any]:
    fields = dict(options)
    fields["targets"] = [{"description": t} for t in options.get("targets") or []] or None
    return fields


@assign_app.command("add")
@guarded
def add(
    tier: TierOpt = None,
    person: PersonOpt = None,
    area: AreaOpt = None,
    content: ContentOpt = None,
    year: YearOpt = None,
    duty: DutyOpt = None,
    topic: TopicOpt = None,
    target: TargetOpt = None,
    scope: ScopeOpt = None,
    authority: AuthorityOpt = None,
    period: PeriodOpt = None,
    deadline: DeadlineOpt = None,
    evidence: EvidenceOpt = None,
    accountability: AccountabilityOpt = None,
    basis: BasisOpt = None,
    item_id: Annotated[Optional[str], typer.Option("--id", help="事项编号，默认自动生成（年度-责任人编号-序号）。", metavar="编号")] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """新增一项责任事项。缺少的必填项在终端中逐项询问；非交互环境下须用选项给出。"""
    from ...actions.assign import plan_add
    from ...errors import ConfigError

    values = {"tier": tier, "person": person, "area": area, "content": content}
    missing = [k for k in ("tier", "area", "content") if not values[k]]
    if not person and tier != "党组":
        missing.append("person")
    if missing and _interactive():
        for key, label in _FIELD_PROMPTS:
            if key in missing and not values[key]:
                if key == "person" and values["tier"] == "党组":
                    continue
                values[key] = typer.prompt(label, default="" if key == "person" else None, show_default=False) or None
    elif missing:
        flags = "、".join(f"--{k}" for k in missing)
        raise ConfigError(f"缺少 {flags}。非交互环境下请用选项给出，例如：dj assign add --tier 主要负责人 --person 张三 --area 廉洁自律 --content 带头廉洁自律")
    ws = _workspace(write=True)
    fields = _item_fields(
        id=item_id, year=year, tier=values["tier"], person=values["person"], duty=duty, area=values["area"],
        content=values["content"], topics=topic, targets=target, scope=scope, authority=authority, period=period,
        deadline=parse_date(deadline), evidence=evidence, accountability=accountability, basis=basis,
    )
    _record_id, plan = plan_add(ws, fields)
    _apply(plan, no_commit, dry_run)


@assign_app.command("edit")
@guarded
def edit(
    item_id: Annotated[str, typer.Argument(help="要修改的责任事项编号。", metavar="编号")],
    tier: TierOpt = None,
    person: PersonOpt = None,
    area: AreaOpt = None,
    content: ContentOpt = None,
    year: YearOpt = None,
    duty: DutyOpt = None,
    topic: TopicOpt = None,
    target: TargetOpt = None,
    scope: ScopeOpt = None,
    authority: AuthorityOpt = None,
    period: PeriodOpt = None,
    deadline: DeadlineOpt = None,
    evidence: EvidenceOpt = None,
    accountability: AccountabilityOpt = None,
    basis: BasisOpt = None,
    clear: Annotated[Optional[list[str]], typer.Option("--clear", help="删除某个可选字段，例如 --clear deadline，可重复。", metavar="字段")] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """修改一项责任事项：只改动给出的字段，保留文件中的注释、顺序和引号。终端中不给选项时逐项询问。"""
    from ...actions.assign import plan_edit
    from ...errors import ConfigError

    ws = _workspace(write=True)
    fields = _item_fields(
        year=year, tier=tier, person=person, duty=duty, area=area, content=content, topics=topic, targets=target,
        scope=scope, authority=authority, period=period, deadline=parse_date(deadline), evidence=evidence,
        accountability=accountability, basis=basis,
    )
    given = {k: v for k, v in fields.items() if v is not None}
    if not given and not clear:
        item = ws.items.get(item_id)
        if not _interactive() or item is None:
            if item is None:
                raise ConfigError(f"找不到责任事项 {item_id}。请用 dj assign list 查看编号。")
            raise ConfigError("没有要修改的内容。请用选项给出新值，例如 dj assign edit 编号 --content 新内容。")
        for key, label in (("area", "工作领域"), ("content", "责任内容"), ("scope", "责任范围"), ("period", "期限"),
                           ("accountability", "追究条款"), ("basis", "依据")):
            old = getattr(item, key) or ""
            new = typer.prompt(f"{label}（回车保留原值）", default=old, show_default=bool(old))
            if new != old:
                given[key] = new or None
                if not new:
                    clear = [*(clear or []), key]
        given = {k: v for k, v in given.items() if v is not None}
        if not given and not clear:
            typer.echo("未做任何修改。")
            return
    _apply(plan_edit(ws, item_id, given, clear), no_commit, dry_run)


# --- list and coverage ---------------------------------------------------------------------


def _table(title: str, columns: list[str]):
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _print(renderable: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=False, highlight=False).print(renderable)


@assign_app.command("list")
@guarded
def list_(
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="只列出此人（编号或姓名）的事项。", metavar="人员")] = None,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="只列出该年度的事项，默认全部年度。", metavar="年度")] = None,
    fmt: FormatOpt = ListFormat.text,
) -> None:
    """列出责任事项（可按人员、年度筛选）。"""
    from ...actions.assign import list_items

    items = list_items(_workspace(), person, year)
    if fmt == ListFormat.json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    table = _table(f"责任事项（{len(items)} 项）", ["编号", "年度", "层级", "责任主体", "领域", "责任内容", "追究"])
    for item in items:
        content = item["content"] if len(item["content"]) <= 24 else item["content"][:24] + "..."
        table.add_row(item["id"], str(item["year"]), item["tier"], item["person_name"] or item.get("body", ""),
                      item["area"], content, "√" if item.get("accountability") else "×")
    _print(table)


@assign_app.command("coverage")
@guarded
def coverage(
    year: YearOpt = None,
    fmt: FormatOpt = ListFormat.text,
) -> None:
    """覆盖情况：重点工作×链条环节、各层级×必备要点，标出缺口。"""
    from ...actions.assign import coverage as compute

    result = compute(_workspace(), year, _today())
    if fmt == ListFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    chains = _table(f"{result['year']} 年重点工作责任链条", ["重点工作", *result["roles"]])
    for row in result["chains"]:
        cells = []
        for role in result["roles"]:
            cell = row["roles"][role]
            names = "、".join(h["name"] + ("" if h["suitable"] else "（任职不符）") for h in cell["holders"])
            cells.append(("√ " + names) if cell["filled"] else ("× " + (names or "缺")))
        chains.add_row(row["area"], *cells)
    _print(chains)
    topics = _table(f"{result['year']} 年各层级必备要点", ["责任主体", "层级", "已覆盖", "缺少"])
    for row in result["topics"]:
        missing = "、".join(row["missing"]) if row["items"] else "（没有责任清单）"
        topics.add_row(row["name"], row["tier"], "、".join(row["covered"]), ("× " + missing) if (row["missing"] or not row["items"]) else "无")
    _print(topics)
    typer.echo("覆盖完整。" if result["complete"] else "存在缺口（标 × 处），dj check 会逐项报告。")


# --- letter and sign -----------------------------------------------------------------------


@assign_app.command("letter")
@guarded
def letter(
    person: Annotated[str, typer.Argument(help="责任人的编号或姓名。", metavar="人员")],
    year: YearOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="写入文件而不是显示。", metavar="文件")] = None,
) -> None:
    """生成某人的党风廉政建设责任书（Markdown）：责任目标、责任内容、具体要求、考核与追究、签字和日期。"""
    from ...actions.assign import letter_context
    from ...render import render_letter

    text = render_letter(letter_context(_workspace(), person, year))
    if output is None:
        sys.stdout.write(text)
        return
    from ...write import FileChange, Plan, apply_plan

    target = output.resolve()
    apply_plan(target.parent, Plan("assign letter", f"责任书：{person}", [FileChange(target.name, text.encode("utf-8"))]), commit=False)
    typer.echo(f"已写入 {output}")


@assign_app.command("sign")
@guarded
def sign(
    person: Annotated[str, typer.Argument(help="签字人的编号或姓名。", metavar="人员")],
    year: YearOpt = None,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="签字日期 YYYY-MM-DD，默认今天。", metavar="日期")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="此人本年度已签单时，以这次签订取代原记录。")] = False,
    force: Annotated[bool, typer.Option("--force", help="签字日期晚于今天或不在清单年度及上一年内时，仍然记录。")] = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """记录某人已签订本年度责任书（签单），同时记下所签的责任事项。"""
    from ...actions.assign import load_for_person, plan_sign

    _recover()
    ws = load_for_person(root(), person)
    today = _today()
    _signoff, plan = plan_sign(ws, person, year, parse_date(date) or today, today, replace=replace, force=force)
    _apply(plan, no_commit, dry_run)


__all__ = ["assign_app", "ExitCode"]
