"""Shares and percentages as published reports write them.

Every percentage in a report states its base ("75.0%（3/4）") and is rounded by the rule
dj.yaml sets (``settings.report.rounding``): 四舍五入 (round half up) or 截尾 (truncate), since
published reports use both. Decimal arithmetic, so 2.675 rounds the way a person expects.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ROUNDING = {"四舍五入": ROUND_HALF_UP, "截尾": ROUND_DOWN}


def share(part: int, base: int, digits: int = 1, rounding: str = "四舍五入") -> Decimal | None:
    """part/base as a percentage with ``digits`` decimals, or None when base is 0."""
    if base <= 0:
        return None
    exact = Decimal(part) * 100 / Decimal(base)
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUNDING[rounding])


def percent(part: int, base: int, digits: int = 1, rounding: str = "四舍五入") -> str:
    """“75.0%（3/4）”, or “—（基数为0）” when there is nothing to divide by."""
    value = share(part, base, digits, rounding)
    if value is None:
        return "—（基数为0）"
    return f"{value}%（{part}/{base}）"
