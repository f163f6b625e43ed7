"""Scorecards of 检查考核 (``dj review``): 组织查 together with 群众议, weighted, graded, with what follows.

Pure: a Workspace, a period and a date in, scorecards out. Every point of a score comes from a
record, and each ``Line`` names it, so ``dj review --explain`` can trace a score back to files.

Components (weights in ``settings.review.weights``, summing to 1; ``COMPONENTS`` in models/config.py):

* 组织查 — 检查整改: findings of the checks about the subject, each costing
  ``settings.review.finding_points`` by severity, as much again when its rectification was not
  done on time (or failed its verification); 述责述廉: the reports due (``statement_due``), half
  credit for one with a missing or empty section; 理论学习: the sessions of the year's study plan the
  person attended against those planned (the 党组: held against planned); 清单核销: the share of the
  list's items 核销 in the year-end 核单; 反馈: the share of items reported on in each half-year
  (within the month after it), so that a year reported only in December scores half.
* 群众议 — 民主测评: the usable tallies about the subject (a tally below the minimum of valid
  ballots, or whose counts do not add up, gives no result); 群众满意度: satisfied over base in the
  座谈 records about the subject.

A component with nothing to judge (no check in the period, no tally, no 座谈 …) has no score and
its weight is shared among the others in proportion, as the scorecard says.

Other stages add to a scorecard without changing this module: ``register_deductions`` (points
off, e.g. substantiated accountability cases), ``register_vetoes`` (the top grade ruled out) and
``register_sanctions`` (纪律处分, 诫勉 and 组织处理 with their dates: a 党纪处分 in the period
vetoes the top grade, and an influence period not yet over rules out 选拔任用). Providers live
in the stage's own ``analysis`` module; ``providers()`` imports every module of this package once,
so registering at import is enough.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..dates import cn_date, month_end, period_spans, year_bounds
from ..models.config import COMPONENT_GROUPS
from ..models.enums import Tier
from ..resolve import Workspace
from . import import_all
from .review import rectification_deadline, section_problems

LEADER_TIERS = (Tier.PRINCIPAL, Tier.LEADER, Tier.DISCIPLINE)
SCORED_TIERS = (*LEADER_TIERS, Tier.DEPARTMENT_HEAD)
PARTY_DISCIPLINE = ("警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍")
STATEMENT_OCCASIONS = ("半年小结", "民主生活会", "组织生活会", "年终总结")


# --- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A record behind a point: its kind, id and file (and where in it)."""

    kind: str
    id: str
    file: str
    at: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, "id": self.id, "file": self.file}
        if self.at:
            out["at"] = self.at
        return out

    def text(self) -> str:
        return f"{self.file}" + (f"（{self.at}）" if self.at else "")


def memo(ws: Workspace, key: str, compute: Callable[[], Any]) -> Any:
    """A query's value computed once per Workspace (the workspace does not change while it is reviewed)."""
    cache = ws.__dict__.setdefault("_scorecard_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def source_of(ws: Workspace, kind: str, record_id: str, at: str = "") -> Source:
    return Source(kind, record_id, ws.paths.get((kind, record_id), ""), at)


@dataclass(frozen=True)
class Line:
    """Points a record gives (or takes from) a component, and why."""

    points: float
    text: str
    source: Source | None = None

    def to_dict(self, weight: float) -> dict[str, Any]:
        return {"points": round(self.points, 2), "score_points": round(self.points * weight, 2), "text": self.text,
                "source": self.source.to_dict() if self.source else None}


@dataclass
class Component:
    name: str
    group: str
    weight: float  # as configured
    score: float | None = None  # None: nothing to judge
    base: float = 0.0
    lines: list[Line] = field(default_factory=list)
    note: str = ""
    effective_weight: float = 0.0
    applicable: bool = True

    def skip(self, note: str) -> None:
        """Nothing to judge: no score, the weight shared by the others."""
        self.applicable, self.note, self.lines = False, note, []

    @property
    def sources(self) -> list[Source]:
        seen: dict[tuple[str, str], Source] = {}
        for line in self.lines:
            if line.source is not None:
                seen.setdefault((line.source.kind, line.source.id), Source(line.source.kind, line.source.id, line.source.file))
        return list(seen.values())

    def finish(self) -> None:
        if self.applicable:
            self.score = max(0.0, min(100.0, self.base + sum(line.points for line in self.lines)))

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "group": self.group,
            "score": None if self.score is None else round(self.score, 2),
            "weight": self.weight, "effective_weight": round(self.effective_weight, 4),
            "points": round((self.score or 0) * self.effective_weight, 2),
            "sources": [s.to_dict() for s in self.sources],
        }
        if self.note:
            out["note"] = self.note
        if explain:
            out["base"] = self.base
            out["trace"] = [line.to_dict(self.effective_weight) for line in self.lines]
        return out


@dataclass(frozen=True)
class Deduction:
    """Points off a subject's total score for the period (from a registered provider)."""

    subject: str
    points: float
    reason: str
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "reason": self.reason, "source": self.source.to_dict() if self.source else None}


@dataclass(frozen=True)
class Veto:
    """The top grade (and so 评优) ruled out for a subject in the period, and why."""

    subject: str
    reason: str
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "source": self.source.to_dict() if self.source else None}


@dataclass(frozen=True)
class Sanction:
    """A 纪律处分, 诫勉 or 组织处理 of a person (from a registered provider).

    kind: 警告、严重警告、撤销党内职务、留党察看、开除党籍、诫勉、免职 … (``influence_end`` knows the
    periods of settings.influence_months); until: the end of its influence period when the record
    states it (it then wins over the settings).
    """

    person: str
    kind: str
    date: dt.date
    source: Source | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class Period:
    year: int
    half: int | None = None

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 7, 1) if self.half == 2 else dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def name(self) -> str:
        return f"{self.year}年" + {None: "度", 1: "上半年", 2: "下半年"}[self.half]

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


Provider = Callable[[Workspace, Period], Iterable[Any]]
_DEDUCTIONS: list[Provider] = []
_VETOES: list[Provider] = []
_SANCTIONS: list[Callable[[Workspace], Iterable[Sanction]]] = []


def register_deductions(provider: Provider) -> Provider:
    """Add a provider of ``Deduction`` s: ``provider(ws, period) -> Iterable[Deduction]``."""
    if provider not in _DEDUCTIONS:
        _DEDUCTIONS.append(provider)
    return provider


def register_vetoes(provider: Provider) -> Provider:
    """Add a provider of ``Veto`` es: ``provider(ws, period) -> Iterable[Veto]``."""
    if provider not in _VETOES:
        _VETOES.append(provider)
    return provider


def register_sanctions(provider: Callable[[Workspace], Iterable[Sanction]]) -> Callable[[Workspace], Iterable[Sanction]]:
    """Add a provider of ``Sanction`` s: ``provider(ws) -> Iterable[Sanction]``."""
    if provider not in _SANCTIONS:
        _SANCTIONS.append(provider)
    return provider


def unregister(provider: Any) -> None:
    for registry in (_DEDUCTIONS, _VETOES, _SANCTIONS):
        if provider in registry:
            registry.remove(provider)


def providers() -> tuple[list[Provider], list[Provider], list[Callable[[Workspace], Iterable[Sanction]]]]:
    """The registered providers, after importing every analysis module once (they register at import)."""
    import_all()
    return _DEDUCTIONS, _VETOES, _SANCTIONS


# --- subjects ----------------------------------------------------------------------------------


@dataclass
class Subject:
    key: str  # a person id, or body:党组
    name: str
    kind: str  # person or body
    post: str = ""
    tiers: tuple[Tier, ...] = ()
    departments: tuple[str, ...] = ()  # departments they headed in the period
    spans: tuple[tuple[dt.date, dt.date], ...] = ()  # days in a scored post within the period

    @property
    def leader(self) -> bool:
        return any(t in LEADER_TIERS for t in self.tiers)

    def in_post(self, first: dt.date, last: dt.date) -> bool:
        return self.kind == "body" or any(a <= last and b >= first for a, b in self.spans)


def subjects_of(ws: Workspace, period: Period, person: str | None = None) -> list[Subject]:
    """The 党组 and every person in a leading or department-head post at some time in the period."""
    out: list[Subject] = []
    body = ws.config.organization.party_body
    if person is None:
        out.append(Subject(f"body:{body}", body, "body", post="集体"))
    tier_order = {t: i for i, t in enumerate(SCORED_TIERS)}
    people = []
    for p in ws.people.values():
        if person is not None and p.id != person:
            continue
        posts = [post for post in p.posts_in(period.first, period.last) if post.tier in SCORED_TIERS]
        if not posts:
            continue
        spans = tuple((max(period.first, post.start), min(period.last, post.end or period.last)) for post in posts)
        tiers = tuple(dict.fromkeys(post.tier for post in posts))
        heads = tuple(dict.fromkeys(post.department for post in posts if post.tier == Tier.DEPARTMENT_HEAD and post.department))
        top = min(posts, key=lambda post: (tier_order[post.tier], -post.start.toordinal()))
        people.append(Subject(p.id, p.name, "person", top.title, tiers, heads, spans))
    people.sort(key=lambda s: (min(tier_order[t] for t in s.tiers), s.key))
    return out + people


# --- the period's cut-off --------------------------------------------------------------------


def cutoff(period: Period, as_of: dt.date) -> dt.date:
    """The last day whose records count: the period's end, or as_of when it comes first."""
    return min(period.last, as_of)


# --- components --------------------------------------------------------------------------------


def _inspections(ws: Workspace, period: Period, as_of: dt.date) -> list[Any]:
    return sorted((i for i in ws.of("inspection").values()
                   if i.review_year == period.year and (period.half is None or period.holds(i.date)) and i.date <= as_of),
                  key=lambda i: (i.date, i.id))


def _about(ws: Workspace, subject: Subject, finding_subject: str | None, day: dt.date) -> bool:
    """Whether a check finding (its subject key) concerns the subject on day."""
    if subject.kind == "body":
        return finding_subject is None or finding_subject == subject.key
    if finding_subject == subject.key:
        return True
    if finding_subject and finding_subject.startswith("department:"):
        dept = finding_subject.partition(":")[2]
        person = ws.people[subject.key]
        return any(p.tier == Tier.DEPARTMENT_HEAD and p.department == dept and p.covers(day) for p in person.posts)
    return False


def _rectified_on_time(ws: Workspace, inspection: Any, finding: Any, as_of: dt.date) -> tuple[bool | None, str]:
    """(True on time, False late or failed, None not yet due) and why."""
    if not finding.rectifications:
        return False, "没有整改措施"
    pending = False
    for rect in finding.rectifications:
        due = rectification_deadline(ws, inspection, rect)
        if rect.verification is not None and str(rect.verification.result) == "未整改到位":
            return False, f"整改核查结论为未整改到位（{cn_date(rect.verification.date)}）"
        if str(rect.status) == "已整改" and rect.done_on is not None:
            if rect.done_on > due:
                return False, f"整改于 {cn_date(rect.done_on)} 完成，晚于期限 {cn_date(due)}"
            continue
        if str(rect.status) == "已整改":
            continue  # done, date not given: taken as on time
        if due < as_of:
            return False, f"期限 {cn_date(due)} 已过，仍为{rect.status}"
        pending = True
    return (None, "整改期限未到") if pending else (True, "按期整改")


def score_inspections(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    inspections = _inspections(ws, period, as_of)
    if not inspections:
        comp.skip(f"{period.name}没有检查记录，本项不计")
        return
    points = ws.config.settings.review.finding_points
    comp.base = 100.0
    named = False
    for insp in inspections:
        checked = (subject.kind == "body" or subject.key in insp.people
                   or any(d in insp.departments for d in subject.departments))
        hits = [(i, f) for i, f in enumerate(insp.findings) if _about(ws, subject, f.subject, insp.date)]
        for index, f in hits:
            cost = float(points.get(str(f.severity), 0))
            src = source_of(ws, "inspection", insp.id, f"findings[{index}]")
            comp.lines.append(Line(-cost, f"{insp.kind}发现问题（{f.severity}）：{f.text}", src))
            on_time, why = _rectified_on_time(ws, insp, f, as_of)
            if on_time is False:
                comp.lines.append(Line(-cost, f"整改未按期到位：{why}", src))
        if checked and not hits:
            comp.lines.append(Line(0.0, f"{insp.kind}（{cn_date(insp.date)}）检查了{subject.name}，未发现问题", source_of(ws, "inspection", insp.id)))
        named = named or checked or bool(hits)
    if not named:
        comp.lines.append(Line(0.0, f"{period.name}的检查没有发现涉及{subject.name}的问题"))


def statements_due(ws: Workspace, subject: Subject, period: Period, as_of: dt.date) -> list[tuple[str, dt.date]]:
    """(occasion, due day) of the reports due from subject in the period by as_of (settings.review.statement_due):
    those whose day has passed while the person held a responsible post."""
    from ..models.review import StatementOccasion
    from .review import responsible_on, statement_due

    out = []
    for occasion in StatementOccasion:
        due = statement_due(ws, occasion, period.year)
        if due is None or not period.holds(due) or due >= as_of:
            continue
        if responsible_on(ws.people[subject.key], due):
            out.append((occasion.value, due))
    return out


def score_statements(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    if subject.kind == "body":
        comp.skip("党组作为集体不述责述廉，本项不计")
        return
    from .review import review_years

    if period.year not in memo(ws, "review_years", lambda: review_years(ws)):
        comp.skip(f"{period.year} 年没有检查考核记录（检查、述责述廉、民主测评或座谈），本项不计")
        return
    due = statements_due(ws, subject, period, as_of)
    if not due:
        comp.skip(f"{period.name}截至 {cn_date(as_of)} 没有到期的述责述廉，本项不计")
        return
    share = 100.0 / len(due)
    mine = sorted((s for s in ws.of("statement").values() if s.person == subject.key and s.year == period.year), key=lambda s: (s.date, s.id))
    for occasion, day in due:
        found = [s for s in mine if str(s.occasion) == occasion]
        if not found:
            comp.lines.append(Line(0.0, f"{occasion}述责述廉（{cn_date(day)} 前）没有记录"))
            continue
        s = found[0]
        missing, empty = section_problems(ws, s)
        src = source_of(ws, "statement", s.id)
        if missing or empty:
            comp.lines.append(Line(share / 2, f"{occasion}述责述廉缺少或未填写：{'、'.join(missing + empty)}（计一半）", src))
        else:
            comp.lines.append(Line(share, f"{occasion}述责述廉各部分齐全", src))


def _study_relevant(ws: Workspace, subject: Subject, entry: Any) -> bool:
    if subject.kind == "body":
        return True
    if entry.department is not None:
        return entry.department in subject.departments or any(
            entry.department in p.remit for p in ws.people[subject.key].posts)
    if entry.form in ws.config.settings.review.topic_meeting_forms:
        return subject.leader
    return True


def sessions_for(ws: Workspace, entry: Any, span: tuple[dt.date, dt.date]) -> list[Any]:
    """``analysis.assign.sessions_for`` (the sessions that count for a plan entry in a span) over an index
    by form built once, so that scoring every subject stays linear in the number of sessions."""
    by_form = memo(ws, "sessions_by_form", lambda: _by_form(ws))
    return [s for s in by_form.get(entry.form, []) if span[0] <= s.date <= span[1]
            and (entry.department is None or s.department == entry.department)]


def _by_form(ws: Workspace) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for s in sorted(ws.of("study_session").values(), key=lambda s: (s.date, s.id)):
        out[s.form].append(s)
    return out


def score_study(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    """Sessions attended (the 党组: held) against the plan's, per period of each plan entry that has ended."""
    end = cutoff(period, as_of)
    planned_total = 0
    lines: list[tuple[int, str, Source]] = []
    for plan in sorted((p for p in ws.of("study_plan").values() if p.year == period.year), key=lambda p: p.id):
        for index, entry in enumerate(plan.entries):
            if not _study_relevant(ws, subject, entry):
                continue
            plan_src = source_of(ws, "study_plan", plan.id, f"entries[{index}]")
            verb = "开展" if subject.kind == "body" else "参加"
            if entry.months:  # the k-th planned month is met when k sessions were held by its end (as study_shortfalls)
                months = sorted(m for m in set(entry.months) if month_end(plan.year, m) <= end and period.holds(month_end(plan.year, m)))
                whole = sessions_for(ws, entry, year_bounds(plan.year))
                mine = [s for s in sorted(whole, key=lambda s: (s.date, s.id))
                        if subject.kind == "body" or not s.attendees or subject.key in s.attendees]
                for k, m in enumerate(sorted(set(entry.months)), 1):
                    if m not in months or not subject.in_post(dt.date(plan.year, m, 1), month_end(plan.year, m)):
                        continue
                    by_then = [s for s in mine if s.date <= month_end(plan.year, m)]
                    planned_total += 1
                    if len(by_then) >= k:
                        s = by_then[k - 1]
                        lines.append((1, f"{plan.year}年{m}月 {entry.form}：{verb}（{cn_date(s.date)}）", source_of(ws, "study_session", s.id)))
                    else:
                        lines.append((0, f"{plan.year}年{m}月 {entry.form}：计划 1 次，未{verb}", plan_src))
            elif entry.count:
                for name, span in period_spans(plan.year, entry.per):
                    if span[1] > end or not period.holds(span[1]) or not subject.in_post(*span):
                        continue
                    mine = [s for s in sorted(sessions_for(ws, entry, span), key=lambda s: (s.date, s.id))
                            if subject.kind == "body" or not s.attendees or subject.key in s.attendees]
                    planned_total += entry.count
                    done = min(entry.count, len(mine))
                    for s in mine[:done]:
                        lines.append((1, f"{name} {entry.form}：{verb}（{cn_date(s.date)}）", source_of(ws, "study_session", s.id)))
                    if done < entry.count:
                        lines.append((0, f"{name} {entry.form}：计划 {entry.count} 次，{verb} {len(mine)} 次", plan_src))
    if not planned_total:
        comp.skip(f"{period.name}截至 {cn_date(end)} 没有适用的学习计划，本项不计")
        return
    comp.lines = [Line(100.0 * n / planned_total, text, src) for n, text, src in lines]


def score_verification(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    from .cycle import verifications_by_subject, verify_deadline

    if period.half == 1:
        comp.skip("年底核单在下半年，上半年本项不计")
        return
    items = ws.items_of(subject.key, period.year)
    if not items:
        comp.skip(f"{subject.name}没有 {period.year} 年的责任清单，本项不计")
        return
    records = memo(ws, "verifications", lambda: verifications_by_subject(ws)).get((subject.key, period.year), [])
    if not records and as_of <= verify_deadline(ws, period.year):
        comp.skip(f"核单期限（{cn_date(verify_deadline(ws, period.year))}）未到，本项不计")
        return
    entries: dict[str, tuple[Any, int, Any]] = {}
    for v in records:
        for index, entry in enumerate(v.entries):
            entries.setdefault(entry.item, (v, index, entry))
    share = 100.0 / len(items)
    for item in items:
        found = entries.get(item.id)
        if found is None:
            comp.lines.append(Line(0.0, f"事项 {item.id} 没有核单"))
            continue
        v, index, entry = found
        src = source_of(ws, "verification", v.id, f"entries[{index}]")
        if str(entry.result) == "核销":
            comp.lines.append(Line(share, f"事项 {item.id} 已核销", src))
        else:
            comp.lines.append(Line(0.0, f"事项 {item.id} 不予核销：{entry.reason or ''}", src))


def _halves(period: Period) -> list[tuple[str, tuple[dt.date, dt.date], tuple[dt.date, dt.date]]]:
    """(name, the half, the window its feedback may be dated in: the half and the month after)."""
    y = period.year
    halves = [("上半年", (dt.date(y, 1, 1), dt.date(y, 6, 30)), (dt.date(y, 1, 1), dt.date(y, 7, 31))),
              ("下半年", (dt.date(y, 7, 1), dt.date(y, 12, 31)), (dt.date(y, 8, 1), dt.date(y + 1, 1, 31)))]
    return [h for i, h in enumerate(halves, 1) if period.half in (None, i)]


def score_feedback(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    from .cycle import feedback_by_item, period_end

    items = ws.items_of(subject.key, period.year)
    if not items:
        comp.skip(f"{subject.name}没有 {period.year} 年的责任清单，本项不计")
        return
    reported = memo(ws, "feedback", lambda: feedback_by_item(ws))
    due = [(name, half, window) for name, half, window in _halves(period)
           if subject.in_post(*half) and (window[1] < as_of or any(
               r.feedback.subject == subject.key and window[0] <= r.date <= window[1] for i in items for r in reported.get(i.id, [])))]
    if not due:
        comp.skip(f"截至 {cn_date(as_of)} 还没有到期的反馈，本项不计")
        return
    for name, half, window in due:
        active = [i for i in items if period_end(i) >= half[0]]
        if not active:
            continue
        share = 100.0 / len(due) / len(active)
        for item in active:
            hits = [r for r in reported.get(item.id, []) if window[0] <= r.date <= window[1]]
            if hits:
                r = hits[0]
                comp.lines.append(Line(share, f"{name}反馈了事项 {item.id}（{cn_date(r.date)}）", source_of(ws, "feedback", r.feedback.id, f"entries[{r.index}]")))
            else:
                comp.lines.append(Line(0.0, f"{name}没有反馈事项 {item.id}（应在 {cn_date(window[1])} 前）"))


def tally_points(ws: Workspace, size: int) -> list[float]:
    """Points of each grade of a scale of size grades: settings.review.tally_points, the last for the lowest."""
    points = list(ws.config.settings.review.tally_points)
    if size <= 1:
        return points[:1]
    return [points[min(i, len(points) - 2)] for i in range(size - 1)] + [points[-1]]


def tally_problem(ws: Workspace, tally: Any) -> str | None:
    """Why a tally gives no result (None: usable), from ``analysis.review.tally_problems`` (DJ510–DJ515)."""
    from .review import tally_problems

    cache = memo(ws, "tally_problems", dict)
    if tally.id not in cache:
        cache[tally.id] = tally_problems(ws, tally)
    problems = cache[tally.id]
    return problems[0].message.split("。")[0] if problems else None


def tally_score(ws: Workspace, tally: Any) -> float:
    """The 0–100 score of a usable tally: the mean over its dimensions of the points of its votes."""
    scale = ws.config.settings.review.scales[tally.scale]
    points = dict(zip(scale, tally_points(ws, len(scale))))
    scores = [sum(points[g] * n for g, n in dim.counts.items()) / tally.valid for dim in tally.dimensions]
    return sum(scores) / len(scores)


def tallies_of(ws: Workspace, subject: Subject, period: Period, as_of: dt.date) -> list[Any]:
    return sorted((t for t in ws.of("tally").values() if t.subject == subject.key and t.year == period.year
                   and (period.half is None or period.holds(t.date)) and t.date <= as_of),
                  key=lambda t: (t.date, t.id))


def score_tallies(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    usable = []
    for tally in tallies_of(ws, subject, period, as_of):
        problem = tally_problem(ws, tally)
        src = source_of(ws, "tally", tally.id)
        if problem:
            comp.lines.append(Line(0.0, f"{tally.occasion}民主测评（{cn_date(tally.date)}）不计结果：{problem}", src))
        else:
            usable.append((tally, src))
    if not usable:
        unusable = "；".join(line.text for line in comp.lines)
        comp.skip(f"{period.name}没有可计结果的民主测评，本项不计" + (f"（{unusable}）" if unusable else ""))
        return
    for tally, src in usable:
        score = tally_score(ws, tally)
        comp.lines.append(Line(score / len(usable), f"{tally.occasion}民主测评（{tally.scale}，有效票 {tally.valid} 张）得分 {score:.2f}", src))


def score_satisfaction(ws: Workspace, subject: Subject, period: Period, as_of: dt.date, comp: Component) -> None:
    forums = []
    for forum in sorted(ws.of("forum").values(), key=lambda f: (f.date, f.id)):
        if forum.satisfaction is None or forum.review_year != period.year or (period.half and not period.holds(forum.date)):
            continue
        key = forum.subject
        if subject.kind == "body":
            ok = key is None or key == subject.key
        else:
            ok = key == subject.key or (key is not None and key.partition(":")[2] in subject.departments and key.startswith("department:"))
        if ok:
            forums.append(forum)
    if not forums:
        comp.skip(f"{period.name}没有涉及{subject.name}的群众满意度，本项不计")
        return
    satisfied = sum(f.satisfaction.satisfied for f in forums)
    base = sum(f.satisfaction.base for f in forums)
    for f in forums:
        comp.lines.append(Line(100.0 * f.satisfaction.satisfied / base,
                               f"座谈“{f.topic}”：满意 {f.satisfaction.satisfied} 人 / 调查 {f.satisfaction.base} 人（合计 {satisfied}/{base}）",
                               source_of(ws, "forum", f.id, "satisfaction")))


SCORERS: dict[str, Callable[[Workspace, Subject, Period, dt.date, Component], None]] = {
    "检查整改": score_inspections,
    "述责述廉": score_statements,
    "理论学习": score_study,
    "清单核销": score_verification,
    "反馈": score_feedback,
    "民主测评": score_tallies,
    "群众满意度": score_satisfaction,
}


# --- vetoes, sanctions and their influence --------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def influence_end(ws: Workspace, sanction: Sanction) -> dt.date | None:
    """The last day a sanction rules out promotion (settings.influence_months), None when it has none."""
    if sanction.until is not None:
        return sanction.until
    m = ws.config.settings.influence_months
    months = {"警告": m.warning, "严重警告": m.serious_warning, "撤销党内职务": m.removal_from_party_post,
              "留党察看": m.probation_restored + 12, "开除党籍": m.expulsion_readmission_years * 12,
              "诫勉": m.admonishment, "诫勉谈话": m.admonishment, "免职": m.dismissal_no_promotion,
              "降职": m.dismissal_no_promotion, "责令辞职": m.dismissal_no_promotion, "调整职务": m.dismissal_no_leading_post,
              "停职检查": m.dismissal_no_leading_post}.get(sanction.kind)
    return None if months is None else add_months(sanction.date, months) - dt.timedelta(days=1)


def sanctions(ws: Workspace) -> list[Sanction]:
    """The sanctions every registered provider knows of, by date (asked once per Workspace)."""
    def ask() -> list[Sanction]:
        out: list[Sanction] = []
        for provider in providers()[2]:
            out.extend(provider(ws))
        return sorted(out, key=lambda s: (s.date, s.person, s.kind))

    return memo(ws, "sanctions", ask)


def discipline_vetoes(ws: Workspace, period: Period) -> Iterable[Veto]:
    """A 党纪处分 in the period rules out the top grade (and 评优)."""
    for s in sanctions(ws):
        if s.kind in PARTY_DISCIPLINE and period.holds(s.date):
            yield Veto(s.person, f"{cn_date(s.date)} 受{s.kind}处分（党纪处分），本年度不得评为最高等次", s.source)


def statement_score(ws: Workspace, tally: Any) -> float | None:
    """A tally's 述责述廉测评 score: the one it records, else its computed score when it was held at a 述责述廉 occasion."""
    if tally.statement_score is not None:
        return float(tally.statement_score)
    if str(tally.occasion) in STATEMENT_OCCASIONS and tally_problem(ws, tally) is None:
        return tally_score(ws, tally)
    return None


def low_statement_tallies(ws: Workspace, period: Period) -> list[tuple[Any, float]]:
    """(tally, score) of each usable tally of a person in the period whose 述责述廉测评 score is below
    settings.review.statement_threshold."""
    return memo(ws, f"low_statement:{period}", lambda: _low_statement_tallies(ws, period))


def _low_statement_tallies(ws: Workspace, period: Period) -> list[tuple[Any, float]]:
    threshold = ws.config.settings.review.statement_threshold
    out = []
    for tally in sorted(ws.of("tally").values(), key=lambda t: (t.date, t.id)):
        if tally.person is None or tally.year != period.year or (period.half and not period.holds(tally.date)):
            continue
        if tally_problem(ws, tally) is not None:
            continue
        score = statement_score(ws, tally)
        if score is not None and score < threshold:
            out.append((tally, score))
    return out


def statement_vetoes(ws: Workspace, period: Period) -> Iterable[Veto]:
    """A 述责述廉测评 below settings.review.statement_threshold rules out 评优 that year."""
    threshold = ws.config.settings.review.statement_threshold
    for tally, score in low_statement_tallies(ws, period):
        yield Veto(tally.person, f"述责述廉测评得分 {score:.2f}，低于 {threshold} 分，年终考核不得评优", source_of(ws, "tally", tally.id))


register_vetoes(discipline_vetoes)
register_vetoes(statement_vetoes)


# --- scorecards -------------------------------------------------------------------------------------


@dataclass
class Scorecard:
    subject: Subject
    period: Period
    components: list[Component]
    score: float | None  # None: no component had anything to judge
    grade: str | None
    scale: list[str]
    grade_by_score: str | None
    deductions: list[Deduction] = field(default_factory=list)
    vetoes: list[Veto] = field(default_factory=list)
    consequences: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "subject": self.subject.key, "name": self.subject.name, "kind": self.subject.kind, "post": self.subject.post,
            "score": self.score, "grade": self.grade, "grade_by_score": self.grade_by_score, "scale": self.scale,
            "components": [c.to_dict(explain) for c in self.components],
            "deductions": [d.to_dict() for d in self.deductions],
            "vetoes": [v.to_dict() for v in self.vetoes],
            "consequences": self.consequences,
        }
        return out


def grade_of(score: float, scale: list[str], bands: list[int]) -> str:
    for grade, band in zip(scale, bands):
        if score >= band:
            return grade
    return scale[-1]


def scale_of(ws: Workspace, subject: Subject) -> list[str]:
    """The grades of a person (年度考核: 优秀/称职/基本称职/不称职) or of the 党组 (责任制考核: 优秀/合格/基本合格/不合格)."""
    grades = ws.config.settings.grades
    if subject.kind == "body" and len(grades.responsibility) == len(grades.annual):
        return list(grades.responsibility)
    return list(grades.annual)


def score_subject(ws: Workspace, subject: Subject, period: Period, as_of: dt.date,
                  deductions: list[Deduction], vetoes: list[Veto]) -> Scorecard:
    weights = ws.config.settings.review.weights
    components = []
    for name, weight in weights.items():
        comp = Component(name, COMPONENT_GROUPS.get(name, ""), weight)
        SCORERS[name](ws, subject, period, as_of, comp)
        comp.finish()
        components.append(comp)
    counted = [c for c in components if c.score is not None]
    total_weight = sum(c.weight for c in counted)
    for c in counted:
        c.effective_weight = c.weight / total_weight if total_weight else 0.0
    shared = [c.name for c in components if c.score is None and c.weight]
    for c in counted:
        if shared and c.weight:
            c.note = (c.note + "；" if c.note else "") + f"权重按比例分担不计的{'、'.join(shared)}，计 {c.effective_weight:.4f}"
    scale = scale_of(ws, subject)
    if not counted:  # nothing to judge in the period: no score rather than a zero
        return Scorecard(subject, period, components, None, None, scale, None, deductions, vetoes)
    raw = sum((c.score or 0.0) * c.effective_weight for c in counted)
    off = sum(d.points for d in deductions)
    score = round(max(0.0, min(100.0, raw - off)), 2)
    by_score = grade_of(score, scale, ws.config.settings.grades.annual_bands)
    grade = scale[1] if vetoes and by_score == scale[0] and len(scale) > 1 else by_score
    return Scorecard(subject, period, components, score, grade, scale, by_score, deductions, vetoes)


def consequences(ws: Workspace, card: Scorecard, as_of: dt.date, last_year: dict[str, tuple[str, Source | None]]) -> dict[str, Any]:
    """What follows from a scorecard: 评优, 选拔任用 (条例第二十四条), and the obligations of a low 述责述廉测评."""
    settings = ws.config.settings
    subject, period = card.subject, card.period
    evaluation = {"eligible": not card.vetoes,
                  "reasons": [{"reason": v.reason, "source": v.source.to_dict() if v.source else None} for v in card.vetoes]}
    out: dict[str, Any] = {"evaluation": evaluation}
    obligations = []
    for tally, score in low_statement_tallies(ws, period):
        if tally.person != subject.key:
            continue
        src = source_of(ws, "tally", tally.id).to_dict()
        why = f"述责述廉测评得分 {score:.2f}，低于 {settings.review.statement_threshold} 分"
        due = tally.date + dt.timedelta(days=settings.deadlines.rectification_report_days)
        for kind in ("书面说明", "提醒谈话或诫勉谈话", "限期整改"):
            obligations.append({"kind": kind, "reason": why, "source": src,
                                **({"deadline": due.isoformat()} if kind == "限期整改" else {})})
    out["obligations"] = obligations
    if subject.kind != "person":
        out["promotion"] = None
        return out
    reasons = []
    on = cutoff(period, as_of)
    scale = list(settings.grades.annual)
    bar = scale[2:] if len(scale) > 2 else scale[-1:]
    previous = last_year.get(subject.key)
    if previous is not None and previous[0] in bar:
        src = previous[1]
        reasons.append({"reason": f"{period.year - 1} 年度考核等次为{previous[0]}（{'、'.join(bar)}不得列为考察对象，"
                                  "《党政领导干部选拔任用工作条例》第二十四条）", "source": src.to_dict() if src else None})
    for s in sanctions(ws):
        if s.person != subject.key or s.date > on:
            continue
        end = influence_end(ws, s)
        if end is not None and end >= on:
            reasons.append({"reason": f"{cn_date(s.date)} 受{s.kind}，影响期至 {cn_date(end)} 未满（《党政领导干部选拔任用工作条例》第二十四条）",
                            "source": s.source.to_dict() if s.source else None})
    out["promotion"] = {"eligible": not reasons, "on": on.isoformat(), "reasons": reasons}
    if card.grade in bar:
        out["promotion"]["next_year"] = f"本年度等次为{card.grade}，{period.year + 1} 年不得列为选拔任用考察对象"
    return out


@dataclass
class Scorecards:
    """The scorecards of a period (``dj review``)."""

    period: Period
    as_of: dt.date
    weights: dict[str, float]
    scorecards: list[Scorecard]
    explain: bool = False
    last_year_from: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.period.year, "half": self.period.half, "period": self.period.name, "as_of": self.as_of.isoformat(),
                "weights": dict(self.weights), "last_year_from": self.last_year_from,
                "scorecards": [c.to_dict(self.explain) for c in self.scorecards]}


def _last_year(ws: Workspace, year: int, as_of: dt.date) -> tuple[dict[str, tuple[str, Source | None]], str]:
    """Each person's grade of the year before: from its saved review result, else computed from that year's records."""
    saved = sorted((r for r in ws.of("review_result").values() if r.year == year - 1 and r.half is None), key=lambda r: (r.date, r.id))
    if saved:
        record = saved[-1]
        src = source_of(ws, "review_result", record.id)
        return {c.subject: (c.grade, src) for c in record.scorecards if c.grade}, src.file
    has_records = any(getattr(r, "year", None) == year - 1 for kind in ("inspection", "tally", "responsibility", "statement")
                      for r in ws.of(kind).values())
    if not has_records:
        return {}, ""
    previous = review(ws, Period(year - 1), as_of, with_last_year=False)
    return {c.subject.key: (c.grade, None) for c in previous.scorecards if c.grade}, f"{year - 1} 年的记录"


def review(ws: Workspace, period: Period, as_of: dt.date, person: str | None = None, explain: bool = False,
           with_last_year: bool = True) -> Scorecards:
    """Scorecards of the 党组 and every leader and department head in post in the period (or of one person)."""
    deduction_providers, veto_providers, _ = providers()
    deductions: dict[str, list[Deduction]] = defaultdict(list)
    for provider in deduction_providers:
        for d in provider(ws, period):
            deductions[d.subject].append(d)
    vetoes: dict[str, list[Veto]] = defaultdict(list)
    for provider in veto_providers:
        for v in provider(ws, period):
            vetoes[v.subject].append(v)
    last_year, last_from = _last_year(ws, period.year, as_of) if with_last_year else ({}, "")
    cards = []
    for subject in subjects_of(ws, period, person):
        card = score_subject(ws, subject, period, as_of, deductions.get(subject.key, []), vetoes.get(subject.key, []))
        if with_last_year:
            card.consequences = consequences(ws, card, as_of, last_year)
        cards.append(card)
    return Scorecards(period, as_of, dict(ws.config.settings.review.weights), cards, explain, last_from)
