"""dj assign: 责任分解求“实”. Thin commands over ``actions/assign.py``."""

from pathlib import Path
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Optional

import typer

from ..common import Format, FormatOpt, interactive, parse_date, path_arg, root
from ..common import today as _today
from ..framework import DjTyper, examples
from ..output import echo_err
from ..writing import DryRunOpt, NoCommitOpt, apply_changes, begin_write
from .completion import complete_item, complete_person

assign_app = DjTyper(
    help="责任分解求“实”：各层级责任清单、重点工作责任链条、理论学习、责任书与签单。",
    epilog=examples(
        ("按检察院模板生成当年的责任清单、责任链条和学习计划", "dj assign template procuratorate"),
        ("查看张三的责任事项", "dj assign list --person 张三"),
        ("查看覆盖情况，标出缺口", "dj assign coverage"),
        ("记录张三签订了责任书", "dj assign sign 张三 --date 2024-03-18"),
    ),
)

YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="年度，默认 dj.yaml 中的当前年度。", metavar="年度")]


def _text_opt(flag: str, help_text: str, metavar: str) -> Any:
    return Annotated[Optional[str], typer.Option(flag, help=help_text, metavar=metavar)]


def _list_opt(flag: str, help_text: str, metavar: str) -> Any:
    return Annotated[Optional[list[str]], typer.Option(flag, help=help_text, metavar=metavar)]


# Options shared by add and edit (edit replaces a whole list when a list option is given).
TierOpt = _text_opt("--tier", "责任主体层级：党组、主要负责人、班子成员、纪检监察负责人、部门负责人或具体承办人员。", "层级")
PersonOpt = Annotated[Optional[str], typer.Option("--person", "-p", help="责任人的编号或姓名（责任主体为党组时不填）。", metavar="人员", autocompletion=complete_person)]
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


def _workspace():
    from ...actions.assign import load

    return load(root())


def _interactive() -> bool:
    return interactive()


# --- template ------------------------------------------------------------------------------


@assign_app.command("template", epilog=examples(
    ("按检察院模板生成 dj.yaml 中当前年度的清单", "dj assign template procuratorate"),
    ("先看看会生成什么，不写入文件", "dj assign template procuratorate --year 2025 --dry-run"),
    ("补上任职的分管范围（remit）后再运行一次，补写上次缺少的链条", "dj assign template procuratorate"),
))
def template(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="模板名称，目前提供 procuratorate（县级人民检察院）。", metavar="模板")],
    year: YearOpt = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """按模板为当年在岗人员生成责任清单文件（lists/）、各层级责任事项、重点工作责任链条和理论学习计划。

    已有的事项和文件不会被覆盖，可以反复运行。每项事项带有所属清单、章节、条款编号（第X条（Y））和顺序。

    重点工作责任链条的各环节按任职信息（people/ 中的 posts）确定：

    具体承办人员：任职不是领导或部门负责人、分管范围（remit）写有该重点工作（如“经费”对应“经费管理使用”）的人；没有时取说明（note）写有该工作的人。

    责任部门：具体承办人员所在的部门；没有时取名称或说明写有该工作的部门。

    部门领导：责任部门的部门负责人；没有时取任职在该部门的院领导。

    分管领导：分管范围写有该工作（其次写有责任部门）的班子成员或纪检监察负责人，再其次主要负责人。

    牵头领导：主要负责人。

    某条链条有环节无法确定时，这条链条和链条成员的相应事项都不写入，并在屏幕上（以及 --format json 的 missing 中）说明缺哪一环、应在谁的任职中补写什么；补写后再运行一次即会写入。已有的链条缺少某些环节时，只在末尾补写缺少的环节，原有环节（包括手工修改过的）一概不动。
    """
    from ...actions.assign import TemplateResult, plan_template, year_of
    from ..output import emit

    begin_write(ctx)
    ws = _workspace()
    plan = plan_template(ws, name, year)
    for note in plan.notes:
        echo_err(f"提示：{note}")
    for missing in plan.missing:
        echo_err(f"未写入：{missing.text()}")
    if plan.missing:
        echo_err("以上链条未写入（或仍缺少这些环节），补写任职信息后再运行 dj assign template 即可补全。")
    if not plan.changes:
        if fmt == Format.TEXT:
            if plan.missing:
                typer.echo(f"未写入任何文件：{year_of(ws, year)} 年模板中可生成的内容都已存在（跳过 {len(plan.skipped)} 项），"
                           "其余缺少任职信息（见上）。")
            else:
                typer.echo(f"无需修改：{year_of(ws, year)} 年模板中可生成的内容都已存在（跳过 {len(plan.skipped)} 项）。")
        else:
            emit(TemplateResult(None, plan.missing, plan.skipped), fmt)
        return
    from ...write import apply_plan

    applied = apply_plan(root(), plan.plan(name, year_of(ws, year)), commit=not no_commit, dry_run=dry_run)
    if fmt == Format.TEXT:
        emit(applied, fmt)
    else:
        emit(TemplateResult(applied, plan.missing, plan.skipped), fmt)


# --- add and edit --------------------------------------------------------------------------

_FIELD_PROMPTS = [
    ("tier", "责任主体层级（党组、主要负责人、班子成员、纪检监察负责人、部门负责人、具体承办人员）"),
    ("person", "责任人（编号或姓名）"),
    ("area", "工作领域"),
    ("content", "责任内容"),
]


def _ask(label: str, check: Callable[[str], str]) -> str:
    """Ask until check accepts the answer; a rejected answer is explained and asked again.

    Why one field at a time: the answers already given are kept, so a typo in the person's
    name costs one line, not the whole form.
    """
    while True:
        answer = typer.prompt(label, default="", show_default=False).strip()
        try:
            return check(answer)
        except ValueError as exc:
            echo_err(f"  {exc}请重新输入。")


def _prompt_missing(ws: Any, values: dict[str, Any], missing: list[str]) -> None:
    """Ask on the terminal for the fields missing from the options, checking each answer."""
    import difflib
    import os

    from ...actions.assign import find_person
    from ...errors import DjError
    from ...models.enums import SubjectTier

    tiers = [t.value for t in SubjectTier]

    def tier(answer: str) -> str:
        if answer in tiers:
            return answer
        close = difflib.get_close_matches(answer, tiers, n=3, cutoff=0.3)
        # Of the close ones, the one that starts like the answer (主要领导 → 主要负责人, not 领导班子).
        close.sort(key=lambda t: -len(os.path.commonprefix([t, answer])))
        hint = f"是否应为“{close[0]}”？" if close else ""
        raise ValueError(f"“{answer}”不是责任主体层级，只能是：{'、'.join(tiers)}。{hint}")

    def person(answer: str) -> str:
        if not answer:
            raise ValueError("请填写责任人的编号或姓名。")
        try:
            find_person(ws, answer)
        except DjError as exc:
            raise ValueError(exc.message) from None
        return answer

    def filled(what: str) -> Callable[[str], str]:
        def check(answer: str) -> str:
            if not answer:
                raise ValueError(f"{what}不能为空。")
            return answer

        return check

    checks = {"tier": tier, "person": person, "area": filled("工作领域"), "content": filled("责任内容")}
    for key, label in _FIELD_PROMPTS:
        if key not in missing or values[key]:
            continue
        if key == "person" and values["tier"] == SubjectTier.BODY.value:
            continue
        values[key] = _ask(label, checks[key])


def _item_fields(**options: Any) -> dict[str, Any]:
    fields = dict(options)
    fields["targets"] = [{"description": t} for t in options.get("targets") or []] or None
    return fields


@assign_app.command("add", epilog=examples(
    ("在终端中逐项询问缺少的内容", "dj assign add"),
    ("一次给出全部内容（CI 等非交互环境须如此）", "dj assign add --tier 班子成员 --person 李四 --area 廉洁自律 --content 不插手具体经费审批"),
))
def add(
    ctx: typer.Context,
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
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """新增一项责任事项。缺少的必填项在终端中逐项询问；非交互环境下须用选项给出。"""
    from ...actions.assign import plan_add
    from ...errors import ConfigError

    values = {"tier": tier, "person": person, "area": area, "content": content}
    missing = [k for k in ("tier", "area", "content") if not values[k]]
    if not person and tier != "党组":
        missing.append("person")
    if missing and not _interactive():
        flags = "、".join(f"--{k}" for k in missing)
        raise ConfigError(f"缺少 {flags}。非交互环境下请用选项给出，例如：dj assign add --tier 主要负责人 --person 张三 --area 廉洁自律 --content 带头廉洁自律")
    begin_write(ctx)
    ws = _workspace()
    if missing:
        _prompt_missing(ws, values, missing)
    fields = _item_fields(
        id=item_id, year=year, tier=values["tier"], person=values["person"], duty=duty, area=values["area"],
        content=values["content"], topics=topic, targets=target, scope=scope, authority=authority, period=period,
        deadline=parse_date(deadline), evidence=evidence, accountability=accountability, basis=basis,
    )
    _record_id, plan = plan_add(ws, fields)
    apply_changes(plan, no_commit, dry_run, fmt)


@assign_app.command("edit", epilog=examples(
    ("修改一项的责任内容", "dj assign edit 2024-p-zhangsan-01 --content 带头严格执行中央八项规定精神"),
    ("删除截止日期", "dj assign edit 2024-p-zhangsan-01 --clear deadline"),
    ("在终端中逐项修改（回车保留原值）", "dj assign edit 2024-p-zhangsan-01"),
))
def edit(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(help="要修改的责任事项编号。", metavar="编号", autocompletion=complete_item)],
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
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """修改一项责任事项：只改动给出的字段，保留文件中的注释、顺序和引号。终端中不给选项时逐项询问。"""
    from ...actions.assign import plan_edit
    from ...errors import ConfigError

    begin_write(ctx)
    ws = _workspace()
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
    apply_changes(plan_edit(ws, item_id, given, clear), no_commit, dry_run, fmt)


# --- list and coverage ---------------------------------------------------------------------


@assign_app.command("list", epilog=examples(
    ("列出全部责任事项", "dj assign list"),
    ("只看张三 2024 年的事项", "dj assign list --person 张三 --year 2024"),
    ("以 JSON 输出，供其他程序读取", "dj assign list --format json"),
))
def list_(
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="只列出此人（编号或姓名）的事项。", metavar="人员", autocompletion=complete_person)] = None,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="只列出该年度的事项，默认全部年度。", metavar="年度")] = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """列出责任事项（可按人员、年度筛选）。"""
    from ...actions.assign import list_items
    from ..output import emit

    emit(list_items(_workspace(), person, year), fmt)


@assign_app.command("coverage", epilog=examples(
    ("查看 dj.yaml 中当前年度的覆盖情况", "dj assign coverage"),
    ("查看 2024 年的覆盖情况，以 JSON 输出", "dj assign coverage --year 2024 --format json"),
))
def coverage(
    year: YearOpt = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """覆盖情况：重点工作×链条环节、各层级×必备要点，标出缺口。"""
    from ...actions.assign import coverage as compute
    from ..output import emit

    emit(compute(_workspace(), year), fmt)


# --- letter and sign -----------------------------------------------------------------------


class LetterFormat(str, Enum):
    """What dj assign letter writes: the Markdown (text/md), JSON, an HTML page or a GB/T 9704 DOCX."""

    TEXT = "text"
    MD = "md"
    JSON = "json"
    HTML = "html"
    DOCX = "docx"


@assign_app.command("letter", epilog=examples(
    ("显示张三本年度的责任书", "dj assign letter 张三"),
    ("把 2024 年的责任书写入文件，再用 WPS 或 Word 打开排版", "dj assign letter 张三 --year 2024 --output 张三责任书.md"),
    ("生成按公文格式（GB/T 9704）排版的 Word 文档，直接打印", "dj assign letter 张三 --year 2024 --format docx -o 张三责任书.docx"),
    ("生成可打印的网页", "dj assign letter 张三 --format html -o 张三责任书.html"),
))
def letter(
    person: Annotated[str, typer.Argument(help="责任人的编号或姓名。", metavar="人员", autocompletion=complete_person)],
    year: YearOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="写入文件而不是显示（docx 格式必须指定）。", metavar="文件", callback=path_arg)] = None,
    fmt: Annotated[LetterFormat, typer.Option(
        "--format", "-f", metavar="格式",
        help="输出格式：text 或 md（Markdown，默认）、json（供程序读取）、html（可打印的网页）或 docx（按 GB/T 9704 排版的 Word 文档，需安装可选组件 docx）。")] = LetterFormat.TEXT,
) -> None:
    """生成某人的党风廉政建设责任书：责任目标、责任内容、具体要求、考核与追究、签字和日期。默认为 Markdown，也可生成网页或按公文格式排版的 Word 文档。"""
    from ...actions.assign import letter_context
    from ...render import render_letter

    from ..output import Text, Written, emit

    context = letter_context(_workspace(), person, year)
    text = render_letter(context)
    data: bytes | None = None
    if fmt in (LetterFormat.HTML, LetterFormat.DOCX):
        from ... import formats
        from ...formats.markdown import leading_title
        from ...reports import Document

        if fmt is LetterFormat.DOCX and output is None:
            from ...errors import ConfigError

            raise ConfigError("docx 格式须用 --output（-o）指定要写入的文件，例如：dj assign letter 张三 --format docx -o 张三责任书.docx")
        signed = context.get("signed")
        doc = Document(
            name=f"{context['year']}-letter-{context['person']['id'] or 'body'}",
            title=leading_title(text) or "党风廉政建设责任书",
            markdown=text,
            meta={"date": signed.isoformat()} if signed else {},
        )
        data = formats.to_docx(doc, kind="letter") if fmt is LetterFormat.DOCX else formats.to_html(doc)
        if output is None:  # html to the screen
            text = data.decode("utf-8")
    if output is None:
        emit(Text("assign letter", text), Format.JSON if fmt is LetterFormat.JSON else Format.TEXT)
        return
    from ...write import FileChange, Plan, apply_plan

    target = output.resolve()
    content = data if data is not None else text.encode("utf-8")
    apply_plan(target.parent, Plan("assign letter", f"责任书：{person}", [FileChange(target.name, content)]), commit=False)
    emit(Written("assign letter", [str(output)], []), Format.JSON if fmt is LetterFormat.JSON else Format.TEXT)


@assign_app.command("sign", epilog=examples(
    ("记录张三今天签订了本年度责任书", "dj assign sign 张三"),
    ("补记 2024 年 3 月 18 日的签订", "dj assign sign 张三 --year 2024 --date 2024-03-18"),
    ("党组书记代表党组签订党组的责任清单", "dj assign sign 党组 --year 2024 --date 2024-03-15"),
    ("签订对象不是 dj 推算的那位领导时指明", "dj assign sign 孙八 --date 2024-03-21 --counterpart 王五"),
    ("清单改动后重新签订（取代原记录）", "dj assign sign 张三 --year 2024 --date 2024-06-01 --replace"),
))
def sign(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="签字人的编号或姓名；写“党组”（dj.yaml 中的党组织名称）时由当日在任的主要负责人代表党组签订。", metavar="人员", autocompletion=complete_person)],
    year: YearOpt = None,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="签字日期 YYYY-MM-DD，默认今天。", metavar="日期")] = None,
    counterpart: Annotated[Optional[str], typer.Option("--counterpart", help="签订对象（上一级领导）的编号或姓名，默认由 dj 按任职推算：班子成员与主要负责人签，部门负责人与分管领导签，一般干部与部门负责人签。", metavar="人员", autocompletion=complete_person)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="本年度已签单时，以这次签订取代原记录（清单改动后重新签订）。")] = False,
    force: Annotated[bool, typer.Option("--force", help="签字日期晚于今天或不在清单年度及上一年内时，仍然记录。")] = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录已签订本年度责任书（签单），同时记下所签的每一项及其内容摘要。

    此后责任事项的内容、量化目标、追究条款、责任类型、工作领域、要点、范围、期限或佐证形式有改动，或清单增删了事项，dj check 都会提示重新签单（DJ442），用 --replace 重新签订即可；只调整条款编号、顺序、依据或文件格式不需要重新签。同一人同一年度有两份签订记录时，以最早的为准。
    """
    from ...actions.assign import load_for_person, plan_sign

    begin_write(ctx)
    ws = load_for_person(root(), person)
    today = _today()
    _signoff, plan = plan_sign(ws, person, year, parse_date(date) or today, today, replace=replace, force=force,
                               counterpart=counterpart)
    apply_changes(plan, no_commit, dry_run, fmt)


# The 五单法 commands (feedback, remind, reply, verify), defined in cycle.py.
from . import cycle as _cycle  # noqa: E402

for _name, _command, _epilog in _cycle.COMMANDS:
    assign_app.command(_name, epilog=_epilog)(_command)

__all__ = ["assign_app"]
