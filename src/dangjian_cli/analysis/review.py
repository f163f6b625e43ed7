"""Shared queries on the records of 检查考核: checks and their rectifications, 述责述廉 reports and
their sections, 民主测评 tallies (and whether one may be used), 座谈 and satisfaction, and the
year's 总账 against its 细账 (activity by month, quarters without a check, half-years without
the 党组's 专题研究).

Pure: a Workspace (and dates) in, values out; used by ``rules/review.py`` and by ``dj review``
(``analysis/scorecard.py``, ``actions/review.py``).

Subjects are keyed as ``ResponsibilityItem.subject``: a person id, ``department:d-office``,
``body:党组`` (``models.review.subject_key``).

A year is *reviewed* once it has any 检查记录, 述责述廉, 民主测评 or 座谈 (``review_years``). Why: a
unit that does not keep its checks with dj should not get a warning per quarter for checks it
never meant to record; the rules about the year's 总账 are asked only of reviewed years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import month_day
from ..models.enums import Tier
from ..models.people import Person
from ..models.review import (
    CheckResult, Forum, Inspection, InspectionFinding, InspectionKind, OpinionStatus, Rectification, RectificationStatus, Statement,
    StatementOccasion, Tally,
)
from ..resolve import Workspace
from .due import Obligation, obligation_id, register_obligations, source_of

REVIEW_KINDS = ("inspection", "statement", "tally", "forum")

# The tiers that answer for the responsibility system and so report 述责述廉 (责任制规定 2010 第六条;
# 检察机关实施办法: 领导干部 = 院领导 and 内设机构负责人).
RESPONSIBLE_TIERS = (Tier.PRINCIPAL, Tier.LEADER, Tier.DISCIPLINE, Tier.DEPARTMENT_HEAD)

# Records made at the year's end by their nature: they are the 总账, not its 细账, and do not count
# as activity crowding into December.
YEAR_END_STATEMENTS = (StatementOccasion.YEAR_END,)
YEAR_END_INSPECTIONS = (InspectionKind.ANNUAL,)


def review_years(ws: Workspace) -> list[int]:
    """Years with any 检查记录, 述责述廉, 民主测评 or 座谈 (see the module docstring)."""
    years: set[int] = set()
    for r in ws.of("inspection").values():
        years.add(r.review_year)
    for r in ws.of("forum").values():
        years.add(r.review_year)
    for kind in ("statement", "tally"):
        years.update(r.year for r in ws.of(kind).values())
    first = ws.config.first_year
    return sorted(y for y in years if first is None or y >= first)


# --- checks and rectifications ------------------------------------------------------------


@dataclass(frozen=True)
class FindingRef:
    """One problem an inspection found, with where it is (``("findings", index)``)."""

    inspection: Inspection
    index: int
    finding: InspectionFinding

    @property
    def loc(self) -> tuple:
        return ("findings", self.index)


@dataclass(frozen=True)
class RectificationRef:
    """One rectification of a finding, with where it is and its deadline (given or by default)."""

    inspection: Inspection
    finding_index: int
    finding: InspectionFinding
    index: int
    rectification: Rectification
    deadline: dt.date

    @property
    def loc(self) -> tuple:
        return ("findings", self.finding_index, "rectifications", self.index)

    @property
    def subject(self) -> str:
        """Whom the rectification counts for: the finding's subject, else the rectification's owner."""
        return self.finding.subject or self.rectification.owner

    @property
    def done(self) -> bool:
        return self.rectification.status == RectificationStatus.DONE

    def overdue(self, as_of: dt.date) -> bool:
        """Past its deadline on as_of and not done."""
        return not self.done and self.deadline < as_of

    @property
    def days_late(self) -> int:
        """Days it was completed after its deadline (0: on time, or not done, or no completion date)."""
        done_on = self.rectification.done_on
        return max(0, (done_on - self.deadline).days) if self.done and done_on else 0

    @property
    def verified(self) -> bool:
        """Done and checked by a follow-up that found it 整改到位."""
        check = self.rectification.verification
        return self.done and check is not None and check.result == CheckResult.PASSED


def rectification_deadline(ws: Workspace, inspection: Inspection, rectification: Rectification) -> dt.date:
    """A rectification's deadline: its own, else the check's date plus settings.deadlines.rectification_report_days."""
    days = ws.config.settings.deadlines.rectification_report_days
    return rectification.deadline or inspection.date + dt.timedelta(days=days)


def inspections(ws: Workspace, year: int | None = None) -> list[Inspection]:
    """The checks (of the year they assess, ``Inspection.review_year``), by date then id."""
    return sorted((i for i in ws.of("inspection").values() if year is None or i.review_year == year),
                  key=lambda i: (i.date, i.id))


def findings_of(ws: Workspace, year: int | None = None, subject: str | None = None) -> list[FindingRef]:
    """The problems found by the checks of a year (all years: None), optionally only those about a subject."""
    return [FindingRef(i, n, f) for i in inspections(ws, year) for n, f in enumerate(i.findings)
            if subject is None or f.subject == subject]


def rectifications(ws: Workspace, year: int | None = None) -> list[RectificationRef]:
    """Every rectification of the checks of a year (all years: None), in check order."""
    return [RectificationRef(i, n, f, m, r, rectification_deadline(ws, i, r))
            for i in inspections(ws, year) for n, f in enumerate(i.findings) for m, r in enumerate(f.rectifications)]


# --- 述责述廉 ---------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]、?|\d+[、.．)）]\s*)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def sections(text: str | None) -> list[tuple[str, str]]:
    """(heading, content) of each Markdown heading of a report body, in order.

    A section's content runs to the next heading of the same or a higher level (its
    subheadings and their text are part of it). Heading numbering (``一、``, ``（二）``, ``3.``)
    is dropped from the heading.
    """
    lines = (text or "").splitlines()
    heads = []  # (line index, level, title)
    for n, line in enumerate(lines):
        match = _HEADING.match(line.strip())
        if match:
            heads.append((n, len(match.group(1)), _NUMBERING.sub("", match.group(2).strip()).strip()))
    out = []
    for k, (n, level, title) in enumerate(heads):
        end = next((m for m, lv, _ in heads[k + 1:] if lv <= level), len(lines))
        out.append((title, "\n".join(lines[n + 1:end])))
    return out


def blank(content: str) -> bool:
    """Nothing written: only spaces, subheadings, HTML comments (``<!-- 填写提示 -->``), ``…`` and ``待填写``."""
    rest = "\n".join(line for line in _COMMENT.sub("", content).splitlines() if not _HEADING.match(line.strip()))
    return not re.sub(r"[\s…\.。]|待填写|（待填写）|\(待填写\)", "", rest)


def section_for(name: str, found: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first section whose heading contains a required name (``一、履行责任情况（主体责任）`` is 履行责任情况)."""
    return next(((h, c) for h, c in found if name in h), None)


def section_problems(ws: Workspace, statement: Statement) -> tuple[list[str], list[str]]:
    """(missing, empty): the required sections (settings.review.statement_sections) a report lacks, and
    those it has with nothing written under them."""
    found = sections(statement.text)
    missing, empty = [], []
    for name in ws.config.settings.review.statement_sections:
        section = section_for(name, found)
        if section is None:
            missing.append(name)
        elif blank(section[1]):
            empty.append(name)
    return missing, empty


def statement_complete(ws: Workspace, statement: Statement) -> bool:
    """Every required section present and written."""
    missing, empty = section_problems(ws, statement)
    return not missing and not empty


def statements_of(ws: Workspace, person: str | None = None, year: int | None = None,
                  occasion: StatementOccasion | None = None) -> list[Statement]:
    """The 述责述廉 reports matching the filters given, by date then id."""
    return sorted((s for s in ws.of("statement").values()
                   if (person is None or s.person == person) and (year is None or s.year == year)
                   and (occasion is None or s.occasion == occasion)), key=lambda s: (s.date, s.id))


def statement_due(ws: Workspace, occasion: StatementOccasion | str, year: int) -> dt.date | None:
    """The day the reports of an occasion of year are due (settings.review.statement_due); None when not required."""
    day = ws.config.settings.review.statement_due.get(str(occasion))
    if day is None:
        return None
    return month_day(day, year) or dt.date(year, 2, 28)


def responsible_on(person: Person, day: dt.date) -> bool:
    """In a post of a responsible tier (主要负责人, 班子成员, 纪检监察负责人, 部门负责人) on day."""
    return any(post.tier in RESPONSIBLE_TIERS for post in person.posts_on(day))


def responsible_people(ws: Workspace, day: dt.date) -> list[Person]:
    """The people in a responsible post on day, by id: they report 述责述廉 and are reviewed."""
    return [p for p in sorted(ws.people.values(), key=lambda p: p.id) if responsible_on(p, day)]


def missing_statements(ws: Workspace, year: int, as_of: dt.date) -> list[tuple[str, dt.date, Person]]:
    """(occasion, due day, person) for each required occasion of year whose due day is before as_of
    and each person responsible on that day who has no report of that occasion and year."""
    out = []
    for occasion in StatementOccasion:
        due = statement_due(ws, occasion, year)
        if due is None or due >= as_of:
            continue
        have = {s.person for s in statements_of(ws, year=year, occasion=occasion)}
        out.extend((occasion.value, due, p) for p in responsible_people(ws, due) if p.id not in have)
    return out


# --- 民主测评 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyProblem:
    """Why a tally cannot be used: its code (DJ510–DJ515), where, and the Chinese message."""

    code: str
    loc: tuple
    message: str


def scale_of(ws: Workspace, tally: Tally) -> list[str] | None:
    """The grades of the scale a tally names, best first; None when dj.yaml has no such scale."""
    return ws.config.settings.review.scales.get(tally.scale)


def tally_problems(ws: Workspace, tally: Tally) -> list[TallyProblem]:
    """Everything that makes a tally's result unusable: an unknown scale (DJ513), a grade not on
    its scale (DJ514), a dimension named twice (DJ515), more valid ballots than participants (DJ511), fewer valid ballots than
    settings.review.min_valid_ballots (DJ512), a dimension whose counts do not add up to the
    valid ballots (DJ510)."""
    out: list[TallyProblem] = []
    settings = ws.config.settings.review
    grades = scale_of(ws, tally)
    if grades is None:
        out.append(TallyProblem("DJ513", ("scale",), f"等次表“{tally.scale}”不存在。请改为 dj.yaml 中 settings.review.scales 的一项："
                                f"{'、'.join(settings.scales)}，或在 dj.yaml 中增加这个等次表。"))
    if tally.valid > tally.participants:
        out.append(TallyProblem("DJ511", ("valid",), f"有效票 {tally.valid} 张，多于参加测评的 {tally.participants} 人。请核对票数，改正 valid 或 participants。"))
    if tally.valid < settings.min_valid_ballots:
        out.append(TallyProblem("DJ512", ("valid",), f"有效票只有 {tally.valid} 张，少于 {settings.min_valid_ballots} 张"
                                "（settings.review.min_valid_ballots），测评结果不具代表性，不计结果。请扩大参加范围重新测评，或核对票数。"))
    seen: set[str] = set()
    for n, dim in enumerate(tally.dimensions):
        if dim.name in seen:
            out.append(TallyProblem("DJ515", ("dimensions", n, "name"), f"测评项目“{dim.name}”出现了不止一次，请合并为一项。"))
        seen.add(dim.name)
        if grades is not None:
            for grade in dim.counts:
                if grade not in grades:
                    out.append(TallyProblem("DJ514", ("dimensions", n, "counts", grade),
                                            f"“{dim.name}”的等次“{grade}”不在等次表“{tally.scale}”中，只能是：{'、'.join(grades)}。"))
        total = sum(dim.counts.values())
        if total != tally.valid:
            out.append(TallyProblem("DJ510", ("dimensions", n, "counts"),
                                    f"“{dim.name}”各等次票数合计 {total} 张，与有效票 {tally.valid} 张不符。请核对票数：每个测评项目的票数合计应等于有效票数。"))
    return out


def tally_usable(ws: Workspace, tally: Tally) -> bool:
    """Whether a tally's result may be shown and scored (no ``tally_problems``)."""
    return not tally_problems(ws, tally)


def tallies_of(ws: Workspace, subject: str | None = None, year: int | None = None, usable_only: bool = True) -> list[Tally]:
    """The tallies of a subject (``Tally.subject``) and year, by date then id; only usable ones unless told."""
    return sorted((t for t in ws.of("tally").values()
                   if (subject is None or t.subject == subject) and (year is None or t.year == year)
                   and (not usable_only or tally_usable(ws, t))), key=lambda t: (t.date, t.id))


def grade_shares(ws: Workspace, tally: Tally, dimension: str | None = None) -> dict[str, float]:
    """Grade → share of the valid ballots (0–1), over one dimension or summed over all; {} when unusable."""
    if not tally_usable(ws, tally) or tally.valid == 0:
        return {}
    dims = [d for d in tally.dimensions if dimension is None or d.name == dimension]
    if not dims:
        return {}
    grades = scale_of(ws, tally) or []
    total = tally.valid * len(dims)
    return {g: sum(d.counts.get(g, 0) for d in dims) / total for g in grades}


# --- 座谈 -----------------------------------------------------------------------------------


def forums_of(ws: Workspace, year: int | None = None, subject: str | None = None) -> list[Forum]:
    """The 座谈 of a year (``Forum.review_year``), optionally about one subject, by date then id."""
    return sorted((f for f in ws.of("forum").values()
                   if (year is None or f.review_year == year) and (subject is None or f.subject == subject)),
                  key=lambda f: (f.date, f.id))


def satisfaction(ws: Workspace, year: int, subject: str | None = None) -> tuple[int, int, list[Forum]]:
    """(satisfied, base, the forums counted): the 群众满意度 of a year, summed over the forums with a
    figure about subject (None: about the unit as a whole, i.e. forums with no subject)."""
    counted = [f for f in forums_of(ws, year) if f.satisfaction is not None and f.subject == subject]
    return (sum(f.satisfaction.satisfied for f in counted), sum(f.satisfaction.base for f in counted), counted)  # type: ignore[union-attr]


def open_opinions(ws: Workspace, as_of: dt.date) -> list[tuple[Forum, int]]:
    """(forum, opinion index) of each opinion still 未办理 after settings.deadlines.rectification_report_days."""
    days = ws.config.settings.deadlines.rectification_report_days
    return [(f, n) for f in forums_of(ws) for n, o in enumerate(f.opinions)
            if o.status == OpinionStatus.OPEN and f.date + dt.timedelta(days=days) < as_of]


# --- 总账 and 细账 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One dated thing a subject did: the record (kind, id), where in it, and the day."""

    date: dt.date
    kind: str
    record: str
    loc: tuple


def _study_subject(ws: Workspace, session) -> str | None:  # noqa: ANN001 - a StudySession
    if session.department:
        return f"department:{session.department}"
    if session.form in ws.config.settings.review.topic_meeting_forms:
        return f"body:{ws.config.organization.party_body}"
    return session.host


def activity(ws: Workspace, year: int) -> dict[str, list[Activity]]:
    """Subject key → its dated activity records of year (the 细账), oldest first.

    Counted: study sessions (a department's, the 党组's 中心组学习, else the host's); feedback
    (its subject); replies to 提示单 (the reminded subject, on the reply's day); checks made (each
    inspector), except the 年度考核; rectifications completed (the finding's subject, else the
    owner, on ``done_on``); 述责述廉 reports except the 年终总结. Not counted: what the year's end
    brings by its nature (核单, 民主测评, 年终总结, 年度考核): they are the 总账.
    """
    out: dict[str, list[Activity]] = defaultdict(list)

    def add(key: str | None, day: dt.date | None, kind: str, record: str, loc: tuple) -> None:
        if key and day is not None and day.year == year:
            out[key].append(Activity(day, kind, record, loc))

    for s in ws.of("study_session").values():
        add(_study_subject(ws, s), s.date, "study_session", s.id, ("date",))
    for f in ws.of("feedback").values():
        add(f.subject, f.date, "feedback", f.id, ("date",))
    for r in ws.of("reminder").values():
        if r.reply is not None:
            add(r.subject, r.reply.date, "reminder", r.id, ("reply", "date"))
    for i in ws.of("inspection").values():
        if i.kind not in YEAR_END_INSPECTIONS:
            for n, person in enumerate(i.inspectors):
                add(person, i.date, "inspection", i.id, ("inspectors", n))
    for ref in rectifications(ws):
        add(ref.subject, ref.rectification.done_on, "inspection", ref.inspection.id, (*ref.loc, "done_on"))
    for s in ws.of("statement").values():
        if s.occasion not in YEAR_END_STATEMENTS:
            add(s.person, s.date, "statement", s.id, ("date",))
    for records in out.values():
        records.sort(key=lambda a: (a.date, a.kind, a.record))
    return dict(out)


@dataclass(frozen=True)
class Rush:
    """A subject whose year crowds into December: its activity, those of December, and the share."""

    subject: str
    records: list[Activity]
    december: list[Activity]

    @property
    def share(self) -> float:
        return len(self.december) / len(self.records)


def rushes(ws: Workspace, year: int) -> list[Rush]:
    """Subjects whose activity of year (at least settings.review.rush_min_records) falls in December
    for a share above settings.review.rush_share, by subject key."""
    settings = ws.config.settings.review
    out = []
    for key, records in sorted(activity(ws, year).items()):
        december = [a for a in records if a.date.month == 12]
        if len(records) >= settings.rush_min_records and len(december) / len(records) > settings.rush_share:
            out.append(Rush(key, records, december))
    return out


def quarters_without_inspection(ws: Workspace, year: int, as_of: dt.date) -> list[int]:
    """The quarters (1–4) of year ended before as_of in which no check at all was made (by date)."""
    dates = [i.date for i in ws.of("inspection").values()]
    out = []
    for q in range(1, 5):
        first = dt.date(year, 3 * q - 2, 1)
        last = (dt.date(year, 3 * q + 1, 1) if q < 4 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)
        if last < as_of and not any(first <= d <= last for d in dates):
            out.append(q)
    return out


def is_topic_meeting(ws: Workspace, session) -> bool:  # noqa: ANN001 - a StudySession
    """A study session that counts as the 党组 studying 全面从严治党 at a 专题会议: its form is one of
    settings.review.topic_meeting_forms and its topic contains one of topic_meeting_keywords."""
    settings = ws.config.settings.review
    return session.form in settings.topic_meeting_forms and any(k in session.topic for k in settings.topic_meeting_keywords)


def topic_meetings(ws: Workspace, year: int, half: int | None = None) -> list:
    """The 党组's 专题研究 of 全面从严治党 in year (or its half 1 or 2), by date then id."""
    months = range(1, 13) if half is None else range(1, 7) if half == 1 else range(7, 13)
    return sorted((s for s in ws.of("study_session").values()
                   if s.date.year == year and s.date.month in months and is_topic_meeting(ws, s)), key=lambda s: (s.date, s.id))


def halves_without_topic_meeting(ws: Workspace, year: int, as_of: dt.date) -> list[tuple[int, int]]:
    """(half, how many held) for each half-year of year ended before as_of with fewer 专题研究 than
    settings.meetings.topic_study_per_half_year."""
    need = ws.config.settings.meetings.topic_study_per_half_year
    out = []
    for half, last in ((1, dt.date(year, 6, 30)), (2, dt.date(year, 12, 31))):
        held = len(topic_meetings(ws, year, half))
        if last < as_of and held < need:
            out.append((half, held))
    return out


# --- obligations (dj due; DJ500, DJ501, DJ508, DJ517, DJ518, DJ519 of dj check) ---------------------


def _quarter(year: int, q: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * q - 2, 1)
    return first, (dt.date(year, 3 * q + 1, 1) if q < 4 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)


def review_obligations(ws: Workspace) -> Iterator[Obligation]:
    """What 检查考核 asks by a day: each rectification by its deadline (DJ500; DJ501 when done after
    it), each 述责述廉 by settings.review.statement_due of its occasion (DJ508), a check in each
    quarter (DJ517), the 党组's 专题研究 of 全面从严治党 each half-year (DJ518), each 座谈 opinion
    taken up within settings.deadlines.rectification_report_days (DJ519). Met by the records: the
    rectification's done_on (已整改 without a date: the check's day), the report's date, the check's,
    the study session's, the opinion's status (no date of its own: the 座谈's day)."""
    party = f"body:{ws.config.organization.party_body}"
    for ref in rectifications(ws):
        r, insp = ref.rectification, ref.inspection
        done_on = (r.done_on or insp.date) if ref.done else None
        yield Obligation(
            id=obligation_id("rectify", insp.id, ref.deadline, *map(str, ref.loc[1::2])),
            what=f"整改检查发现的问题：{ref.finding.text}", who=r.owner, due=ref.deadline, done_on=done_on,
            source=source_of(ws, "inspection", insp.id, (*ref.loc, "status")), code="DJ500", late_code="DJ501", ref=ref)
    years = review_years(ws)
    first_report: dict[tuple[str, int, str], dt.date] = {}
    for st in sorted(ws.of("statement").values(), key=lambda st: (st.date, st.id)):
        first_report.setdefault((st.person, st.year, str(st.occasion)), st.date)
    inspected = sorted(i.date for i in ws.of("inspection").values())
    need = ws.config.settings.meetings.topic_study_per_half_year
    for year in years:
        for occasion in StatementOccasion:
            due = statement_due(ws, occasion, year)
            if due is None:
                continue
            for person in responsible_people(ws, due):
                yield Obligation(
                    id=obligation_id("statement", person.id, due, str(year), occasion.value),
                    what=f"{year} 年{occasion.value}述责述廉报告", who=person.id, due=due,
                    done_on=first_report.get((person.id, year, occasion.value)),
                    source=source_of(ws, "person", person.id, ("id",)), code="DJ508", ref=(occasion.value, due, person))
        for q in range(1, 5):
            first, last = _quarter(year, q)
            held = [d for d in inspected if first <= d <= last]
            yield Obligation(
                id=obligation_id("quarter-check", str(year), last, f"q{q}"), what=f"{year} 年第{'一二三四'[q - 1]}季度开展检查",
                who=party, due=last, done_on=held[0] if held else None, source=source_of(ws, "config", "dj.yaml", ("year",)),
                code="DJ517", ref=(year, q))
        for half, first, last in ((1, dt.date(year, 1, 1), dt.date(year, 6, 30)), (2, dt.date(year, 7, 1), dt.date(year, 12, 31))):
            meetings = topic_meetings(ws, year, half)
            done_on = first if need <= 0 else meetings[need - 1].date if len(meetings) >= need else None
            yield Obligation(
                id=obligation_id("topic-meeting", str(year), last, f"h{half}"),
                what=f"{year} 年{'上' if half == 1 else '下'}半年党组专题研究全面从严治党（{need} 次）", who=party, due=last,
                done_on=done_on, source=source_of(ws, "config", "dj.yaml", ("year",)), code="DJ518", ref=(year, half, len(meetings)))
    days = ws.config.settings.deadlines.rectification_report_days
    for forum in forums_of(ws):
        due = forum.date + dt.timedelta(days=days)
        for n, opinion in enumerate(forum.opinions):
            yield Obligation(
                id=obligation_id("opinion", forum.id, due, str(n)), what=f"办理座谈意见：{opinion.text}",
                who=opinion.owner or opinion.person or (f"department:{opinion.department}" if opinion.department else party),
                due=due, done_on=forum.date if opinion.status != OpinionStatus.OPEN else None,
                source=source_of(ws, "forum", forum.id, ("opinions", n, "status")), code="DJ519", ref=(forum, n))


register_obligations(review_obligations)


__all__ = [
    "Activity", "FindingRef", "REVIEW_KINDS", "RESPONSIBLE_TIERS", "RectificationRef", "Rush", "TallyProblem",
    "activity", "blank", "findings_of", "forums_of", "grade_shares", "halves_without_topic_meeting", "inspections",
    "is_topic_meeting", "missing_statements", "open_opinions", "quarters_without_inspection", "rectification_deadline",
    "rectifications", "responsible_on", "responsible_people", "review_years", "rushes", "satisfaction", "scale_of",
    "section_for", "section_problems", "sections", "statement_complete", "statement_due", "statements_of", "tallies_of",
    "tally_problems", "tally_usable", "topic_meetings",
]
