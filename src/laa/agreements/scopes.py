"""Who sees which agreements and targets. Published agreements are public; drafts
are private to their area, its Government Office and national readers. A department
sees every target on its own indicators across all areas (DCSF also every statutory
target), and the agreements that hold them."""

from __future__ import annotations

from django.db.models import Q

from laa.accounts.scopes import role_of
from laa.domain.roles import NATIONAL_ROLES, Role


def _department_targets(user) -> Q:
    from laa.catalogue.models import IndicatorDefinition

    indicators = IndicatorDefinition.objects.filter(
        is_current=True, department_id=user.department_id
    ).values("indicator_id")
    mine = Q(indicator_id__in=indicators)
    if role_of(user) == Role.DCSF:
        mine |= Q(category="statutory")
    return mine


def agreement_filter(user) -> Q:
    published = Q(published_at__isnull=False)
    role = role_of(user)
    if role is None:
        return published
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(area_id=user.area_id) | published
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(area__region_id=user.region_id) | published
    from laa.agreements.models import Target

    holding = Target.objects.filter(_department_targets(user)).values("agreement_id")
    return Q(pk__in=holding) | published


def target_filter(user) -> Q:
    role = role_of(user)
    published = Q(agreement__published_at__isnull=False)
    if role is None:
        return published
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(agreement__area_id=user.area_id) | published
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(agreement__area__region_id=user.region_id) | published
    return _department_targets(user) | published
