"""dj review: scorecards (read), their saved results (write) and the 述责述廉 outline.

The scoring is ``analysis/scorecard.py``; this module loads, checks the options, and plans the
files. Nothing here reads the clock: as_of comes from the caller.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..analysis.scorecard import Period, Scorecards, review
from ..dates import cn_date
from ..errors import ConfigError, DjError
from ..resolve import Workspace
from ..write import FileChange, Plan
from .yamledit import dump_new, validate

OCCASION_KEYS = {"半年小结": "bn", "民主生活会": "mzsh", "组织生活会": "zzsh", "年终总结": "nz"}


# Kinds no scorecard reads: left unread so that dj review stays well within a cold dj check.
NOT_SCORED = frozenset({"chain", "signoff", "reminder", "list"})


def load(root: Path, outline: bool = False) -> Workspace:
    """The resolved workspace; for scoring, without the kinds no scorecard reads (the outline reads them all)."""
    from ..kinds import KINDS
    from ..pipeline import read_workspace

    if outline:
        return read_workspace(root)
    return read_workspace(root, frozenset(k.name for k in KINDS if k.name not in NOT_SCORED))


def scorecards(ws: Workspace, year: int | None, half: int | None, person: str | None, as_of: dt.date,
               explain: bool = False) -> Scorecards:
    """The scorecards of the period (one person's when person is given, by id or name)."""
    if half not in (None, 1, 2):
        raise ConfigError(f"--half 只能是 1（上半年）或 2（下半年），实际是 {half}。")
    year = year if year is not None else ws.config.year
    person_id = None
    if person is not None:
        from .assign import find_person

        person_id = find_person(ws, person).id
    result = review(ws, Period(year, half), as_of, person_id, explain)
    if person_id is not None and not result.scorecards:
        raise DjError(f"{ws.name_of(person_id)} 在 {Period(year, half).name}没有担任领导职务或部门负责人，不在考核对象之中。")
    return result


def result_id(period: Period) -> str:
    return f"review-{period.year}" + (f"-h{period.half}" if period.half else "")


def plan_save(ws: Workspace, result: Scorecards) -> Plan:
    """The review result as a record under reviews/ (replacing the one of the same period)."""
    from ..models.review_result import ReviewResult

    if not any(card.score is not None for card in result.scorecards):
        raise DjError(f"{period_name(result)}没有可计分的记录，没有可保存的考核结果。")
    period = result.period
    record_id = result_id(period)
    rel = ws.paths.get(("review_result", record_id)) or f"reviews/{record_id}.yaml"
    cards = []
    for card in result.scorecards:
        if card.score is None:
            continue
        cons = card.consequences
        promotion = cons.get("promotion")
        reasons = [_reason(r) for r in cons.get("evaluation", {}).get("reasons", [])]
        if promotion:
            reasons += [_reason(r) for r in promotion.get("reasons", [])]
        cards.append({k: v for k, v in {
            "subject": card.subject.key,
            "person": card.subject.key if card.subject.kind == "person" else None,
            "name": card.subject.name,
            "post": card.subject.post or None,
            "score": card.score,
            "grade": card.grade,
            "components": [{k2: v2 for k2, v2 in {
                "name": c.name, "score": None if c.score is None else round(c.score, 2), "weight": c.weight,
                "effective_weight": round(c.effective_weight, 4), "sources": [s.file for s in c.sources if s.file]}.items()
                if v2 is not None and v2 != []} for c in card.components],
            "deductions": [f"扣 {d.points} 分：{d.reason}" + (f"（{d.source.file}）" if d.source else "") for d in card.deductions],
            "vetoes": [v.reason + (f"（{v.source.file}）" if v.source else "") for v in card.vetoes],
            "evaluation_eligible": cons.get("evaluation", {}).get("eligible", True),
            "promotion_eligible": promotion.get("eligible") if promotion else None,
            "reasons": reasons,
            "obligations": [f"{o['kind']}：{o['reason']}" + (f"，{cn_date(o['deadline'])} 前完成" if o.get("deadline") else "")
                            for o in cons.get("obligations", [])],
        }.items() if v is not None and v != []})
    data = {"id": record_id, "year": period.year, **({"half": period.half} if period.half else {}), "date": result.as_of,
            "weights": dict(result.weights), "scorecards": cards}
    validate(ReviewResult, data, f"考核结果 {record_id}", DjError)
    header = "由 dj review --save 生成，请勿手工修改；需要重新考核时再运行 dj review --save。"
    message = f"考核：保存{period.name}考核结果（{len(cards)} 个考核对象，截至 {cn_date(result.as_of)}）"
    return Plan("review", message, [FileChange(rel, dump_new(data, header=header))])


def period_name(result: Scorecards) -> str:
    return result.period.name


def _reason(r: dict[str, Any]) -> str:
    src = r.get("source")
    return r["reason"] + (f"（{src['file']}）" if src and src.get("file") else "")


# --- the 述责述廉 outline ---------------------------------------------------------------------


def outline_context(ws: Workspace, key: str, year: int | None, occasion: str | None, as_of: dt.date) -> dict[str, Any]:
    """What the 述责述廉 outline of a person shows (``templates/report/outline.md.j2``): its front
    matter as statements/ takes it, and the required sections (settings.review.statement_sections)
    pre-filled with what the records show by as_of. Shared by ``dj review outline`` and
    ``dj report outline``."""
    from ..analysis.cycle import feedback_by_item, item_status, verifications_by_subject, verified
    from ..models.review import StatementOccasion
    from .assign import find_person

    person = find_person(ws, key)
    year = year if year is not None else ws.config.year
    occasion = occasion or StatementOccasion.YEAR_END.value
    if occasion not in {o.value for o in StatementOccasion}:
        raise ConfigError(f"“{occasion}”不是述责述廉的场合，只能是：{'、'.join(o.value for o in StatementOccasion)}。")
    items = ws.items_of(person.id, year)
    reported = feedback_by_item(ws)
    checked = verified([v for v in verifications_by_subject(ws).get((person.id, year), []) if v.date <= as_of])
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if occasion == "半年小结":
        last = dt.date(year, 6, 30)
    last = max(first, min(last, as_of))  # what the records show by the day of the report
    sessions = sorted((s for s in ws.of("study_session").values() if first <= s.date <= last and person.id in s.attendees),
                      key=lambda s: (s.date, s.id))
    posts = person.posts_in(first, last)

    def entry(text: str, children: list[str] | None = None, fill: bool = False) -> dict[str, Any]:
        return {"text": text, "children": children or [], "fill": fill}

    duties: list[dict[str, Any]] = []
    for item in items:
        children = []
        entries = [r for r in reported.get(item.id, []) if r.date <= last]
        if entries:
            latest = entries[-1]
            children.append(f"落实情况（{cn_date(latest.date)} 反馈，{latest.entry.status}）：{latest.entry.progress}")
        if item.id in checked:
            verification = checked[item.id]
            children.append(f"年底核单：{verification.result}" + (f"（{verification.reason}）" if verification.reason else ""))
        duties.append(entry(f"{item.content}（{item.area}，{item.id}）", children))
    if sessions:
        duties.append(entry("参加理论学习和警示教育：", [f"{cn_date(s.date)} {s.form}：{s.topic}" for s in sessions]))
    for reminder in sorted((r for r in ws.of("reminder").values() if r.subject == person.id and r.year == year), key=lambda r: r.date):
        if reminder.date > last:
            continue
        text = f"{cn_date(reminder.date)} 收到提示单：{reminder.reason.rstrip('。')}"
        text += f"；{cn_date(reminder.reply.date)} 回复：{reminder.reply.text}" if reminder.reply and reminder.reply.date <= last else "；尚未回复"
        duties.append(entry(text))

    problems: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for insp in sorted(ws.of("inspection").values(), key=lambda i: (i.date, i.id)):
        if insp.review_year != year or insp.date > last:
            continue
        for f in insp.findings:
            heads = [p for p in person.posts if p.department and f.department == p.department and p.covers(insp.date)]
            owned = [r for r in f.rectifications if r.owner == person.id]
            if f.person != person.id and not heads and not owned:
                continue
            problems.append(entry(f"{cn_date(insp.date)} {insp.kind}发现（{f.severity}）：{f.text}"))
            for r in f.rectifications:
                state = f"{r.status}" + (f"，{cn_date(r.done_on)} 完成" if r.done_on else "")
                plans.append(entry(f"{r.measure}（{state}）"))
    for item in items:
        verification = checked.get(item.id)
        if verification is not None and str(verification.result) == "不予核销":
            problems.append(entry(f"责任事项 {item.id} 年底核单不予核销：{verification.reason or ''}"))
            plans.append(entry(f"对照事项 {item.id}（{item.content}）制定整改措施并限期完成"))
        status = item_status(reported, item.id, last)
        if status is not None and str(status) in ("未启动", "未完成"):
            problems.append(entry(f"责任事项 {item.id} 的落实状态为{status}：{item.content}"))
    integrity = [entry(f"{i.content}（{i.id}）") for i in items if "廉洁" in i.area or any("廉洁" in t for t in i.topics)]

    def fill(section: str) -> list[dict[str, Any]]:
        if "履行" in section or "责任情况" in section:
            return duties
        if "问题" in section:
            return problems
        if "廉洁" in section:
            return [*integrity, entry("执行中央八项规定精神、个人有关事项报告、管好家属和身边工作人员的情况：", fill=True)]
        if "整改" in section or "打算" in section:
            return plans
        return []

    key_ = OCCASION_KEYS.get(occasion, "other")
    record_id = f"{year}-szsl-{person.id}-{key_}"
    front: dict[str, Any] = {"id": record_id, "person": person.id, "year": year, "occasion": occasion, "date": as_of}
    if posts and any(str(p.tier) == "主要负责人" for p in posts):
        front["oral"] = True
    return {
        "person": {"id": person.id, "name": person.name, "posts": [p.title for p in posts]},
        "year": year, "occasion": occasion, "as_of": as_of, "record_id": record_id,
        "path": f"statements/{year}/{record_id}.md", "front": front,
        "sections": [{"title": section, "entries": fill(section)} for section in ws.config.settings.review.statement_sections],
    }


def outline(ws: Workspace, key: str, year: int | None, occasion: str | None, as_of: dt.date) -> tuple[str, str]:
    """(suggested path, Markdown) of the 述责述廉 outline of a person: front matter as statements/ takes
    it, the required sections pre-filled with what the records show (``outline_context``)."""
    from ..render import render

    context = outline_context(ws, key, year, occasion, as_of)
    front = dump_new(context["front"]).decode("utf-8")
    text = render("report/outline.md.j2", {**context, "front_matter": front, "command": "dj review outline"}, ws.root)
    return context["path"], text
