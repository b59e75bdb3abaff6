"""Regions and areas: public pages, with an area's people shown only to those whose
scope covers the area."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render

from laa.accounts.scopes import people_visible_to
from laa.places.models import Area, Region


def regions(request):
    rows = Region.objects.visible_to(request.user).annotate(
        area_count=Count("areas", filter=Q(areas__valid_from__lte="2008-04-01"))
    ).order_by("name")
    return render(request, "places/regions.html", {"title": "Areas by region", "regions": rows})


def region(request, code: str):
    found = Region.objects.visible_to(request.user).filter(code=code).first()
    if found is None:
        raise Http404("No such region")
    areas = found.areas.annotate(district_count=Count("districts")).order_by("name")
    return render(
        request,
        "places/region.html",
        {"title": found.name, "region": found, "areas": areas,
         "breadcrumbs": [{"text": "Areas", "href": "/areas/"}]},
    )


def area(request, code: str):
    found = (
        Area.objects.visible_to(request.user)
        .select_related("region", "partnership", "partnership__accountable_body")
        .filter(code=code).first()
    )
    if found is None:
        raise Http404("No such area")
    partnership = getattr(found, "partnership", None)
    memberships = []
    thematic = []
    if partnership is not None:
        memberships = list(partnership.memberships.select_related("organisation"))
        thematic = list(partnership.thematic_partnerships.select_related("lead"))
    people = []
    if request.user.has_perm("places.read_area_private", found):
        people = list(
            people_visible_to(request.user).filter(area=found, is_active=True).order_by("last_name", "username")
        )
    return render(
        request,
        "places/area.html",
        {
            "title": found.name,
            "area": found,
            "partnership": partnership,
            "memberships": memberships,
            "thematic": thematic,
            "districts": list(found.districts.select_related("council")),
            "successors": list(found.succeeded_by.select_related("successor")),
            "predecessors": list(found.succeeds.select_related("predecessor")),
            "changes": [
                {"from": c.valid_from, "text": f"{c.name}, {c.get_type_display()}" + (" (two-tier)" if c.two_tier else ""),
                 "note": c.note}
                for c in found.changes.all()
            ],
            "people": people,
            "breadcrumbs": [
                {"text": "Areas", "href": "/areas/"},
                {"text": found.region.name, "href": f"/areas/regions/{found.region.code}"},
            ],
        },
    )
