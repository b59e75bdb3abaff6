"""The Area Based Grant of an area (D21; issue 14): its un-ringfenced allocations by year
and by the grants they replaced, with the priority of the agreement each is set against
where one is recorded. No reporting is attached to it. Open data: anyone may read it, as
a page and as CSV (the area: 404 outside what the reader may see of places)."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa.domain.reward import pounds
from laa.performance.models import AreaBasedGrant, PumpPrimingGrant
from laa.places.models import Area
from laa.presentation.api_lists import csv_response


def _area(user, code: str) -> Area:
    found = Area.objects.visible_to(user).filter(code=code).first()
    if found is None:
        raise Http404("There is no such area")
    return found


def allocations(user, area: Area) -> list[AreaBasedGrant]:
    """The latest row for each year and grant replaced (a later row corrects an earlier one)."""
    latest: dict[tuple[str, str], AreaBasedGrant] = {}
    for row in AreaBasedGrant.objects.visible_to(user).filter(area=area).select_related("area").order_by("id"):
        latest[(row.year, row.grant_replaced)] = row
    return sorted(latest.values(), key=lambda r: (r.year, r.grant_replaced))


@require_GET
def area_based_grant(request, area_code: str):
    area = _area(request.user, area_code)
    rows = allocations(request.user, area)
    years: dict[str, Decimal] = {}
    for r in rows:
        years[r.year] = years.get(r.year, Decimal(0)) + r.amount
    return render(request, "performance/area_based_grant.html", {
        "title": f"{area.name}: Area Based Grant", "area": area,
        "rows": [{"year": r.year, "grant": r.grant_replaced, "amount": pounds(r.amount),
                  "priority": r.priority or "Not set against a priority", "source": r.source} for r in rows],
        "years": [{"year": y, "total": pounds(t)} for y, t in years.items()],
        "pump_priming": [{"year": p.year, "paid_on": p.paid_on, "amount": pounds(p.amount),
                          "capital": pounds(p.capital), "revenue": pounds(p.amount - p.capital), "source": p.source}
                         for p in PumpPrimingGrant.objects.visible_to(request.user).filter(area=area).order_by("paid_on", "id")],
        "csv_href": reverse("performance:area_based_grant_csv", args=[area.code]),
        "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                        {"text": area.name, "href": reverse("places:area", args=[area.code])}],
    })


COLUMNS = ["area_code", "area", "year", "grant_replaced", "amount", "priority", "source"]


def _row(r: AreaBasedGrant) -> dict:
    return dict(zip(COLUMNS, [r.area.code, r.area.name, r.year, r.grant_replaced, r.amount, r.priority, r.source],
                    strict=True))


@require_GET
def area_based_grant_csv(request, area_code: str):
    area = _area(request.user, area_code)
    return csv_response([_row(r) for r in allocations(request.user, area)], COLUMNS, f"area-based-grant-{area.code}.csv")


@require_GET
def area_based_grant_all_csv(request):
    """Every area's allocations, one file (open data)."""
    latest: dict[tuple[int, str, str], AreaBasedGrant] = {}
    for row in AreaBasedGrant.objects.visible_to(request.user).select_related("area").order_by("id"):
        latest[(row.area_id, row.year, row.grant_replaced)] = row
    rows = [r for _, r in sorted(latest.items(), key=lambda kv: (kv[1].area.name, kv[0][1], kv[0][2]))]
    return csv_response([_row(r) for r in rows], COLUMNS, "area-based-grant.csv")
