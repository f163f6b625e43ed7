"""dj review: 责任考核求“准” — scorecards, their saved results and the 述责述廉 outline.

Thin: options are parsed here, the work is ``actions/review.py`` (scoring: ``analysis/scorecard.py``).
"""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..common import Format, FormatOpt, parse_date, path_arg, root
from ..common import today as _today
from ..framework import DjTyper, examples
from ..output import _cell, _table, _tables, text_renderer
from ..writing import begin_write
from .completion import complete_person

review_app = DjTyper(
    help="责任考核求“准”：组织查与群众议相结合，按 dj.yaml 中的权重计算每名领导干部、部门负责人和党组的得分与等次，"
         "并给出评优、选拔任用等结果运用；--explain 列出每一分来自哪条记录。",
    epilog=examples(
        ("2024 年度考核结果", "dj review --year 2024"),
        ("只看张三，并列出每一分的来源记录", "dj review --year 2024 --person 张三 --explain"),
        ("2024 年上半年的考核，以 JSON 输出", "dj review --year 2024 --half 1 --format json"),
        ("保存 2024 年度考核结果（reviews/ 中，提交到 git）", "dj review --year 2024 --save"),
        ("生成张三 2024 年年终述责述廉报告的提纲", "dj review outline 张三 --year 2024 -o 张三述责述廉.md"),
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)


@review_app.callback()
def review(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="考核年度，默认 dj.yaml 中的当前年度。", metavar="年度")] = None,
    half: Annotated[Optional[int], typer.Option("--half", help="只考核半年：1 为上半年，2 为下半年。", metavar="1|2", min=1, max=2)] = None,
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="只看此人（编号或姓名）。", metavar="人员", autocompletion=complete_person)] = None,
    explain: Annotated[bool, typer.Option("--explain", help="列出每一项得分、扣分和否决来自哪条记录（文件和编号）。")] = False,
    save: Annotated[bool, typer.Option("--save", help="把考核结果写入 reviews/ 并提交到 git，供 dj report 和下一年度的考核使用。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按指定日期（YYYY-MM-DD）判断期限和影响期，默认今天。", metavar="日期")] = None,
    no_commit: Annotated[bool, typer.Option("--no-commit", help="与 --save 一起使用：只写入文件，不提交到 git。")] = False,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """按年度（或半年）计算考核得分、等次和结果运用。"""
    if ctx.invoked_subcommand is not None:
        return
    from ...actions.review import load, plan_save, scorecards
    from ..output import emit

    if save:
        begin_write(ctx)
    ws = load(root())
    result = scorecards(ws, year, half, person, parse_date(as_of) or _today(), explain)
    if not save:
        emit(result, fmt)
        return
    from ...errors import ConfigError
    from ...write import apply_plan

    if person is not None:
        raise ConfigError("--save 保存全部考核对象的结果，不能与 --person 一起使用。")
    applied = apply_plan(root(), plan_save(ws, result), commit=not no_commit)
    if fmt == Format.JSON:
        emit(_Saved(result, applied), fmt)
    else:
        emit(result, fmt)
        emit(applied, fmt)


@review_app.command("outline", epilog=examples(
    ("显示张三本年度年终总结述责述廉的提纲", "dj review outline 张三"),
    ("李四 2024 年半年小结的提纲，写入文件后修改", "dj review outline 李四 --year 2024 --occasion 半年小结 -o 李四半年小结.md"),
))
def outline(
    person: Annotated[str, typer.Argument(help="述责述廉人员的编号或姓名。", metavar="人员", autocompletion=complete_person)],
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="年度，默认 dj.yaml 中的当前年度。", metavar="年度")] = None,
    occasion: Annotated[Optional[str], typer.Option("--occasion", help="场合：半年小结、民主生活会、组织生活会或年终总结（默认）。", metavar="场合")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="写入文件而不是显示。", metavar="文件", callback=path_arg)] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="报告日期（YYYY-MM-DD），默认今天。", metavar="日期")] = None,
    fmt: FormatOpt = Format.TEXT,
) -> None:
    """生成某人的述责述廉报告提纲（带 YAML 头信息的 Markdown）：各必备部分预先填入其责任事项和记录中的履责情况，据实修改后放入 statements/。"""
    from ...actions.review import load, outline as compose
    from ..output import Text, Written, emit

    _path, text = compose(load(root(), outline=True), person, year, occasion, parse_date(as_of) or _today())
    if output is None:
        emit(Text("review outline", text), fmt)
        return
    from ...write import FileChange, Plan, apply_plan

    target = output.resolve()
    apply_plan(target.parent, Plan("review outline", f"述责述廉提纲：{person}", [FileChange(target.name, text.encode("utf-8"))]), commit=False)
    emit(Written("review outline", [str(output)], []), fmt)


class _Saved:
    """The scorecards and the write, as one JSON document."""

    def __init__(self, result: Any, applied: Any) -> None:
        self.result, self.applied = result, applied

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "saved": self.applied.to_dict()}


# --- text ------------------------------------------------------------------------------------


def _src(source: Any) -> str:
    if not source:
        return ""
    return f"  ← {source['file']}" + (f"（{source['at']}）" if source.get("at") else "")


@text_renderer("Scorecards")
def render_scorecards(result: Any) -> str:
    data = result.to_dict()
    weights = "、".join(f"{k} {v:g}" for k, v in data["weights"].items())
    table = _table(f"{data['period']}考核（截至 {data['as_of']}）",
                   ["考核对象", "职务", "得分", "等次", "评优", "选拔任用"])
    for card in data["scorecards"]:
        cons = card["consequences"]
        promotion = cons.get("promotion")
        table.add_row(*map(_cell, (
            card["name"], card["post"], "—" if card["score"] is None else f"{card['score']:.2f}", card["grade"] or "无结果",
            "可以" if cons["evaluation"]["eligible"] else "不得评优",
            "—" if promotion is None else ("可以" if promotion["eligible"] else "不得列为考察对象"))))
    lines: list[str] = [f"权重：{weights}。某项无可计记录时不计分，其权重由其余各项按比例分担。"]
    for card in data["scorecards"]:
        if card["score"] is None:
            lines += ["", f"【{card['name']}】{card['post']}  考核期内没有可计分的记录，无得分和等次"]
        else:
            lines += ["", f"【{card['name']}】{card['post']}  得分 {card['score']:.2f}  等次 {card['grade']}"
                      + (f"（按分数为{card['grade_by_score']}，受否决）" if card["grade"] != card["grade_by_score"] else "")]
        for comp in card["components"]:
            if comp["score"] is None:
                lines.append(f"  {comp['group']}·{comp['name']}：不计（{comp.get('note', '')}）")
            else:
                lines.append(f"  {comp['group']}·{comp['name']}：{comp['score']:.2f} × {comp['effective_weight']:.4g} = {comp['points']:.2f}"
                             + (f"（{comp['note']}）" if comp.get("note") else ""))
            for t in comp.get("trace", []):
                lines.append(f"      {t['points']:+.2f}（合总分 {t['score_points']:+.2f}）{t['text']}{_src(t['source'])}")
            if "trace" not in comp and comp["sources"]:
                lines.append("      依据：" + "、".join(s["file"] for s in comp["sources"][:6])
                             + (f" 等 {len(comp['sources'])} 个文件" if len(comp["sources"]) > 6 else ""))
        for d in card["deductions"]:
            lines.append(f"  扣分：-{d['points']:g} {d['reason']}{_src(d['source'])}")
        for v in card["vetoes"]:
            lines.append(f"  否决：{v['reason']}{_src(v['source'])}")
        cons = card["consequences"]
        if cons["evaluation"]["eligible"]:
            lines.append("  评优：可以")
        else:
            lines += [f"  评优：不得评优——{r['reason']}{_src(r['source'])}" for r in cons["evaluation"]["reasons"]]
        promotion = cons.get("promotion")
        if promotion is not None:
            if promotion["eligible"]:
                lines.append(f"  选拔任用：截至 {promotion['on']} 可以列为考察对象")
            else:
                lines += [f"  选拔任用：不得列为考察对象——{r['reason']}{_src(r['source'])}" for r in promotion["reasons"]]
            if promotion.get("next_year"):
                lines.append(f"  选拔任用：{promotion['next_year']}")
        for o in cons.get("obligations", []):
            due = f"，{o['deadline']} 前" if o.get("deadline") else ""
            lines.append(f"  应履行：{o['kind']}（{o['reason']}{due}）{_src(o['source'])}")
    if not data["scorecards"]:
        lines.append("没有考核对象：考核期内没有担任领导职务或部门负责人的人员。")
    footer = "\n".join(lines)
    if not result.explain:
        footer += "\n\n加上 --explain 可列出每一分来自哪条记录。"
    return _tables(table, footer=footer)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
