"""Documents dj renders from the records: the annual report and the others (issue 12, 14).

The contract every document follows:

* a *builder*, registered with ``@document("name")``, takes the resolved Workspace and the
  parameters the user gave (plain JSON values: ``{"year": 2024}``, ``{"quarter": "2024Q3"}``,
  ``{"person": "p-zhangsan", "year": 2024}`` …) and returns a :class:`Document`;
* the Document's ``markdown`` is rendered from a Jinja template under ``templates/report/``
  through :func:`dangjian_cli.render.render` (one sandbox; record text escaped);
* ``data`` is what ``--format json`` prints; ``charts`` is what ``--format html`` draws;
* the other formats (HTML, DOCX) are made from the Markdown by ``dangjian_cli.formats``;
* builders are pure: they read no files and never ask for today's date (``params["as_of"]``
  carries the date the document is dated, decided once by the CLI), so rendering again from
  the same commit with the same parameters gives the same bytes (``dj report --verify``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Chart:
    """One chart of a document, drawn inline as SVG in the HTML format.

    kind: "bar" (one or more series over labels), "stacked" (stacked bars),
        "pie" (one series), or "matrix" (rows × columns of values, e.g. coverage; ``series``
        maps each row label to its values over ``labels``).
    """

    kind: str
    title: str
    labels: list[str]
    series: dict[str, list[float]]


@dataclass
class Document:
    """A rendered document, before it is turned into a file format.

    name: the file stem under ``reports/`` (ASCII, e.g. ``2024-annual``, ``2024Q3-sanguiding``).
    title: the document's title (Chinese), also the DOCX title line.
    markdown: the body, rendered from the template.
    data: the figures for ``--format json``.
    charts: charts for the HTML format.
    meta: what the 公文 layout needs: ``issuer`` (发文机关), ``date`` (成文日期, ISO),
        ``recipients`` (主送机关, may be empty), ``doc_no`` (文号, may be empty).
    """

    name: str
    title: str
    markdown: str
    data: dict[str, Any] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


Builder = Callable[[Any, dict[str, Any]], Document]

DOCUMENTS: dict[str, Builder] = {}


def document(name: str) -> Callable[[Builder], Builder]:
    """Register a document builder under ``name`` (the key ``--verify`` finds it by)."""

    def register(builder: Builder) -> Builder:
        if name in DOCUMENTS:
            raise ValueError(f"document {name!r} registered twice")
        DOCUMENTS[name] = builder
        return builder

    return register
