"""Permissions as code: one `rules` predicate per permission, by role and scope.

Pages and API handlers ask `user.has_perm(name, obj)`; the permission matrix test in
tests/integration/test_permission_matrix.py covers every role against every view.
"""

from __future__ import annotations

import rules

from laa.accounts.scopes import role_of
from laa.domain.roles import Role


@rules.predicate
def is_administrator(user) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


@rules.predicate
def is_national_reader(user) -> bool:
    return role_of(user) in {Role.CLG, Role.INSPECTOR, Role.ADMINISTRATOR}


@rules.predicate
def is_partnership_officer(user) -> bool:
    return role_of(user) == Role.PARTNERSHIP_OFFICER


@rules.predicate
def is_signed_in(user) -> bool:
    return role_of(user) is not None


@rules.predicate
def in_area(user, area) -> bool:
    """The area is the user's own (area roles) or in the user's region (GO roles)."""
    if area is None:
        return False
    role = role_of(user)
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return user.area_id == area.id
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return user.region_id == area.region_id
    return False


@rules.predicate
def is_clg(user) -> bool:
    return role_of(user) == Role.CLG


@rules.predicate
def in_agreement_area(user, agreement) -> bool:
    return agreement is not None and in_area(user, agreement.area)


@rules.predicate
def owns_local_indicator(user, indicator) -> bool:
    if indicator is None or indicator.partnership_id is None:
        return False
    return role_of(user) == Role.PARTNERSHIP_OFFICER and indicator.partnership.area_id == user.area_id


# Administration of organisations, partnerships and people.
rules.add_perm("places.manage", is_administrator)
rules.add_perm("accounts.manage_people", is_administrator)
rules.add_perm("audit.read_trail", is_administrator | is_national_reader)
# Local indicators: added by a partnership officer for their own partnership.
rules.add_perm("catalogue.add_local_indicator", is_partnership_officer | is_administrator)
rules.add_perm("catalogue.change_local_indicator", owns_local_indicator | is_administrator)
# Catalogue and places are public reading.
rules.add_perm("catalogue.change_national_indicator", is_administrator)
# API tokens: any signed-in person manages their own.
rules.add_perm("accounts.manage_own_tokens", is_signed_in)
# A partnership officer proposes an organisation missing from their area's list (the area
# is the object); the administrator confirms or rejects it (D6).
rules.add_perm("places.propose_organisation", is_partnership_officer & in_area)
rules.add_perm("places.confirm_organisation", is_administrator)
# Private records of an area (draft agreements, local indicators, people).
rules.add_perm("places.read_area_private", in_area | is_national_reader)
