"""Who reads an MAA (ADR 0028): everyone once it is published; before, the people of its
participating areas (officers and partner authorities), the Government Office of its
region and national readers. Departments read the published ones, as residents do."""

from __future__ import annotations

from django.db.models import Q

from laa.domain.roles import AREA_ROLES, NATIONAL_ROLES, REGION_ROLES, role_of

COMMAND_LINE = object()  # `laa maa` reads every MAA (the machine's operator)


def maa_filter(user, prefix: str = "") -> Q:
    if user is COMMAND_LINE:
        return Q()
    published = Q(**{f"{prefix}state": "published"})
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return Q()
    if role in AREA_ROLES:
        return published | Q(**{f"{prefix}participants__organisation__area_id": user.area_id})
    if role in REGION_ROLES:
        return published | Q(**{f"{prefix}region_id": user.region_id})
    return published
