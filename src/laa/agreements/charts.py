"""A target's trajectory as an SVG chart, drawn on the server (DESIGN.md: charts as SVG,
each with its data as a table beside it).

    chart = trajectory_chart(chart_id="t-ni-16", title="NI 16: Serious acquisitive crime rate",
                             points=[Point("2007/08", Decimal("36"), "baseline"), ...],
                             polarity="lower", unit_label="Rate", places=2)
    chart.svg    # Markup: <svg role="img" aria-labelledby="... -title ...-desc"> with <title>, <desc>
    chart.rows   # the same figures, for the GOV.UK table beside the chart

The baseline is a hollow circle, yearly targets are joined by a line, a stretched
(reward) target is a green diamond beside its year. Reported values (the progress page)
are black squares joined by a black line, each with its confidence interval as a bar
when it has one; a forecast is a hollow black diamond on a dashed line. The indicator's polarity is written on the chart and
said in its description, so a screen reader hears what "better" means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from markupsafe import Markup, escape

from laa.presentation.presenters import figure

Kind = Literal["baseline", "target", "stretched", "observed", "forecast"]

KIND_LABELS: dict[str, str] = {
    "baseline": "Baseline",
    "target": "Target",
    "stretched": "Stretched target (reward element)",
    "observed": "Reported value",
    "forecast": "Forecast from the trend so far",
}
# Points drawn beside the trajectory, not on its line.
BESIDE: frozenset[str] = frozenset({"stretched", "observed", "forecast"})
POLARITY_NOTES: dict[str, str] = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "neither": "Neither higher nor lower is better",
}

# Geometry (SVG user units; the chart scales to its box).
WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 30, 50
# GOV.UK colours
BLUE, BLACK, GREY, MID_GREY, GREEN = "#1d70b8", "#0b0c0c", "#b1b4b6", "#505a5f", "#00703c"


@dataclass(frozen=True, slots=True)
class Point:
    period: str  # "2007/08", "autumn 2008", "2010/11"
    value: Decimal | None  # None: no figure for that year (a biennial survey, a placeholder)
    kind: Kind = "target"
    lower: Decimal | None = None  # a reported value's confidence interval, when it has one
    upper: Decimal | None = None
    note: str = ""  # said after the kind in the table: the period a reported value is for


@dataclass(frozen=True, slots=True)
class ChartRow:
    period: str
    figure: str
    what: str


@dataclass(frozen=True, slots=True)
class TrajectoryChart:
    id: str
    title: str
    description: str
    polarity_note: str
    svg: Markup
    rows: tuple[ChartRow, ...]


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover


def _scale(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) of a y axis covering the values, on round numbers."""
    low, high = min(values), max(values)
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if low < 0 <= min(values):
        low = 0.0
    return low, high, step


def _tick_label(value: float, step: float) -> str:
    exponent = Decimal(repr(step)).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:,.{places}f}"


# Advance widths of the printable ASCII characters (32 to 126) in thousandths of an em,
# regular and bold: Arial's metrics, which Liberation Sans (the font the PDF is printed
# in) shares. A label is placed from where its text starts, its width measured here,
# rather than with text-anchor: WeasyPrint draws each anchored text in a PDF group of its
# own (a stream per label: 655 in Kent's agreement, 60 % of its PDF; benchmarks/README.md).
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 "
    "556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 556 278 889 "
    "611 611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584"
)
ADVANCES: dict[str, dict[str, int]] = {
    weight: {chr(32 + i): int(w) for i, w in enumerate(table.split())}
    for weight, table in (("normal", _REGULAR), ("bold", _BOLD))
}
OTHER_ADVANCE = 556  # a character outside the table: an average letter's width


def text_width(content: str, size: float, weight: str = "normal") -> float:
    """The width of a label in SVG units (the characters' advances, no kerning: as
    WeasyPrint draws SVG text, one letter after another)."""
    advances = ADVANCES[weight]
    return sum(advances.get(c, OTHER_ADVANCE) for c in content) * size / 1000


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = 12,
          fill: str = BLACK, weight: str = "normal", extra: str = "") -> str:
    """A label whose `anchor` (start, middle or end) is at (x, y), drawn from its start."""
    shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor] * text_width(content, size, weight)
    return (
        f'<text x="{x - shift:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'font-weight="{weight}"{extra}>{escape(content)}</text>'
    )


def _with_interval(p: Point, places: int | None) -> str:
    shown = figure(p.value, places)
    if p.lower is not None and p.upper is not None:
        shown += f" (95% interval {figure(p.lower, places)} to {figure(p.upper, places)})"
    return shown


def describe(title: str, points: Sequence[Point], polarity: str, unit_label: str, places: int | None) -> str:
    said = []
    for p in points:
        if p.value is None:
            continue
        if p.kind == "baseline":
            said.append(f"baseline {figure(p.value, places)} in {p.period}")
        elif p.kind == "stretched":
            said.append(f"stretched target {figure(p.value, places)} in {p.period}")
        elif p.kind == "observed":
            said.append(f"reported value {_with_interval(p, places)} in {p.period}")
        elif p.kind == "forecast":
            said.append(f"forecast {figure(p.value, places)} in {p.period}")
        else:
            said.append(f"target {figure(p.value, places)} in {p.period}")
    body = "; ".join(said) if said else "no figures yet"
    note = POLARITY_NOTES.get(polarity, "")
    return f"{title}. {unit_label}: {body}. {note}."


def trajectory_chart(
    *, chart_id: str, title: str, points: Sequence[Point], polarity: str, unit_label: str,
    places: int | None = None,
) -> TrajectoryChart | None:
    """The chart of a trajectory; None when no point has a figure (a placeholder)."""
    shown = [p for p in points if p.value is not None]
    if not shown:
        return None
    periods: list[str] = []
    for p in points:
        if p.kind not in BESIDE and p.period not in periods:
            periods.append(p.period)
    for p in points:
        if p.period not in periods:
            periods.append(p.period)
    figures = [float(v) for p in shown for v in (p.value, p.lower, p.upper) if v is not None]
    low, high, step = _scale(figures)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(periods)

    def x_of(period: str) -> float:
        return LEFT + slot * (periods.index(period) + 0.5)

    def y_of(value: Decimal) -> float:
        return TOP + plot_h * (1 - (float(value) - low) / (high - low))

    description = describe(title, points, polarity, unit_label, places)
    note = POLARITY_NOTES.get(polarity, "")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="laa-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" font-family="Arial, Liberation Sans, sans-serif">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    # Gridlines and y tick labels
    count = round((high - low) / step)
    for i in range(count + 1):
        value = low + i * step
        y = TOP + plot_h * (1 - i / count)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GREY}" stroke-width="{1 if i else 1.5}"/>')
        parts.append(_text(LEFT - 8, y + 4, _tick_label(value, step), anchor="end", size=11, fill=MID_GREY))
    # Axes
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{BLACK}" stroke-width="1.5"/>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{BLACK}" stroke-width="1.5"/>')
    for period in periods:
        parts.append(_text(x_of(period), TOP + plot_h + 18, period, size=11))
    parts.append(_text(LEFT + plot_w / 2, HEIGHT - 12, "Period", size=12))
    mid_y = TOP + plot_h / 2
    parts.append(_text(16, mid_y, unit_label, size=12, extra=f' transform="rotate(-90 16 {mid_y:.1f})"'))
    # Polarity: written, with an arrow pointing the better way at the right
    if note:
        has_arrow = polarity in {"higher", "lower"}
        parts.append(_text(WIDTH - RIGHT - (14 if has_arrow else 0), 16, note, anchor="end", size=12, weight="bold"))
        if has_arrow:
            ax = WIDTH - RIGHT - 4
            tip, tail = (5, 20) if polarity == "higher" else (20, 5)
            head = 5 if polarity == "higher" else -5
            parts.append(
                f'<path d="M{ax:.1f} {tail} L{ax:.1f} {tip} M{ax - 4:.1f} {tip + head} L{ax:.1f} {tip} '
                f'L{ax + 4:.1f} {tip + head}" stroke="{BLACK}" stroke-width="1.5" fill="none"/>'
            )
    # The trajectory: baseline and yearly targets joined in order; a gap is dashed
    line = [p for p in points if p.kind not in BESIDE]
    previous: Point | None = None
    gap = False
    for p in line:
        if p.value is None:
            gap = previous is not None
            continue
        if previous is not None:
            dash = ' stroke-dasharray="5 4"' if gap or previous.kind == "baseline" else ""
            parts.append(
                f'<line x1="{x_of(previous.period):.1f}" y1="{y_of(previous.value):.1f}" '  # type: ignore[arg-type]
                f'x2="{x_of(p.period):.1f}" y2="{y_of(p.value):.1f}" stroke="{BLUE}" stroke-width="2.5"{dash}/>'
            )
        previous, gap = p, False
    parts += _reported(points, x_of, y_of)
    # Markers (the figures are in the table beside the chart: SVG text is costly to print)
    for p in shown:
        x, y = x_of(p.period), y_of(p.value)  # type: ignore[arg-type]
        if p.kind == "baseline":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{BLACK}" stroke-width="2"/>')
        elif p.kind == "stretched":
            parts.append(f'<path d="M{x + 14:.1f} {y - 7:.1f} l7 7 l-7 7 l-7 -7 z" fill="{GREEN}"/>')
        elif p.kind == "observed":
            parts.append(f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{BLACK}"/>')
        elif p.kind == "forecast":
            parts.append(f'<path d="M{x:.1f} {y - 7:.1f} l7 7 l-7 7 l-7 -7 z" fill="#ffffff" stroke="{BLACK}" stroke-width="2"/>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{BLUE}"/>')
    parts.append("</svg>")
    rows = tuple(
        ChartRow(p.period, _with_interval(p, places) if p.value is not None else "Not set", KIND_LABELS[p.kind] + (f" ({p.note})" if p.note else ""))
        for p in points
    )
    return TrajectoryChart(
        id=chart_id, title=title, description=description, polarity_note=note,
        svg=Markup("".join(parts)), rows=rows,
    )


def _reported(points: Sequence[Point], x_of, y_of) -> list[str]:
    """Reported values joined by a black line (a dashed one on to the forecast), each
    interval as a bar with caps."""
    parts = []
    reported = [p for p in points if p.kind in {"observed", "forecast"} and p.value is not None]
    for before, after in zip(reported, reported[1:], strict=False):
        dash = ' stroke-dasharray="5 4"' if after.kind == "forecast" else ""
        parts.append(f'<line x1="{x_of(before.period):.1f}" y1="{y_of(before.value):.1f}" x2="{x_of(after.period):.1f}" '
                     f'y2="{y_of(after.value):.1f}" stroke="{BLACK}" stroke-width="2"{dash}/>')
    for p in reported:
        if p.lower is None or p.upper is None:
            continue
        x, top, bottom = x_of(p.period), y_of(p.upper), y_of(p.lower)
        parts.append(f'<path d="M{x:.1f} {top:.1f} L{x:.1f} {bottom:.1f} M{x - 5:.1f} {top:.1f} L{x + 5:.1f} {top:.1f} '
                     f'M{x - 5:.1f} {bottom:.1f} L{x + 5:.1f} {bottom:.1f}" stroke="{BLACK}" stroke-width="1.5" fill="none"/>')
    return parts
