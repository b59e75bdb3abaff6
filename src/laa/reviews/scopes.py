"""Who reads annual reviews (ADR 0018): the area's partnership (its officer and partner
authorities), the area's Government Office, and national readers (CLG, the
inspectorate, the administrator). Not departments, not residents: a review is the GO's
assessment shared with the partnership, not a publication."""

from __future__ import annotations

from django.db.models import Q

from laa.domain.roles import AREA_ROLES, NATIONAL_ROLES, REGION_ROLES, role_of

# The command line (`laa review`), run by whoever runs the service: reads every review.
COMMAND_LINE = object()


def review_filter(user, prefix: str = "") -> Q:
    """A filter on reviews (`prefix` "" ) or their records (`prefix` "review__")."""
    if user is COMMAND_LINE:
        return Q()
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return Q()
    if role in AREA_ROLES:
        return Q(**{f"{prefix}agreement__area_id": user.area_id})
    if role in REGION_ROLES:
        return Q(**{f"{prefix}agreement__area__region_id": user.region_id})
    return Q(pk__in=[])
