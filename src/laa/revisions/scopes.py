"""Who reads revisions (ADR 0021): the area's partnership (its officer and partner
authorities), the area's Government Office, and national readers (CLG, who approves
designated revisions for the Secretary of State, the inspectorate, the administrator).
Not departments, not residents: what a revision changes is published as the agreement's
next version and its s113 memorandum once approved."""

from __future__ import annotations

from django.db.models import Q

from laa.domain.roles import AREA_ROLES, NATIONAL_ROLES, REGION_ROLES, role_of

# The command line (`laa revision`), run by whoever runs the service: reads every revision.
COMMAND_LINE = object()


def revision_filter(user, prefix: str = "") -> Q:
    """A filter on revisions (`prefix` "") or their records (`prefix` "revision__")."""
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
