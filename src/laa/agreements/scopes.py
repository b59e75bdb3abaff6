"""Who sees which agreements and targets. Published agreements are public; drafts
are private to their area, its Government Office and national readers. A department
sees every target on its own indicators across all areas (DCSF also every statutory
target), and the agreements that hold them.

These filters are the one scope of each model of the app (`Model.objects.visible_to`):
an agreement's records (outcomes, consultations, statutory omissions, partners' sign-ups)
follow their agreement or target, through `prefix` ("agreement__", "target__")."""

from __future__ import annotations

from django.db.models import Q

from laa.accounts.scopes import role_of
from laa.catalogue.models import IndicatorDefinition
from laa.domain.roles import DEPARTMENT_ROLES, NATIONAL_ROLES, Role


def department_indicators(department_id: int | None, prefix: str = "", *, statutory: bool = False) -> Q:
    """Targets on a department's indicators; with `statutory` (DCSF), every statutory target too."""
    indicators = IndicatorDefinition.objects.filter(
        is_current=True, department_id=department_id
    ).values("indicator_id")
    mine = Q(**{f"{prefix}indicator_id__in": indicators})
    if statutory:
        mine |= Q(**{f"{prefix}category": "statutory"})
    return mine


def department_targets(user, prefix: str = "") -> Q:
    """Targets on the user's department's indicators (DCSF: and every statutory target)."""
    return department_indicators(user.department_id, prefix, statutory=role_of(user) == Role.DCSF)


def agreement_filter(user, prefix: str = "") -> Q:
    """A filter on agreements (or, with a prefix such as "agreement__", on their records)."""
    published = Q(**{f"{prefix}published_at__isnull": False})
    role = role_of(user)
    if role is None:
        return published
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(**{f"{prefix}area_id": user.area_id}) | published
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(**{f"{prefix}area__region_id": user.region_id}) | published
    from laa.agreements.models import Target

    holding = Target.objects.filter(department_targets(user)).values("agreement_id")
    return Q(**{f"{prefix}pk__in": holding}) | published


def target_filter(user, prefix: str = "") -> Q:
    """A filter on targets (or, with a prefix such as "target__", on their records)."""
    role = role_of(user)
    published = Q(**{f"{prefix}agreement__published_at__isnull": False})
    if role is None:
        return published
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(**{f"{prefix}agreement__area_id": user.area_id}) | published
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(**{f"{prefix}agreement__area__region_id": user.region_id}) | published
    return department_targets(user, prefix) | published


def target_count_filter(user) -> Q:
    """Targets counted (never listed) on the department dashboard: every target for
    departments and national readers (no silos, DOMAIN.md), none for anyone else."""
    return Q() if role_of(user) in DEPARTMENT_ROLES | NATIONAL_ROLES else Q(pk__in=[])
