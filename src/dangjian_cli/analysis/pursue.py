"""Shared queries of 责任追究: used by ``rules/pursue.py`` and by ``dj pursue`` (``actions/pursue.py``).

Sources (shared/domain.md): 问责条例 (2019) 第六、八条 (liability, forms), 第十七条 (a recorded
dissent exempts), the 1-month handling of 组织处理 and the appeal clocks (A1 items 16, 17);
纪律处分条例 (2023) 第五条 (四种形态), 第八、九条 (forms), 第三十九条 (liability) (A2 items 18–23);
责任制规定 (2010) as implemented locally: 一案双查, 终身问责 (职务变动、退休不终止追究), 主动/被动
(A3 item 29); 离任交接 (A5 item 43, [U]).

Posts are read **on the incident date**, never today: who bore what is who held the post then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..models.enums import Tier
from ..models.people import Person, Post
from ..models.pursue import (
    CADRE_FORMS, FIRST_FORM_MEASURES, ORG_FORMS, ORG_MEASURES, STAGE_ORDER, Case, Decision, DecisionForm, Determination,
    FourForm, Handover, Stage, Talk, Verdict,
)
from ..resolve import Workspace
from .due import Obligation, obligation_id, register_obligations, source_of

# Posts whose holders are leaders for 一案双查 and whose end needs a 离任交接.
LEADING_TIERS = (Tier.PRINCIPAL, Tier.LEADER, Tier.DISCIPLINE, Tier.DEPARTMENT_HEAD)
# Words of a closure that closes a case because the person left (终身问责 forbids it).
LEAVING_WORDS = ("调离", "调任", "退休", "离任", "辞职", "转岗", "提拔", "离职", "已调走")
SUBSTANTIATED = (Verdict.TRUE, Verdict.PARTLY_TRUE)

# 纪律处分条例 (2023) 第五条: the 形态 a form implies when the decision does not say.
FOUR_FORM_OF: dict[DecisionForm, FourForm] = {
    **{f: FourForm.FIRST for f in (*FIRST_FORM_MEASURES, DecisionForm.ADMONISH, DecisionForm.CHECK, DecisionForm.CIRCULATE)},
    DecisionForm.WARNING: FourForm.SECOND, DecisionForm.SERIOUS_WARNING: FourForm.SECOND,
    **{f: FourForm.SECOND for f in ORG_MEASURES},
    DecisionForm.REORGANIZE: FourForm.SECOND,
    DecisionForm.REMOVE_PARTY_POST: FourForm.THIRD, DecisionForm.PROBATION: FourForm.THIRD, DecisionForm.EXPEL: FourForm.THIRD,
    DecisionForm.DISSOLVE: FourForm.THIRD,
    DecisionForm.PROSECUTE: FourForm.FOURTH,
}


# --- posts on a date ------------------------------------------------------------------------


def posts_on(ws: Workspace, person_id: str | None, day: dt.date) -> list[Post]:
    """The posts a person held on day (empty for an unknown person)."""
    person = ws.people.get(person_id or "")
    return person.posts_on(day) if person is not None else []


def post_titles_on(ws: Workspace, person_id: str | None, day: dt.date) -> str | None:
    """The titles of the posts held on day, joined with 、; None when none was held."""
    titles = [p.title for p in posts_on(ws, person_id, day)]
    return "、".join(titles) if titles else None


def in_post_now(person: Person, post: Post, as_of: dt.date) -> bool:
    """Whether the person still holds that post on as_of (not moved, promoted, retired or gone)."""
    if person.departure is not None and person.departure.date < as_of:
        return False
    return post.covers(as_of)


def was_leader_on(ws: Workspace, person_id: str | None, day: dt.date) -> bool:
    return any(p.tier in LEADING_TIERS for p in posts_on(ws, person_id, day))


# --- decisions ------------------------------------------------------------------------------


def four_form_of(decision: Decision) -> FourForm | None:
    """The 形态 of a decision: the one it records, else the one its form implies (纪律处分条例第五条)."""
    return decision.four_form or FOUR_FORM_OF.get(decision.form)


def allowed_forms(is_organization: bool) -> tuple[DecisionForm, ...]:
    """The forms that fit a Party organization (问责条例第八条: 检查、通报、改组) or a cadre."""
    return ORG_FORMS if is_organization else CADRE_FORMS


def form_fits(form: DecisionForm, is_organization: bool) -> bool:
    return form in allowed_forms(is_organization)


def execution_deadline(ws: Workspace, decision: Decision) -> dt.date:
    """The last day to execute a decision: settings.pursue.execution_days from delivery (or the decision)."""
    start = decision.delivered_on or decision.date
    return start + dt.timedelta(days=ws.config.settings.pursue.execution_days)


def appeal_deadline(ws: Workspace, decision: Decision) -> dt.date | None:
    """The last day to decide an appeal (settings.deadlines.appeal_decision_days), None without one."""
    if decision.appeal is None:
        return None
    return decision.appeal.date + dt.timedelta(days=ws.config.settings.deadlines.appeal_decision_days)


@dataclass(frozen=True)
class InfluencePeriod:
    """The influence period of a decision on a person (settings.influence_months)."""

    case: Case
    index: int
    decision: Decision
    ends: dt.date


def influence_periods(ws: Workspace) -> list[InfluencePeriod]:
    """Every decision on a person that has an influence period, with its last day, by end date."""
    from .scorecard import Sanction, influence_end

    out = []
    for case in ws.of("case").values():
        if case.verdict == Verdict.FALSE:
            continue
        for i, decision in enumerate(case.decisions):
            if decision.person is None:
                continue
            ends = influence_end(ws, Sanction(decision.person, decision.form.value, decision.date))
            if ends is not None:
                out.append(InfluencePeriod(case, i, decision, ends))
    return sorted(out, key=lambda p: (p.ends, p.case.id, p.index))


def influence_ending(ws: Workspace, as_of: dt.date, within_days: int = 30) -> list[InfluencePeriod]:
    """The influence periods that end between as_of and within_days later."""
    last = as_of + dt.timedelta(days=within_days)
    return [p for p in influence_periods(ws) if as_of <= p.ends <= last]


# --- case stages ----------------------------------------------------------------------------


def current_stage(case: Case) -> Stage:
    return case.stage


def stage_deadline(ws: Workspace, case: Case) -> dt.date | None:
    """The last day of the case's current stage (settings.pursue.stage_days), None when closed or not limited."""
    if case.is_closed:
        return None
    days = ws.config.settings.pursue.stage_days.get(case.stage.value)
    return None if days is None else case.entered + dt.timedelta(days=days)


def stage_overdue(ws: Workspace, case: Case, as_of: dt.date) -> int:
    """Days past the current stage's deadline on as_of (0 when not overdue)."""
    deadline = stage_deadline(ws, case)
    return max(0, (as_of - deadline).days) if deadline is not None else 0


def reached(case: Case, stage: Stage) -> bool:
    """Whether the case has entered stage (or a later one)."""
    return STAGE_ORDER.index(case.stage) >= STAGE_ORDER.index(stage)


def substantiated(case: Case) -> bool:
    """A case found 属实 or 部分属实, or (no verdict written) with a liability or a decision recorded."""
    if case.verdict is not None:
        return case.verdict in SUBSTANTIATED
    return bool(case.decisions) or any(d.liability is not None for d in case.determinations)


def leader_considered(ws: Workspace, case: Case, det: Determination) -> bool:
    """Whether a determination examines leadership (一案双查): of a body or department, a leadership
    liability, or a person who held a leading post on the incident date."""
    if det.person is None or det.nature == "领导责任":
        return True
    return det.nature is None and was_leader_on(ws, det.person, case.incident_start)


def leaders_considered(ws: Workspace, case: Case) -> list[Determination]:
    return [d for d in case.determinations if leader_considered(ws, case, d)]


def exempt_by_dissent(det: Determination) -> bool:
    """A person who recorded a dissent in the collective decision bears no liability for it (问责条例第十七条)."""
    return det.vote is not None and det.person is not None and det.person in det.vote.dissented


def closed_for_leaving(case: Case) -> bool:
    """A closed case whose closure gives leaving (调离、退休 …) as the ground and has no decision (终身问责)."""
    if case.closure is None or case.decisions:
        return False
    text = f"{case.closure.reason or ''}{case.closure.outcome or ''}"
    return any(word in text for word in LEAVING_WORDS)


# --- talks ----------------------------------------------------------------------------------


def talk_overdue(talk: Talk, as_of: dt.date) -> bool:
    """A talk whose correction is due and not yet followed up."""
    return talk.correct_by is not None and talk.follow_up is None and as_of > talk.correct_by


def talk_years(ws: Workspace) -> list[int]:
    """The years kept with dj's talk records: those with at least one talk of the yearly kinds."""
    kinds = set(ws.config.settings.pursue.yearly_talk_kinds)
    return sorted({t.date.year for t in ws.of("talk").values() if t.kind.value in kinds})


def _held_in(person: Person, tiers: tuple[Tier, ...], first: dt.date, last: dt.date) -> list[Post]:
    return [p for p in person.posts_in(first, last) if p.tier in tiers]


def _overlap(a: Post, b: Post, first: dt.date, last: dt.date) -> bool:
    start = max(a.start, b.start, first)
    end = min(a.end or last, b.end or last, last)
    return start <= end


@dataclass(frozen=True)
class YearlyTalk:
    """A pair that should have had a yearly integrity talk: who, with whom, how many, and the
    days of those held (a collective talk counts for each person in it)."""

    year: int
    by: Person
    with_: Person
    required: int
    dates: tuple[dt.date, ...]
    heads: bool  # True: a 班子成员 with a head they oversee; False: the 主要负责人 with a 班子成员

    @property
    def held(self) -> int:
        return len(self.dates)

    @property
    def met_on(self) -> dt.date | None:
        """The day the required number was reached, or None."""
        return self.dates[self.required - 1] if self.held >= self.required else None


MissingTalk = YearlyTalk  # a YearlyTalk with fewer talks held than required


def yearly_talks(ws: Workspace, year: int) -> list[YearlyTalk]:
    """The 主要负责人 with each 班子成员 (settings.meetings.integrity_talks_per_year), and each 班子成员
    with the heads of the departments in their remit (settings.pursue.head_talks_per_year), with the
    yearly talks (settings.pursue.yearly_talk_kinds) they held in year. A pair counts when their
    posts overlapped in the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    kinds = set(ws.config.settings.pursue.yearly_talk_kinds)
    held: dict[tuple[str, str], list[dt.date]] = {}
    for talk in ws.of("talk").values():
        if talk.date.year == year and talk.kind.value in kinds:
            for other in talk.people:
                held.setdefault((talk.by, other), []).append(talk.date)
    people = sorted(ws.people.values(), key=lambda p: p.id)
    out: dict[tuple[str, str], YearlyTalk] = {}

    def pair(by: Person, with_: Person, need: int, heads: bool) -> None:
        if (by.id, with_.id) not in out:
            out[(by.id, with_.id)] = YearlyTalk(year, by, with_, need, tuple(sorted(held.get((by.id, with_.id), []))), heads)

    need = ws.config.settings.meetings.integrity_talks_per_year
    need_heads = ws.config.settings.pursue.head_talks_per_year
    for principal in people:
        for top in _held_in(principal, (Tier.PRINCIPAL,), first, last):
            for member in people:
                if need and member.id != principal.id and any(
                        _overlap(top, post, first, last) for post in _held_in(member, (Tier.LEADER,), first, last)):
                    pair(principal, member, need, heads=False)
    if need_heads:
        for member in people:
            for post in _held_in(member, (Tier.LEADER,), first, last):
                for head in people:
                    if head.id != member.id and any(h.department in post.remit and _overlap(post, h, first, last)
                                                    for h in _held_in(head, (Tier.DEPARTMENT_HEAD,), first, last)):
                        pair(member, head, need_heads, heads=True)
    return list(out.values())


def yearly_talks_missing(ws: Workspace, year: int) -> list[YearlyTalk]:
    """The pairs of yearly_talks that held fewer talks in year than required."""
    return [t for t in yearly_talks(ws, year) if t.held < t.required]


# --- handovers ------------------------------------------------------------------------------


def add_working_days(day: dt.date, n: int) -> dt.date:
    """day plus n working days (Monday to Friday; public holidays are not known to dj)."""
    out = day
    while n > 0:
        out += dt.timedelta(days=1)
        if out.weekday() < 5:
            n -= 1
    return out


def handover_deadline(ws: Workspace, ended: dt.date) -> dt.date:
    return add_working_days(ended, ws.config.settings.pursue.handover_days)


@dataclass(frozen=True)
class EndedPost:
    person: Person
    index: int
    post: Post
    ended: dt.date


def handover_years(ws: Workspace) -> int | None:
    """The first year kept with dj's handover records (None: no handover is recorded yet)."""
    years = [h.post_ended.year for h in ws.of("handover").values()]
    return min(years) if years else None


def ended_posts(ws: Workspace, as_of: dt.date) -> list[EndedPost]:
    """Leading posts (主要负责人, 班子成员, 纪检监察负责人, 部门负责人) that ended by as_of, from the
    first year with a handover record on: the end of a post, or a departure for a post left open."""
    since = handover_years(ws)
    if since is None:
        return []
    out = []
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        for i, post in enumerate(person.posts):
            if post.tier not in LEADING_TIERS:
                continue
            end = post.end if post.end is not None else (person.departure.date if person.departure is not None else None)
            if end is not None and end.year >= since and end <= as_of:
                out.append(EndedPost(person, i, post, end))
    return out


def handover_for(ws: Workspace, ended: EndedPost) -> Handover | None:
    """The handover of an ended post: the person's, with that end date or that post title (earliest first)."""
    mine = sorted((h for h in ws.of("handover").values() if h.person == ended.person.id), key=lambda h: (h.date, h.id))
    for h in mine:
        if h.post_ended == ended.ended:
            return h
    for h in mine:
        if h.post == ended.post.title:
            return h
    return None


def cases_of_person(ws: Workspace, person_id: str) -> Iterator[Case]:
    """The cases that name a person (involved, determined or decided on), by id."""
    for case in sorted(ws.of("case").values(), key=lambda c: c.id):
        if (person_id in case.people or any(d.person == person_id for d in case.determinations)
                or any(d.person == person_id for d in case.decisions)):
            yield case


# --- obligations (dj due; DJ550, DJ551, DJ558, DJ559, DJ560, DJ561 of dj check) --------------------


def pursue_obligations(ws: Workspace) -> Iterator[Obligation]:
    """What 责任追究 asks by a day: each stage of a case left for the next within settings.pursue.
    stage_days (DJ550), a decision executed within execution_days of delivery (DJ551, also when done
    late), an appeal decided in time (DJ561), a talk's correction followed up by its correct_by
    (DJ558), the yearly integrity talks of the years kept with talk records by 12-31 (DJ556,
    DJ557), a 离任交接 within handover_days working days of the end of a leading post (DJ559; DJ560
    when made late). Met by the records: the next stage's date, executed_on, the appeal's
    decided_on, the follow-up's date, the handover's date."""
    org = ws.config.organization
    handling, party = f"body:{org.discipline_body}", f"body:{org.party_body}"
    days = ws.config.settings.pursue.stage_days
    for case in sorted(ws.of("case").values(), key=lambda c: c.id):
        for i, entry in enumerate(case.stages):
            limit = days.get(entry.stage.value)
            if limit is None or entry.stage == Stage.CLOSED:
                continue
            due = entry.date + dt.timedelta(days=limit)
            nxt = case.stages[i + 1].date if i + 1 < len(case.stages) else None
            yield Obligation(
                id=obligation_id("case-stage", case.id, due, str(i)), what=f"案件 {case.id} 办完“{entry.stage.value}”阶段，进入下一阶段",
                who=handling, due=due, done_on=nxt, source=source_of(ws, "case", case.id, ("stages", i, "date")),
                code="DJ550", ref=(case, i))
        for i, decision in enumerate(case.decisions):
            due = execution_deadline(ws, decision)
            yield Obligation(
                id=obligation_id("execute", case.id, due, str(i)), what=f"执行案件 {case.id} 的“{decision.form}”决定",
                who=party, due=due, done_on=decision.executed_on,
                source=source_of(ws, "case", case.id, ("decisions", i, "form")), code="DJ551", late_code="DJ551", ref=(case, i))
            appeal_due = appeal_deadline(ws, decision)
            if appeal_due is not None and decision.appeal is not None:
                yield Obligation(
                    id=obligation_id("appeal", case.id, appeal_due, str(i)), what=f"处理案件 {case.id} 中的申诉",
                    who=party, due=appeal_due, done_on=decision.appeal.decided_on,
                    source=source_of(ws, "case", case.id, ("decisions", i, "appeal", "date")), code="DJ561", ref=(case, i))
    for year in talk_years(ws):
        for pair in yearly_talks(ws, year):
            whom = "分管部门负责人" if pair.heads else "班子成员"
            yield Obligation(
                id=obligation_id("yearly-talk", pair.by.id, dt.date(year, 12, 31), pair.with_.id),
                what=f"{year} 年与{whom}{pair.with_.name}进行例行廉政谈话至少 {pair.required} 次",
                who=pair.by.id, due=dt.date(year, 12, 31), done_on=pair.met_on,
                source=source_of(ws, "person", pair.by.id, ("id",)), code="DJ557" if pair.heads else "DJ556", ref=pair)
    for talk in sorted(ws.of("talk").values(), key=lambda t: t.id):
        if talk.correct_by is not None:
            yield Obligation(
                id=obligation_id("talk-follow-up", talk.id, talk.correct_by), what=f"跟踪核查 {talk.date.isoformat()} {talk.kind}要求改正的问题",
                who=talk.by, due=talk.correct_by, done_on=talk.follow_up.date if talk.follow_up is not None else None,
                source=source_of(ws, "talk", talk.id, ("correct_by",)), code="DJ558", ref=talk)
    for ended in ended_posts(ws, dt.date.max):
        due = handover_deadline(ws, ended.ended)
        handover = handover_for(ws, ended)
        loc = ("posts", ended.index, "end") if ended.post.end is not None else ("departure", "date")
        yield Obligation(
            id=obligation_id("handover", ended.person.id, due, str(ended.index)), what=f"“{ended.post.title}”职务结束后的党风廉政建设责任离任交接",
            who=ended.person.id, due=due, done_on=handover.date if handover is not None else None,
            source=source_of(ws, "person", ended.person.id, loc), code="DJ559", late_code="DJ560", ref=(ended, handover))


register_obligations(pursue_obligations)


__all__ = [
    "FOUR_FORM_OF", "LEADING_TIERS", "LEAVING_WORDS", "SUBSTANTIATED", "EndedPost", "InfluencePeriod", "MissingTalk",
    "add_working_days", "allowed_forms", "appeal_deadline", "cases_of_person", "closed_for_leaving", "current_stage",
    "ended_posts", "execution_deadline", "exempt_by_dissent", "form_fits", "four_form_of", "handover_deadline",
    "handover_for", "handover_years", "in_post_now", "influence_ending", "influence_periods", "leader_considered",
    "leaders_considered", "post_titles_on", "posts_on", "reached", "stage_deadline", "stage_overdue", "substantiated",
    "talk_overdue", "talk_years", "was_leader_on", "YearlyTalk", "yearly_talks", "yearly_talks_missing",
]
