"""Server-rendered, accessible SVG charts: radar, trend lines and monthly bars.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, and
comes with a data table holding the same numbers, so screen readers and
people who prefer numbers lose nothing. No JavaScript, no external assets.
"""

from __future__ import annotations

import math
from itertools import count

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

_ids = count(1)

#: Colours from the design system (koers.css --c-brand etc.), darkened where needed
#: for 3:1 contrast on white; literal because SVG attributes cannot take var().
SERIES_COLOURS = ["#0f5c4d", "#b45309", "#6d28d9", "#1d4ed8"]


def _fmt(value) -> str:
    if value is None:
        return "–"
    return (
        f"{value:.2f}".rstrip("0").rstrip(".")
        if isinstance(value, float)
        else str(value)
    )


def _table(caption: str, headers: list[str], rows: list[list]) -> str:
    head = format_html_join("", "<th scope='col'>{}</th>", ((h,) for h in headers))
    body = format_html_join(
        "",
        "<tr><th scope='row'>{}</th>{}</tr>",
        (
            (
                row[0],
                format_html_join("", "<td>{}</td>", ((_fmt(c),) for c in row[1:])),
            )
            for row in rows
        ),
    )
    return format_html(
        "<table class='chart-table'><caption>{}</caption><thead><tr>{}</tr></thead>"
        "<tbody>{}</tbody></table>",
        caption,
        head,
        body,
    )


def _figure(svg: str, table: str) -> str:
    return mark_safe(  # noqa: S308 - every piece is built with format_html/escape
        f"<figure class='chart'>{svg}<figcaption>{table}</figcaption></figure>"
    )


def radar(
    *,
    title: str,
    axes: list[tuple[str, str]],
    series: list[tuple[str, dict]],
    scale: int = 5,
) -> str:
    """A radar chart: ``axes`` are (key, label); ``series`` (label, {key: value})."""
    uid = next(_ids)
    size, centre, radius = 340, 170, 120
    n = len(axes)

    def point(i, value):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * (value or 0) / scale
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    parts = []
    for level in range(1, scale + 1):
        ring = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n))
        )
        parts.append(f"<polygon class='chart-grid' points='{ring}'/>")
    for i, (_key, label) in enumerate(axes):
        x, y = point(i, scale)
        lx, ly = point(i, scale + 0.9)
        anchor = (
            "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
        )
        parts.append(
            f"<line class='chart-axis' x1='{centre}' y1='{centre}' x2='{x:.1f}' y2='{y:.1f}'/>"
            f"<text x='{lx:.1f}' y='{ly:.1f}' text-anchor='{anchor}' "
            f"dominant-baseline='middle'>{escape(label)}</text>"
        )
    legend = []
    for s, (label, values) in enumerate(series):
        colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
        shape = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (point(i, values.get(key)) for i, (key, _l) in enumerate(axes))
        )
        dash = " stroke-dasharray='6 4'" if s else ""
        parts.append(
            f"<polygon class='chart-series' points='{shape}' stroke='{colour}' "
            f"fill='{colour}' fill-opacity='0.15' stroke-width='2.5'{dash}/>"
        )
        legend.append(
            f"<g transform='translate(10,{size - 10 - 18 * (len(series) - 1 - s)})'>"
            f"<line x1='0' y1='-4' x2='22' y2='-4' stroke='{colour}' stroke-width='3'{dash}/>"
            f"<text x='28' y='0'>{escape(label)}</text></g>"
        )
    desc = "; ".join(
        f"{label}: "
        + ", ".join(f"{axis_label} {_fmt(values.get(key))}" for key, axis_label in axes)
        for label, values in series
    )
    svg = (
        f"<svg role='img' aria-labelledby='r{uid}t r{uid}d' viewBox='0 0 {size} {size}' "
        f"class='chart-svg chart-svg--radar' xmlns='http://www.w3.org/2000/svg'>"
        f"<title id='r{uid}t'>{escape(title)}</title><desc id='r{uid}d'>"
        f"{escape(desc)}</desc>{''.join(parts)}{''.join(legend)}</svg>"
    )
    table = _table(
        title,
        [_("Dimension")] + [label for label, _v in series],
        [
            [axis_label] + [values.get(key) for _l, values in series]
            for key, axis_label in axes
        ],
    )
    return _figure(svg, table)


def lines(
    *,
    title: str,
    x_labels: list[str],
    series: list[tuple[str, list]],
    y_min: float = 1,
    y_max: float = 5,
    x_title: str = "",
    axis_labels: list[str] | None = None,
) -> str:
    """A line chart over categories (rounds); ``None`` values leave a gap."""
    uid = next(_ids)
    width, height, left, right, top, bottom = 560, 260, 40, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(x_labels), 1)

    def x_at(i):
        return left + (plot_w * (i + 0.5) / n)

    def y_at(v):
        return top + plot_h * (1 - (v - y_min) / (y_max - y_min))

    parts = []
    for tick in range(int(y_min), int(y_max) + 1):
        y = y_at(tick)
        parts.append(
            f"<line class='chart-grid' x1='{left}' x2='{width - right}' y1='{y:.1f}' y2='{y:.1f}'/>"
            f"<text x='{left - 8}' y='{y:.1f}' text-anchor='end' dominant-baseline='middle'>{tick}</text>"
        )
    for i, label in enumerate(axis_labels or x_labels):
        parts.append(
            f"<text x='{x_at(i):.1f}' y='{height - bottom + 18}' text-anchor='middle'>"
            f"{escape(label[:22])}</text>"
        )
    for s, (label, values) in enumerate(series):
        colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
        segment: list[str] = []
        segments = []
        for i, value in enumerate(values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_at(i):.1f},{y_at(value):.1f}")
            parts.append(
                f"<circle cx='{x_at(i):.1f}' cy='{y_at(value):.1f}' r='4' fill='{colour}'/>"
            )
        if segment:
            segments.append(segment)
        for seg in segments:
            parts.append(
                f"<polyline points='{' '.join(seg)}' fill='none' stroke='{colour}' stroke-width='2.5'/>"
            )
        parts.append(
            f"<g transform='translate({left + 130 * s},{height - 10})'>"
            f"<rect x='0' y='-10' width='14' height='10' fill='{colour}'/>"
            f"<text x='20' y='0'>{escape(label)}</text></g>"
        )
    desc = "; ".join(
        f"{label}: "
        + ", ".join(f"{x} {_fmt(v)}" for x, v in zip(x_labels, values, strict=False))
        for label, values in series
    )
    svg = (
        f"<svg role='img' aria-labelledby='l{uid}t l{uid}d' viewBox='0 0 {width} {height}' "
        f"class='chart-svg' xmlns='http://www.w3.org/2000/svg'>"
        f"<title id='l{uid}t'>{escape(title)}</title><desc id='l{uid}d'>{escape(desc)}</desc>"
        f"{''.join(parts)}</svg>"
    )
    table = _table(
        title,
        [x_title or _("Round")] + [label for label, _v in series],
        [[x] + [values[i] for _l, values in series] for i, x in enumerate(x_labels)],
    )
    return _figure(svg, table)


def bars(
    *,
    title: str,
    labels: list[str],
    values: list[int],
    value_label: str,
    axis_labels: list[str] | None = None,
) -> str:
    """A bar chart of counts (results per month); ``axis_labels`` are short forms
    for under the bars, the table keeps the full ``labels``."""
    axis_labels = axis_labels or labels
    uid = next(_ids)
    width, height, left, right, top, bottom = 560, 240, 40, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    top_value = max([*values, 1])
    step = plot_w / n
    parts = []
    for tick in sorted({0, top_value // 2, top_value}):
        y = top + plot_h * (1 - tick / top_value)
        parts.append(
            f"<line class='chart-grid' x1='{left}' x2='{width - right}' y1='{y:.1f}' y2='{y:.1f}'/>"
            f"<text x='{left - 8}' y='{y:.1f}' text-anchor='end' dominant-baseline='middle'>{tick}</text>"
        )
    for i, (label, value) in enumerate(zip(axis_labels, values, strict=True)):
        h = plot_h * value / top_value
        x = left + i * step + step * 0.15
        parts.append(
            f"<rect class='chart-bar' x='{x:.1f}' y='{top + plot_h - h:.1f}' "
            f"width='{step * 0.7:.1f}' height='{h:.1f}' fill='{SERIES_COLOURS[0]}'/>"
            f"<text x='{x + step * 0.35:.1f}' y='{height - bottom + 16}' "
            f"text-anchor='middle' font-size='11'>{escape(label)}</text>"
        )
    desc = ", ".join(
        f"{label}: {value}" for label, value in zip(labels, values, strict=True)
    )
    svg = (
        f"<svg role='img' aria-labelledby='b{uid}t b{uid}d' viewBox='0 0 {width} {height}' "
        f"class='chart-svg' xmlns='http://www.w3.org/2000/svg'>"
        f"<title id='b{uid}t'>{escape(title)}</title><desc id='b{uid}d'>{escape(desc)}</desc>"
        f"{''.join(parts)}</svg>"
    )
    table = _table(
        title,
        [_("Month"), value_label],
        [[lab, v] for lab, v in zip(labels, values, strict=True)],
    )
    return _figure(svg, table)
