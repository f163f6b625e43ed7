"""File formats of dj's documents: a self-contained HTML page and a GB/T 9704 DOCX.

Both are made from a :class:`~dangjian_cli.reports.Document` (its Markdown, title, charts
and meta) and return bytes; the same Document always gives the same bytes.

* :func:`to_html` — one HTML page, charts inline as SVG (pygal), no external references;
* :func:`to_docx` — DOCX through python-docx, the optional extra ``docx``
  (``pip install "dangjian-cli[docx]"``); without it a DjError says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..reports import Document


def to_html(doc: Document) -> bytes:
    """The document as one self-contained, printable HTML page (UTF-8)."""
    from .html import to_html as render

    return render(doc)


def to_docx(doc: Document, kind: str = "report") -> bytes:
    """The document as DOCX per GB/T 9704-2012; kind "report", "letter" (责任书) or "decision" (决定书)."""
    from .word import to_docx as render

    return render(doc, kind)


__all__ = ["to_docx", "to_html"]
