"""The calendar: year bounds, periods, spans of days, month arithmetic, MM-DD settings,
and dates as Chinese documents write them.

A span is a pair (first day, last day), both included. Nothing here reads the clock:
"today" is decided once, in the CLI, and passed down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .models.enums import Frequency

if TYPE_CHECKING:
    from .models.people import Post

Span = tuple[dt.date, dt.date]
DAY = dt.timedelta(days=1)


def cn_date(value: dt.date | str) -> str:
    """2024年1月5日 (GB/T 9704-2012: Arabic numerals, no zero padding)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def fmt_span(span: Span) -> str:
    """2024年1月5日, or 2024年1月5日至2024年3月31日."""
    return cn_date(span[0]) if span[0] == span[1] else f"{cn_date(span[0])}至{cn_date(span[1])}"


def year_bounds(year: int) -> Span:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def clip_to_year(year: int, start: dt.date | None, end: dt.date | None) -> Span:
    """The days of year from start to end; an open start or end reaches the year's bound."""
    first, last = year_bounds(year)
    return max(first, start or first), min(last, end or last)


def partial_bounds(span: Span, year: int) -> dict[str, dt.date]:
    """The bounds of span (a part of year) as ``start``/``end`` fields; a bound on the year's
    first or last day is left out, as records leave it open."""
    first, last = year_bounds(year)
    out = {}
    if span[0] > first:
        out["start"] = span[0]
    if span[1] < last:
        out["end"] = span[1]
    return out


def post_span(post: Post, year: int | None = None) -> Span:
    """The days of a post: its whole term (an open end reaches date.max), or its part of year."""
    if year is not None:
        return clip_to_year(year, post.start, post.end)
    return post.start, post.end or dt.date.max


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - DAY


def period_spans(year: int, per: Frequency | None) -> list[tuple[str, Span]]:
    """(Chinese name, span) of each period of the year; none for 定期, 适时 and 及时 (they cannot be counted).

    Weeks start on Monday; the first is the one holding 1 January, clipped to the year, and so is the last.
    """
    if per is None or per == Frequency.YEAR:
        return [(f"{year}年", year_bounds(year))]
    if not per.measurable:
        return []
    if per == Frequency.HALF_YEAR:
        return [(f"{year}年上半年", (dt.date(year, 1, 1), month_end(year, 6))),
                (f"{year}年下半年", (dt.date(year, 7, 1), month_end(year, 12)))]
    if per == Frequency.QUARTER:
        names = "一二三四"
        return [(f"{year}年第{names[q]}季度", (dt.date(year, 3 * q + 1, 1), month_end(year, 3 * q + 3))) for q in range(4)]
    if per == Frequency.HALF_MONTH:
        return [span for m in range(1, 13) for span in (
            (f"{year}年{m}月上半月", (dt.date(year, m, 1), dt.date(year, m, 15))),
            (f"{year}年{m}月下半月", (dt.date(year, m, 16), month_end(year, m))))]
    if per == Frequency.WEEK:
        first, last = year_bounds(year)
        monday = first - dt.timedelta(days=first.weekday())
        weeks = []
        while monday <= last:
            span = (max(monday, first), min(monday + dt.timedelta(days=6), last))
            weeks.append((f"{cn_date(span[0])}至{cn_date(span[1])}这一周", span))
            monday += dt.timedelta(days=7)
        return weeks
    return [(f"{year}年{m}月", (dt.date(year, m, 1), month_end(year, m))) for m in range(1, 13)]


def subtract(span: Span, covers: Iterable[Span]) -> list[Span]:
    """The parts of span that no cover reaches."""
    gaps = [span]
    for c_start, c_end in covers:
        out = []
        for g_start, g_end in gaps:
            if c_end < g_start or c_start > g_end:
                out.append((g_start, g_end))
                continue
            if c_start > g_start:
                out.append((g_start, c_start - DAY))
            if c_end < g_end:
                out.append((c_end + DAY, g_end))
        gaps = out
    return gaps


def month_day(setting: str, year: int) -> dt.date | None:
    """The day of year that an ``MM-DD`` setting names (dj.yaml checks the shape);
    None when the year has no such day (``02-30``; ``02-29`` in a common year)."""
    month, day = (int(x) for x in setting.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
