"""Shared queries of the 三个规定 records: reporting periods, what is due, and the disclosure figures.

Used by ``rules/sanguiding.py`` (DJ650–DJ669), by the disclosure builder
``reports/sanguiding.py`` and by ``dj due`` (the obligation "a record or a 零报告 each period").

Periods are spelt as the records spell them: ``2024-07`` (a month) or ``2024Q3`` (a quarter),
after ``settings.sanguiding.period``. A span asked for by a report is ``2024Q3``, ``2024H1`` or
``2024``. Counts go by the date of the event (``date``), 零报告 by the period they name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Any

from ..dates import month_end
from ..models.config import SanguidingPeriod
from ..resolve import Workspace

KIND = "sanguiding"
_CN = "一二三四"


@dataclass(frozen=True)
class Period:
    """A reporting period or a span a report covers.

    key: ``2024-07``, ``2024Q3``, ``2024H1`` or ``2024``.
    name: as a Chinese document writes it: 2024年7月, 2024年第三季度, 2024年上半年, 2024年.
    """

    key: str
    name: str
    first: dt.date
    last: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def year_before(self) -> Period:
        return parse_span(_shift_key(self.key))


_SPAN = re.compile(r"^(\d{4})(?:Q([1-4])|H([12])|-(0[1-9]|1[0-2]))?$")


def _shift_key(key: str) -> str:
    return f"{int(key[:4]) - 1}{key[4:]}"


def parse_span(key: str) -> Period:
    """``2024``, ``2024H1``, ``2024Q3`` or ``2024-07`` as a Period.

    Raises:
        ValueError: key is none of these.
    """
    m = _SPAN.match(key.strip())
    if not m:
        raise ValueError(key)
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        return Period(f"{year}Q{q}", f"{year}年第{_CN[q - 1]}季度", dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q))
    if m.group(3):
        h = int(m.group(3))
        return Period(f"{year}H{h}", f"{year}年{'上' if h == 1 else '下'}半年", dt.date(year, 6 * h - 5, 1), month_end(year, 6 * h))
    if m.group(4):
        month = int(m.group(4))
        return Period(f"{year}-{month:02d}", f"{year}年{month}月", dt.date(year, month, 1), month_end(year, month))
    return Period(str(year), f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31))


def period_of(ws: Workspace, day: dt.date) -> Period:
    """The reporting period (settings.sanguiding.period) that holds day."""
    if ws.config.settings.sanguiding.period == SanguidingPeriod.QUARTER:
        return parse_span(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    return parse_span(f"{day.year}-{day.month:02d}")


def periods_in(ws: Workspace, span: Period) -> list[Period]:
    """The reporting periods that lie within span, in order."""
    out: list[Period] = []
    day = span.first
    while day <= span.last:
        period = period_of(ws, day)
        out.append(period)
        day = period.last + dt.timedelta(days=1)
    return out


def is_period_key(ws: Workspace, key: str) -> bool:
    """Whether key spells a reporting period of the configured size (2024-07 for 月, 2024Q3 for 季度)."""
    if ws.config.settings.sanguiding.period == SanguidingPeriod.QUARTER:
        return re.fullmatch(r"\d{4}Q[1-4]", key) is not None
    return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", key) is not None


def _memo(ws: Workspace) -> dict[str, Any]:
    """Sorted records and 零报告 by period, computed once per Workspace (rules, dj due and the report
    ask many periods of the same workspace)."""
    memo = ws.__dict__.setdefault("_sanguiding_memo", {})
    if "records" not in memo:
        ordered = sorted(ws.of(KIND).values(), key=lambda r: (r.date, r.id))
        zeros: dict[str, list[Any]] = {}
        for r in ordered:
            if r.is_zero:
                zeros.setdefault(r.zero_report, []).append(r)
        memo["records"] = ordered
        memo["entries"] = [r for r in ordered if not r.is_zero]
        memo["zeros"] = zeros
    return memo


def records(ws: Workspace) -> list[Any]:
    """Every 三个规定 record and 零报告, by date then id."""
    return _memo(ws)["records"]


def entries_in(ws: Workspace, span: Period) -> list[Any]:
    """The records (not 零报告) of events within span, by date then id."""
    from bisect import bisect_left, bisect_right

    entries = _memo(ws)["entries"]
    days = _memo(ws).setdefault("days", [r.date for r in entries])
    return entries[bisect_left(days, span.first):bisect_right(days, span.last)]


def zero_reports(ws: Workspace) -> dict[str, list[Any]]:
    """The 零报告 by the period they name."""
    return _memo(ws)["zeros"]


def checked_periods(ws: Workspace) -> list[Period]:
    """The reporting periods that each need a record or a 零报告.

    From the period of the first such record or 零报告 (not before ``first_year``) to the end of
    the working year (``year`` in dj.yaml, or a later year with records): a workspace that keeps
    none of these records is not asked for them, and one that started keeps being asked, so that
    a period forgotten is told from a period with nothing to record.
    """
    starts: list[dt.date] = []
    for r in ws.of(KIND).values():
        starts.append(parse_span(r.zero_report).first if r.is_zero and _SPAN.match(r.zero_report) else r.date)
    if not starts:
        return []
    first = min(starts)
    if ws.config.first_year is not None:
        first = max(first, dt.date(ws.config.first_year, 1, 1))
    last = dt.date(max(max(d.year for d in starts), ws.config.year), 12, 31)
    if first > last:
        return []
    return periods_in(ws, Period("", "", period_of(ws, first).first, last))


def period_done_on(ws: Workspace, period: Period) -> dt.date | None:
    """The day the period's reporting was met: the earliest event recorded in it, or its 零报告's
    date (whichever is first); None when there is neither."""
    days = [r.date for r in entries_in(ws, period)] + [z.date for z in zero_reports(ws).get(period.key, [])]
    return min(days) if days else None


def missing_periods(ws: Workspace, as_of: dt.date, span: Period | None = None) -> list[Period]:
    """Reporting periods of checked_periods (within span, if given) ended before as_of with neither a
    record nor a 零报告 by as_of: what DJ651 reports and ``dj due`` shows red."""
    candidates = checked_periods(ws)
    if span is not None:
        candidates = [p for p in candidates if span.first <= p.first and p.last <= span.last]
    out = []
    for p in candidates:
        done = period_done_on(ws, p)
        if p.last < as_of and (done is None or done > as_of):
            out.append(p)
    return out


def report_due(ws: Workspace, record: Any) -> dt.date:
    """The last day by which a 领导干部干预 record is to be passed to the 纪检 and reported upward:
    the end of the reporting period in which it was recorded (the rules report each period)."""
    return period_of(ws, record.recorded_on or record.date).last


def recording_deadline(ws: Workspace, record: Any) -> dt.date:
    return record.date + dt.timedelta(days=ws.config.settings.sanguiding.recording_days)


def passed_on(record: Any) -> dt.date | None:
    """The day a 领导干部干预 record was both passed to the 纪检 and reported upward; None until both."""
    if record.to_discipline is None or record.reported_up is None:
        return None
    return max(record.to_discipline, record.reported_up)


# --- obligations for dj due (analysis/due.py) --------------------------------------------------


def sanguiding_obligations(ws: Workspace) -> Iterator[Any]:
    """Each reporting period of the checked years: a record or a 零报告 by its last day (DJ651); each
    领导干部干预 record: passed to the 纪检 and reported upward by the end of its period (DJ652)."""
    from .due import Obligation, obligation_id, source_of

    party = f"body:{ws.config.organization.party_body}"
    for p in checked_periods(ws):
        yield Obligation(
            id=obligation_id("sanguiding", p.key, p.last), what=f"{p.name}重大事项记录或零报告（三个规定）", who=party,
            due=p.last, done_on=period_done_on(ws, p), source=source_of(ws, "config", "dj.yaml", ("year",)),
            code="DJ651", ref=p,
        )
    for r in records(ws):
        if not r.is_zero and str(r.rule) == "领导干部干预":
            due = report_due(ws, r)
            yield Obligation(
                id=obligation_id("sanguiding-pass", r.id, due), what=f"重大事项记录 {r.id}（领导干部干预）移送纪检并报告上级",
                who=party, due=due, done_on=passed_on(r), source=source_of(ws, KIND, r.id, ("rule",)), code="DJ652", ref=r,
            )


def _register() -> None:
    from .due import register_obligations

    register_obligations(sanguiding_obligations)


_register()


# --- the disclosure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Counts of records by one dimension, every configured value listed (0 when none)."""

    title: str
    counts: dict[str, int]


def _count(values: list[str], order: list[str]) -> dict[str, int]:
    out = {name: 0 for name in order}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


CASE_MATTER = "司法办案"


def category_of(record: Any) -> str:
    """司法办案 for a record about a case, else its 重大事项 category."""
    return CASE_MATTER if record.matter.case_no is not None else record.matter.category


def breakdowns(ws: Workspace, entries: list[Any]) -> list[Breakdown]:
    """By recorder group, by category (司法办案 first), by nature, by rule, by inside/outside."""
    from ..models.sanguiding import Nature, RuleKind, Side

    settings = ws.config.settings.sanguiding
    return [
        Breakdown("记录人类别", _count([r.group for r in entries], list(settings.groups))),
        Breakdown("事项类别", _count([category_of(r) for r in entries], [CASE_MATTER, *settings.categories])),
        Breakdown("行为性质", _count([str(r.nature) for r in entries], [n.value for n in Nature])),
        Breakdown("适用规定", _count([str(r.rule) for r in entries], [k.value for k in RuleKind])),
        Breakdown("院内院外", _count([str(r.asker.side) for r in entries], [s.value for s in Side])),
    ]
