"""Charts drawn on the server as inline SVG: no JavaScript, no styles, just shapes and words.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``; bars carry their value as text, so neither colour nor the picture alone holds the
information, and each chart is shown beside the table it is drawn from. Colours are set by
presentation attributes (``fill=``), which the Content-Security-Policy allows where ``style=``
is refused, and each has at least 4.5:1 contrast on white, so charts survive print and
greyscale. Drawings are 340 units wide: about one to one on a 360 px phone (texts keep their
size), scaled up on a desktop.

The functions take values and their already formatted texts (the caller formats with Babel),
and return Markup, escaping every text they are given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 340
INK = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#c9c9c9"
TONES = {
    "primary": "#0b57a4",
    "ok": "#1e6b34",
    "late": "#a4161a",
    "warn": "#b35900",
    "neutral": "#4a4a4a",
}
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None when there is none) and the value as shown."""

    label: str
    value: float | None
    text: str
    tone: str = "primary"


@dataclass(frozen=True)
class Point:
    """One step of a time series: the axis label (a month) and the values of each series."""

    label: str
    values: tuple[float | None, ...]


def _e(text: str) -> str:
    return str(escape(text))


def _open(chart_id: str, title: str, desc: str, height: float, width: float = WIDTH) -> str:
    w, h, i = _n(width), _n(height), _e(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart-svg" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'aria-labelledby="{i}-title {i}-desc" {FONT}>'
        f'<title id="{i}-title">{_e(title)}</title><desc id="{i}-desc">{_e(desc)}</desc>'
    )


def _svg(
    chart_id: str, title: str, desc: str, height: float, parts: list[str], width: float = WIDTH
) -> Markup:
    # Every text went through _e (escape) on its way into parts.
    return Markup(_open(chart_id, title, desc, height, width) + "".join(parts) + "</svg>")


def _n(value: float) -> str:
    """A coordinate: an integer when it is one, otherwise one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _text(
    x: float,
    y: float,
    content: str,
    size: int = 14,
    anchor: str = "start",
    fill: str = INK,
    weight: str | None = None,
) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{bold}>{_e(content)}</text>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str | None = None) -> str:
    outline = f' stroke="{stroke}" stroke-width="2"' if stroke else ""
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}" '
        f'fill="{fill}"{outline}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        f'stroke-width="1"/>'
    )


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    groups: list[tuple[str | None, list[Bar]]],
    maximum: float | None = None,
) -> Markup:
    """Horizontal bars in groups; each bar's label sits above it and its value at its end.

    groups: (group heading or None, bars). maximum: the value of a full-width bar (100 for
    percentages); by default the largest value shown.
    """
    values = [b.value for _, bars in groups for b in bars if b.value is not None]
    top = maximum if maximum else max(values, default=0) or 1
    room = WIDTH - 140  # leave space for the value written after the longest bar
    parts: list[str] = []
    y = 0.0
    for heading, bars in groups:
        if heading:
            y += 20
            parts.append(_text(0, y, heading, size=15, weight="700"))
            y += 4
        for bar in bars:
            y += 18
            parts.append(_text(0, y, bar.label, size=14))
            y += 6
            length = room * min(max(bar.value or 0, 0) / top, 1)
            parts.append(_rect(0, y, length, 16, TONES.get(bar.tone, TONES["primary"])))
            parts.append(_line(0, y - 2, 0, y + 18, MUTED))
            parts.append(_text(length + 6, y + 13, bar.text, size=14, weight="700"))
            y += 22
    return _svg(chart_id, title, desc, y + 4, parts)


def column_chart(
    chart_id: str,
    title: str,
    desc: str,
    points: list[Point],
    series: list[tuple[str, str]],
    ticks: list[tuple[float, str]],
) -> Markup:
    """Monthly columns, one per series side by side: the first filled, the others outlined.

    series: (name, tone) per series, shown as a legend; ticks: (value, text) for the value
    axis, the last being its top.
    """
    left, top_pad, bottom_pad = 44.0, _top(series), 30.0
    plot_h = 150.0
    height = top_pad + plot_h + bottom_pad
    top = ticks[-1][0] if ticks and ticks[-1][0] else 1
    parts = [_legend(series)]
    parts += _axis(left, top_pad, plot_h, top, ticks)
    step = (WIDTH - left) / max(len(points), 1)
    width = min((step - 4) / max(len(series), 1), 14)
    for i, point in enumerate(points):
        x0 = left + i * step + (step - width * len(series)) / 2
        for s, (_, tone) in enumerate(series):
            value = point.values[s] if s < len(point.values) else None
            if value is None:
                continue
            h = plot_h * min(max(value, 0) / top, 1)
            colour = TONES.get(tone, TONES["primary"])
            fill, stroke = (colour, None) if s == 0 else ("#ffffff", colour)
            parts.append(
                _rect(
                    x0 + s * width, top_pad + plot_h - h, width - (2 if s else 0), h, fill, stroke
                )
            )
    parts += _month_labels(points, left, step, height)
    return _svg(chart_id, title, desc, height, parts)


def _month_labels(points: list[Point], left: float, step: float, height: float) -> list[str]:
    """The months under the axis; every other one when twelve would crowd a phone's width,
    always including the last (the table beside the chart names them all)."""
    every = 2 if step < 34 else 1
    last = len(points) - 1
    # A label is about 32 units wide: keep the last one inside the drawing.
    return [
        _text(
            min(left + i * step + step / 2, WIDTH - 17),
            height - 10,
            point.label,
            size=12,
            anchor="middle",
            fill=MUTED,
        )
        for i, point in enumerate(points)
        if (last - i) % every == 0
    ]


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    points: list[Point],
    series: list[tuple[str, str]],
    ticks: list[tuple[float, str]],
) -> Markup:
    """Monthly lines, one per series, with a dot on every month that has a value."""
    left, top_pad, bottom_pad = 44.0, _top(series), 30.0
    plot_h = 150.0
    height = top_pad + plot_h + bottom_pad
    bottom = ticks[0][0] if ticks else 0
    top = ticks[-1][0] if ticks else 100
    span = (top - bottom) or 1
    parts = [_legend(series)]
    parts += _axis(left, top_pad, plot_h, top, ticks, bottom)
    step = (WIDTH - left) / max(len(points), 1)
    for s, (_, tone) in enumerate(series):
        colour = TONES.get(tone, TONES["primary"])
        coords = []
        for i, point in enumerate(points):
            value = point.values[s] if s < len(point.values) else None
            if value is None:
                coords.append(None)
                continue
            x = left + i * step + step / 2
            y = top_pad + plot_h - plot_h * (min(max(value, bottom), top) - bottom) / span
            coords.append((x, y))
        parts += _polyline(coords, colour, 2.5)
        # The first series has solid dots, the others hollow ones, to tell them apart in print.
        fill = colour if s == 0 else "#ffffff"
        parts += [
            f'<circle cx="{_n(c[0])}" cy="{_n(c[1])}" r="3.5" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2"/>'
            for c in coords
            if c
        ]
    parts += _month_labels(points, left, step, height)
    return _svg(chart_id, title, desc, height, parts)


def sparkline(
    chart_id: str,
    title: str,
    desc: str,
    values: list[float | None],
    maximum: float,
    width: int = 120,
    height: int = 30,
) -> Markup:
    """A small line of monthly values on a shared scale from 0 to maximum; gaps stay gaps."""
    top = maximum or 1
    step = (width - 8) / max(len(values) - 1, 1)
    coords = []
    for i, value in enumerate(values):
        if value is None:
            coords.append(None)
            continue
        y = height - 4 - (height - 8) * min(max(value, 0), top) / top
        coords.append((4 + i * step, y))
    parts = [_line(0, height - 4, width, height - 4, GRID)]
    parts += _polyline(coords, TONES["late"], 2)
    last = next((c for c in reversed(coords) if c), None)
    if last:
        parts.append(
            f'<circle cx="{_n(last[0])}" cy="{_n(last[1])}" r="3" fill="{TONES["late"]}"/>'
        )
    return _svg(chart_id, title, desc, height, parts, width)


def _polyline(coords: list[tuple[float, float] | None], colour: str, width: float) -> list[str]:
    """Lines through consecutive known points; a missing month breaks the line."""
    runs, run = [], []
    for c in coords + [None]:
        if c:
            run.append(c)
        elif run:
            runs.append(run)
            run = []
    return [
        f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in r)}" fill="none" '
        f'stroke="{colour}" stroke-width="{width}" stroke-linejoin="round"/>'
        for r in runs
        if len(r) > 1
    ]


def _axis(
    left: float,
    top_pad: float,
    plot_h: float,
    top: float,
    ticks: list[tuple[float, str]],
    bottom: float = 0,
) -> list[str]:
    parts = []
    span = (top - bottom) or 1
    for value, label in ticks:
        y = top_pad + plot_h - plot_h * (value - bottom) / span
        parts.append(_line(left, y, WIDTH, y, GRID))
        parts.append(_text(left - 4, y + 4, label, size=12, anchor="end", fill=MUTED))
    return parts


def _legend(series: list[tuple[str, str]]) -> str:
    """One line per series, so long names fit a phone's width."""
    parts = []
    for s, (name, tone) in enumerate(series):
        colour = TONES.get(tone, TONES["primary"])
        fill, stroke = (colour, None) if s == 0 else ("#ffffff", colour)
        y = 16 + 20 * s
        parts.append(_rect(1, y - 11, 12, 12, fill, stroke))
        parts.append(_text(20, y, name, size=14))
    return "".join(parts)


def _top(series: list) -> float:
    """Where the plot starts: under the legend."""
    return 20.0 * len(series) + 16


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round axis steps (1, 2 or 5 × 10ⁿ) from 0 to at least maximum."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if step * count >= maximum:
            break
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


RATE_STEPS = (0.5, 1, 2, 2.5, 5, 10, 20, 25)


def rate_ticks(values: list[float], most: int = 5) -> list[float]:
    """Axis steps for percentages fitted to the values, within 0–100, at most `most` ticks.

    A rate that moves between 91% and 95% gets 90, 92, 94, 96 rather than a flat line on 0–100.
    """
    if not values:
        return [0.0, 25.0, 50.0, 75.0, 100.0]
    low, high = min(values), max(values)
    for step in RATE_STEPS:
        bottom = max(0.0, math.floor(low / step) * step)
        top = min(100.0, math.ceil(high / step) * step)
        if top == bottom:
            top = min(100.0, bottom + step) if bottom < 100 else 100.0
            bottom = top - step
        if (top - bottom) / step + 1 <= most:
            count = round((top - bottom) / step)
            return [bottom + i * step for i in range(count + 1)]
    return [0.0, 25.0, 50.0, 75.0, 100.0]
