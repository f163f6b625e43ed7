"""dj pursue: 责任追究求“严”. Thin commands over ``actions/pursue.py``."""

from typing import Annotated, Any, Optional

import typer

from ..common import Format, FormatOpt, parse_date, root
from ..common import today as _today
from ..framework import DjTyper, examples
from ..output import _cell, _table, _tables, text_renderer
from ..writing import DryRunOpt, NoCommitOpt, apply_changes, begin_write
from .completion import complete_person

pursue_app = DjTyper(
    help="责任追究求“严”：案件从受理到结案各阶段留痕，按事发时的任职认定责任，处理方式与对象相符，谈话和离任交接有记录。",
    epilog=examples(
        ("受理一件案件", "dj pursue open --title 某部门违规发放补贴问题 --incident 2024-03-05 --found 2024-05-10 --how 被动查处 --source 信访举报 --person 孙八"),
        ("查看谁应承担什么责任（按事发时的任职）", "dj pursue who 2024-case-01"),
        ("作出处理决定", "dj pursue decide 2024-case-01 --person 孙八 --form 诫勉 --date 2024-07-01"),
        ("列出未结案件，隐去姓名", "dj pursue list --open --redact"),
        ("按时间顺序查看一件案件", "dj pursue show 2024-case-01"),
    ),
)

ForceOpt = Annotated[bool, typer.Option("--force", help="日期晚于今天或早于案件当前阶段时仍然记录（补记时使用）。")]
RedactOpt = Annotated[bool, typer.Option("--redact", help="隐去姓名：案件中的人名显示为“张某”（同姓的为张某甲、张某乙）。")]
CaseArg = Annotated[str, typer.Argument(help="案件编号，例如 2024-case-01（dj pursue list 可查看）。", metavar="案件")]
DateOpt = Annotated[Optional[str], typer.Option("--date", "-d", help="日期 YYYY-MM-DD，默认今天。", metavar="日期")]
PersonOpt = Annotated[Optional[str], typer.Option("--person", "-p", help="对象为个人时：人员编号或姓名。", metavar="人员", autocompletion=complete_person)]
BodyOpt = Annotated[Optional[str], typer.Option("--body", help="对象为党组织或领导班子时：其名称，例如 党组。", metavar="党组织")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="按指定日期（YYYY-MM-DD）判断期限和是否仍在任，默认今天。", metavar="日期")]
DeptOpt = Annotated[Optional[str], typer.Option("--department", help="对象为部门时：部门编号或名称。", metavar="部门")]
NoteOpt = Annotated[Optional[str], typer.Option("--note", help="说明。", metavar="说明")]


def _workspace(kinds: Any = None) -> Any:
    from ...actions.pursue import load

    return load(root(), kinds)


def _begin(ctx: typer.Context) -> Any:
    """Take the workspace lock (see ``begin_write``), then read the workspace: how every write starts."""
    begin_write(ctx)
    return _workspace()


def _day(text: Optional[str]) -> Any:
    return parse_date(text) or _today()


def _target(person: Optional[str], body: Optional[str], department: Optional[str]) -> dict[str, Optional[str]]:
    return {"person": person, "body": body, "department": department}


# --- open and update -----------------------------------------------------------------------


@pursue_app.command("open", epilog=examples(
    ("信访举报的案件，涉及孙八，事发于 2024 年 3 月", "dj pursue open --title 某部门违规发放补贴问题 --incident 2024-03-05 --found 2024-05-10 --how 被动查处 --source 信访举报 --person 孙八"),
    ("本单位日常检查主动发现，涉及一项责任事项和重点工作链条", "dj pursue open --title 经费报销审核不严 --incident 2024-02-01 --incident-end 2024-04-30 --found 2024-05-06 --how 主动排查 --source 日常检查 --item 2024-p-zhaoliu-02 --chain 2024-chain-funds"),
))
def open_(
    ctx: typer.Context,
    title: Annotated[Optional[str], typer.Option("--title", help="案件名称（简要），例如 某部门违规发放补贴问题。", metavar="名称")] = None,
    incident: Annotated[Optional[str], typer.Option("--incident", help="事发日期 YYYY-MM-DD（据此确定当时的任职）。", metavar="日期")] = None,
    incident_end: Annotated[Optional[str], typer.Option("--incident-end", help="问题持续一段时间时，其结束日期。", metavar="日期")] = None,
    found: Annotated[Optional[str], typer.Option("--found", help="发现问题或收到线索的日期，默认今天。", metavar="日期")] = None,
    how: Annotated[Optional[str], typer.Option("--how", help="发现方式：主动排查 或 被动查处。", metavar="方式")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="线索来源：巡视、巡察、信访举报、审计、上级交办、日常检查、检查考核、核单、自查或其他。", metavar="来源")] = None,
    source_note: Annotated[Optional[str], typer.Option("--source-note", help="来源为其他时写明。", metavar="说明")] = None,
    facts: Annotated[Optional[str], typer.Option("--facts", help="基本事实。", metavar="事实")] = None,
    person: Annotated[Optional[list[str]], typer.Option("--person", "-p", help="涉及人员（编号或姓名），可重复。", metavar="人员", autocompletion=complete_person)] = None,
    department: Annotated[Optional[list[str]], typer.Option("--department", help="涉及部门（编号或名称），可重复。", metavar="部门")] = None,
    item: Annotated[Optional[list[str]], typer.Option("--item", help="涉及的责任事项编号，可重复。", metavar="事项")] = None,
    list_id: Annotated[Optional[str], typer.Option("--list", help="涉及的责任清单编号。", metavar="清单")] = None,
    chain: Annotated[Optional[str], typer.Option("--chain", help="涉及的重点工作责任链条编号。", metavar="链条")] = None,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="受理日期，默认今天。", metavar="日期")] = None,
    case_id: Annotated[Optional[str], typer.Option("--id", help="案件编号，默认自动生成（年度-case-序号）。", metavar="编号")] = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """受理一件责任追究案件：事实、事发和发现日期、发现方式（主动排查/被动查处）与来源、涉及的人员和责任事项。

    案件文件写入 cases/年度/，处于“受理”阶段。此后用 update 记录各阶段，who 查看责任人，
    decide 作出决定，deliver 送达，close 结案。提交说明只写案件编号，不写案情和人名。
    """
    from ...actions.pursue import plan_open
    from ...errors import ConfigError

    missing = [flag for flag, value in (("--title", title), ("--incident", incident), ("--how", how), ("--source", source)) if not value]
    if missing:
        raise ConfigError(f"缺少 {'、'.join(missing)}。例如：dj pursue open --title 某部门违规发放补贴问题 --incident 2024-03-05 "
                          "--found 2024-05-10 --how 被动查处 --source 信访举报")
    ws = _begin(ctx)
    day = _day(date)
    fields = {"id": case_id, "title": title, "facts": facts, "incident_start": parse_date(incident), "incident_end": parse_date(incident_end),
              "found_on": parse_date(found) or day, "how_found": how, "source": source, "source_note": source_note,
              "items": item, "list": list_id, "chain": chain, "people": person, "departments": department}
    _record_id, plan = plan_open(ws, fields, day)
    apply_changes(plan, no_commit, dry_run, fmt)


@pursue_app.command("update", epilog=examples(
    ("初步核实后立案", "dj pursue update 2024-case-01 --stage 立案 --date 2024-05-20"),
    ("调查结束，记录核实结论", "dj pursue update 2024-case-01 --stage 认定 --date 2024-06-20 --verdict 属实"),
))
def update(
    ctx: typer.Context,
    case: CaseArg,
    stage: Annotated[str, typer.Option("--stage", "-s", help="进入的阶段：初步核实、立案、调查、认定、决定、送达、申诉、复查、执行（结案用 close）。", metavar="阶段")],
    date: DateOpt = None,
    verdict: Annotated[Optional[str], typer.Option("--verdict", help="核实结论：属实、部分属实或不属实。", metavar="结论")] = None,
    facts: Annotated[Optional[str], typer.Option("--facts", help="经核实的基本事实（替换原有内容）。", metavar="事实")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="阶段说明，例如 经主要负责人批准立案（不要写案情细节）。", metavar="说明")] = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录案件进入下一个办理阶段及其日期（受理 → 初步核实 → 立案 → 调查 → 认定 → 决定 → 送达 → 申诉/复查 → 执行 → 结案）。"""
    from ...actions.pursue import plan_update

    ws = _begin(ctx)
    apply_changes(plan_update(ws, case, stage, _day(date), _today(), note=note, verdict=verdict, facts=facts, force=force), no_commit, dry_run, fmt)


# --- who and determine ---------------------------------------------------------------------


@text_renderer("WhoResult")
def render_who(result: Any) -> str:
    data = result.to_dict()
    table = _table(f"案件 {data['case']} 的责任人建议（事发 {data['incident']}，按当时的任职）", ["责任人", "事发时职务", "依据法规", "责任", "理由", "现在"])
    for c in data["candidates"]:
        now = "在任" if c["in_post_now"] else (c.get("now") or ("—" if c["in_post_now"] is None else "已不在原职（终身问责，仍须追究）"))
        if c["in_post_now"] is False:
            now += "（仍须追究）"
        liability = c["liability"] + (f"（已认定：{c['determined']}）" if c.get("determined") else "")
        if c.get("exempt"):
            liability += f"；{c['exempt']}"
        table.add_row(*map(_cell, (c["name"], c["post_then"], c["regime"], liability, c["basis"], now)))
    footer = ("以上为 dj 按责任清单、重点工作链条和事发时任职提出的建议，须经党组研究确认。"
              "确认后用 --record 记录全部建议，或用 dj pursue determine 逐项记录（可改动）。")
    if not data["candidates"]:
        footer = "案件没有涉及人员、责任事项或重点工作链条，dj 无从提出建议。请用 dj pursue determine 直接记录认定。"
    return _tables(table, footer=footer)


@pursue_app.command("who", epilog=examples(
    ("查看建议", "dj pursue who 2024-case-01"),
    ("以 JSON 输出，隐去姓名", "dj pursue who 2024-case-01 --format json --redact"),
    ("党组研究确认后，把建议记为责任认定", "dj pursue who 2024-case-01 --record"),
))
def who(
    ctx: typer.Context,
    case: CaseArg,
    record: Annotated[bool, typer.Option("--record", help="把建议记为案件的责任认定（已有认定的不变）。")] = False,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="与 --record 一起：认定日期，默认今天。", metavar="日期")] = None,
    redact: RedactOpt = False,
    as_of: AsOfOpt = None,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """谁应承担什么责任：按事发时（而不是现在）的任职、责任清单（含人群和集体责任主体）和重点工作链条提出建议。

    依《纪律处分条例》：直接责任者、主要领导责任者、重要领导责任者；依《问责条例》：领导班子的全面领导责任，
    主要负责人和直接主管的班子成员的主要领导责任，参与决策的班子成员的重要领导责任。已调离、提拔或退休的人
    仍列为候选（终身问责），“现在”一栏标明；集体决策中有记录的明确反对者免予问责。
    """
    from ...actions import pursue as actions
    from ..output import emit

    if record:
        begin_write(ctx)
    ws = _workspace(None if record else actions.WHO_KINDS | {"talk"})
    result = actions.who(ws, case, _day(as_of))
    if record:
        apply_changes(actions.plan_record_who(ws, result, _day(date)), no_commit, dry_run, fmt)
        return
    if redact:
        actions.redact_who(ws, result)
    emit(result, fmt)


@pursue_app.command("determine", epilog=examples(
    ("记录分管领导的领导责任", "dj pursue determine 2024-case-01 --person 李四 --regime 问责条例 --liability 主要领导责任"),
    ("记录直接责任并有从轻情节", "dj pursue determine 2024-case-01 --person 孙八 --regime 纪律处分条例 --liability 直接责任者 --circumstance 从轻:问责条例第十八条:主动交代"),
    ("经审查不承担责任（须写明理由）", "dj pursue determine 2024-case-01 --person 王五 --regime 问责条例 --note 决策时明确反对并有记录"),
))
def determine(
    ctx: typer.Context,
    case: CaseArg,
    person: PersonOpt = None,
    body: BodyOpt = None,
    department: DeptOpt = None,
    regime: Annotated[str, typer.Option("--regime", help="依据：纪律处分条例 或 问责条例（两者的责任划分不同）。", metavar="条例")] = "问责条例",
    liability: Annotated[Optional[str], typer.Option("--liability", help="纪律处分条例：直接责任者、主要领导责任者、重要领导责任者；问责条例：全面领导责任、主要领导责任、重要领导责任。不承担责任时不填并用 --note 写明理由。", metavar="责任")] = None,
    scope: Annotated[Optional[str], typer.Option("--scope", help="集体责任 或 个人责任（默认个人责任）。", metavar="范围")] = None,
    circumstance: Annotated[Optional[list[str]], typer.Option("--circumstance", help="情节，写作 种类:条款:说明，例如 从轻:问责条例第十八条:及时补救。种类为从轻、减轻、从重、加重或免予。可重复。", metavar="情节")] = None,
    voted: Annotated[Optional[list[str]], typer.Option("--voted", help="集体决策的参加表决者，可重复。", metavar="人员")] = None,
    dissented: Annotated[Optional[list[str]], typer.Option("--dissented", help="集体决策中明确反对并有记录者，可重复。", metavar="人员")] = None,
    basis: Annotated[Optional[str], typer.Option("--basis", help="认定依据，例如 分管该项工作。", metavar="依据")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="说明；不承担责任时写明理由。", metavar="说明")] = None,
    date: DateOpt = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录（或改正）一名责任人或一个责任主体的责任认定：集体/个人、直接/领导、主要/重要，及从轻、从重、免予等情节和条款。"""
    from ...actions.pursue import plan_determine

    ws = _begin(ctx)
    plan = plan_determine(ws, case, _target(person, body, department), regime, liability, _day(date), _today(), scope=scope,
                          circumstances=circumstance, basis=basis, note=note, voted=voted, dissented=dissented, force=force)
    apply_changes(plan, no_commit, dry_run, fmt)


# --- decide, deliver, appeal, execute, close -----------------------------------------------


@pursue_app.command("decide", epilog=examples(
    ("对干部诫勉", "dj pursue decide 2024-case-01 --person 孙八 --form 诫勉 --date 2024-07-01"),
    ("对党组织通报", "dj pursue decide 2024-case-01 --body 党组 --form 通报"),
    ("纪律处分，写明依据", "dj pursue decide 2024-case-02 --person 赵六 --form 警告 --basis 纪律处分条例第一百零三条"),
))
def decide(
    ctx: typer.Context,
    case: CaseArg,
    form: Annotated[str, typer.Option("--form", help="方式。对党组织：检查、通报、改组、解散、约谈、工作提示函；对干部：通报、诫勉、停职检查、调整职务、责令辞职、免职、降职、警告、严重警告、撤销党内职务、留党察看、开除党籍、谈话提醒、约谈、工作提示函、批评教育、责令检查、诫勉谈话、警示性谈话、移送司法机关。", metavar="方式")],
    person: PersonOpt = None,
    body: BodyOpt = None,
    department: DeptOpt = None,
    date: DateOpt = None,
    basis: Annotated[Optional[str], typer.Option("--basis", help="依据，例如 问责条例第七条第（八）项、第八条。", metavar="依据")] = None,
    four_form: Annotated[Optional[str], typer.Option("--four-form", help="四种形态之一；不填则按方式推定。", metavar="形态")] = None,
    note: NoteOpt = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """作出问责、处分或处理决定：方式须与对象相符（改组只用于党组织，诫勉只用于干部），并归入四种形态之一。"""
    from ...actions.pursue import plan_decide

    ws = _begin(ctx)
    plan = plan_decide(ws, case, _target(person, body, department), form, _day(date), _today(), basis=basis, four_form=four_form,
                       note=note, force=force)
    apply_changes(plan, no_commit, dry_run, fmt)


@pursue_app.command("deliver", epilog=examples(
    ("记录案件全部决定已于今天送达", "dj pursue deliver 2024-case-01"),
    ("只记录对孙八的决定的送达日期", "dj pursue deliver 2024-case-01 --person 孙八 --date 2024-07-03"),
))
def deliver(
    ctx: typer.Context,
    case: CaseArg,
    person: PersonOpt = None,
    body: BodyOpt = None,
    department: DeptOpt = None,
    date: DateOpt = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录处理决定的宣布、送达日期：申诉期和执行期由此起算。"""
    from ...actions.pursue import plan_deliver

    ws = _begin(ctx)
    plan, notes = plan_deliver(ws, case, _target(person, body, department), _day(date), _today(), force=force)
    apply_changes(plan, no_commit, dry_run, fmt)
    if fmt == Format.TEXT:
        for line in notes:
            typer.echo(line)


@pursue_app.command("appeal", epilog=examples(
    ("孙八对决定提出申诉", "dj pursue appeal 2024-case-01 --person 孙八 --date 2024-07-20"),
    ("记录申诉处理结果", "dj pursue appeal 2024-case-01 --person 孙八 --date 2024-07-20 --decided-on 2024-08-15 --result 维持原决定"),
))
def appeal(
    ctx: typer.Context,
    case: CaseArg,
    person: PersonOpt = None,
    body: BodyOpt = None,
    date: DateOpt = None,
    decided_on: Annotated[Optional[str], typer.Option("--decided-on", help="申诉处理（复查）决定的日期。", metavar="日期")] = None,
    result: Annotated[Optional[str], typer.Option("--result", help="处理结果，例如 维持原决定、变更为通报、撤销。", metavar="结果")] = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录对处理决定的申诉及其处理（申诉期间不停止执行）。"""
    from ...actions.pursue import plan_appeal

    ws = _begin(ctx)
    plan = plan_appeal(ws, case, _target(person, body, None), _day(date), _today(), decided_on=parse_date(decided_on), result=result,
                       force=force)
    apply_changes(plan, no_commit, dry_run, fmt)


@pursue_app.command("execute", epilog=examples(
    ("记录全部决定已执行完毕", "dj pursue execute 2024-case-01 --date 2024-07-25"),
))
def execute(
    ctx: typer.Context,
    case: CaseArg,
    person: PersonOpt = None,
    body: BodyOpt = None,
    department: DeptOpt = None,
    date: DateOpt = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录处理决定已执行完毕（组织调整办理完毕、处分执行、谈话已进行等）。"""
    from ...actions.pursue import plan_execute

    ws = _begin(ctx)
    apply_changes(plan_execute(ws, case, _target(person, body, department), _day(date), _today(), force=force), no_commit, dry_run, fmt)


@pursue_app.command("close", epilog=examples(
    ("结案", "dj pursue close 2024-case-01 --outcome 给予孙八诫勉，整改到位 --reason 处理决定已执行完毕，整改经核查到位"),
    ("问题不属实", "dj pursue close 2024-case-03 --outcome 问题不属实，予以了结 --reason 经初步核实，反映问题不属实"),
))
def close(
    ctx: typer.Context,
    case: CaseArg,
    outcome: Annotated[Optional[str], typer.Option("--outcome", help="结案结论，例如 给予诫勉谈话，整改到位。", metavar="结论")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="结案理由，例如 处理决定已执行完毕。调离、退休不是结案理由。", metavar="理由")] = None,
    date: DateOpt = None,
    force: Annotated[bool, typer.Option("--force", help="处理决定尚未全部执行、或日期早于当前阶段时仍然结案。")] = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """结案：须有核实结论、结案结论和理由；属实的须有处理决定，并审查过领导责任（一案双查）。调离、退休不能结案（终身问责）。"""
    from ...actions.pursue import plan_close

    ws = _begin(ctx)
    apply_changes(plan_close(ws, case, _day(date), _today(), outcome=outcome, reason=reason, force=force), no_commit, dry_run, fmt)


# --- talks and handovers -------------------------------------------------------------------


@pursue_app.command("talk", epilog=examples(
    ("主要负责人与班子成员的年度廉政谈话", "dj pursue talk --kind 例行廉政谈话 --by 张三 --person 李四 --date 2024-03-20"),
    ("因案件进行诫勉谈话，限期改正", "dj pursue talk --kind 诫勉谈话 --by 张三 --person 孙八 --case 2024-case-03 --to-correct 退回违规报销费用 --correct-by 2024-08-31"),
    ("记录跟踪核查结果", "dj pursue talk --follow-up 2024-talk-0701-01 --by 王五 --result 已改正 --date 2024-09-02"),
))
def talk(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option("--kind", help="谈话类别：任职谈话、例行廉政谈话、提醒谈话、诫勉谈话、警示性谈话。", metavar="类别")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="谈话人（核查时为核查人），编号或姓名。", metavar="人员", autocompletion=complete_person)] = None,
    person: Annotated[Optional[list[str]], typer.Option("--person", "-p", help="谈话对象，可重复；多人时为集体谈话。", metavar="人员", autocompletion=complete_person)] = None,
    date: DateOpt = None,
    case: Annotated[Optional[str], typer.Option("--case", help="因案件谈话时的案件编号。", metavar="案件")] = None,
    topics: Annotated[Optional[str], typer.Option("--topics", help="谈话要点。", metavar="要点")] = None,
    to_correct: Annotated[Optional[str], typer.Option("--to-correct", help="须改正的问题。", metavar="问题")] = None,
    correct_by: Annotated[Optional[str], typer.Option("--correct-by", help="改正期限 YYYY-MM-DD；立即改正的填谈话当日。", metavar="日期")] = None,
    follow_up: Annotated[Optional[str], typer.Option("--follow-up", help="记录已有谈话（编号）的跟踪核查，与 --by、--result 一起使用。", metavar="谈话")] = None,
    result: Annotated[Optional[str], typer.Option("--result", help="跟踪核查结论：已改正 或 未改正。", metavar="结论")] = None,
    note: NoteOpt = None,
    talk_id: Annotated[Optional[str], typer.Option("--id", help="谈话记录编号，默认自动生成（年度-talk-月日-序号）。", metavar="编号")] = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录一次谈话（谁、何时、谁谈、个别或集体、须改正什么及期限），或用 --follow-up 记录其跟踪核查。"""
    from ...actions.pursue import plan_follow_up, plan_talk
    from ...errors import ConfigError

    if follow_up:
        if not by or not result:
            raise ConfigError("记录跟踪核查须给出 --by（核查人）和 --result（已改正 或 未改正）。")
        ws = _begin(ctx)
        apply_changes(plan_follow_up(ws, follow_up, _day(date), by, result, note, _today()), no_commit, dry_run, fmt)
        return
    missing = [flag for flag, value in (("--kind", kind), ("--by", by), ("--person", person)) if not value]
    if missing:
        raise ConfigError(f"缺少 {'、'.join(missing)}。例如：dj pursue talk --kind 例行廉政谈话 --by 张三 --person 李四 --date 2024-03-20")
    ws = _begin(ctx)
    fields = {"id": talk_id, "kind": kind, "date": _day(date), "by": by, "people": person, "case": case, "topics": topics,
              "to_correct": to_correct, "correct_by": parse_date(correct_by), "note": note}
    _record_id, plan = plan_talk(ws, fields, _today(), force=force)
    apply_changes(plan, no_commit, dry_run, fmt)


@pursue_app.command("handover", epilog=examples(
    ("李四调离副检察长职务后办理交接", "dj pursue handover 李四 --post 副检察长 --to 王五 --date 2024-06-05 --copy 纪检 --copy 组织"),
    ("列出移交的未结事项和案件", "dj pursue handover 李四 --area 重点工作任务:机关食堂采购整改未完成 --case 2024-case-02 --statement 任内责任已履行，未结事项已移交"),
))
def handover(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="离任者的编号或姓名。", metavar="人员", autocompletion=complete_person)],
    post: Annotated[Optional[str], typer.Option("--post", help="结束的职务名称；默认最近结束的一段任职。", metavar="职务")] = None,
    to: Annotated[Optional[str], typer.Option("--to", help="接手人的编号或姓名。", metavar="人员", autocompletion=complete_person)] = None,
    date: DateOpt = None,
    area: Annotated[Optional[list[str]], typer.Option("--area", help="移交的未结事项，写作 方面:事项，可重复。", metavar="事项")] = None,
    case: Annotated[Optional[list[str]], typer.Option("--case", help="移交的未结案件编号，可重复。", metavar="案件")] = None,
    statement: Annotated[Optional[str], typer.Option("--statement", help="离任者对任内履责情况的说明。", metavar="说明")] = None,
    copy: Annotated[Optional[list[str]], typer.Option("--copy", help="抄送：纪检、组织、财政、审计，可重复。", metavar="部门")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="备注。", metavar="备注")] = None,
    force: ForceOpt = False,
    no_commit: NoCommitOpt = False,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """记录离任交接：按方面列出移交的未结事项、案件，接手人、离任者说明和抄送。须在任职结束后 settings.pursue.handover_days 个工作日内完成。"""
    from ...actions.pursue import plan_handover

    ws = _begin(ctx)
    fields = {"post": post, "to": to, "date": parse_date(date), "areas": area, "cases": case, "statement": statement,
              "copies_to": copy, "note": note}
    _record_id, plan = plan_handover(ws, person, fields, _today(), force=force)
    apply_changes(plan, no_commit, dry_run, fmt)


# --- list and show -------------------------------------------------------------------------


@text_renderer("CaseList")
def render_cases(result: Any) -> str:
    data = result.to_dict()
    table = _table(f"责任追究案件（{len(data['cases'])} 件，截至 {data['as_of']}）", ["编号", "名称", "阶段", "自", "期限", "发现方式", "来源", "处理"])
    for c in data["cases"]:
        deadline = "—" if c["closed"] else (c["deadline"] or "不限") + ("（已超期）" if c["overdue"] else "")
        table.add_row(*map(_cell, (c["id"], c["title"], c["status"], c["since"], deadline, c["how_found"], c["source"],
                                   "、".join(c["decisions"]) or "—")))
    overdue = sum(1 for c in data["cases"] if c["overdue"])
    footer = f"其中 {overdue} 件超过阶段期限（settings.pursue.stage_days），请及时推进，防止追而不究。" if overdue else ""
    return _tables(table, footer=footer)


@pursue_app.command("list", epilog=examples(
    ("列出全部案件", "dj pursue list"),
    ("只看未结案件中超过阶段期限的", "dj pursue list --open --overdue"),
    ("以 JSON 输出并隐去姓名，供汇报使用", "dj pursue list --format json --redact"),
))
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="只列出未结案件。")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列出超过当前阶段期限的案件。")] = False,
    redact: RedactOpt = False,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """列出责任追究案件：当前阶段及其日期、阶段期限（是否超期）、发现方式、来源和处理方式。"""
    from ...actions.pursue import LIST_KINDS, list_cases
    from ..output import emit

    emit(list_cases(_workspace(LIST_KINDS), _day(as_of), open_only=open_only, overdue_only=overdue, redact=redact), fmt)


@text_renderer("Timeline")
def render_timeline(result: Any) -> str:
    data = result.to_dict()
    lines = [f"案件 {data['id']}：{data['title']}（{data['file']}）", f"当前阶段：{data['status']}"
             + (f"，期限 {data['deadline']}" if data["deadline"] else "") + ("（已超期）" if data["overdue"] else "")
             + (f"；核实结论：{data['verdict']}" if data["verdict"] else "")]
    if data["facts"]:
        lines.append(f"基本事实：{data['facts']}")
    lines.append("")
    for e in data["events"]:
        lines.append(f"{e['date']}  {e['event']}" + (f"  {e['detail']}" if e["detail"] else ""))
    return "\n".join(lines) + "\n"


@pursue_app.command("show", epilog=examples(
    ("按时间顺序查看一件案件", "dj pursue show 2024-case-01"),
))
def show(
    case: CaseArg,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """按时间顺序显示一件案件：事发、发现、各办理阶段、责任认定、处理决定、送达、申诉、执行、相关谈话和结案（显示姓名）。"""
    from ...actions.pursue import show as timeline
    from ..output import emit

    emit(timeline(_workspace(), case, _day(as_of)), fmt)


__all__ = ["pursue_app"]
