"""What the comparison page shows (issue 13): each area's value with its interval, its rank and
quartile (among all areas, in the region chosen, or among the peers of the area chosen), its
significance against England and its region as GOV.UK tags, its trend in words; the chart
of the areas in rank order; the filters as GET forms. Figures through the one formatter."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from laa.catalogue.models import Unit
from laa.domain.comparison import AreaComparison, Significance, Standing, quartile_label, rounded
from laa.domain.hotspots import Hotspot
from laa.hub.presenters import status_tag
from laa.performance.charts import Bar, comparison_chart
from laa.performance.comparing import IndicatorComparison, Placings
from laa.performance.peers import KINDS
from laa.presentation.presenters import figure

SIGNIFICANCE_TAGS = {Significance.BETTER: "govuk-tag--green", Significance.SIMILAR: "govuk-tag--yellow",
                     Significance.WORSE: "govuk-tag--red", Significance.HIGHER: "govuk-tag--blue",
                     Significance.LOWER: "govuk-tag--blue", Significance.NOT_COMPARED: "govuk-tag--grey"}
SHORT = {Significance.BETTER: "Better", Significance.SIMILAR: "Similar", Significance.WORSE: "Worse",
         Significance.HIGHER: "Higher", Significance.LOWER: "Lower", Significance.NOT_COMPARED: "Not compared"}


def significance_tag(s: Significance, reference: str) -> dict[str, str]:
    return {"text": SHORT[s], "classes": SIGNIFICANCE_TAGS[s], "title": s.says(reference)}


def selection(found: IndicatorComparison, region: str, area: str) -> tuple[str, list[AreaComparison]]:
    """What the table shows: the area chosen and its peers; else the region chosen; else all."""
    rows = list(found.comparison.areas) if found.comparison else []
    if area and area in found.places:
        group = {area, *found.peers.get(area, ())}
        return "peers", [r for r in rows if r.area in group]
    if region:
        return "region", [r for r in rows if found.places[r.area].region_code == region]
    return "england", rows


def _standing(row: AreaComparison, scope: str) -> Standing | None:
    return {"england": row.england, "region": row.in_region, "peers": row.among_peers}[scope]


def context(found: IndicatorComparison, *, region: str, area: str) -> dict[str, Any]:
    facts = found.indicator
    places, polarity = facts.decimal_places, facts.measure.polarity
    scope, chosen = selection(found, region, area)
    comparison = found.comparison
    rows = []
    for r in chosen:
        place = found.places[r.area]
        standing = _standing(r, scope)
        v = r.value
        trend = found.trends.get(r.area)
        rows.append({
            "code": r.area, "name": place.name, "region": place.region, "type": place.type,
            "href": reverse("hub:area", args=[r.area]),
            "rank": f"{standing.rank} of {standing.of}" if standing else "",
            "quartile": quartile_label(standing.quartile, polarity) if standing else "",
            "value": figure(v.value, places) if v is not None and v.value is not None else (r.why_not_ranked),
            "status": status_tag(v.status) if v is not None and v.status != "final" else None,
            "interval": (f"{figure(rounded(r.interval.lower, places), places)} to "
                         f"{figure(rounded(r.interval.upper, places), places)}" if r.interval else ""),
            "method": r.interval.method if r.interval else "",
            "vs_england": significance_tag(r.vs_england, "England") if r.england else None,
            "vs_region": significance_tag(r.vs_region, place.region) if r.england else None,
            "trend": trend.says if trend else "Cannot be calculated (no values)",
            "chosen": r.area == area,
        })
    bars = [Bar(found.places[r.area].name, r.value.value, r.interval.lower if r.interval else None,
                r.interval.upper if r.interval else None, r.vs_england)
            for r in chosen if r.value is not None and r.value.value is not None]
    unit = dict(Unit.choices).get(facts.measure.unit, facts.measure.unit)
    england = comparison.england if comparison else None
    region_name = next((p.region for p in found.places.values() if p.region_code == region), "")
    return {
        "rows": rows, "scope": scope, "unit": unit,
        "england": england.describe(places) if england else "",
        "region_reference": comparison.regions[region_name].describe(places)
        if comparison and region_name in comparison.regions else "",
        "chart": comparison_chart(
            chart_id="comparison-chart", title=f"{facts.code}: {facts.title} ({found.period.code})"
            if found.period else facts.code, bars=bars, england=england.value if england else None,
            polarity=polarity, unit_label=unit, places=places),
        "period_items": [{"value": p.code, "text": f"{p.code} ({p.areas} areas)",
                          "selected": found.period is not None and p.code == found.period.code}
                         for p in found.periods],
        "region_items": [{"value": "", "text": "All of England"}] + [
            {"value": code, "text": name, "selected": code == region}
            for code, name in sorted({(p.region_code, p.region) for p in found.places.values()},
                                     key=lambda x: x[1])],
        "area_items": [{"value": "", "text": "No area chosen"}] + [
            {"value": code, "text": p.name, "selected": code == area}
            for code, p in sorted(found.places.items(), key=lambda x: x[1].name)],
        "peer_items": [{"value": k, "text": text, "selected": k == found.peers_kind} for k, text in KINDS.items()],
        "chosen_area": found.places[area].name if scope == "peers" else "",
        "chosen_region": region_name if scope == "region" else "",
    }


def hotspot_rows(found: Placings, spots: tuple[Hotspot, ...]) -> list[dict[str, Any]]:
    """Each hotspot with its area and the indicators in the worst quartile, each linked to its
    comparison for the period compared."""
    rows = []
    for h in spots:
        place = found.places.get(h.area)
        rows.append({
            "area": place.name if place else h.area, "code": h.area, "region": place.region if place else "",
            "theme": h.theme, "count": len(h.indicators),
            "indicators": [{"code": c, "title": found.indicators[c].title, "period": found.periods.get(c, ""),
                            "href": reverse("performance:indicator", args=[c]) + "?" + urlencode(
                                {"period": found.periods.get(c, ""), "area": h.area})} for c in h.indicators],
        })
    return rows
