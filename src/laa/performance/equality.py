"""Equality breakdowns of an indicator for an area (issue 13; D18): the hub's values per
group (`Observation.group`; the groups an indicator may be given for are its supplier's
`group_dimensions`), each group's value with its interval and its gap to the whole
population's, significant or not by interval overlap (laa.domain.equality), and each
dimension's gap between its highest and lowest group over the periods held. Read through
the hub's scope (a resident: final values only), of periods ended by the service's day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from laa import clock
from laa.domain.comparison import AreaValue, Significance
from laa.domain.equality import (
    DimensionGap,
    GroupGap,
    dimension_gaps,
    gap_says,
    group_gaps,
    whole_reference,
)
from laa.domain.hub.groups import ALL, LABELS, group_label
from laa.hub.models import Observation
from laa.performance.charts import Bar, comparison_chart
from laa.performance.comparing import IndicatorFacts
from laa.performance.presenters import UNIT_LABELS
from laa.presentation.presenters import figure

_COLUMNS = ("period", "period_end", "group", "value", "status", "numerator", "denominator", "ci_lower", "ci_upper",
            "sample_size")


class Refused(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class PeriodValues:
    code: str
    end: date
    values: dict[str, AreaValue]  # by group, "all" the whole population


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def periods_with_groups(user, facts: IndicatorFacts, area_id: int) -> list[PeriodValues]:
    """The area-level values of the periods (ended by today) that have a group's value, latest first."""
    rows = (Observation.objects.visible_to(user).current()
            .filter(indicator__code=facts.code, area_id=area_id, district__isnull=True, period_end__lte=clock.today())
            .values_list(*_COLUMNS))
    found: dict[tuple[str, date], dict[str, AreaValue]] = defaultdict(dict)
    for period, end, group, value, status, num, den, lower, upper, size in rows:
        found[(period, end)][group] = AreaValue(group, _d(value), status, _d(num), _d(den), _d(lower), _d(upper), size)
    held = [PeriodValues(p, end, values) for (p, end), values in found.items() if set(values) - {ALL}]
    held.sort(key=lambda p: (p.end, p.code), reverse=True)
    return held


def breakdown(facts: IndicatorFacts, periods: list[PeriodValues], period_code: str) -> dict[str, Any]:
    """The page's content for the period asked for (the latest with groups by default);
    Refused naming the field when the period is not one held."""
    if not periods:
        return {"periods": [], "period": None}
    chosen = periods[0] if not period_code else next(
        (p for p in periods if p.code.lower() == period_code.lower()), None)
    if chosen is None:
        raise Refused({"period": "Choose a period the hub holds group values for"})
    measure, places = facts.measure, facts.decimal_places
    gaps = group_gaps(measure, chosen.values.get(ALL), chosen.values)
    whole = chosen.values.get(ALL)
    _, whole_interval = whole_reference(measure, whole)
    rows = [_row(g, places) for g in gaps]
    bars = [Bar(group_label(g.group).partition(": ")[2], g.value.value, g.interval.lower if g.interval else None,
                g.interval.upper if g.interval else None, g.significance)
            for g in gaps if g.value.value is not None]
    chart = comparison_chart(chart_id="groups-chart", title=f"{facts.code}: {facts.title}, {chosen.code}, by group",
                             bars=bars, england=whole.value if whole else None, polarity=measure.polarity,
                             unit_label=UNIT_LABELS.get(measure.unit, measure.unit), places=places,
                             reference="the whole population", what="groups", ranked=False)
    trend = _trend(facts, periods)
    return {
        "periods": [{"value": p.code, "text": p.code, "selected": p is chosen} for p in periods],
        "period": chosen, "rows": rows, "chart": chart, "trend": trend,
        "whole": _value(whole, whole_interval, places) if whole else None,
        "dimensions": [_dimension(d, places) for d in dimension_gaps(measure, gaps)],
    }


def _value(v: AreaValue, interval, places: int) -> dict[str, str]:
    shown = "Suppressed" if v.value is None else figure(v.value, places)
    return {"value": shown, "status": v.status,
            "interval": f"{figure(interval.lower, places)} to {figure(interval.upper, places)} ({interval.method})"
            if interval else "No interval"}


def _row(g: GroupGap, places: int) -> dict[str, Any]:
    return {"group": group_label(g.group), "code": g.group, **_value(g.value, g.interval, places),
            "gap": "–" if g.gap is None else f"{'+' if g.gap > 0 else ''}{figure(g.gap, places)}",
            "says": gap_says(g, places), "significant": g.significance not in {Significance.SIMILAR,
                                                                                 Significance.NOT_COMPARED},
            "significance": g.significance.value}


def _dimension(d: DimensionGap, places: int) -> dict[str, Any]:
    name = LABELS.get(d.dimension, d.dimension)
    if d.gap is None:
        return {"name": name, "says": "Fewer than two groups with a value: no gap"}
    said = ("significant (their intervals do not overlap)" if d.significant else
            "not significant (their intervals overlap)" if d.significant is False else "not tested (no interval)")
    return {"name": name, "gap": figure(d.gap, places),
            "says": f"{group_label(d.highest or '')} highest, {group_label(d.lowest or '')} lowest: "
                    f"a gap of {figure(d.gap, places)}, {said}"}


def _trend(facts: IndicatorFacts, periods: list[PeriodValues]) -> list[dict[str, Any]]:
    """Each dimension's gap between its highest and lowest group in each period, oldest first."""
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for p in reversed(periods):
        gaps = group_gaps(facts.measure, p.values.get(ALL), p.values)
        for d in dimension_gaps(facts.measure, gaps):
            found[d.dimension].append({"period": p.code, **_dimension(d, facts.decimal_places)})
    return [{"name": LABELS.get(k, k), "points": v} for k, v in found.items()]
