"""Equality breakdowns (issue 13): an indicator's values by group for an area, each group's
gap to the whole population with its interval and significance, and the gap between groups
over time. Public, as the hub's values and the comparisons are (a resident reads final
values only); the area and the period are a GET form, a bad one answered 400 beside its
field. Kept per reader until an import, the catalogue or the places change (ADR 0023)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa.domain.hub.groups import LABELS
from laa.hub.models import Supplier
from laa.performance import comparing, equality
from laa.places.models import Area
from laa.presentation.fragments import kept_page
from laa.presentation.presenters import error_list

TEXT = 24


@require_GET
def groups(request, code: str):
    code, user = code[:32], request.user
    own = getattr(getattr(user, "area", None), "code", "") or ""  # a partnership's own area, unless one is chosen
    area_code = request.GET["area"].strip()[:TEXT] if "area" in request.GET else own
    period = request.GET.get("period", "").strip()[:TEXT]

    def page() -> dict:
        facts = comparing.definition_of(user, code)
        if facts is None:
            raise Http404("There is no national indicator with that code")
        dimensions = (Supplier.objects.visible_to(user).filter(indicator__code=facts.code)
                      .values_list("group_dimensions", flat=True).first()) or []
        areas = list(Area.objects.visible_to(user).order_by("name").values_list("pk", "code", "name"))
        area = next((a for a in areas if a[1] == area_code), None)
        context = {"title": f"{facts.code}: equality breakdowns", "facts": facts, "area": area, "content": None,
                   "dimensions": ", ".join(LABELS.get(d, d).lower() for d in dimensions),
                   "area_items": [{"value": "", "text": "Choose an area"}] + [
                       {"value": c, "text": n, "selected": c == area_code} for _, c, n in areas],
                   "compare_href": reverse("performance:indicator", args=[facts.code]) + (
                       f"?area={area_code}" if area else ""),
                   "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                                   {"text": facts.code, "href": reverse("catalogue:detail", args=[facts.code])},
                                   {"text": "How areas compare",
                                    "href": reverse("performance:indicator", args=[facts.code])}]}
        errors: dict[str, str] = {}
        if area_code and area is None:
            errors["area"] = "Choose an area from the list"
        elif area is not None:
            try:
                context["content"] = equality.breakdown(facts, equality.periods_with_groups(user, facts, area[0]),
                                                        period)
            except equality.Refused as refused:
                errors = refused.errors
                context["content"] = equality.breakdown(facts, equality.periods_with_groups(user, facts, area[0]), "")
        if errors:
            context.update(errors=errors, error_list=error_list(errors), http_status=400)
        return context

    key = ("groups", code, area_code, period, *comparing.stamps(user))
    return kept_page(request, "performance/equality.html", key, page)
