"""GB/T 9704-2012 rules both formats follow: 主送机关, 落款 and the width of Chinese text."""

from __future__ import annotations

import re

from ..dates import cn_date

# 成文日期 as GB/T 9704-2012 7.3.5.3 writes it: Arabic numerals, no zero padding.
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def text_width(text: str) -> float:
    """Width in characters (em): a Chinese character or full-width sign 1, anything else ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def recipients_line(recipients: str) -> str:
    """主送机关 ends with a full-width colon (7.3.2)."""
    text = recipients.strip().rstrip(":：")
    return f"{text}："


def date_line(value: str) -> str:
    """成文日期 from an ISO date (``2024-12-05`` → ``2024年12月5日``)."""
    return cn_date(value)


def signature_indents(issuer: str, date_text: str) -> tuple[float, float]:
    """Right indents (in characters) of 署名 and 成文日期, 7.3.5.2 (a document without a seal):
    署名 two characters from the right; the date one line below with its first character two
    characters right of the 署名's first; a date longer than that stays two characters in and
    the 署名 moves left."""
    li, ld = text_width(issuer), text_width(date_text)
    date_indent = max(2.0, li - ld) if issuer else 2.0
    issuer_indent = date_indent + ld + 2 - li
    return issuer_indent, date_indent


def is_signature(first: str, second: str, issuer: str) -> bool:
    """Two lines of the body that are the 署名 and 成文日期 (a template wrote its own 落款)."""
    return bool(issuer) and first.strip() == issuer.strip() and bool(DATE.match(second.strip()))
