"""A document's charts as inline SVG, drawn by pygal.

Why pygal: it is pure Python (one small dependency), maintained, writes SVG text rather than
glyph outlines (so Chinese labels are set in whatever CJK font the reader's browser has), and
has every kind a document needs: bars, stacked bars, pies, and the dot matrix (punch card)
used for coverage. leather has no pies or stacked bars; matplotlib is tens of megabytes and
outlines text unless told otherwise.

What is changed after pygal: the script it would load is switched off (``js=[]``) and the
inline configuration script it still writes is removed (the page has no scripts at all), its
comments (with the date) and XML namespace declarations are dropped (inline SVG in HTML needs
none), and its random ids become ``dj-chart-N`` so the same document gives the same bytes.
"""

from __future__ import annotations

import re
from typing import Any

from ..reports import Chart

KINDS = ("bar", "stacked", "pie", "matrix")

# Font names only (nothing is downloaded): the reader's own CJK font draws the labels.
FONTS = ('"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",'
         '"WenQuanYi Micro Hei","SimHei",sans-serif')
COLOURS = ("#b22222", "#1f5f8b", "#d98b1c", "#3b8a3e", "#7a4f9a", "#5f6b73", "#c2577d", "#2a9d8f",
           "#8c6d31", "#4a4a4a")


def _style() -> Any:
    from pygal.style import Style

    return Style(
        background="white", plot_background="white", foreground="#222", foreground_strong="#111",
        foreground_subtle="#888", opacity="0.9", opacity_hover="1", transition="none",
        colors=COLOURS, font_family=FONTS, title_font_size=16, legend_font_size=15,
        label_font_size=14, major_label_font_size=14, value_font_size=14, tooltip_font_size=14,
    )


def _chart_class(kind: str) -> Any:
    import pygal

    classes = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "pie": pygal.Pie, "matrix": pygal.Dot}
    if kind not in classes:
        raise ValueError(f"unknown chart kind {kind!r}; one of {', '.join(KINDS)}")
    return classes[kind]


def _wide_chars(text: str) -> int:
    return sum(1 for ch in text if ord(ch) >= 0x2E80)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def svg(chart: Chart, number: int) -> str:
    """The chart as one ``<svg>`` element (no XML declaration), ids prefixed ``dj-chart-<number>``."""
    cls = _chart_class(chart.kind)
    rows = max(len(chart.series), 1)
    height = 360 if chart.kind != "matrix" else max(220, 90 + 34 * rows)
    options: dict[str, Any] = dict(
        js=[], disable_xml_declaration=True, style=_style(), width=760, height=height,
        legend_at_bottom=True, legend_at_bottom_columns=4, print_values=False,
        show_y_guides=True, truncate_legend=-1, truncate_label=-1, margin=16, margin_bottom=30, no_data_text="无数据",
    )
    if chart.kind == "pie":
        options.update(inner_radius=0.4, print_values=True, legend_at_bottom_columns=3)
    if chart.kind == "matrix":
        # pygal sizes label room at 0.6 em a character; a Chinese character is 1 em wide.
        wide = max((_wide_chars(name) for name in chart.series), default=0)
        options.update(show_legend=False, x_label_rotation=0, print_values=True, margin_left=16 + int(0.45 * 14 * wide))
    if chart.kind in {"bar", "stacked"} and len(chart.labels) > 12:
        options.update(x_label_rotation=30)
    if chart.kind in {"bar", "stacked"}:
        options.update(_integer_axis(chart))
    drawing = cls(**options)
    if chart.kind == "pie":
        # One series over labels: each label is a slice.
        values = next(iter(chart.series.values()), [])
        for label, value in zip(chart.labels, values):
            drawing.add(label, [_number(value)])
    else:
        drawing.x_labels = list(chart.labels)
        for name, values in chart.series.items():
            drawing.add(name, [_number(v) for v in values])
    text: str = drawing.render(is_unicode=True)
    return _clean(text, number)


def _integer_axis(chart: Chart) -> dict[str, Any]:
    """Whole-number ticks when every value is a whole number (counts: no “2.4 次”)."""
    values = [v for vs in chart.series.values() for v in vs if v is not None]
    if not values or any(float(v) != int(v) or v < 0 for v in values):
        return {}
    if chart.kind == "stacked":
        top = max((sum(vs[i] or 0 for vs in chart.series.values() if i < len(vs)) for i in range(len(chart.labels))), default=0)
    else:
        top = max(values)
    top = int(top)
    step, n = 1, 0
    while top / step > 10:  # 1, 2, 5, 10, 20, 50 …
        n += 1
        step = (1, 2, 5)[n % 3] * 10 ** (n // 3)
    ceiling = max(step, -(-top // step) * step)
    return {"y_labels": list(range(0, ceiling + 1, step)), "range": (0, ceiling)}


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_NAMESPACE = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _clean(text: str, number: int) -> str:
    text = _COMMENT.sub("", text)
    text = _SCRIPT.sub("", text)  # pygal's config for its tooltip script, with a random id
    text = _NAMESPACE.sub("", text)
    text = _CHART_ID.sub(f"dj-chart-{number}", text)
    text = text.replace('id="activate-serie-', f'id="dj-chart-{number}-serie-')
    return text.strip()
