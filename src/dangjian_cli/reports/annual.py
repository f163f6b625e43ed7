"""The annual (and half-year) report on carrying out the responsibility system (issue 12, B6).

``dj report --year 2024`` → ``reports/2024-annual.md``; ``--half 1`` → ``reports/2024-h1.md``.
Figures come from ``analysis/report.py``; the text from ``templates/report/annual.md.j2``.
"""

from __future__ import annotations

from typing import Any

from ..render import render
from . import Document, document


@document("annual")
def annual(ws: Any, params: dict[str, Any], check: Any = None) -> Document:
    """The report of params["year"] (and params["half"], 1 or 2), dated params["as_of"]."""
    from ..analysis.report import annual_figures

    figures = annual_figures(ws, params, check)
    year, half = figures["year"], figures["half"]
    name = f"{year}-h{half}" if half else f"{year}-annual"
    markdown = render("report/annual.md.j2", figures["context"], ws.root)
    return Document(name=name, title=figures["title"], markdown=markdown, data=figures["data"],
                    charts=figures["charts"], meta=figures["meta"])
