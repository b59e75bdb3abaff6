"""Regions and areas: public pages, with an area's people shown only to those whose
scope covers the area."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laa.accounts.scopes import people_visible_to
from laa.places import actions
from laa.places.models import (
    NON_STATUTORY_KINDS,
    Area,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
)
from laa.places.stamps import places_stamp
from laa.presentation.fragments import kept_page
from laa.presentation.presenters import error_list

GET_POST = require_http_methods(["GET", "POST"])
# The kinds a partnership officer may propose: partner authorities (s104) first, then the
# partners with no statutory duty; councils come from the reference data.
COUNCIL_KINDS = frozenset({OrganisationKind.COUNTY_COUNCIL, OrganisationKind.UNITARY_COUNCIL,
                           OrganisationKind.DISTRICT_COUNCIL})
PROPOSABLE_KINDS = [k for k in OrganisationKind if k not in COUNCIL_KINDS]


def regions(request):
    def context() -> dict:
        rows = Region.objects.visible_to(request.user).annotate(
            area_count=Count("areas", filter=Q(areas__valid_from__lte="2008-04-01"))
        ).order_by("name")
        return {"title": "Areas by region", "regions": rows}

    return kept_page(request, "places/regions.html", ("regions", places_stamp()), context)


def region(request, code: str):
    def context() -> dict:
        found = Region.objects.visible_to(request.user).filter(code=code).first()
        if found is None:
            raise Http404("No such region")
        areas = found.areas.annotate(district_count=Count("districts")).order_by("name")
        return {"title": found.name, "region": found, "areas": areas,
                "breadcrumbs": [{"text": "Areas", "href": "/areas/"}]}

    return kept_page(request, "places/region.html", ("region", code, places_stamp()), context)


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
    partner_authorities = [
        o for o in Organisation.objects.visible_to(request.user).filter(area=found).order_by("kind", "name")
        if o.kind not in NON_STATUTORY_KINDS and o.kind not in COUNCIL_KINDS
    ]
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
            "partner_authorities": partner_authorities,
            "can_propose": rules.has_perm("places.propose_organisation", request.user, found),
            "breadcrumbs": [
                {"text": "Areas", "href": "/areas/"},
                {"text": found.region.name, "href": f"/areas/regions/{found.region.code}"},
            ],
        },
    )


@login_required
@GET_POST
def propose_organisation(request, code: str):
    """A partnership officer proposes an organisation missing from the area's list (D6)."""
    found = Area.objects.visible_to(request.user).filter(code=code).first()
    if found is None:
        raise Http404("No such area")
    if not rules.has_perm("places.propose_organisation", request.user, found):
        raise PermissionDenied("Only the area's partnership officer proposes organisations for it.")
    values: dict = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = request.POST
        try:
            org = actions.propose_organisation(
                actor=request.user, area=found, name=request.POST.get("name", ""),
                kind=request.POST.get("kind", ""), note=request.POST.get("note", ""),
            )
        except actions.OrganisationError as exc:
            errors, status = exc.problems, 400
        else:
            messages.success(
                request, f"You proposed {org.name}. The administrator will confirm it; until then the "
                "agreement's checks name it as not known.",
            )
            return redirect("places:area", found.code)
    kind_items = [
        {"value": k.value, "text": k.label, "checked": values.get("kind") == k.value}
        for k in PROPOSABLE_KINDS
    ]
    return render(request, "places/propose_organisation.html", {
        "title": "Propose a missing organisation",
        "area": found,
        "values": values,
        "errors": errors,
        "error_list": error_list(errors),
        "kind_items": kind_items,
        "breadcrumbs": [
            {"text": "Areas", "href": "/areas/"},
            {"text": found.name, "href": f"/areas/{found.code}"},
        ],
    }, status=status)


@login_required
@GET_POST
def proposed_organisations(request):
    """The administrator confirms or rejects the organisations partnerships proposed."""
    if not rules.has_perm("places.confirm_organisation", request.user):
        raise PermissionDenied("Only the administrator confirms proposed organisations.")
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        org = Organisation.objects.visible_to(request.user).filter(pk=request.POST.get("organisation") or 0,
                                          status=OrganisationStatus.PROPOSED).first()
        if org is None:
            errors["organisation"] = "That proposal has already been dealt with"
            status = 400
        else:
            try:
                if request.POST.get("decision") == "confirm":
                    actions.confirm_organisation(actor=request.user, organisation=org)
                    messages.success(request, f"You confirmed {org.name} for {org.area.name if org.area else 'every area'}.")
                else:
                    actions.reject_organisation(actor=request.user, organisation=org,
                                                reason=request.POST.get("reason", ""))
                    messages.success(request, f"You rejected {org.name}.")
            except actions.OrganisationError as exc:
                errors, status = {f"{k}-{org.pk}": v for k, v in exc.problems.items()}, 400
            else:
                return redirect("places:proposed_organisations")
    proposals = list(
        Organisation.objects.visible_to(request.user).filter(status=OrganisationStatus.PROPOSED)
        .select_related("area", "proposed_by").order_by("area__name", "name")
    )
    return render(request, "places/proposed_organisations.html", {
        "title": "Proposed organisations",
        "proposals": proposals,
        "errors": errors,
        "error_list": error_list(errors),
        "breadcrumbs": [{"text": "Areas", "href": "/areas/"}],
    }, status=status)
