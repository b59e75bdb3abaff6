"""Display values for the partner authority's pages: signing up to an agreement's targets,
and the targets the organisation must have regard to across its area."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from laa.agreements.models import CATEGORY_LABELS, Target
from laa.presentation.presenters import figure

DUTY_TEXT = {
    "have_regard": "Signed up: duty to have regard",
    "voluntary": "Signed up as a voluntary partner (no statutory duty)",
}


def targets_signed_up(user):
    """The targets the user's organisation is signed up to, across every agreement of the
    user's area that the user may see (newest round first): the page and the API."""
    organisation = user.organisation
    mine = Q(partners__organisation=organisation) | Q(partners__organisation__isnull=True,
                                                      partners__name=organisation.name)
    return (
        Target.objects.visible_to(user).filter(mine, agreement__area_id=user.area_id)
        .select_related("indicator", "agreement", "agreement__area", "agreement__round")
        .prefetch_related("partners").distinct().order_by("-agreement__round__year", "position", "id")
    )


def signed_up(target, organisation) -> Any:
    """The organisation's sign-up to the target (prefetched partners), else None."""
    for p in target.partners.all():
        if p.organisation_id == organisation.pk or (p.organisation_id is None and p.name == organisation.name):
            return p
    return None


def final_target(target, years: tuple[str, ...], places: int | None) -> str:
    """The target for the last year, e.g. "47.0 by 2010/11"; a placeholder says so."""
    if target.placeholder_reason:
        return "To be set (placeholder)"
    for year in reversed(years):
        if target.yearly.get(year) not in (None, ""):
            return f"{figure(target.yearly[year], places)} by {year}"
    return "–"


def target_line(target, organisation, years: tuple[str, ...], indicators: dict[int, tuple[str, int]],
                area_code: str) -> dict[str, Any]:
    title, places = indicators.get(target.indicator_id, ("", None))
    mine = signed_up(target, organisation)
    others = [p.name for p in target.partners.all() if p is not mine]
    return {
        "id": target.pk,
        "version": target.version,
        "code": target.indicator.code,
        "title": title,
        "key": target.key,
        "category": CATEGORY_LABELS.get(target.category, target.category),
        "baseline": figure(target.baseline_value, places) + (f" ({target.baseline_period})" if target.baseline_period else ""),
        "final": final_target(target, years, places),
        "signed_up": mine is not None,
        "duty": mine.duty if mine else "",
        "status": DUTY_TEXT.get(mine.duty, "Signed up") + (", lead partner" if mine.lead else "") if mine else "Not signed up",
        "others": ", ".join(others) or "None",
        "href": reverse("agreements:target", args=[area_code, target.pk]),
        "action": reverse("agreements:sign_up_target", args=[area_code, target.pk]),
    }
