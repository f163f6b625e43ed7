"""The figures of the annual (half-year) report, taken from the shared queries of every stage.

Pure: a Workspace, the parameters and the ``dj check`` result in, plain values out; nothing is
derived again that ``analysis/assign``, ``signoff``, ``cycle``, ``review``, ``scorecard``,
``pursue`` or ``pursue_review`` compute. Every percentage is ``numbers.percent`` with its base,
rounded by ``settings.report``. A part of the report whose records do not exist says so
(``None`` / empty lists here; the template words it).

The period: the year, or its half (``half`` 1 or 2). Lists, sign-offs and 核单 are yearly; checks,
study, cases, decisions, talks and handovers count by their date within the period, up to the
report's date (``as_of``) when that comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ..numbers import percent

MONTHS = [f"{m}月" for m in range(1, 13)]


class Figures:
    """Percent with the workspace's rounding rule, and the period's bounds."""

    def __init__(self, ws: Any, year: int, half: int | None, as_of: dt.date) -> None:
        from .scorecard import Period, cutoff

        self.ws = ws
        self.period = Period(year, half)
        self.first = self.period.first
        self.last = cutoff(self.period, as_of)
        settings = ws.config.settings.report
        self.digits, self.rounding = settings.digits, str(settings.rounding)

    def pct(self, part: int, base: int) -> str:
        return percent(part, base, self.digits, self.rounding)

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day <= self.last


def _count(values: list[str], order: list[str] | None = None) -> list[dict[str, Any]]:
    """[{"name", "count"}] in the given order (then by count), zero counts left out."""
    counts = Counter(values)
    names = [n for n in (order or []) if counts.get(n)] + sorted((n for n in counts if n not in (order or [])),
                                                                 key=lambda n: (-counts[n], n))
    return [{"name": n, "count": counts[n]} for n in names]


# --- 一、主要工作和成效 ------------------------------------------------------------------------


def decomposition(f: Figures) -> dict[str, Any]:
    """责任分解与压实: items, lists, sign-offs (yearly) and 核单 (annual report only)."""
    from ..models.cycle import VerifyResult
    from ..models.enums import SubjectTier
    from .assign import lists_of
    from .cycle import lists_in_cycle, subject_label, verifications_by_subject, verified
    from .signoff import signoffs_by_subject, unsigned_lists

    ws, year = f.ws, f.period.year
    items = [i for i in ws.items.values() if i.year == year]
    if not items:
        return {"items": 0}
    tiers = [t.value for t in SubjectTier]
    lists = list(lists_of(ws, year))
    unsigned = list(unsigned_lists(ws, year))
    unsigned_keys = {u.subject for u in unsigned}
    standing = signoffs_by_subject(ws)  # (subject, year) -> sign-offs, as standing_signoff reads them
    signed = [key for key, _ in lists if standing.get((key, year))]
    to_sign = len(set(signed) | unsigned_keys)
    out: dict[str, Any] = {
        "items": len(items),
        "by_tier": _count([i.tier.value for i in items], tiers),
        "lists": len(lists),
        "signed": len(signed), "to_sign": to_sign, "signed_pct": f.pct(len(signed), to_sign),
        "unsigned": [subject_label(ws, u.subject) for u in unsigned],
        "feedback": sum(1 for r in ws.of("feedback").values() if r.year == year and f.holds(r.date)),
        "reminders": sum(1 for r in ws.of("reminder").values() if r.year == year and f.holds(r.date)),
        "replied": sum(1 for r in ws.of("reminder").values() if r.year == year and f.holds(r.date) and r.reply is not None),
    }
    if f.period.half is None:
        by_subject = verifications_by_subject(ws)
        total = cleared = not_cleared = 0
        for key, listed in lists_in_cycle(ws, year):
            entries = verified(by_subject.get((key, year), []))
            total += len(listed)
            for item in listed:
                entry = entries.get(item.id)
                if entry is not None:
                    cleared += entry.result == VerifyResult.CLEARED
                    not_cleared += entry.result == VerifyResult.NOT_CLEARED
        out["verification"] = {"items": total, "cleared": cleared, "not_cleared": not_cleared,
                               "unverified": total - cleared - not_cleared, "cleared_pct": f.pct(cleared, total)} if total else None
    return out


def study(f: Figures) -> dict[str, Any]:
    """专题研究和理论学习: sessions by form, the 党组's 专题研究 of 全面从严治党."""
    from .review import topic_meetings

    ws = f.ws
    sessions = [s for s in ws.of("study_session").values() if f.holds(s.date)]
    forms = list(ws.config.settings.assign.study_forms)
    topics = topic_meetings(ws, f.period.year, f.period.half)
    return {"sessions": len(sessions), "by_form": _count([s.form for s in sessions], forms),
            "topic_meetings": len([s for s in topics if f.holds(s.date)]),
            "topic_dates": [s.date for s in topics if f.holds(s.date)]}


def checks(f: Figures) -> dict[str, Any]:
    """检查考核: checks by kind, what they found, rectification rate and timeliness."""
    from .review import inspections, rectifications

    ws = f.ws
    done_checks = [i for i in inspections(ws, f.period.year) if f.holds(i.date)]
    found = [finding for i in done_checks for finding in i.findings]
    ids = {i.id for i in done_checks}
    rects = [r for r in rectifications(ws, f.period.year) if r.inspection.id in ids]
    done = [r for r in rects if _done_by(r, f.last)]
    on_time = [r for r in done if r.days_late == 0]
    as_of = f.last + dt.timedelta(days=1)
    overdue = [r for r in rects if not _done_by(r, f.last) and r.deadline < as_of]
    verified_ = [r for r in done if r.verified]
    return {"checks": len(done_checks), "by_kind": _count([i.kind.value for i in done_checks]),
            "findings": len(found), "rectifications": len(rects), "done": len(done),
            "done_pct": f.pct(len(done), len(rects)), "on_time": len(on_time), "on_time_pct": f.pct(len(on_time), len(done)),
            "overdue": len(overdue), "verified": len(verified_), "verified_pct": f.pct(len(verified_), len(done))}


def _done_by(ref: Any, day: dt.date) -> bool:
    """A rectification completed by day (one with no completion date counts when it is done)."""
    done_on = ref.rectification.done_on
    return ref.done and (done_on is None or done_on <= day)


def statements(f: Figures, cards: Any) -> dict[str, Any]:
    """述责述廉 completeness, 民主测评 grade distribution, the review grades."""
    from .review import grade_shares, missing_statements, scale_of, statement_complete, statements_of, tallies_of

    ws, year = f.ws, f.period.year
    written = [s for s in statements_of(ws, year=year) if f.holds(s.date)]
    complete = [s for s in written if statement_complete(ws, s)]
    missing = [m for m in missing_statements(ws, year, f.last + dt.timedelta(days=1)) if f.holds(m[1])]
    tallies = [t for t in tallies_of(ws, year=year) if f.holds(t.date)]
    ballots: Counter[str] = Counter()
    scale: list[str] = []
    for t in tallies:
        scale = scale or list(scale_of(ws, t) or [])
        for dim in t.dimensions:
            ballots.update(dim.counts)
    total = sum(ballots.values())
    grades = [{"name": g, "count": ballots.get(g, 0), "pct": f.pct(ballots.get(g, 0), total)} for g in scale] if total else []
    top = scale[0] if scale else ""
    leaders = []
    for t in tallies:
        shares = grade_shares(ws, t)
        if shares:
            best = sum(d.counts.get(top, 0) for d in t.dimensions)
            leaders.append({"subject": t.subject, "name": _subject_name(ws, t.subject), "valid": t.valid,
                            "top": top, "top_pct": f.pct(best, t.valid * len(t.dimensions))})
    scored = [c for c in (cards.scorecards if cards else []) if c.grade]
    review_grades = _count([c.grade for c in scored], list(scored[0].scale) if scored else None)
    return {"statements": len(written), "complete": len(complete), "complete_pct": f.pct(len(complete), len(written)),
            "missing": [{"occasion": o, "due": d, "name": p.name} for o, d, p in missing],
            "tallies": len(tallies), "ballot_grades": grades, "ballots": total, "tally_results": leaders,
            "scored": len(scored), "review_grades": [{**g, "pct": f.pct(g["count"], len(scored))} for g in review_grades]}


def _subject_name(ws: Any, key: str | None) -> str:
    from .cycle import subject_label

    return subject_label(ws, key) if key else ws.config.organization.name


def accountability(f: Figures, redactor: Any = None) -> dict[str, Any]:
    """责任追究: cases by how found and by source, decisions by form and by 四种形态, talks, handovers."""
    from ..models.pursue import FourForm, Regime
    from .pursue import ended_posts, four_form_of, handover_deadline, handover_for
    from .pursue_review import decisions_standing

    ws = f.ws
    name = (lambda pid: redactor.name(pid, ws.name_of(pid))) if redactor else ws.name_of
    text = redactor.text if redactor else (lambda t: t or "")
    cases = sorted((c for c in ws.of("case").values() if f.holds(c.found_on)), key=lambda c: (c.found_on, c.id))
    decisions = [(c, d) for c, _i, d in decisions_standing(ws) if f.holds(d.date)]
    forms = [four_form_of(d) for _c, d in decisions]
    by_regime = Counter("处分" if any(x.regime == Regime.DISCIPLINE and x.person == d.person and d.person
                                      for x in c.determinations) else "问责" for c, d in decisions)
    talks = [t for t in ws.of("talk").values() if f.holds(t.date)]
    ended = [e for e in ended_posts(ws, f.last) if f.holds(e.ended)]
    handed = [e for e in ended if handover_for(ws, e) is not None]
    on_time = [e for e in handed if handover_for(ws, e).date <= handover_deadline(ws, e.ended)]  # type: ignore[union-attr]
    rows = []
    for c in cases:
        handled = [f"对{name(d.person) if d.person else (d.body or d.department or '')}{d.form.value}" for d in c.decisions]
        rows.append({"id": c.id, "title": text(c.title), "found_on": c.found_on, "how_found": c.how_found.value,
                     "source": c.source.value, "verdict": c.verdict.value if c.verdict else "",
                     "handled": "；".join(handled), "closed": c.closure.date if c.closure else None})
    return {
        "cases": len(cases), "by_how_found": _count([c.how_found.value for c in cases]),
        "by_source": _count([c.source.value for c in cases]),
        "substantiated": sum(1 for c in cases if c.verdict is not None and c.verdict.value != "不属实"),
        "decisions": len(decisions), "by_form": _count([d.form.value for _c, d in decisions]),
        "by_four_form": [{"name": x.value, "count": forms.count(x)} for x in FourForm],
        "four_form_total": sum(1 for x in forms if x is not None),
        "by_regime": [{"name": k, "count": by_regime[k]} for k in ("问责", "处分") if by_regime[k]],
        "talks": len(talks), "talks_by_kind": _count([t.kind.value for t in talks]),
        "talk_people": sum(len(t.people) for t in talks),
        "ended_posts": len(ended), "handovers": len(handed), "handover_pct": f.pct(len(handed), len(ended)),
        "handover_on_time": len(on_time), "handover_on_time_pct": f.pct(len(on_time), len(handed)),
        "case_rows": rows,
    }


# --- 二、存在问题 ---------------------------------------------------------------------------------

# What a problem found by dj check is about, by the hundreds and tens of its code (rules/*.py).
AREAS = [
    ("DJ44", "责任书签订"), ("DJ45", "反馈和提示"), ("DJ46", "反馈和提示"), ("DJ47", "反馈和提示"), ("DJ48", "年底核单"),
    ("DJ4", "责任分解"), ("DJ50", "检查考核和整改"), ("DJ51", "民主测评和日常履责"), ("DJ52", "述责述廉"),
    ("DJ53", "座谈和群众意见"), ("DJ5", "检查考核和责任追究"), ("DJ6", "其他"), ("DJ1", "记录格式"),
    ("DJ2", "记录格式"), ("DJ3", "记录之间的引用"),
]


def area_of(code: str) -> str:
    return next((area for prefix, area in AREAS if code.startswith(prefix)), "其他")


def _other_year(path: str, year: int) -> bool:
    """A record filed under another year's folder (``inspections/2023/…``): not this report's."""
    parts = path.split("/")
    return any(p.isdigit() and len(p) == 4 and int(p) != year for p in parts[1:-1])


CASE_FOLDERS = ("cases/", "talks/", "handovers/")
SHOWN = 10  # problems listed per area in the report's text (all of them in --format json)


def problems(f: Figures, check: Any, redactor: Any = None) -> dict[str, Any]:
    """The problems dj check found (errors and warnings), grouped by what they are about; with a
    redactor, names in the problems of case records (cases/, talks/, handovers/) are hidden."""
    if check is None:
        return {"checked": False, "items": [], "errors": 0, "warnings": 0, "areas": []}
    year = f.period.year
    kept = [x for x in check.findings if not _other_year(x.path or "", year)]
    items = [{"code": x.code, "severity": "错误" if str(x.severity) == "error" else "警告", "area": area_of(x.code),
              "message": redactor.text(x.message) if redactor and (x.path or "").startswith(CASE_FOLDERS) else x.message,
              "path": x.path} for x in kept]
    areas = _count([x["area"] for x in items])
    for area in areas:  # errors first, then by file; at most SHOWN per area in the text
        mine = sorted((x for x in items if x["area"] == area["name"]), key=lambda x: (x["severity"] != "错误", x["path"] or ""))
        area["shown"], area["more"] = mine[:SHOWN], max(0, len(mine) - SHOWN)
    return {"checked": True, "items": items,
            "errors": sum(1 for x in items if x["severity"] == "错误"), "warnings": sum(1 for x in items if x["severity"] == "警告"),
            "areas": areas}


# --- annexes ------------------------------------------------------------------------------------


def leaders(f: Figures, cards: Any, redact: bool) -> list[dict[str, Any]]:
    """附件1 班子成员履责情况: each leader's list, sign-off, 核单, 述责述廉, 测评 and review result."""
    from ..models.cycle import VerifyResult
    from .cycle import verifications_by_subject, verified
    from .pursue import cases_of_person
    from .review import statements_of, tallies_of
    from .signoff import signoffs_by_subject

    ws, year = f.ws, f.period.year
    by_subject = verifications_by_subject(ws)
    standing = signoffs_by_subject(ws)
    rows = []
    for card in cards.scorecards if cards else []:
        subject = card.subject
        if subject.kind != "person" or not subject.leader:
            continue
        items = ws.items_of(subject.key, year)
        signoff = (standing.get((subject.key, year)) or [None])[0]
        entries = verified(by_subject.get((subject.key, year), []))
        cleared = sum(1 for i in items if (e := entries.get(i.id)) is not None and e.result == VerifyResult.CLEARED)
        said = [s for s in statements_of(ws, subject.key, year) if f.holds(s.date)]
        tallies = [t for t in tallies_of(ws, subject.key, year) if f.holds(t.date)]
        talks_by = [t for t in ws.of("talk").values() if t.by == subject.key and f.holds(t.date)]
        cases = [c for c in cases_of_person(ws, subject.key) if f.holds(c.found_on)]
        rows.append({
            "name": subject.name, "post": subject.post, "items": len(items),
            "signed": signoff.date if signoff else None,
            "cleared": f"{cleared}/{len(items)}" if entries else "未核单",
            "statements": "、".join(s.occasion.value for s in said) or "无",
            "tally": "、".join(f"{t.valid}票" for t in tallies) or "无",
            "talks": len(talks_by),
            "score": f"{card.score:.2f}" if card.score is not None else "不计分",
            "grade": card.grade or "—",
            "cases": ("已隐去" if redact else (f"{len(cases)}件" if cases else "无")),
        })
    return rows


def ledger(f: Figures) -> list[dict[str, Any]]:
    """附件2 问题整改台账: every rectification of the period's checks."""
    from .cycle import subject_label
    from .review import inspections, rectifications

    ws = f.ws
    ids = {i.id for i in inspections(ws, f.period.year) if f.holds(i.date)}
    as_of = f.last + dt.timedelta(days=1)
    rows = []
    for r in rectifications(ws, f.period.year):
        if r.inspection.id not in ids:
            continue
        rect = r.rectification
        done = _done_by(r, f.last)
        status = "已完成" if done else ("逾期未完成" if r.deadline < as_of else "整改中")
        if done and r.days_late:
            status += f"（逾期{r.days_late}天）"
        check = rect.verification
        rows.append({"check": r.inspection.title, "problem": r.finding.text,
                     "subject": subject_label(ws, r.subject) if r.subject else "全院",
                     "measure": rect.measure, "owner": ws.name_of(rect.owner) if rect.owner else "",
                     "deadline": r.deadline, "status": status, "done_on": rect.done_on if done else None,
                     "verified": check.result.value if check is not None and done else "未核查"})
    return rows


# --- charts ---------------------------------------------------------------------------------------


def charts(f: Figures, figures: dict[str, Any]) -> list[tuple[str, Any]]:
    """(key, Chart): monthly activity per subject, the 民主测评 and review grade distributions, the
    key-work coverage matrix; those with nothing to draw are left out."""
    from ..reports import Chart
    from .assign import coverage
    from .cycle import subject_label
    from .review import activity

    ws, year = f.ws, f.period.year
    months = range(f.first.month, f.period.last.month + 1)
    out = []
    series: dict[str, list[float]] = {}
    for key, acts in sorted(activity(ws, year).items()):
        counts = Counter(a.date.month for a in acts if f.holds(a.date))
        if counts:
            series[subject_label(ws, key)] = [float(counts.get(m, 0)) for m in months]
    if series:
        out.append(("activity", Chart("stacked", "各责任主体每月履责记录（件）", [MONTHS[m - 1] for m in months], series)))
    grades = figures["statements"]["ballot_grades"]
    if grades:
        out.append(("ballots", Chart("pie", "民主测评等次分布（票）", [g["name"] for g in grades], {"票数": [float(g["count"]) for g in grades]})))
    review_grades = figures["statements"]["review_grades"]
    if review_grades:
        out.append(("grades", Chart("bar", "考核等次分布（人）", [g["name"] for g in review_grades],
                                    {"人数": [float(g["count"]) for g in review_grades]})))
    cover = coverage(ws, year)
    if any(c.chain for c in cover.chains):
        from ..models.assign import ChainRole

        roles = list(ChainRole)
        out.append(("coverage", Chart("matrix", "重点工作责任链条覆盖（1 为已落实到人）", [r.value for r in roles],
                                      {c.area: [1.0 if c.roles[r].filled else 0.0 for r in roles] for c in cover.chains})))
    return out


# --- the whole report -------------------------------------------------------------------------------


def annual_figures(ws: Any, params: dict[str, Any], check: Any = None) -> dict[str, Any]:
    """Everything the annual (half-year) report shows: context for the template, data, charts, meta."""
    from ..redact import Redactor
    from .scorecard import review

    year = int(params["year"])
    half = params.get("half")
    as_of = dt.date.fromisoformat(params["as_of"])
    redact = bool(params.get("redact"))
    f = Figures(ws, year, half, as_of)
    org = ws.config.organization
    settings = ws.config.settings.report
    period = f.period.name
    issuer = settings.issuer or f"中共{org.name}{org.party_body}"
    title = f"{issuer}关于{period}落实全面从严治党主体责任（党风廉政建设责任制）情况的报告"
    recipients = list(settings.recipients) or [x for x in (org.superior_committee, org.superior_commission) if x]
    copy_to = list(settings.copy_to) or [x for x in (org.superior_procuratorate,) if x]
    cards = review(ws, f.period, as_of, with_last_year=False) if ws.people else None
    redactor = Redactor(ws) if redact else None
    figures = {
        "decomposition": decomposition(f),
        "study": study(f),
        "checks": checks(f),
        "statements": statements(f, cards),
        "accountability": accountability(f, redactor),
        "problems": problems(f, check, redactor),
        "leaders": leaders(f, cards, redact),
        "ledger": ledger(f),
    }
    drawn = charts(f, figures)
    context = {
        "chart": {key: n for n, (key, _chart) in enumerate(drawn, 1)},
        "title": title, "period": period, "year": year, "half": half, "as_of": as_of, "next_year": year + 1,
        "organization": org.name, "body": org.party_body, "discipline_body": org.discipline_body, "issuer": issuer,
        "recipients": recipients, "copy_to": copy_to, "redacted": redact,
        "since": f.first, "until": f.last, "sign_by": ws.config.settings.assign.sign_by,
        **figures,
    }
    data = {"year": year, "half": half, "period": period, "as_of": as_of.isoformat(), "rounding": f.rounding,
            "digits": f.digits, **figures}
    meta = {"issuer": issuer, "date": as_of.isoformat(), "recipients": "、".join(recipients), "doc_no": "", "kind": "report"}
    return {"year": year, "half": half, "title": title, "context": context, "data": data,
            "charts": [chart for _key, chart in drawn], "meta": meta}
