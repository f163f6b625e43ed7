"""Dates as Chinese documents write them."""

from __future__ import annotations

import datetime as dt


def cn_date(value: dt.date | str) -> str:
    """2024年1月5日 (GB/T 9704-2012: Arabic numerals, no zero padding)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"
