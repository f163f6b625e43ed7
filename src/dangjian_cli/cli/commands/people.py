"""dj dept / dj person: departments and people without editing YAML. Thin commands over ``actions/people.py``."""

from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from ...models.enums import DepartureReason, Tier
from ..common import Format, FormatOpt, interactive, parse_date, root
from ..framework import DjTyper, examples
from ..output import echo_err
from ..writing import DryRunOpt, NoCommitOpt, apply_changes, begin_write
from .completion import complete_person

TIERS = "、".join(t.value for t in Tier)
REASONS = "、".join(r.value for r in DepartureReason)

dept_app = DjTyper(
    help="部门：新增内设机构或部门（departments/ 中一个部门一个文件）。",
    epilog=examples(
        ("新增部门“办公室”，编号自动生成（d-01、d-02……）", "dj dept add --name 办公室"),
        ("指定编号并加备注", "dj dept add --name 办公室 --id d-office --note 负责综合协调、文秘、档案"),
    ),
)

person_app = DjTyper(
    help="人员：新增人员、调整职务、登记离任（people/ 中一人一个文件）。",
    epilog=examples(
        ("新增一名副检察长，分管办公室和经费管理使用", "dj person add --name 李四 --title 副检察长 --tier 班子成员 --start 2024-01-01 --remit 办公室 --remit 经费管理使用"),
        ("王五自 7 月 1 日起任办公室主任（原职务于 6 月 30 日结束）", "dj person move 王五 --title 办公室主任 --tier 部门负责人 --department 办公室 --date 2024-07-01"),
        ("赵六 9 月 30 日调离", "dj person leave 赵六 --date 2024-09-30 --reason 调离 --handover 交接给孙八，无未结事项"),
    ),
)

TitleOpt = Annotated[Optional[str], typer.Option("--title", help="职务名称，例如 副检察长、办公室主任、检务保障部会计。", metavar="职务")]
TierOpt = Annotated[Optional[str], typer.Option("--tier", help=f"任职层级，只能是：{TIERS}。", metavar="层级")]
DepartmentOpt = Annotated[Optional[str], typer.Option("--department", help="所在部门的编号或名称（院领导可不填）。", metavar="部门")]
RemitOpt = Annotated[Optional[list[str]], typer.Option("--remit", help="分管范围（班子成员），可重复：部门名称或编号（记为部门编号），或分管的工作，例如 经费管理使用。", metavar="分管")]
PersonArg = Annotated[str, typer.Argument(help="人员的编号或姓名（姓名须唯一）。", metavar="人员", autocompletion=complete_person)]


def _workspace() -> Any:
    from ...actions.people import load

    return load(root())


def _require(values: dict[str, Any], labels: dict[str, str], example: str) -> list[str]:
    """The missing required options; outside a terminal a usage error that names them."""
    from ...errors import ConfigError

    missing = [k for k in labels if not values.get(k)]
    if missing and not interactive():
        flags = "、".join(f"--{k}" for k in missing)
        raise ConfigError(f"缺少 {flags}。非交互环境下请用选项给出，例如：{example}")
    return missing


def _ask(values: dict[str, Any], labels: dict[str, str], missing: list[str], checks: dict[str, Callable[[str], Any]]) -> None:
    """Ask on the terminal for each missing value until it is accepted (one field at a time)."""
    from ...errors import DjError

    for key in missing:
        while True:
            answer = typer.prompt(labels[key], default="", show_default=False).strip()
            try:
                if not answer:
                    raise DjError(f"{labels[key].split('（')[0]}不能为空。")
                checks.get(key, lambda a: a)(answer)
            except DjError as exc:
                echo_err(f"  {exc.message}请重新输入。")
                continue
            values[key] = answer
            break


def _hints(ws: Any, person: Optional[str], tier: str, start: Any) -> None:
    from ...actions.people import handover_hints

    for hint in handover_hints(ws, person, tier, start):
        echo_err(f"提示：{hint}")


def _date_check(answer: str) -> Any:
    return parse_date(answer)


def _tier_check(answer: str) -> Any:
    from ...actions.people import tier_of

    return tier_of(answer)


# --- dept add ------------------------------------------------------------------------------


@dept_app.command("add", epilog=examples(
    ("新增部门，编号自动生成", "dj dept add --name 第一检察部"),
    ("指定编号（字母、数字、连字符），先看看会写入什么", "dj dept add --name 办公室 --id d-office --dry-run"),
))
def dept_add(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Option("--name", help="部门全称，例如 办公室、政治部、第一检察部。", metavar="名称")] = None,
    dept_id: Annotated[Optional[str], typer.Option("--id", help="部门编号（字母、数字、连字符，例如 d-office）；不填则按顺序自动编为 d-01、d-02……", metavar="编号")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="备注，例如部门职责。", metavar="备注")] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """新增一个部门：写入 departments/编号.yaml 并提交。终端中缺少名称时会询问。"""
    from ...actions.people import plan_department_add

    labels = {"name": "部门名称"}
    values: dict[str, Any] = {"name": name}
    missing = _require(values, labels, "dj dept add --name 办公室")
    begin_write(ctx)
    ws = _workspace()
    _ask(values, labels, missing, {})
    apply_changes(plan_department_add(ws, values["name"], dept_id, note), no_commit, dry_run, fmt)


# --- person add ----------------------------------------------------------------------------


@person_app.command("add", epilog=examples(
    ("新增党组书记、检察长", "dj person add --name 张三 --title 党组书记、检察长 --tier 主要负责人 --start 2021-09-15 --remit 全面工作"),
    ("新增部门负责人", "dj person add --name 王五 --title 办公室主任 --tier 部门负责人 --department 办公室 --start 2022-03-01 --gender 男"),
    ("在终端中逐项询问缺少的内容", "dj person add"),
))
def person_add(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Option("--name", help="姓名。", metavar="姓名")] = None,
    title: TitleOpt = None,
    tier: TierOpt = None,
    start: Annotated[Optional[str], typer.Option("--start", help="任现职的开始日期 YYYY-MM-DD。", metavar="日期")] = None,
    department: DepartmentOpt = None,
    remit: RemitOpt = None,
    gender: Annotated[Optional[str], typer.Option("--gender", help="性别：男 或 女。", metavar="性别")] = None,
    non_member: Annotated[bool, typer.Option("--non-member", help="此人不是中共党员（默认是党员）。")] = False,
    note: Annotated[Optional[str], typer.Option("--note", help="备注。", metavar="备注")] = None,
    person_id: Annotated[Optional[str], typer.Option("--id", help="人员编号（字母、数字、连字符，例如 p-zhangsan）；不填则按顺序自动编为 p-01、p-02……", metavar="编号")] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """新增一名人员及其现任职务：写入 people/编号.yaml 并提交。终端中缺少的必填项会逐项询问；非交互环境下须用选项给出。"""
    from ...actions.people import plan_person_add

    labels = {"name": "姓名", "title": "职务", "tier": f"任职层级（{TIERS}）", "start": "开始日期（YYYY-MM-DD）"}
    values: dict[str, Any] = {"name": name, "title": title, "tier": tier, "start": start}
    missing = _require(values, labels, "dj person add --name 张三 --title 副检察长 --tier 班子成员 --start 2024-01-01")
    begin_write(ctx)
    ws = _workspace()
    _ask(values, labels, missing, {"tier": _tier_check, "start": _date_check})
    plan = plan_person_add(ws, values["name"], values["title"], values["tier"], parse_date(values["start"]),
                           department=department, remit=remit, gender=gender, record_id=person_id,
                           party_member=not non_member, note=note)
    apply_changes(plan, no_commit, dry_run, fmt)
    _hints(ws, None, values["tier"], parse_date(values["start"]))


# --- person move ---------------------------------------------------------------------------


@person_app.command("move", epilog=examples(
    ("王五自 2024-07-01 任第一检察部主任；原职务记为 2024-06-30 结束", "dj person move 王五 --title 第一检察部主任 --tier 部门负责人 --department 第一检察部 --date 2024-07-01"),
    ("李四改任专职副书记，分管政治部", "dj person move 李四 --title 党组副书记 --tier 班子成员 --remit 政治部 --date 2024-07-01"),
))
def person_move(
    ctx: typer.Context,
    person: PersonArg,
    title: TitleOpt = None,
    tier: TierOpt = None,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="新职务的开始日期 YYYY-MM-DD；原职务在前一天结束。", metavar="日期")] = None,
    department: DepartmentOpt = None,
    remit: RemitOpt = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """调整职务：现任职务在 --date 的前一天结束，新职务自 --date 开始。

    新职务的部门（--department）和分管范围（--remit）以本次给出的为准，不沿用原职务。

    为什么是前一天：任职的开始和结束日期都算在任，交接当天只能有一人在任（否则接任者与原任者同一天都是主要负责人，dj check 会提示 DJ405）。
    """
    from ...actions.people import plan_person_move

    labels = {"title": "新职务", "tier": f"任职层级（{TIERS}）", "date": "新职务的开始日期（YYYY-MM-DD）"}
    values: dict[str, Any] = {"title": title, "tier": tier, "date": date}
    missing = _require(values, labels, f"dj person move {person} --title 办公室主任 --tier 部门负责人 --date 2024-07-01")
    begin_write(ctx)
    ws = _workspace()
    _ask(values, labels, missing, {"tier": _tier_check, "date": _date_check})
    plan = plan_person_move(ws, person, values["title"], values["tier"], parse_date(values["date"]),
                            department=department, remit=remit)
    apply_changes(plan, no_commit, dry_run, fmt)
    _hints(ws, person, values["tier"], parse_date(values["date"]))


# --- person leave --------------------------------------------------------------------------


@person_app.command("leave", epilog=examples(
    ("赵六 2024-09-30 调离，并写明交接情况", "dj person leave 赵六 --date 2024-09-30 --reason 调离 --handover 交接给孙八，未结事项：第三季度谈话记录待归档"),
    ("钱七退休", "dj person leave 钱七 --date 2024-12-31 --reason 退休"),
))
def person_leave(
    ctx: typer.Context,
    person: PersonArg,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="离开本单位的日期 YYYY-MM-DD；尚未结束的职务都在这一天结束。", metavar="日期")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=f"离任原因，只能是：{REASONS}。", metavar="原因")] = None,
    handover: Annotated[Optional[str], typer.Option("--handover", help="党风廉政建设责任的交接情况：交给谁、未结事项。", metavar="交接")] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """登记离任（退休、调离等）：记下日期、原因和交接情况，尚未结束的职务都在离任当天结束。"""
    from ...actions.people import plan_person_leave, reason_of

    labels = {"date": "离任日期（YYYY-MM-DD）", "reason": f"离任原因（{REASONS}）"}
    values: dict[str, Any] = {"date": date, "reason": reason}
    missing = _require(values, labels, f"dj person leave {person} --date 2024-09-30 --reason 调离")
    begin_write(ctx)
    ws = _workspace()
    _ask(values, labels, missing, {"date": _date_check, "reason": reason_of})
    plan = plan_person_leave(ws, person, parse_date(values["date"]), values["reason"], handover)
    apply_changes(plan, no_commit, dry_run, fmt)


__all__ = ["dept_app", "person_app"]
