"""Progress across areas (issue 13): a department's indicators across all areas, off-track
targets first (a department's policy lead reads its own department's; national readers
choose one), and the national picture by region and by indicator (national readers), with
links down to the region's view and each indicator's comparison. Kept per reader until
the hub, the catalogue, the places or the approved agreements change (ADR 0023)."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa import clock
from laa.agreements.models import Agreement
from laa.catalogue.models import Department
from laa.catalogue.queries import catalogue_stamp
from laa.domain.progress import JUDGEMENT_ORDER
from laa.domain.reviews import APPROVED_STATES
from laa.domain.roles import NATIONAL_ROLES, role_of
from laa.hub.stamps import hub_stamp
from laa.performance import picture, presenters
from laa.places.stamps import places_stamp
from laa.presentation.fragments import kept_page
from laa.presentation.presenters import govuk_date
from laa.signoff.models import AgreementVersion


def agreements_stamp(user) -> tuple:
    """Changes when an agreement the reader sees is approved or a version comes into force."""
    approved = tuple(Agreement.objects.visible_to(user).filter(state__in=APPROVED_STATES).order_by("pk")
                     .values_list("pk", "state"))
    versions = AgreementVersion.objects.visible_to(user).aggregate(last=Max("pk"), count=Count("pk"))
    return approved, versions["last"], versions["count"]


def _stamps(user, day) -> tuple:
    return day, hub_stamp(), catalogue_stamp(), places_stamp(), agreements_stamp(user)


def _crumbs() -> list[dict[str, str]]:
    return [{"text": "Home", "href": reverse("home")}]


@login_required
@require_GET
def department(request):
    user = request.user
    if not rules.has_perm("performance.view_department_progress", user):
        raise PermissionDenied("A department's progress is for its policy leads and national readers")
    departments = list(Department.objects.visible_to(user).order_by("name"))
    national = role_of(user) in NATIONAL_ROLES
    if national:
        code = request.GET.get("department", "").strip()[:16] or "DCSF"
        chosen = next((d for d in departments if d.code == code), None)
    else:
        chosen = next((d for d in departments if d.pk == user.department_id), None)
    if chosen is None:
        raise Http404("No such department")
    day = clock.today()

    def context() -> dict:
        found = picture.department_picture(user, chosen, day)
        return {"title": f"{chosen.name}: progress of targets on its indicators", "department": chosen,
                "day": govuk_date(day), "judgements": [presenters.judgement_tag(j) for j in JUDGEMENT_ORDER],
                "department_items": [{"value": d.code, "text": d.name, "selected": d.pk == chosen.pk}
                                     for d in departments] if national else [],
                "breadcrumbs": _crumbs(), **found}

    return kept_page(request, "performance/department.html", ("department-progress", chosen.pk, *_stamps(user, day)),
                     context)


@login_required
@require_GET
def national(request):
    user = request.user
    if not rules.has_perm("performance.view_national_progress", user):
        raise PermissionDenied("The national picture is for CLG, inspectors and administrators")
    day = clock.today()

    def context() -> dict:
        return {"title": "Progress of the agreements: the national picture", "day": govuk_date(day),
                "judgements": [presenters.judgement_tag(j) for j in JUDGEMENT_ORDER], "breadcrumbs": _crumbs(),
                **picture.national_picture(user, day)}

    return kept_page(request, "performance/national.html", ("national-progress", *_stamps(user, day)), context)
