"""The progress pages (issue 13, ADR 0022): an area's progress against its agreement (each
target of the version in force with its latest value, the trajectory's value for that
year, the judgement and its reason, a trajectory chart with the values so far and its
table), off track first. Read by the area's partnership, its Government Office and
national readers. The region's view: each area's counts, the areas with most targets off
track first, and the region's hotspots (ADR 0026), for the Government Office and national
readers."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Subquery, Sum, Value
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa import clock
from laa.agreements.models import Agreement
from laa.domain.hotspots import DEFAULT_HOTSPOT_RULES
from laa.domain.progress import JUDGEMENT_ORDER
from laa.domain.reviews import APPROVED_STATES
from laa.performance import alerts, comparing, presenters
from laa.performance.comparison_presenters import hotspot_rows
from laa.performance.delivery import exceptions_of, words_of
from laa.performance.reading import area_progress, progress_agreement
from laa.performance.views_delivery import words_href
from laa.places.models import Region
from laa.presentation.fragments import first_row, fragment, kept_page, reader
from laa.presentation.presenters import govuk_date, plural
from laa.signoff.models import AgreementVersion


@login_required
@require_GET
def area(request, area_code: str):
    agreement = progress_agreement(request.user, area_code)
    day = clock.today()
    found = area_progress(request.user, agreement, day)
    rows = [presenters.target_row(item, i, agreement.area.code) for i, item in enumerate(found.targets, start=1)]
    words = words_of(request.user, agreement)
    for row in rows:
        said = words.get(row["key"])
        latest = said.commentary[0] if said and said.commentary else None
        row["words_href"] = words_href(agreement.area.code, row["key"])
        row["commentary"] = {"period": latest.period, "why": latest.why, "at": govuk_date(latest.at)} if latest else None
        row["actions"] = plural(len(said.actions), "action") if said and said.actions else ""
    return render(request, "performance/progress.html", {
        "title": f"{agreement.area.name}: progress against the agreement",
        "agreement": agreement, "found": found, "rows": rows, "day": govuk_date(day),
        "counts": presenters.count_rows(found.targets), "targets": plural(len(rows), "target"),
        "version_href": reverse("signoff:version", args=[agreement.area.code, found.version.number])
        if found.version else "",
        "in_force_from": govuk_date(found.version.in_force_from) if found.version else "",
        "follow": alerts.follow_state(request.user, agreement.area, request.path),
        "exceptions": plural(len(exceptions_of(found, words, day)), "exception"),
        "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                        {"text": agreement.area.name, "href": reverse("agreements:detail", args=[agreement.area.code])}],
    })


@login_required
@require_GET
def region(request):
    """The region's areas with how many of their targets are off track, at risk, on track
    and not judged: the areas with most off track first."""
    user = request.user
    if not rules.has_perm("performance.view_region_progress", user):
        raise PermissionDenied("The region's progress is for its Government Office and national readers")
    code = "" if user.region_id else request.GET.get("region", "").strip()[:8]
    # Kept per reader (ADR 0023) until an agreement of the region is approved or gets a new
    # version, a value comes in (the comparisons' stamps), or the day changes.
    shown = _region_key(request, user, code)
    key = None if shown is None else ("region", shown, *comparing.stamps(user))
    return kept_page(request, "performance/region.html", key, lambda: _region_page(request, user, code))


def _region_key(request, user, code: str) -> tuple | None:
    """The region shown (the Government Office's own, else the one asked for, else the
    first by name) with its approved agreements (their count and ids' sum) and their
    versions (append-only: newest id and count), in one query whose SQL is built once per
    reader and region asked for (`first_row`). None: no such region."""
    def query():
        regions = Region.objects.visible_to(user)
        if user.region_id:
            regions = regions.filter(pk=user.region_id)
        elif code:
            regions = regions.filter(code=code)
        approved = (Agreement.objects.visible_to(user).filter(area__region=OuterRef("pk"), state__in=APPROVED_STATES)
                    .order_by().annotate(one=Value(1)).values("one"))
        versions = (AgreementVersion.objects.visible_to(user)
                    .filter(agreement__area__region=OuterRef("pk"), agreement__state__in=APPROVED_STATES)
                    .order_by().annotate(one=Value(1)).values("one"))
        return regions.order_by("name").values_list(
            "pk", Subquery(approved.annotate(n=Count("id")).values("n")[:1]),
            Subquery(approved.annotate(s=Sum("id")).values("s")[:1]),
            Subquery(versions.annotate(m=Max("id")).values("m")[:1]),
            Subquery(versions.annotate(n=Count("id")).values("n")[:1]))
    return first_row(("region-progress", reader(request), code), query)


def _region_page(request, user, code: str) -> dict:
    regions = list(Region.objects.visible_to(user).order_by("name"))
    if user.region_id:  # the Government Office: its own region
        chosen = next((r for r in regions if r.pk == user.region_id), None)
    else:
        chosen = next((r for r in regions if r.code == code), None) if code else (regions[0] if regions else None)
    if chosen is None:
        raise Http404("There is no such region")
    day = clock.today()
    agreements = list(Agreement.objects.visible_to(user).filter(area__region=chosen, state__in=APPROVED_STATES)
                      .select_related("area", "area__region", "round").order_by("area__name"))
    areas = [presenters.area_counts(area_progress(user, a, day)) for a in agreements]
    areas.sort(key=lambda a: (-a["off_track"], -a["at_risk"], a["name"]))
    rule = DEFAULT_HOTSPOT_RULES.says()
    # The region's hotspots as HTML, kept per import (the comparisons' stamps): the same for every reader.
    hotspots_html = fragment(request, "performance/_hotspots.html", ("region", chosen.code, *comparing.stamps(user)),
                             lambda: {"rows": hotspot_rows(*comparing.hotspots_for(user, region_code=chosen.code)),
                                      "rule": rule, "region_name": chosen.name})
    return {
        "hotspots_html": hotspots_html, "rule": rule, "region_name": chosen.name,
        "title": f"{chosen.government_office}: progress of the region's agreements", "region": chosen,
        "areas": areas, "day": govuk_date(day), "judgements": [presenters.judgement_tag(j) for j in JUDGEMENT_ORDER],
        "region_items": [{"value": r.code, "text": r.name, "selected": r.pk == chosen.pk} for r in regions]
        if not user.region_id else [],
        "breadcrumbs": [{"text": "Home", "href": reverse("home")}],
    }
