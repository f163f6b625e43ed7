"""A leader's 廉政档案: everything the records hold about one person over a span of time.

The 问责条例 (2019) asks that decisions go into the 廉政档案 and the 人事档案 (shared/domain.md A1
item 16); the 责任制规定 (2010) makes 检查考核 results the basis of 业绩评定、奖励惩处、选拔任用
(item 26). This query gathers, for one person and a year (or their whole tenure): the posts
held, the responsibility lists and their sign-offs, study, feedback and 提示单, 核单, talks
(given and received), 述责述廉 and 民主测评, the checks' findings about them, saved scores and
grades (saved by ``dj review --save``, else computed from the year's records as ``dj review`` does), cases (as the person involved, determined responsible or decided on) with their
influence periods, and 离任交接.

Pure: a Workspace and dates in, values out; reuses the queries of the other analysis modules.
Nothing is invented: a part with no records is empty, and the document says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models.people import Person
from ..resolve import Workspace
from .cycle import feedback_by_item, item_status
from .pursue import four_form_of, influence_periods
from .review import (
    grade_shares, inspections, review_years, scale_of, statement_complete, statements_of, tallies_of, tally_usable,
)
from .scorecard import Period, review


@dataclass(frozen=True)
class Span:
    """The days a dossier covers: a year, or a whole tenure (first post to last, or to as_of)."""

    first: dt.date
    last: dt.date
    label: str

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    def overlaps(self, first: dt.date, last: dt.date | None) -> bool:
        return first <= self.last and (last is None or last >= self.first)

    @property
    def years(self) -> range:
        return range(self.first.year, self.last.year + 1)


def year_span(year: int) -> Span:
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年度")


def tenure_span(person: Person, as_of: dt.date) -> Span:
    """From the first post's start to the last post's end (or the departure, or as_of while in post)."""
    first = min(p.start for p in person.posts)
    ends = [p.end or as_of for p in person.posts]
    if person.departure is not None:
        ends.append(person.departure.date)
    last = max(first, min(max(ends), as_of))
    return Span(first, last, "任职期间")


@dataclass
class Dossier:
    """The parts of a 廉政档案, each a list of plain dicts (dates as ``datetime.date``)."""

    person: Person
    span: Span
    as_of: dt.date
    posts: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    signoffs: list[dict[str, Any]] = field(default_factory=list)
    study: list[dict[str, Any]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    verifications: list[dict[str, Any]] = field(default_factory=list)
    talks_received: list[dict[str, Any]] = field(default_factory=list)
    talks_given: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    tallies: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    handovers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many records each part holds (the figures of ``--format json``)."""
        return {
            "posts": len(self.posts), "items": len(self.items), "signoffs": len(self.signoffs), "study": len(self.study),
            "feedback": len(self.feedback), "reminders": len(self.reminders), "verifications": len(self.verifications),
            "talks_received": len(self.talks_received), "talks_given": len(self.talks_given),
            "statements": len(self.statements), "tallies": len(self.tallies), "findings": len(self.findings),
            "reviews": len(self.reviews), "cases": len(self.cases), "handovers": len(self.handovers),
        }

    @property
    def study_by_form(self) -> dict[str, int]:
        return dict(sorted(Counter(s["form"] for s in self.study).items(), key=lambda kv: (-kv[1], kv[0])))


def dossier(ws: Workspace, person: Person, span: Span, as_of: dt.date) -> Dossier:
    """Everything the records hold about person within span, as known on as_of (later records left out)."""
    last = min(span.last, as_of)
    within = Span(span.first, last, span.label)
    out = Dossier(person, span, as_of)
    pid = person.id
    dept = ws.departments

    for post in person.posts:
        if within.overlaps(post.start, post.end):
            out.posts.append({"title": post.title, "tier": post.tier.value,
                              "department": dept[post.department].name if post.department in dept else post.department,
                              "start": post.start, "end": post.end, "remit": list(post.remit)})

    reported = feedback_by_item(ws)
    for year in within.years:
        for item in ws.items_of(pid, year):
            out.items.append({"id": item.id, "year": year, "area": item.area, "content": item.content,
                              "tier": item.tier.value, "status": _str(item_status(reported, item.id, last))})
    for s in sorted(ws.of("signoff").values(), key=lambda s: (s.date, s.id)):
        if s.person == pid and within.holds(s.date):
            out.signoffs.append({"id": s.id, "year": s.year, "date": s.date, "body": s.body,
                                 "counterpart": ws.name_of(s.counterpart) if s.counterpart else None, "item_count": len(s.items)})

    for s in sorted(ws.of("study_session").values(), key=lambda s: (s.date, s.id)):
        if within.holds(s.date) and (pid in s.attendees or s.host == pid):
            out.study.append({"id": s.id, "date": s.date, "form": s.form, "topic": s.topic, "host": s.host == pid})

    for f in sorted(ws.of("feedback").values(), key=lambda f: (f.date, f.id)):
        if f.subject == pid and within.holds(f.date):
            out.feedback.append({"id": f.id, "date": f.date, "entries": len(f.entries),
                                 "status": dict(Counter(e.status.value for e in f.entries))})
    for r in sorted(ws.of("reminder").values(), key=lambda r: (r.date, r.id)):
        if r.subject == pid and within.holds(r.date):
            replied = r.reply is not None and r.reply.date <= last
            out.reminders.append({"id": r.id, "date": r.date, "by": ws.name_of(r.by), "reason": r.reason.rstrip("。"),
                                  "reply_date": r.reply.date if replied else None, "reply": r.reply.text if replied else None})
    for v in sorted(ws.of("verification").values(), key=lambda v: (v.date, v.id)):
        if v.subject == pid and within.holds(v.date):
            results = Counter(e.result.value for e in v.entries)
            out.verifications.append({"id": v.id, "year": v.year, "date": v.date, "by": ws.name_of(v.by), "results": dict(results),
                                      "refused": [{"item": e.item, "reason": e.reason} for e in v.entries if e.result.value == "不予核销"]})

    for t in sorted(ws.of("talk").values(), key=lambda t: (t.date, t.id)):
        if not within.holds(t.date):
            continue
        row = {"id": t.id, "date": t.date, "kind": t.kind.value, "form": t.form.value, "case": t.case,
               "follow_up": t.follow_up.result.value if t.follow_up and t.follow_up.date <= last else None}
        if pid in t.people:
            out.talks_received.append({**row, "by": ws.name_of(t.by), "by_id": t.by})
        elif t.by == pid:
            out.talks_given.append({**row, "people": [ws.name_of(p) for p in t.people], "people_ids": list(t.people)})

    for s in statements_of(ws, person=pid):
        if within.holds(s.date):
            out.statements.append({"id": s.id, "year": s.year, "occasion": s.occasion.value, "date": s.date, "oral": s.oral,
                                   "complete": statement_complete(ws, s)})
    for t in tallies_of(ws, subject=pid, usable_only=False):
        if not within.holds(t.date):
            continue
        usable = tally_usable(ws, t)
        shares = grade_shares(ws, t) if usable else {}
        grades = scale_of(ws, t) or []
        top = grades[0] if grades else None
        out.tallies.append({"id": t.id, "year": t.year, "date": t.date, "occasion": t.occasion.value, "scale": t.scale,
                            "participants": t.participants, "valid": t.valid, "usable": usable,
                            "votes": {g: sum(d.counts.get(g, 0) for d in t.dimensions) for g in grades},
                            "ballots": t.valid * len(t.dimensions), "top_grade": top,
                            "top_share": shares.get(top) if top else None, "statement_score": t.statement_score,
                            "below_threshold": t.statement_score is not None and t.statement_score < ws.config.settings.review.statement_threshold})

    for insp in inspections(ws):
        if not within.holds(insp.date):
            continue
        for n, f in enumerate(insp.findings):
            owned = [r for r in f.rectifications if r.owner == pid]
            if f.person != pid and not owned:
                continue
            out.findings.append({"inspection": insp.id, "kind": insp.kind.value, "date": insp.date, "index": n, "text": f.text,
                                 "severity": f.severity.value, "about": f.person == pid,
                                 "rectifications": [{"measure": r.measure, "status": r.status.value, "done_on": r.done_on,
                                                     "owner": ws.name_of(r.owner)} for r in f.rectifications]})

    for r in sorted(ws.of("review_result").values(), key=lambda r: (r.year, r.half or 0, r.id)):
        if r.year not in within.years:
            continue
        for card in r.scorecards:
            if card.person == pid or card.subject == pid:
                out.reviews.append({"id": r.id, "year": r.year, "half": r.half, "date": r.date, "score": card.score,
                                    "grade": card.grade, "evaluation_eligible": card.evaluation_eligible,
                                    "promotion_eligible": card.promotion_eligible, "reasons": list(card.reasons), "computed": False})

    saved_years = {r["year"] for r in out.reviews if r["half"] is None}
    for year in (y for y in review_years(ws) if y in within.years and y not in saved_years):
        for card in review(ws, Period(year), as_of, pid).scorecards:
            if card.score is None:
                continue
            cons = card.consequences
            promotion = cons.get("promotion")
            reasons = [r["reason"] for r in cons.get("evaluation", {}).get("reasons", [])]
            reasons += [r["reason"] for r in (promotion or {}).get("reasons", [])]
            out.reviews.append({"id": None, "year": year, "half": None, "date": as_of, "score": round(card.score, 2),
                                "grade": card.grade, "evaluation_eligible": cons.get("evaluation", {}).get("eligible", True),
                                "promotion_eligible": promotion.get("eligible") if promotion else None,
                                "reasons": list(dict.fromkeys(reasons)), "computed": True})
    out.reviews.sort(key=lambda r: (r["year"], r["half"] or 0))

    periods = {(p.case.id, p.index): p.ends for p in influence_periods(ws)}
    for case in sorted(ws.of("case").values(), key=lambda c: c.id):
        roles = _roles(case, pid)
        if not roles or not _case_in(case, within):
            continue
        out.cases.append(_case_row(ws, case, pid, roles, periods, as_of))

    for h in sorted(ws.of("handover").values(), key=lambda h: (h.date, h.id)):
        if (h.person == pid or h.to == pid) and (within.holds(h.date) or within.holds(h.post_ended)):
            out.handovers.append({"id": h.id, "role": "离任者" if h.person == pid else "接手人", "post": h.post,
                                  "post_ended": h.post_ended, "date": h.date,
                                  "other": ws.name_of(h.to if h.person == pid else h.person) if (h.to if h.person == pid else h.person) else None,
                                  "other_id": h.to if h.person == pid else h.person,
                                  "open_items": sum(len(a.open_items) + len(a.items) + len(a.cases) + len(a.reminders) + len(a.inspections)
                                                    for a in h.areas)})
    return out


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _roles(case: Any, pid: str) -> list[str]:
    """How a case names the person: 涉及人员, 责任认定 and 处理对象 (in that order)."""
    roles = []
    if pid in case.people:
        roles.append("涉及人员")
    if any(d.person == pid for d in case.determinations):
        roles.append("责任认定")
    if any(d.person == pid for d in case.decisions):
        roles.append("处理对象")
    return roles


def _case_in(case: Any, span: Span) -> bool:
    """Whether anything of the case falls in span: the incident, its finding, a stage or a decision."""
    days = [case.found_on, *(s.date for s in case.stages), *(d.date for d in case.decisions)]
    return span.overlaps(case.incident_start, case.incident_end or case.incident_start) or any(span.holds(d) for d in days)


def _case_row(ws: Workspace, case: Any, pid: str, roles: list[str], periods: dict[tuple[str, int], dt.date],
              as_of: dt.date) -> dict[str, Any]:
    """One case as the dossier shows it: decisions up to as_of even after the span (终身问责: a case
    about the span is pursued after a transfer or retirement)."""
    determinations = [{"post_then": d.post_then, "regime": d.regime.value, "liability": _str(d.liability), "scope": d.scope.value,
                       "circumstances": [c.kind.value for c in d.circumstances], "basis": d.basis, "note": d.note}
                      for d in case.determinations if d.person == pid]
    decisions = []
    for i, d in enumerate(case.decisions):
        if d.person != pid or d.date > as_of:
            continue
        ends = periods.get((case.id, i))
        decisions.append({"form": d.form.value, "four_form": _str(four_form_of(d)), "date": d.date, "basis": d.basis,
                          "delivered_on": d.delivered_on, "executed_on": d.executed_on, "influence_ends": ends,
                          "influence_running": ends is not None and ends >= as_of,
                          "appeal": ({"date": d.appeal.date, "result": d.appeal.result} if d.appeal else None)})
    others = sorted({p for p in [*case.people, *(d.person for d in case.determinations), *(d.person for d in case.decisions)]
                     if p and p != pid})
    return {"id": case.id, "title": case.title, "roles": roles, "how_found": case.how_found.value, "source": case.source.value,
            "incident_start": case.incident_start, "incident_end": case.incident_end, "found_on": case.found_on,
            "stage": case.stage.value, "verdict": _str(case.verdict), "closed_on": case.closure.date if case.closure else None,
            "determinations": determinations, "decisions": decisions,
            "others": [{"id": p, "name": ws.name_of(p)} for p in others]}


__all__ = ["Dossier", "Span", "dossier", "tenure_span", "year_span"]
