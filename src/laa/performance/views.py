"""The progress pages (issue 13, ADR 0022): an area's progress against its agreement (each
target of the version in force with its latest value, the trajectory's value for that
year, the judgement and its reason, a trajectory chart with the values so far and its
table), off track first. Read by the area's partnership, its Government Office and
national readers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa import clock
from laa.performance import presenters
from laa.performance.reading import area_progress, progress_agreement
from laa.presentation.presenters import govuk_date, plural


@login_required
@require_GET
def area(request, area_code: str):
    agreement = progress_agreement(request.user, area_code)
    day = clock.today()
    found = area_progress(request.user, agreement, day)
    rows = [presenters.target_row(item, i) for i, item in enumerate(found.targets, start=1)]
    return render(request, "performance/progress.html", {
        "title": f"{agreement.area.name}: progress against the agreement",
        "agreement": agreement, "found": found, "rows": rows, "day": govuk_date(day),
        "counts": presenters.count_rows(found.targets), "targets": plural(len(rows), "target"),
        "version_href": reverse("signoff:version", args=[agreement.area.code, found.version.number])
        if found.version else "",
        "in_force_from": govuk_date(found.version.in_force_from) if found.version else "",
        "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                        {"text": agreement.area.name, "href": reverse("agreements:detail", args=[agreement.area.code])}],
    })
