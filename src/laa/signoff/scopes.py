"""Which agreements a person reaches through sign-off pages and the API. Published
agreements are public; the rest follow `Agreement.objects.visible_to`."""

from __future__ import annotations

from django.http import Http404

from laa.agreements.models import Agreement
from laa.domain.signoff import SignOffState


def published_agreements():
    """Published agreements, for everyone: what a resident (no one signed in) sees."""
    return Agreement.objects.visible_to(None).filter(
        state=SignOffState.PUBLISHED, published_at__isnull=False
    ).select_related("area", "area__region", "round")


def visible_agreement(user, area_code: str) -> Agreement:
    """The area's latest agreement, if the user may see it; otherwise 404 (we do not say
    whether an agreement exists outside someone's scope)."""
    found = (
        Agreement.objects.visible_to(user)
        .select_related("area", "area__region", "round")
        .filter(area__code=area_code)
        .order_by("-round__year")
        .first()
    )
    if found is None:
        raise Http404(f"There is no agreement for {area_code} that you can see")
    return found


def published_agreement(area_code: str) -> Agreement:
    found = published_agreements().filter(area__code=area_code).order_by("-round__year").first()
    if found is None:
        raise Http404(f"There is no published agreement for {area_code}")
    return found
