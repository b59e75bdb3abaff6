"""An indicator's areas side by side as an SVG chart drawn on the server (DESIGN.md: each
chart with its data as a table beside it; the comparison page's table of areas is that
table). Areas in rank order, best first, each a marker with its 95% interval as a bar,
coloured by its significance against England (better green, not significantly different
yellow, worse red, higher or lower blue, not compared grey); England's value a dashed line.
The axis, the labels and the colours are the trajectory chart's (`laa.agreements.charts`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from laa.agreements.charts import BLACK, GREY, MID_GREY, POLARITY_NOTES, _scale, _text, _tick_label
from laa.domain.comparison import Significance, rounded
from laa.presentation.presenters import figure

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 30, 40
COLOURS = {Significance.BETTER: "#00703c", Significance.SIMILAR: "#ffdd00", Significance.WORSE: "#d4351c",
           Significance.HIGHER: "#1d70b8", Significance.LOWER: "#1d70b8", Significance.NOT_COMPARED: "#b1b4b6"}


@dataclass(frozen=True, slots=True)
class Bar:
    name: str
    value: Decimal
    lower: Decimal | None
    upper: Decimal | None
    significance: Significance


@dataclass(frozen=True, slots=True)
class ComparisonChart:
    id: str
    title: str
    description: str
    svg: Markup


def comparison_chart(*, chart_id: str, title: str, bars: Sequence[Bar], england: Decimal | None, polarity: str,
                     unit_label: str, places: int | None, reference: str = "England", what: str = "areas",
                     ranked: bool = True) -> ComparisonChart | None:
    """The chart of the areas' values in the order given; None without a value. `reference`
    names the dashed line, `what` the bars; `ranked`: the bars are in rank order (the axis
    says best and worst)."""
    if not bars:
        return None
    figures = [float(v) for b in bars for v in (b.value, b.lower, b.upper) if v is not None]
    if england is not None:
        figures.append(float(england))
    low, high, step = _scale(figures)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(bars)

    def y_of(value: Decimal) -> float:
        return TOP + plot_h * (1 - (float(value) - low) / (high - low))

    best, worst = bars[0], bars[-1]
    england_said = f" {reference} {figure(rounded(england, places or 0), places)}." if england is not None else ""
    order = "in rank order" if ranked else "in order"
    description = (f"{title}. {unit_label} of {len(bars)} {what} {order}: from {best.name} "
                   f"{figure(best.value, places)} to {worst.name} {figure(worst.value, places)}.{england_said} "
                   f"{POLARITY_NOTES.get(polarity, '')}. "
                   + ("The table below gives every area's figures." if ranked else "The table gives each one's figures."))
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="laa-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" font-family="Arial, Liberation Sans, sans-serif">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    count = round((high - low) / step)
    for i in range(count + 1):
        y = TOP + plot_h * (1 - i / count)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GREY}" stroke-width="1"/>')
        parts.append(_text(LEFT - 8, y + 4, _tick_label(low + i * step, step), anchor="end", size=11, fill=MID_GREY))
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{BLACK}" stroke-width="1.5"/>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
                 f'stroke="{BLACK}" stroke-width="1.5"/>')
    if ranked:
        parts.append(_text(LEFT, TOP + plot_h + 18, "Best", anchor="start", size=11)
                     if polarity != "neither" else _text(LEFT, TOP + plot_h + 18, "Highest", anchor="start", size=11))
        parts.append(_text(WIDTH - RIGHT, TOP + plot_h + 18, "Worst" if polarity != "neither" else "Lowest",
                           anchor="end", size=11))
    else:
        slot_w = plot_w / len(bars)
        for i, b in enumerate(bars):
            parts.append(_text(LEFT + slot_w * (i + 0.5), TOP + plot_h + 16, b.name, size=10))
    parts.append(_text(LEFT + plot_w / 2, HEIGHT - 8, f"{what.capitalize()} {order} ({len(bars)})", size=12))
    mid_y = TOP + plot_h / 2
    parts.append(_text(16, mid_y, unit_label, size=12, extra=f' transform="rotate(-90 16 {mid_y:.1f})"'))
    parts.append(_text(WIDTH - RIGHT, 16, POLARITY_NOTES.get(polarity, ""), anchor="end", size=12, weight="bold"))
    width = max(1.0, min(8.0, slot * 0.6))
    for i, b in enumerate(bars):
        x = LEFT + slot * (i + 0.5)
        colour = COLOURS[b.significance]
        if b.lower is not None and b.upper is not None:
            parts.append(f'<line x1="{x:.1f}" y1="{y_of(b.upper):.1f}" x2="{x:.1f}" y2="{y_of(b.lower):.1f}" '
                         f'stroke="{MID_GREY}" stroke-width="1"/>')
        y = y_of(b.value)
        parts.append(f'<rect x="{x - width / 2:.1f}" y="{y - width / 2:.1f}" width="{width:.1f}" height="{width:.1f}" '
                     f'fill="{colour}" stroke="{BLACK}" stroke-width="0.5"/>')
    if england is not None:
        y = y_of(england)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{BLACK}" '
                     f'stroke-width="1.5" stroke-dasharray="6 4"/>')
        named = reference[:1].upper() + reference[1:]
        if ranked:
            parts.append(_text(WIDTH - RIGHT - 2, y - 5, named, anchor="end", size=11, weight="bold"))
        else:  # a key above the plot: a label on the line would sit on the groups' markers
            parts.append(f'<line x1="{LEFT}" y1="12" x2="{LEFT + 24}" y2="12" stroke="{BLACK}" '
                         f'stroke-width="1.5" stroke-dasharray="6 4"/>')
            parts.append(_text(LEFT + 30, 16, named, anchor="start", size=11, weight="bold"))
    parts.append("</svg>")
    return ComparisonChart(chart_id, title, description, Markup("".join(parts)))
