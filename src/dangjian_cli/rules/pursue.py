"""Rules of 责任追究 (DJ550–DJ579): cases, decisions, talks and handovers.

"正确认定责任, 敢于追究责任, 消除追责盲区" (shared/domain.md A1, A2, A3 items 27–29, A5 item 43):
no "不想追究、不敢追究、追而不究" (a case past a stage deadline, a decision not executed), 一案双查
(the wrongdoer and the leaders responsible are both examined), 终身问责 (no closing because the
person left), forms that fit their target (问责条例第八条), the yearly 廉政谈话 and their
follow-up, and a 离任交接 for each leading post that ends.

Case files name people and misconduct: messages name a case only by its id, never its title or
facts. The queries are in ``analysis/pursue.py`` (shared with ``dj pursue``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..analysis.due import late, red
from ..analysis.pursue import (
    closed_for_leaving, form_fits, leaders_considered, post_titles_on, reached, substantiated,
)
from ..dates import cn_date
from ..findings import Finding, Severity
from ..models.pursue import ORG_FORMS, Stage
from ..resolve import Workspace

_W, _E = Severity.WARNING, Severity.ERROR


def _cases(ws: Workspace) -> list:
    return sorted(ws.of("case").values(), key=lambda c: c.id)


def _target_name(ws: Workspace, decision) -> str:  # noqa: ANN001 - Decision or Determination
    if decision.person is not None:
        return ws.name_of(decision.person)
    if decision.department is not None:
        dept = ws.departments.get(decision.department)
        return dept.name if dept is not None else decision.department
    return decision.body or ""


def check_stage_deadlines(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """An open case that stayed in its stage past settings.pursue.stage_days (DJ550, 追而不究).

    Why: "不想追究、不敢追究、追而不究" is itself a failure of the 主体责任; each stage is dated and
    limited so that a case cannot lie still.
    """
    for o in sorted(red(ws, as_of, "DJ550"), key=lambda o: o.id):  # analysis/pursue.pursue_obligations
        case, i = o.ref
        entry, deadline = case.stages[i], o.due
        yield ws.finding("DJ550", _W, "case", case.id, ("stages", i, "date"),
                         f"案件 {case.id} 于 {cn_date(entry.date)} 进入“{entry.stage}”阶段，应于 {cn_date(deadline)} 前进入下一阶段，"
                         f"已超过 {(as_of - deadline).days} 天。请推进办理并用 dj pursue update 记下新的阶段；确需延期的，写明批准延期的情况。")


def check_decisions(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A form that does not fit its target (DJ555, error: 改组 for a person, 诫勉 for an organization);
    a decision not executed within settings.pursue.execution_days of its delivery (DJ551); an appeal
    not decided within settings.deadlines.appeal_decision_days (DJ561).

    Why: 问责条例第八条 (forms for 党组织 and for 党的领导干部); 组织处理 finished within 1 month of the
    decision being announced; an appeal decided within 1 month (A1 items 7, 8, 16, 17).
    """
    # Overdue and late: the obligations of analysis/pursue.pursue_obligations.
    unexecuted = {(o.ref[0].id, o.ref[1]): o.due for o in red(ws, as_of, "DJ551")}
    executed_late = {(o.ref[0].id, o.ref[1]): o.due for o in late(ws, as_of, "DJ551")}
    undecided = {(o.ref[0].id, o.ref[1]): o.due for o in red(ws, as_of, "DJ561")}
    for case in _cases(ws):
        for i, decision in enumerate(case.decisions):
            who = _target_name(ws, decision)
            if not form_fits(decision.form, decision.is_organization):
                if decision.is_organization:
                    hint = f"对党组织只能采取：{'、'.join(f.value for f in ORG_FORMS)}"
                else:
                    hint = "改组、解散和检查（责令作出书面检查）是对党组织的方式；对干部可用通报、诫勉、组织调整、纪律处分等"
                yield ws.finding("DJ555", _E, "case", case.id, ("decisions", i, "form"),
                                 f"案件 {case.id} 对{who}的处理方式“{decision.form}”与对象不符：{hint}。请改正 form 或处理对象。")
            if (case.id, i) in unexecuted:
                deadline = unexecuted[(case.id, i)]
                yield ws.finding("DJ551", _W, "case", case.id, ("decisions", i, "form"),
                                 f"案件 {case.id} 对{who}的“{decision.form}”决定应于 {cn_date(deadline)} 前执行完毕，已超过 {(as_of - deadline).days} 天仍未执行。"
                                 "请督促执行，执行后填写 executed_on。")
            elif (case.id, i) in executed_late and decision.executed_on is not None:
                deadline = executed_late[(case.id, i)]
                yield ws.finding("DJ551", _W, "case", case.id, ("decisions", i, "executed_on"),
                                 f"案件 {case.id} 对{who}的“{decision.form}”决定应于 {cn_date(deadline)} 前执行完毕，"
                                 f"实际 {cn_date(decision.executed_on)} 才执行，逾期 {(decision.executed_on - deadline).days} 天。")
            due = undecided.get((case.id, i))
            if due is not None and decision.appeal is not None:
                yield ws.finding("DJ561", _W, "case", case.id, ("decisions", i, "appeal", "date"),
                                 f"案件 {case.id} 中{who}于 {cn_date(decision.appeal.date)} 提出的申诉应于 {cn_date(due)} 前作出处理，"
                                 "至今没有处理结果。请处理后填写 appeal 的 decided_on 和 result。")


def check_closures(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A closed case with no outcome or no reason (DJ552); one closed because the person left, with
    no decision (DJ554, 终身问责).

    Why: a case is closed on its merits; 职务变动、退休 do not end a pursuit (A1 item 15, A3 item 29).
    """
    for case in _cases(ws):
        if case.closure is None:
            continue
        missing = [name for name, value in (("结案结论 outcome", case.closure.outcome), ("结案理由 reason", case.closure.reason))
                   if not (value or "").strip()]
        if missing:
            yield ws.finding("DJ552", _W, "case", case.id, ("closure",),
                             f"案件 {case.id} 已于 {cn_date(case.closure.date)} 结案，但没有写明{'和'.join(missing)}。请在 closure 中补写。")
        if closed_for_leaving(case):
            yield ws.finding("DJ554", _W, "case", case.id, ("closure",),
                             f"案件 {case.id} 没有任何处理决定，结案的理由或结论是当事人调离、退休或离任。"
                             "失职失责的，不论调离转岗、提拔或者退休，都应严肃问责（终身问责）：请继续认定责任并作出处理，"
                             "或写明问题不属实等真正的结案理由。")


def check_double_inquiry(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A substantiated case, determined (stage 认定 or later), in which no leader was considered (DJ553, 一案双查).

    Why: 一案双查: both the wrongdoer and the leaders responsible (主体责任、监督责任、领导责任)
    are examined; a leader examined and found not liable is recorded with a note.
    """
    for case in _cases(ws):
        if not substantiated(case) or not reached(case, Stage.DETERMINATION):
            continue
        if not leaders_considered(ws, case):
            what = "责任认定中只有直接责任" if case.determinations else "没有任何责任认定"
            yield ws.finding("DJ553", _W, "case", case.id, ("determinations",) if case.determinations else ("stages",),
                             f"案件 {case.id} 经认定属实，但{what}，没有审查领导责任。"
                             "请按“一案双查”审查事发时分管的班子成员、部门负责人或党组（领导班子）的责任，"
                             "用 dj pursue who 查看候选人；经审查不承担责任的，也记下并在 note 中写明理由。")


def check_posts_then(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A determination's 事发时职务 (post_then) that names none of the posts the person held on the
    incident date (DJ562).

    Why: liability follows the post held when it happened, not today's (终身问责).
    """
    for case in _cases(ws):
        for i, det in enumerate(case.determinations):
            if det.person is None or not det.post_then or det.person not in ws.people:
                continue
            held = post_titles_on(ws, det.person, case.incident_start)
            if held is None or not set(_parts(det.post_then)) & set(_parts(held)) - {""}:
                then = f"所任职务为“{held}”" if held else "没有任职记录"
                yield ws.finding("DJ562", _W, "case", case.id, ("determinations", i, "post_then"),
                                 f"案件 {case.id} 中{ws.name_of(det.person)}的事发时职务写作“{det.post_then}”，"
                                 f"而任职经历显示其在事发日期 {cn_date(case.incident_start)} {then}。请核对 post_then 或人员的任职经历。")


def _parts(text: str) -> list[str]:
    for sep in ("、", "，", ",", "/", "兼"):
        text = text.replace(sep, "、")
    return [p.strip() for p in text.split("、")]


def check_talks(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A talk whose correction is due with no follow-up (DJ558); after the end of each year kept
    with dj's talk records, the 主要负责人 who did not talk with a 班子成员 (DJ556) and the 班子成员
    who did not talk with a head they oversee (DJ557), on the talker's file.

    Why: 例行廉政谈话 — at least yearly between the 主要负责人 and each 班子成员 (settings.meetings.
    integrity_talks_per_year), and between each 班子成员 and the heads they oversee (settings.pursue.
    head_talks_per_year), as the 责任书 says; a talk that asks for a correction is followed up.
    """
    for talk in sorted((o.ref for o in red(ws, as_of, "DJ558")), key=lambda t: t.id):  # analysis/pursue.pursue_obligations
        yield ws.finding("DJ558", _W, "talk", talk.id, ("correct_by",),
                         f"{cn_date(talk.date)} {ws.name_of(talk.by)}的{talk.kind}要求在 {cn_date(talk.correct_by)} 前改正问题，"
                         "至今没有跟踪核查。请核查改正情况后填写 follow_up（date、by、result）。")
    # After each year kept with talk records ends (analysis/pursue.pursue_obligations).
    for o in red(ws, as_of, "DJ556") + red(ws, as_of, "DJ557"):
        miss, year = o.ref, o.ref.year
        whom = "分管部门负责人" if miss.heads else "班子成员"
        held = f"只有 {len([d for d in miss.dates if d <= as_of])} 次" if any(d <= as_of for d in miss.dates) else "没有记录"
        yield ws.finding(o.code, _W, "person", miss.by.id, ("id",),
                         f"{miss.by.name} {year} 年应与{whom}{miss.with_.name}进行例行廉政谈话至少 {miss.required} 次，{held}。"
                         f"请在 talks/{year}/ 中补记谈话（dj pursue talk），或说明未谈话的原因。")


def check_handovers(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A leading post that ended with no 离任交接 once its deadline passed (DJ559), or with one
    made after the deadline (DJ560); a handover area not in settings.pursue.handover_areas (DJ563).
    Asked from the first year with a handover record on.

    Why: responsibility is handed over when a post ends (open tasks, cases, rectifications) and
    the leaver stays liable (A5 item 43, A1 item 15); the deadline is a setting
    (settings.pursue.handover_days working days).
    """
    # The obligations of analysis/pursue.pursue_obligations: overdue (DJ559) or met late (DJ560).
    owed = red(ws, as_of, "DJ559") + late(ws, as_of, "DJ560")
    for o in sorted(owed, key=lambda o: (o.ref[0].person.id, o.ref[0].index)):
        (ended, handover), deadline = o.ref, o.due
        who, title = ended.person.name, ended.post.title
        if o.code == "DJ559" and o.overdue(as_of):
            yield ws.finding("DJ559", _W, "person", ended.person.id, o.source.loc,
                             f"{who}的“{title}”职务于 {cn_date(ended.ended)} 结束，应于 {cn_date(deadline)} 前完成党风廉政建设责任离任交接，"
                             "至今没有交接记录。请用 dj pursue handover 记下交接的未结事项、接手人和抄送情况。")
        elif handover is not None:
            yield ws.finding("DJ560", _W, "handover", handover.id, ("date",),
                             f"{who}的“{title}”职务于 {cn_date(ended.ended)} 结束，离任交接应于 {cn_date(deadline)} 前完成，"
                             f"实际 {cn_date(handover.date)} 才交接，逾期 {(handover.date - deadline).days} 天。")
    areas = ws.config.settings.pursue.handover_areas
    for handover in sorted(ws.of("handover").values(), key=lambda h: h.id):
        for i, area in enumerate(handover.areas):
            if area.area not in areas:
                yield ws.finding("DJ563", _W, "handover", handover.id, ("areas", i, "area"),
                                 f"交接方面“{area.area}”不在 dj.yaml 的 settings.pursue.handover_areas 中（{'、'.join(areas)}）。"
                                 "请改为其中一项，或在设置中加上该方面。")


RULES = [check_stage_deadlines, check_decisions, check_closures, check_double_inquiry, check_posts_then, check_talks, check_handovers]
