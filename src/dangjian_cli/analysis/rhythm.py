"""The yearly rhythm of dj.yaml (``settings.due.rhythm``) as obligations (DJ630; ``dj due``).

Each entry (年初部署, 年中检查, 民主生活会, 年终考核 by default; shared/domain.md) is owed once a year by
its day, and met by the earliest record of the kinds and fields it names, dated from its start,
whose field contains one of its words — never by a manual tick. 责任书, 专题研究, 述责述廉 and 核单
have obligations of their own (analysis/signoff.py, review.py, cycle.py). Years are asked from the
first one in which any node is recorded, as the 五单法 is asked only of years in the cycle.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..dates import month_day
from ..resolve import Workspace
from .due import Obligation, obligation_id, register_obligations, source_of
from .review import review_years


def rhythm_years(ws: Workspace) -> list[int]:
    """Years the rhythm is asked of: those with a responsibility list or anything reviewed (检查,
    述责述廉, 民主测评, 座谈), from settings' first_year on."""
    years = {i.year for i in ws.items.values()} | set(review_years(ws))
    first = ws.config.first_year
    return sorted(y for y in years if first is None or y >= first)


def _values(obj: Any, path: list[str]) -> Iterator[str]:
    """The text values at a dotted path of a record (lists are walked)."""
    if isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _values(x, path)
        return
    if not path:
        if obj is not None:
            yield str(obj)
        return
    yield from _values(getattr(obj, path[0], None), path[1:])


def _record_day(record: Any) -> dt.date | None:
    day = getattr(record, "date", None)
    return day if isinstance(day, dt.date) else None


def _node_year(start: str, day: dt.date) -> int:
    """The year whose node a record of day meets: its own from the node's start on, else the one before."""
    begins = month_day(start, day.year) or dt.date(day.year, 3, 1)
    return day.year if day >= begins else day.year - 1


def rhythm_obligations(ws: Workspace) -> Iterator[Obligation]:
    """One obligation per rhythm entry and year: met by the earliest record (of the kinds and
    fields the entry names, dated from its start that year and before its start the next year)
    whose field contains one of its words. Years are asked from the first with any node recorded."""
    party = f"body:{ws.config.organization.party_body}"
    entries = list(enumerate(ws.config.settings.due.rhythm))
    met: dict[int, list[dt.date]] = {}
    for n, entry in entries:
        fields = [spec.partition(".") for spec in entry.records]
        met[n] = sorted(  # the days of every record that shows it done, whatever the year
            day for kind, _, path in fields for record in ws.of(kind).values()
            if (day := _record_day(record)) is not None
            and any(word in text for text in _values(record, path.split(".")) for word in entry.values)
        )
    # Asked from the first year in which any node is recorded (a unit that does not keep its rhythm
    # with dj is not asked, as 五单法 and talks are not), for each year with lists or reviews since.
    firsts = [_node_year(entry.start, met[n][0]) for n, entry in entries if met[n]]
    if not firsts:
        return
    years = [y for y in rhythm_years(ws) if y >= min(firsts)]
    for n, entry in entries:
        days = met[n]
        for year in years:
            due_year = year + 1 if entry.next_year else year
            due = month_day(entry.by, due_year) or dt.date(due_year, 2, 28)
            start = month_day(entry.start, year) or dt.date(year, 3, 1)
            until = month_day(entry.start, year + 1) or dt.date(year + 1, 3, 1)  # next year's node begins
            first = bisect.bisect_left(days, start)
            done_on = days[first] if first < len(days) and days[first] < until else None
            yield Obligation(
                id=obligation_id("rhythm", str(year), due, str(n + 1)), what=f"{year} 年{entry.what}",
                who=entry.who or party, due=due, done_on=done_on,
                source=source_of(ws, "config", "dj.yaml", ("settings", "due", "rhythm", n)),
                code="DJ630", ref=(year, entry),
            )


register_obligations(rhythm_obligations)


__all__ = ["rhythm_obligations", "rhythm_years"]
