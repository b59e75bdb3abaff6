"""The hub's data pages: an indicator's values across the areas for a period, an area's
values across the indicators, and one value's history (what it superseded and what
superseded it). Read through the hub's scopes: a resident sees final values only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from laa.catalogue.models import Indicator
from laa.catalogue.queries import catalogue_stamp
from laa.hub.models import Observation
from laa.hub.presenters import observation_row
from laa.hub.stamps import hub_stamp
from laa.places.models import Area
from laa.places.stamps import places_stamp
from laa.presentation.fragments import kept_page
from laa.presentation.presenters import error_list


def _values(request):
    return Observation.objects.visible_to(request.user)


def indicator_data(request, code: str):
    # Kept per reader (a resident sees final values only) until an import or the catalogue changes.
    key = ("hub-indicator", code, hub_stamp(), catalogue_stamp())
    return kept_page(request, "hub/indicator.html", key, lambda: _indicator_context(request, code))


def _indicator_context(request, code: str) -> dict:
    indicator = (Indicator.objects.visible_to(request.user).filter(code=code)
                 .prefetch_related("definitions").first())
    if indicator is None:
        raise Http404("No such indicator")
    definition = next((d for d in indicator.definitions.all() if d.is_current), None)
    whole = _values(request).current().filter(indicator=indicator, district__isnull=True, group="all")
    # Latest first; of periods ending together, the longer (2010/11 before 2010/11 Q4).
    periods = list(dict.fromkeys(whole.order_by("-period_end", "period_start", "period")
                                 .values_list("period", flat=True)))
    wanted = request.GET.get("period", "").strip()
    errors = {}
    if wanted and wanted not in periods:
        errors["period"] = f"There are no values of {indicator.code} for the period {wanted[:40]}: choose one of the list"
    period = wanted if wanted in periods else (periods[0] if periods else "")
    places = definition.decimal_places if definition else 0
    values = whole.filter(period=period).select_related("area", "ledger").order_by("area__name")
    rows = [{"area": o.area, **observation_row(o, places)} for o in values] if period else []
    return {
        "http_status": 400 if errors else 200,
        "title": f"{indicator.code}: data by area", "indicator": indicator, "definition": definition,
        "periods": periods, "period": period,
        "period_items": [{"value": p, "text": p, "selected": p == period} for p in periods], "rows": rows, "errors": errors, "error_list": error_list(errors),
        "synthetic": any(r["synthetic"] for r in rows),
        "survey": any(r["interval"] != "–" for r in rows), "rate": any(r["denominator"] != "–" for r in rows),
        "breadcrumbs": [{"text": "Indicators", "href": "/indicators/"},
                        {"text": indicator.code, "href": f"/indicators/{indicator.code}"}],
    }


def area_data(request, code: str):
    # Kept per reader until an import, the catalogue (the definitions' titles) or the places change.
    key = ("hub-area", code, hub_stamp(), catalogue_stamp(), places_stamp())
    return kept_page(request, "hub/area.html", key, lambda: _area_context(request, code))


def _area_context(request, code: str) -> dict:
    area = Area.objects.visible_to(request.user).select_related("region").filter(code=code).first()
    if area is None:
        raise Http404("No such area")
    current = _values(request).current().filter(area=area, district__isnull=True, group="all")
    latest: dict[int, int] = {}  # indicator -> its latest value, picked from (id, end) pairs
    for indicator_id, pk in current.order_by("indicator_id", "-period_end", "period").values_list("indicator_id", "id"):
        latest.setdefault(indicator_id, pk)
    values = (current.filter(pk__in=list(latest.values())).select_related("indicator", "definition", "ledger")
              .order_by("indicator__number", "indicator__code"))
    rows = [{"indicator": o.indicator, "title": o.definition.title,
             **observation_row(o, o.definition.decimal_places)} for o in values]
    return {
        "title": f"{area.name}: data by indicator", "area": area, "rows": rows,
        "synthetic": any(r["synthetic"] for r in rows),
        "breadcrumbs": [{"text": "Areas", "href": "/areas/"}, {"text": area.name, "href": f"/areas/{area.code}"}],
    }


def value_history(request, pk: int):
    value = _values(request).select_related("indicator", "definition", "area", "district").filter(pk=pk).first()
    if value is None:
        raise Http404("No such value")
    chain = (_values(request).filter(definition=value.definition, area=value.area, district=value.district,
                                     group=value.group, period=value.period)
             .select_related("ledger").order_by("-id"))  # the chain of corrections, newest first
    places = value.definition.decimal_places
    chain = list(chain)
    replacing = {o.replaces_id: o for o in chain if o.replaces_id}
    versions = []
    for o in chain:
        later = replacing.get(o.pk)
        versions.append({**observation_row(o, places), "ledger": o.ledger, "current": later is None,
                         "this": o.pk == value.pk,
                         "replaced_by": observation_row(later, places) if later is not None else None})
    where = value.area.name + (f", {value.district.name}" if value.district_id else "")
    return render(request, "hub/history.html", {
        "title": f"{value.indicator.code}, {where}, {value.period}: history", "value": value, "where": where,
        "versions": versions, "synthetic": any(v["synthetic"] for v in versions),
        "breadcrumbs": [{"text": f"{value.indicator.code} by area",
                         "href": f"/hub/indicators/{value.indicator.code}?period={value.period}"}],
    })

