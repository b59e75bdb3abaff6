"""Scopes: what each role may see. Every query in a view or API handler goes
through one of these (or a model's `visible_to`), never a bare `Model.objects`."""

from __future__ import annotations

from django.db.models import Q

from laa.accounts.models import User
from laa.domain.roles import DEPARTMENT_ROLES, NATIONAL_ROLES, Role, role_of


def reads_everything(user) -> bool:
    """CLG, inspectors and administrators read every area's records."""
    return role_of(user) in NATIONAL_ROLES


def area_filter(user, prefix: str = "") -> Q:
    """A filter for records that belong to an area, for the private records of areas
    (draft agreements, local indicators, people). `prefix` leads to the area,
    e.g. "partnership__area__"."""
    role = role_of(user)
    if role is None:
        return Q(pk__in=[])
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(**{f"{prefix}id": user.area_id}) if prefix else Q(id=user.area_id)
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(**{f"{prefix}region_id": user.region_id})
    # Department leads and DCSF see every area's records that touch their indicators;
    # that narrower scope is applied to targets, not to areas.
    return Q()


def local_indicator_filter(user, prefix: str = "") -> Q:
    """National indicators are public. A local indicator belongs to its partnership.
    `prefix` leads to the indicator, e.g. "indicator__" from its definitions."""
    national = Q(**{f"{prefix}partnership__isnull": True})
    role = role_of(user)
    if role is None or role in DEPARTMENT_ROLES:
        # area_filter lets department roles through to every area for the targets on
        # their indicators; a partnership's own local indicators are not among those.
        return national
    if role in NATIONAL_ROLES:
        return Q()  # not `national | Q()`: OR with an empty Q drops it, leaving national only
    return national | area_filter(user, f"{prefix}partnership__area__")


def people_filter(user) -> Q:
    """The people of the areas whose private records the user reads (as the
    `places.read_area_private` permission): an area's own people, a Government Office's
    region, national readers everyone. Department roles and residents: nobody."""
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(area_id=user.area_id, area__isnull=False)
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(area__region_id=user.region_id, area__isnull=False)
    return Q(pk__in=[])


def people_visible_to(user):
    """People (accounts) the user may see listed."""
    return User.objects.filter(people_filter(user))


def can_manage_people(user) -> bool:
    return role_of(user) == Role.ADMINISTRATOR
