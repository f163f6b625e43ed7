"""The 三个规定 disclosure (``dj report sanguiding``): one unit's, or the roll-up of several units.

Parameters (plain JSON, see ``reports/__init__.py``):

* one of ``quarter`` ("2024Q3"), ``half`` ("2024H1") or ``year`` (2024);
* ``as_of``: ISO date the document is dated (periods not ended by then are not asked for);
* ``redact`` (optional): names of those who asked and of the recorders as 张某;
* ``units`` (optional, the roll-up): one dict a unit other than this workspace, each made by
  :func:`unit_figures` from that unit's workspace (``name``, ``level``, ``path``, ``commit``, the
  figures). The builder reads no other repository: what it sums is in the parameters, with the
  commit each unit's figures were read at, so rendering again gives the same bytes.

The document quotes no facts and no case numbers: a record is a count, and in the appendix its
id, date, group, category, form, nature and who asked (post and name; names hidden by redact).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..analysis.sanguiding import (
    CASE_MATTER, Period, breakdowns, category_of, entries_in, missing_periods, parse_span, periods_in, zero_reports,
)
from ..numbers import percent, share
from . import Chart, Document, document

GROUP = "记录人类别"


def span_of(params: dict[str, Any]) -> Period:
    """The span the parameters ask for (quarter, half or year).

    Raises:
        ValueError: none or more than one is given, or it is not spelt as expected.
    """
    given = [(k, params[k]) for k in ("quarter", "half", "year") if params.get(k) is not None]
    if len(given) != 1:
        raise ValueError("one of quarter, half, year")
    key, value = given[0]
    text = str(value).strip().upper()
    period = parse_span(text)
    expected = {"quarter": "Q", "half": "H", "year": ""}[key]
    if expected and expected not in period.key or not expected and len(period.key) != 4:
        raise ValueError(text)
    return period


def _rounding(ws: Any) -> tuple[int, str]:
    report = getattr(ws.config.settings, "report", None)
    if report is None:
        return 1, "四舍五入"
    return report.digits, str(report.rounding)


def unit_figures(ws: Any, span: Period, as_of: dt.date) -> dict[str, Any]:
    """One unit's plain figures for span (and for the same span a year before): what a roll-up sums.

    ``kept``: whether the unit kept these records in the span at all (a record or a 零报告);
    ``zero_reports`` and ``missing_periods``: reporting periods with a 零报告, and those ended
    before as_of with neither.
    """

    def one(period: Period) -> dict[str, Any]:
        entries = entries_in(ws, period)
        zeros = zero_reports(ws)
        zero_keys = [p.key for p in periods_in(ws, period) if zeros.get(p.key)]
        return {
            "span": period.key,
            "total": len(entries),
            "breakdowns": {b.title: b.counts for b in breakdowns(ws, entries)},
            "zero_reports": zero_keys,
            "missing_periods": [p.key for p in missing_periods(ws, as_of, period)],
            "kept": bool(entries) or bool(zero_keys),
        }

    return {"name": ws.config.organization.name, "level": ws.config.organization.level, **one(span),
            "year_before": one(span.year_before())}


def _shares(counts: dict[str, int], total: int, digits: int, rounding: str) -> list[dict[str, Any]]:
    out = []
    for label, count in counts.items():
        value = share(count, total, digits, rounding)
        out.append({"label": label, "count": count, "share": None if value is None else str(value),
                    "text": percent(count, total, digits, rounding)})
    return out


def _change(current: int, base: dict[str, Any], digits: int, rounding: str) -> dict[str, Any]:
    """同比: the change on the same span a year before, or why there is none."""
    if not base["kept"]:
        return {"base": None, "change": None, "text": f"上年同期（{parse_span(base['span']).name}）没有记录或零报告，无法同比。"}
    previous = base["total"]
    if previous == 0:
        return {"base": 0, "change": None, "text": f"上年同期为零报告（0件），同比无法计算增减比例，本期增加{current}件。" if current
                else "上年同期和本期均为0件。"}
    value = share(current - previous, previous, digits, rounding)
    assert value is not None
    if value > 0:
        word = f"同比上升{value}%"
    elif value < 0:
        word = f"同比下降{-value}%"
    else:
        word = "与上年同期持平"
    return {"base": previous, "change": str(value), "text": f"上年同期{previous}件，{word}（{current - previous:+d}件）。"}


def _sum_ok(rows: list[dict[str, Any]], total: int, digits: int) -> dict[str, Any]:
    """The shares' sum and whether it is 100 within the rounding rule (each share off by less than one unit
    of the last digit, so the sum by less than one unit times the number of non-zero rows)."""
    shares = [Decimal(r["share"]) for r in rows if r["share"] is not None]
    total_share = sum(shares, Decimal(0))
    unit = Decimal(1).scaleb(-digits)
    nonzero = sum(1 for r in rows if r["count"])
    ok = total == 0 or abs(total_share - 100) < unit * max(nonzero, 1)
    return {"sum": str(total_share), "within_rounding": ok}


def _asker(record: Any, redactor: Any) -> str:
    a = record.asker
    who = [str(a.side), a.post]
    if a.retired:
        who.append("退休人员")
    if a.name:
        who.append(redactor.name(None, a.name) if redactor is not None else a.name)
    return "，".join(who)


def _details(ws: Any, entries: list[Any], redactor: Any) -> list[dict[str, Any]]:
    out = []
    for r in entries:
        recorder = ws.name_of(r.recorder)
        if redactor is not None:
            recorder = redactor.name(r.recorder, recorder)
        out.append({"id": r.id, "date": r.date.isoformat(), "recorder": recorder, "group": r.group, "category": category_of(r),
                    "form": r.form, "nature": str(r.nature), "rule": str(r.rule), "asker": _asker(r, redactor),
                    "passed": {"to_discipline": r.to_discipline.isoformat() if r.to_discipline else None,
                               "reported_up": r.reported_up.isoformat() if r.reported_up else None}})
    return out


@document("sanguiding")
def build(ws: Any, params: dict[str, Any]) -> Document:
    """The disclosure of one unit for a quarter, half-year or year, or the roll-up with ``units``."""
    from ..render import render

    span = span_of(params)
    as_of = dt.date.fromisoformat(params["as_of"])
    digits, rounding = _rounding(ws)
    redactor = None
    if params.get("redact"):
        from ..redact import Redactor

        redactor = Redactor(ws)
    org = ws.config.organization.name
    own = unit_figures(ws, span, as_of)
    total = own["total"]
    sections = []
    for title, counts in own["breakdowns"].items():
        rows = _shares(counts, total, digits, rounding)
        sections.append({"title": title, "rows": rows, **_sum_ok(rows, total, digits)})
    by_title = {s["title"]: s for s in sections}
    change = _change(total, own["year_before"], digits, rounding)
    entries = entries_in(ws, span)

    units_param = params.get("units") or []
    rollup: dict[str, Any] | None = None
    if units_param:
        units = [{**own, "path": ".", "commit": params.get("commit")}, *units_param]
        grand = sum(u["total"] for u in units)
        rows = _shares({u["name"]: u["total"] for u in units}, grand, digits, rounding)
        levels: dict[str, int] = {}
        for u in units:
            levels[u["level"]] = levels.get(u["level"], 0) + u["total"]
        level_rows = _shares(levels, grand, digits, rounding)
        groups: dict[str, int] = {}
        for u in units:
            for label, count in u["breakdowns"].get(GROUP, {}).items():
                groups[label] = groups.get(label, 0) + count
        group_rows = _shares(groups, grand, digits, rounding)
        no_base = [u["name"] for u in units if not u["year_before"]["kept"]]
        base_total = sum(u["year_before"]["total"] for u in units)
        grand_change = _change(grand, {"kept": len(no_base) < len(units), "total": base_total, "span": own["year_before"]["span"]},
                               digits, rounding)
        if no_base and len(no_base) < len(units):
            grand_change["text"] += f"其中{'、'.join(no_base)}上年同期没有记录或零报告，按0件计。"
        grand_change["units_without_base"] = no_base
        silent = [u["name"] for u in units if not u["total"] and not u["zero_reports"]]
        zero_only = [u["name"] for u in units if not u["total"] and u["zero_reports"]]
        rollup = {
            "total": grand, "change": grand_change,
            "units": [{"name": u["name"], "level": u["level"], "path": u["path"], "commit": u.get("commit"), "count": u["total"],
                       "share": r["share"], "text": r["text"], "zero_reports": u["zero_reports"], "missing_periods": u["missing_periods"]}
                      for u, r in zip(units, rows)],
            "units_sum": _sum_ok(rows, grand, digits),
            "by_level": level_rows, "by_group": group_rows, "group_sum": _sum_ok(group_rows, grand, digits),
            "silent_units": silent, "zero_report_units": zero_only,
        }

    data: dict[str, Any] = {
        "unit": org, "span": span.key, "span_name": span.name, "as_of": as_of.isoformat(),
        "rounding": {"rule": rounding, "digits": digits},
        "total": total,
        "by_group": by_title[GROUP]["rows"], "by_group_sum": {k: by_title[GROUP][k] for k in ("sum", "within_rounding")},
        "by_category": by_title["事项类别"]["rows"], "by_nature": by_title["行为性质"]["rows"],
        "by_rule": by_title["适用规定"]["rows"], "by_side": by_title["院内院外"]["rows"],
        "sections": sections,
        "year_before": {"span": own["year_before"]["span"], "total": own["year_before"]["total"], "kept": own["year_before"]["kept"], **change},
        "zero_reports": own["zero_reports"], "missing_periods": own["missing_periods"],
        "records": _details(ws, entries, redactor),
    }
    if rollup is not None:
        data["rollup"] = rollup
    interfere = by_title["行为性质"]["rows"]
    context = {
        "org": org, "span": span, "as_of": as_of, "data": data, "sections": sections, "rollup": rollup,
        "case_matter": CASE_MATTER, "interfere": interfere, "redacted": bool(redactor),
        "period_names": {p: parse_span(p).name for p in own["zero_reports"] + own["missing_periods"]},
    }
    markdown = render("report/sanguiding.md.j2", context, root=ws.root)
    charts = [Chart("bar", f"{span.name}按记录人类别", [r["label"] for r in data["by_group"]], {"件数": [float(r["count"]) for r in data["by_group"]]}),
              Chart("pie", f"{span.name}按行为性质", [r["label"] for r in interfere], {"件数": [float(r["count"]) for r in interfere]})]
    if rollup is not None:
        charts.append(Chart("bar", f"{span.name}各单位记录件数", [u["name"] for u in rollup["units"]],
                            {"件数": [float(u["count"]) for u in rollup["units"]]}))
    name = f"{span.key}-sanguiding" + ("-rollup" if rollup is not None else "")
    title = (f"{org}及所属单位" if rollup is not None else org) + f"{span.name}执行防止干预司法“三个规定”等重大事项记录报告制度情况"
    return Document(name=name, title=title, markdown=markdown, data=data, charts=charts,
                    meta={"issuer": org, "date": as_of.isoformat(), "recipients": "", "doc_no": ""})
