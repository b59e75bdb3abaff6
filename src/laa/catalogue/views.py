"""The catalogue pages: search and filter, an indicator and its definition history,
and adding a partnership's local indicator."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from laa.catalogue import actions
from laa.catalogue.datafile import YEARS
from laa.catalogue.models import DataSource, Department, Frequency, Indicator, Polarity, Unit
from laa.catalogue.queries import (
    CatalogueFilter,
    catalogue_stamp,
    current_definitions,
    current_round,
    local_scope_key,
    statutory_indicator_ids,
    themes,
)
from laa.presentation.fragments import cached, kept_page
from laa.presentation.presenters import indicator_row

PAGE_SIZE = 50


def catalogue(request):
    flt = CatalogueFilter.from_params(request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    stamp = catalogue_stamp()

    can_add_local = request.user.has_perm("catalogue.add_local_indicator")

    def main() -> str:
        definitions = current_definitions(request.user, flt)
        page = Paginator(definitions, PAGE_SIZE).get_page(request.GET.get("page"))
        statutory = statutory_indicator_ids(current_round())
        return render_to_string("catalogue/_main.html", {
            "filter": flt,
            "page": page,
            "rows": [indicator_row(d, statutory) for d in page.object_list],
            "count": page.paginator.count,
            "query": query.urlencode(),
            "themes": themes(request.user),
            "departments": list(Department.objects.visible_to(request.user).order_by("name")),
            "sources": DataSource.choices,
            "can_add_local": can_add_local,
        })

    # The page's content depends only on the filter, the page number, which local
    # indicators the user sees and the catalogue itself: kept per process until it changes.
    key = ("catalogue", stamp, local_scope_key(request.user), can_add_local, flt, request.GET.get("page", "1"))
    return kept_page(request, "catalogue/list.html", key,
                     lambda: {"title": "Indicators", "main_html": Markup(cached(key, main))})


def indicator(request, code: str):
    def context() -> dict:
        found = Indicator.objects.visible_to(request.user).select_related("partnership").filter(code=code).first()
        if found is None:
            raise Http404("No such indicator")
        definitions = list(found.definitions.select_related("department").order_by("-version"))
        if not definitions:
            raise Http404("No definition")
        statutory_rounds = list(found.statutory_rounds.select_related("round").order_by("round__year"))
        return {
            "title": f"{found.code}: {definitions[0].title}",
            "indicator": found,
            "current": definitions[0],
            "history": definitions,
            "statutory_rounds": statutory_rounds,
            "breadcrumbs": [{"text": "Indicators", "href": "/indicators/"}],
        }

    # Kept per reader (what they may see is theirs) until the catalogue changes.
    return kept_page(request, "catalogue/detail.html", ("indicator", code, catalogue_stamp()), context)


@require_http_methods(["GET", "POST"])
def add_local_indicator(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("catalogue.add_local_indicator"):
        raise PermissionDenied
    errors: dict[str, str] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            definition = actions.add_local_indicator(actor=request.user, data=request.POST)
        except actions.LocalIndicatorError as exc:
            errors = exc.errors
        else:
            return redirect("catalogue:detail", definition.indicator.code)
    return render(
        request,
        "catalogue/add_local.html",
        {
            "title": "Add a local indicator",
            "errors": errors,
            "error_list": [{"text": v, "href": f"#{k}"} for k, v in errors.items()],
            "values": values,
            "polarities": Polarity.choices,
            "units": Unit.choices,
            "sources": DataSource.choices,
            "frequencies": Frequency.choices,
            "years": [(y, y) for y in sorted(YEARS)],
            "departments": Department.objects.visible_to(request.user).order_by("name"),
        },
        status=400 if errors else 200,
    )
