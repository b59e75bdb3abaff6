"""An indicator's areas compared (issue 13, ADR 0026): every area's value for a period with
its interval, rank and quartile, significance against England and its region, and trend,
a chart of the areas in rank order with the table as its data; filters (period, region,
the peers of an area and which peer groups) as a GET form. Public, as the hub's values
are: a resident's comparison is of final values only. Kept per reader (ADR 0023) until an
import, the catalogue, the places or the nearest-neighbours file changes.

Hotspots: areas with several indicators of one theme in the worst quartile, for a
Government Office (its region), a department (its indicators) and national readers."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa.catalogue.models import Department
from laa.domain.hotspots import DEFAULT_HOTSPOT_RULES
from laa.domain.roles import DEPARTMENT_ROLES, REGION_ROLES, role_of
from laa.performance import comparing
from laa.performance.comparison_presenters import context, hotspot_rows
from laa.performance.peers import SAME_TYPE
from laa.places.models import Region
from laa.presentation.fragments import kept_page

TEXT = 24  # the longest period code, region or area code a filter may name


def _param(request, name: str) -> str:
    return request.GET.get(name, "").strip()[:TEXT]


@require_GET
def indicator(request, code: str):
    code = code[:32]
    period, region, area = _param(request, "period"), _param(request, "region"), _param(request, "area")
    peers = _param(request, "peers") or SAME_TYPE

    def page() -> dict:
        found = comparing.indicator_comparison(request.user, code, period, peers)
        facts = found.indicator
        return {
            "title": f"{facts.code}: how areas compare", "found": found, "facts": facts,
            "asked_period": period, **context(found, region=region, area=area),
            "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                            {"text": facts.code, "href": reverse("catalogue:detail", args=[facts.code])}],
        }

    key = (code, period, region, area, peers, *comparing.stamps(request.user))
    return kept_page(request, "performance/indicator.html", key, page)


@login_required
@require_GET
def hotspots(request):
    user = request.user
    if not rules.has_perm("performance.view_hotspots", user):
        raise PermissionDenied("Hotspots are for Government Offices, departments and national readers")
    role = role_of(user)
    regions = list(Region.objects.visible_to(user).order_by("name"))
    departments = list(Department.objects.visible_to(user).order_by("name"))
    region = department = ""
    if role in REGION_ROLES:
        region = next((r.code for r in regions if r.pk == user.region_id), "")
    elif role in DEPARTMENT_ROLES:
        department = next((d.code for d in departments if d.pk == user.department_id), "")
    else:
        region, department = _param(request, "region"), _param(request, "department")

    def page() -> dict:
        found, spots = comparing.hotspots_for(user, region_code=region or None, department=department or None)
        region_name = next((r.name for r in regions if r.code == region), "")
        department_name = next((d.name for d in departments if d.code == department), "")
        return {
            "title": "Hotspots", "rows": hotspot_rows(found, spots), "rule": DEFAULT_HOTSPOT_RULES.says(),
            "region_name": region_name, "department_name": department_name,
            "choose": role not in REGION_ROLES and role not in DEPARTMENT_ROLES,
            "region_items": [{"value": "", "text": "All regions"}] + [
                {"value": r.code, "text": r.name, "selected": r.code == region} for r in regions],
            "department_items": [{"value": "", "text": "All departments"}] + [
                {"value": d.code, "text": d.name, "selected": d.code == department} for d in departments],
            "breadcrumbs": [{"text": "Home", "href": reverse("home")}],
        }

    key = (region, department, *comparing.stamps(user))
    return kept_page(request, "performance/hotspots.html", key, page)
