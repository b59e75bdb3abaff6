"""Residents' pages (issue 13, ADR 0027), no sign-in: which areas have a published
agreement; each one's targets and progress in plain English (the version in force,
judged on final values), the published CAA flags with their evidence, and the open data
(CSV and JSON) of its progress, one row a target, and of its values. The area's page is
kept per reader (ADR 0023) under what it shows: the agreement's version in force, the
hub's and the catalogue's stamps and the published flags' stamp."""

from __future__ import annotations

import csv
import json

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa import clock
from laa.catalogue.queries import catalogue_stamp
from laa.hub.stamps import hub_stamp
from laa.performance import presenters
from laa.performance.caa import flags_of, flags_stamp
from laa.performance.caa_presenters import flag_row
from laa.performance.public import (
    PROGRESS_FIELDS,
    RESIDENT,
    VALUE_FIELDS,
    plain,
    progress_records,
    value_records,
)
from laa.performance.reading import area_progress
from laa.presentation.fragments import kept_page
from laa.presentation.presenters import govuk_date, plural
from laa.signoff.scopes import published_agreement, published_agreements
from laa.signoff.versions import version_on

FORMATS = {"csv", "json"}


@require_GET
def index(request):
    """The areas with a published agreement, each linked to its residents' page."""
    rows = published_agreements().order_by("area__name", "-round__year")[:400]
    seen, areas = set(), []
    for a in rows:
        if a.area.code not in seen:
            seen.add(a.area.code)
            areas.append({"name": a.area.name, "region": a.area.region.name,
                          "href": reverse("performance:public", args=[a.area.code])})
    return kept_page(request, "performance/public_index.html", None, lambda: {
        "title": "Progress in your area", "areas": areas,
        "breadcrumbs": [{"text": "Home", "href": reverse("home")}]})


@require_GET
def area(request, area_code: str):
    agreement = published_agreement(area_code[:16])
    day = clock.today()
    version = version_on(agreement, day)

    def page() -> dict:
        found = area_progress(RESIDENT, agreement, day)
        rows = [plain(item) | {"tag": presenters.judgement_tag(item.progress.latest.judgement)}
                for item in found.targets]
        code = agreement.area.code
        return {
            "title": f"How {agreement.area.name} is doing", "agreement": agreement, "found": found, "rows": rows,
            "day": govuk_date(day), "counts": presenters.count_rows(found.targets),
            "targets": plural(len(rows), "target"),
            "in_force_from": govuk_date(version.in_force_from) if version else "",
            "flags": [flag_row(f) for f in flags_of(RESIDENT, agreement.area)],
            "downloads": [{"text": f"Progress of each target ({fmt.upper()})",
                           "href": reverse("performance:public_data", args=[code, "progress", fmt])}
                          for fmt in ("csv", "json")] + [
                          {"text": f"{agreement.area.name}'s values ({fmt.upper()})",
                           "href": reverse("performance:public_data", args=[code, "values", fmt])}
                          for fmt in ("csv", "json")],
            "agreement_href": reverse("signoff:public_agreement", args=[code]),
            "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                            {"text": "Progress in your area", "href": reverse("performance:public_index")}],
        }

    key = ("resident-progress", agreement.pk, version.pk if version else None, day, hub_stamp(), catalogue_stamp(),
           flags_stamp(RESIDENT))
    return kept_page(request, "performance/public.html", key, page)


@require_GET
def data(request, area_code: str, what: str, fmt: str):
    """Open data: `progress` (one record a target) or `values` (the area's values), as CSV or JSON."""
    if what not in {"progress", "values"} or fmt not in FORMATS:
        raise Http404("Open data is progress or values, as csv or json")
    agreement = published_agreement(area_code[:16])
    day = clock.today()
    more = False
    if what == "progress":
        records, fields = progress_records(area_progress(RESIDENT, agreement, day)), PROGRESS_FIELDS
    else:
        (records, more), fields = value_records(agreement.area, day), VALUE_FIELDS
    name = f"{agreement.area.code}-{what}-{day.isoformat()}"
    if fmt == "json":
        body = {"area": agreement.area.code, "name": agreement.area.name, "as_on": day.isoformat(),
                "fields": list(fields), "records": records, "truncated": more}
        response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        out = csv.DictWriter(response, fieldnames=fields, extrasaction="ignore")
        out.writeheader()
        out.writerows(records)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
