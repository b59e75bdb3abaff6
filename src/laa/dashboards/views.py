"""The dashboards: the Government Office's region (areas by stage, timetable and open
disputes), a department's targets across all areas (and other departments' targets that
serve its priorities), and CLG's national picture. Each shows the overdue and due-soon
milestones (the shared `negotiation/_deadlines.html` partial)."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from laa import clock
from laa.accounts.scopes import role_of
from laa.catalogue.models import Department
from laa.catalogue.queries import current_round
from laa.dashboards import dashboards
from laa.domain.roles import NATIONAL_ROLES, REGION_ROLES
from laa.negotiation import presenters, presenters_timetable, stamps
from laa.negotiation.views import page
from laa.places.models import Region
from laa.presentation import fragments

PAGE_SIZE = 50


def _round():
    round_ = current_round()
    if round_ is None:
        raise Http404("No round is loaded")
    return round_


@page
def region_dashboard(request):
    user = request.user
    if not rules.has_perm("negotiation.view_region_dashboard", user):
        raise PermissionDenied("The region dashboard is for the Government Office and national readers")
    role = role_of(user)
    regions = list(Region.objects.visible_to(user).order_by("name"))
    if role in REGION_ROLES:
        region = next((r for r in regions if r.pk == user.region_id), None)
    else:
        code = request.GET.get("region") or regions[0].code if regions else ""
        region = next((r for r in regions if r.code == code), None)
    if region is None:
        raise Http404("No such region")
    stage = request.GET.get("stage", "")
    if stage and stage not in presenters.STAGE_ORDER:
        stage = ""
    disputes_only = request.GET.get("disputes") == "1"
    today, fixed = clock.today(), clock.fixed_day() is not None
    title = f"{region.government_office}: negotiations"
    chooser = role in NATIONAL_ROLES

    def context() -> dict:
        data = dashboards.region_dashboard(user, region, _round(), today, stage=stage, disputes_only=disputes_only)
        return {
            "title": title, "region": region, "regions": regions if chooser else [],
            "stage": presenters.stage_label(stage) if stage else "", "disputes_only": disputes_only,
            "today": presenters_timetable.today_text(today, fixed), "base_href": f"?region={region.code}", **data,
        }

    # The content depends on the region, the filters, the day and the region's data only.
    key = ("region", region.pk, stage, disputes_only, chooser, today, fixed, stamps.region_stamp(region.pk))
    return fragments.kept_page(request, "dashboards/region.html", key, lambda: {
        "title": title, "region": region,
        "main_html": fragments.fragment(request, "dashboards/_region_main.html", key, context)})


@page
def department_view(request):
    user = request.user
    if not rules.has_perm("negotiation.view_department", user):
        raise PermissionDenied("The department view is for departments and national readers")
    departments = list(Department.objects.visible_to(user).order_by("name"))
    if role_of(user) in NATIONAL_ROLES:
        code = request.GET.get("department") or "DCSF"
        department = next((d for d in departments if d.code == code), None)
    else:
        department = next((d for d in departments if d.pk == user.department_id), None)
    if department is None:
        raise Http404("No such department")
    status = request.GET.get("status", "")
    if status and status not in presenters.SHORT_STATUS and status != "not_started":
        status = ""
    indicator = request.GET.get("indicator", "").strip()[:32]
    region = request.GET.get("region", "").strip()[:4]
    today = clock.today()
    data = dashboards.department_view(user, department, _round(), today, status=status, indicator=indicator, region=region)
    page_obj = Paginator(data["targets"], PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    statuses = [("", "Any status"), ("not_started", "Not started")] + [
        (s, presenters.SHORT_STATUS[s]) for s in presenters.STATUS_ORDER if s]
    return render(request, "dashboards/department.html", {
        "title": f"{department.name}: targets on your indicators",
        "department": department,
        "departments": departments if role_of(user) in NATIONAL_ROLES else [],
        "summary": data["summary"],
        "rows": [dashboards.department_target_row(t, data["definitions"]) for t in page_obj.object_list],
        "page": page_obj,
        "count": page_obj.paginator.count,
        "query": query.urlencode(),
        "others": data["others"],
        "themes": data["themes"],
        "warnings": data["warnings"],
        "today": presenters_timetable.today_text(today, clock.fixed_day() is not None),
        "status_items": [{"value": v, "text": t, "selected": v == status} for v, t in statuses],
        "region_items": [{"value": "", "text": "All regions"}] + [
            {"value": r.code, "text": r.name, "selected": r.code == region} for r in Region.objects.visible_to(user).order_by("name")],
        "indicator": indicator,
        "filtered": bool(status or indicator or region),
    })


@page
def national_view(request):
    if not rules.has_perm("negotiation.view_national", request.user):
        raise PermissionDenied("The national picture is for CLG, inspectors and administrators")
    today = clock.today()
    data = dashboards.national_view(request.user, _round(), today, overdue_milestone=request.GET.get("overdue", "")[:60])
    return render(request, "dashboards/national.html", {
        "title": "The national picture",
        "today": presenters_timetable.today_text(today, clock.fixed_day() is not None),
        **data,
    })
