"""What the progress pages show of each target: its judgement as a GOV.UK tag (green on
track, yellow at risk, red off track, grey no judgement) with the reason in words, the
latest value against the trajectory's value for its year, a forecast of the final year,
and the trajectory chart with the values so far (laa.agreements.charts), its data table
beside it. Figures through the one formatter (`laa.presentation.presenters.figure`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from laa.agreements.charts import Point, trajectory_chart
from laa.catalogue.models import Unit
from laa.domain.progress import JUDGEMENT_ORDER, Judgement, counts
from laa.hub.presenters import status_tag
from laa.performance.reading import AreaProgress, TargetProgress
from laa.presentation.presenters import figure

UNIT_LABELS = dict(Unit.choices)
JUDGEMENT_TAGS = {Judgement.ON_TRACK: "govuk-tag--green", Judgement.AT_RISK: "govuk-tag--yellow",
                  Judgement.OFF_TRACK: "govuk-tag--red", Judgement.NONE: "govuk-tag--grey"}


def judgement_tag(judgement: Judgement) -> dict[str, str]:
    return {"text": judgement.label, "classes": JUDGEMENT_TAGS[judgement]}


def count_rows(items: tuple[TargetProgress, ...]) -> list[dict[str, Any]]:
    """How many targets are off track, at risk, on track and not judged (off track first)."""
    found = counts(t.progress.latest.judgement for t in items)
    return [{"tag": judgement_tag(j), "count": found[j], "judgement": j.value} for j in JUDGEMENT_ORDER]


def area_counts(found: AreaProgress) -> dict[str, Any]:
    """An area's row of the region's view: its counts by judgement and a link to its page."""
    tally = counts(t.progress.latest.judgement for t in found.targets)
    area = found.agreement.area
    return {"name": area.name, "code": area.code, "href": reverse("performance:area", args=[area.code]),
            "in_force": found.version is not None, "targets": len(found.targets),
            **{j.value: tally[j] for j in JUDGEMENT_ORDER}}


def target_anchor(key: str, index: int) -> str:
    """The id of a target's section on the progress page (`index`: its place, from 1)."""
    return f"progress-{slugify(key) or index}-{index}"


def target_row(item: TargetProgress, index: int, area_code: str = "", with_chart: bool = True) -> dict[str, Any]:
    """A target's progress as a page shows it (`with_chart`: with its trajectory chart)."""
    target, facts, result = item.target, item.facts, item.progress
    places = facts.decimal_places if facts else None
    latest = result.latest
    value = latest.value
    shown = ""
    if value is not None:
        shown = figure(value.value, places) if value.value is not None else "Suppressed"
    interval = (f"{figure(latest.interval[0], places)} to {figure(latest.interval[1], places)}"
                if latest.interval else "")
    forecast = result.forecast
    return {
        "key": target.key, "indicator": target.indicator,
        "title": facts.title if facts else target.indicator,
        "compare_href": reverse("performance:indicator", args=[target.indicator]) + "?" + urlencode(
            {"area": area_code}) if facts and facts.national and area_code else "",
        "anchor": target_anchor(target.key, index),
        "scope": target.scope.describe() or "The whole area",
        "tag": judgement_tag(latest.judgement), "reason": latest.reason, "year": latest.year,
        "period": value.period if value else "", "value": shown, "interval": interval,
        "status": status_tag(value.status) if value else None,
        "trajectory": figure(latest.trajectory, places) if latest.trajectory is not None else "–",
        "forecast": (f"{figure(forecast.value, places)} in {forecast.year}"
                     + ("" if forecast.meets is None else (", meeting the target" if forecast.meets
                                                           else ", short of the target"))) if forecast else "",
        "forecast_note": forecast.note if forecast else "",
        "years": [{"year": y.year, "tag": judgement_tag(y.judgement), "reason": y.reason} for y in result.years],
        "chart": chart(item, index) if with_chart else None,
    }


def chart(item: TargetProgress, index: int):
    """The trajectory with the values so far and the forecast; None when nothing has a figure."""
    target, facts, result = item.target, item.facts, item.progress
    places = facts.decimal_places if facts else None
    points: list[Point] = []
    if target.baseline.value is not None:
        points.append(Point(target.baseline.period or "Baseline", target.baseline.value, "baseline"))
    years = [y.year for y in result.years]
    points += [Point(year, target.yearly.get(year), "target") for year in years]
    reported = set()
    for y in result.years:
        if y.value is not None and y.value.value is not None:
            lower, upper = y.interval if y.interval else (None, None)
            note = y.value.period if y.value.period != y.year else ""
            points.append(Point(y.year, y.value.value, "observed", lower, upper, note))
            reported.add(y.year)
    if result.forecast is not None and result.forecast.year not in reported:
        points.append(Point(result.forecast.year, Decimal(result.forecast.value), "forecast"))
    unit = UNIT_LABELS.get(facts.unit, facts.unit) if facts else "Value"
    return trajectory_chart(chart_id=f"progress-chart-{index}", title=f"{target.key}: {facts.title if facts else ''}".rstrip(": "),
                            points=points, polarity=facts.polarity if facts else "neither", unit_label=unit,
                            places=places)
