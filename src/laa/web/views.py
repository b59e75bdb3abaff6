"""The home page for each role, and the error pages."""

from __future__ import annotations

import sys

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from laa.accounts.scopes import role_of
from laa.catalogue.models import IndicatorDefinition
from laa.database import is_busy
from laa.domain.roles import Role
from laa.places.models import Area, Region
from laa.web.edge import busy_response


def home(request):
    role = role_of(request.user)
    context: dict[str, object] = {"title": "Home", "role": role, "Role": Role}
    user = request.user
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        context["area"] = Area.objects.visible_to(user).select_related("region", "partnership").filter(pk=user.area_id).first()
    elif role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        context["region"] = Region.objects.visible_to(user).filter(pk=user.region_id).first()
        context["areas"] = Area.objects.visible_to(user).filter(region_id=user.region_id, valid_from__lte="2008-04-01").order_by("name")
    elif role in {Role.DEPARTMENT_LEAD, Role.DCSF}:
        context["department"] = user.department
        context["definitions"] = (
            IndicatorDefinition.objects.visible_to(user).filter(is_current=True, department_id=user.department_id)
            .select_related("indicator").order_by("indicator__number")
        )
    elif role is not None:
        context["regions"] = Region.objects.visible_to(user).order_by("name")
    return render(request, "web/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _error(request, status: int, title: str, body: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": title}, status=status)
    return render(request, "web/error.html", {"title": title, "body": body}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Sorry, there is a problem with the request", "Check the address or the form and try again.")


def forbidden(request, exception=None):
    """403. Our views refuse with a sentence for the reader (PermissionDenied("...")):
    show it; a bare refusal (Django's admin, say) gets the general words."""
    reason = str(exception or "").strip()
    return _error(request, 403, "You cannot see this page", reason or (
        "Your role does not allow you to see or change this. Sign in with another account, or ask an administrator."))


def not_found(request, exception=None):
    return _error(request, 404, "Page not found", "If you typed the web address, check it is correct.")


def server_error(request):
    # A busy database met outside a view (a session saved by its middleware, say) reaches
    # here, not AnswerBusyDatabase.process_exception: it is still a 503 "nothing saved".
    if is_busy(sys.exc_info()[1]):
        return busy_response(request)
    return _error(request, 500, "Sorry, there is a problem with the service", "Try again later. Nothing you entered has been saved.")
