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
from django.db.models import Count, Max
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
from laa.presentation.fragments import fragment, kept_page
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
    regions = list(Region.objects.visible_to(user).order_by("name"))
    if user.region_id:  # the Government Office: its own region
        chosen = next((r for r in regions if r.pk == user.region_id), None)
    else:
        code = request.GET.get("region", "").strip()[:8]
        chosen = next((r for r in regions if r.code == code), None) if code else (regions[0] if regions else None)
    if chosen is None:
        raise Http404("There is no such region")
    day = clock.today()
    agreements = list(Agreement.objects.visible_to(user).filter(area__region=chosen, state__in=APPROVED_STATES)
                      .select_related("area", "area__region", "round").order_by("area__name"))
    # Kept per reader (ADR 0023) until an agreement of the region is approved or gets a new
    # version, a value comes in (the comparisons' stamps), or the day changes.
    versions = (AgreementVersion.objects.visible_to(user).filter(agreement__in=[a.pk for a in agreements])
                .aggregate(last=Max("id"), n=Count("id")))
    key = ("region", chosen.pk, tuple(a.pk for a in agreements), versions["last"], versions["n"],
           *comparing.stamps(user))
    return kept_page(request, "performance/region.html", key,
                     lambda: _region_page(request, user, chosen, regions, agreements, day))


def _region_page(request, user, chosen, regions, agreements, day) -> dict:
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
