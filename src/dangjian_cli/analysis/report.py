"""The figures of the annual (half-year) report, from the shared queries of the other stages."""

from __future__ import annotations

import datetime as dt
from typing import Any


def annual_figures(ws: Any, params: dict[str, Any], check: Any = None) -> dict[str, Any]:
    year = int(params["year"])
    half = params.get("half")
    as_of = dt.date.fromisoformat(params["as_of"])
    org = ws.config.organization
    period = f"{year}年{'上' if half == 1 else '下'}半年" if half else f"{year}年度"
    title = f"中共{org.name}{org.party_body}关于{period}落实全面从严治党主体责任（党风廉政建设责任制）情况的报告"
    context = {"title": title, "period": period, "as_of": as_of}
    return {"year": year, "half": half, "title": title, "context": context, "data": {"year": year},
            "charts": [], "meta": {"issuer": f"中共{org.name}{org.party_body}", "date": as_of.isoformat()}}
