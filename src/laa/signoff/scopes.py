"""Which agreements a person reaches through sign-off pages and the API. Published
agreements are public; the rest follow `Agreement.objects.visible_to`."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from laa.agreements.models import Agreement
from laa.domain.signoff import SignOffState
from laa.signoff.models import AgreementVersion


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


def versions_agreement(user, area_code: str) -> Agreement:
    """The area's latest agreement, for reading its versions: 404 outside the person's
    scope; 403 (PermissionDenied) if they see only some of its targets (a department
    before publication)."""
    agreement = visible_agreement(user, area_code)
    if not rules.has_perm("signoff.read_versions", user, agreement):
        raise PermissionDenied(
            f"The versions of {agreement.area.name}'s agreement hold the whole agreement: they are for its "
            "area, its Government Office and national readers until it is published"
        )
    return agreement


def agreement_version(agreement: Agreement, number) -> AgreementVersion:
    """One version of an agreement the person may read (see `versions_agreement`); 404,
    naming the versions there are, if it has no such version."""
    found = AgreementVersion.objects.filter(agreement=agreement, number=number).select_related("status").first()
    if found is None:
        count = AgreementVersion.objects.filter(agreement=agreement).count()
        there = f"it has versions 1 to {count}" if count > 1 else ("it has version 1 only" if count else
                                                                    "it has no version yet: it has not been approved")
        raise Http404(f"{agreement.area.name}'s agreement has no version {number}: {there}")
    return found
