"""The hub's permissions, as `rules` predicates (registered when the app is ready).

    hub.read_data        everyone: pages and endpoints read through the scopes
    hub.import           the suppliers: department accounts, partnership officers,
                         administrators (national sources); each value is then checked
                         against its indicator's supplier (laa.domain.hub.suppliers)
    hub.read_ledger      anyone signed in whose scope holds imports (laa.hub.scopes)
    hub.manage_suppliers the administrator
    hub.read_burdens     the burden register (D22): national readers and departments
    hub.load_suppliers   the command line only (`laa hub`, `laa demo`: a SystemActor)

`hub.import` lets the system actor through too: the command line acts for every supplier.
"""

from __future__ import annotations

import rules

from laa.domain.hub.suppliers import SYSTEM, Submitter, may_submit
from laa.domain.roles import DEPARTMENT_ROLES, NATIONAL_ROLES, Role, role_of
from laa.permissions import is_system


def submitter_of(user) -> Submitter:
    """The submitter an account is (the command line's SystemActor: the system)."""
    if is_system(user):
        return SYSTEM
    role = role_of(user)
    return Submitter(
        role=role,
        department=user.department.code if role and user.department_id else None,
        area=user.area.code if role and user.area_id else None,
    )


@rules.predicate
def supplies_data(user) -> bool:
    return role_of(user) is not None and may_submit(submitter_of(user))


@rules.predicate
def reads_ledger(user) -> bool:
    return role_of(user) is not None and role_of(user) != Role.PARTNER_AUTHORITY


@rules.predicate
def is_hub_administrator(user) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


rules.add_perm("hub.read_data", rules.always_allow)
@rules.predicate
def reads_burdens(user) -> bool:
    return role_of(user) in NATIONAL_ROLES | DEPARTMENT_ROLES


rules.add_perm("hub.import", supplies_data | is_system)
rules.add_perm("hub.read_ledger", reads_ledger)
rules.add_perm("hub.manage_suppliers", is_hub_administrator)
rules.add_perm("hub.read_burdens", reads_burdens)
rules.add_perm("hub.load_suppliers", is_system)
