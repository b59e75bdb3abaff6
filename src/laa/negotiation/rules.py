"""The negotiation app's own permission predicates (`rules`), registered when the app is
ready."""

from __future__ import annotations

import rules

from laa.accounts.permissions import (
    in_agreement_area,
    in_area,
    is_clg,
    is_national_reader,
    is_partnership_officer,
)
from laa.accounts.scopes import role_of
from laa.domain.roles import Role
from laa.negotiation.scopes import (
    advising_department,
    agreements_visible_to,
    reads_advice,
    speaking_side,
)

# Negotiation
# What a person sees is the negotiation scopes (laa.negotiation.scopes: private to the
# parties, even once published); who speaks for which side is the domain's
# (side_for_role). Pages and API ask these with `rules.has_perm` (no superuser shortcut),
# so an administrator reads every negotiation but speaks for no side.


@rules.predicate
def is_go(user) -> bool:
    return role_of(user) in {Role.GO_OFFICER, Role.GO_DIRECTOR}


@rules.predicate
def is_department(user) -> bool:
    return role_of(user) in {Role.DEPARTMENT_LEAD, Role.DCSF}


@rules.predicate
def reads_negotiation(user, agreement) -> bool:
    if agreement is None:
        return False
    return agreements_visible_to(user).filter(pk=agreement.pk).exists()


@rules.predicate
def speaks_in_negotiation(user, subject) -> bool:
    """`subject`: a laa.negotiation.scopes.Subject (a target or outcome of an agreement)."""
    return subject is not None and speaking_side(user, subject) is not None


@rules.predicate
def advises_on_negotiation(user, subject) -> bool:
    return subject is not None and advising_department(user, subject) is not None


@rules.predicate
def reads_negotiation_advice(user, subject) -> bool:
    return subject is not None and reads_advice(user, subject)


@rules.predicate
def is_go_director(user) -> bool:
    return role_of(user) == Role.GO_DIRECTOR


rules.add_perm("negotiation.view_region_dashboard", is_go | is_national_reader)
rules.add_perm("negotiation.view_department", is_department | is_national_reader)
rules.add_perm("negotiation.view_national", is_national_reader)
rules.add_perm("negotiation.read_negotiation", reads_negotiation)
rules.add_perm("negotiation.speak", speaks_in_negotiation)
rules.add_perm("negotiation.advise", advises_on_negotiation)
rules.add_perm("negotiation.read_advice", reads_negotiation_advice)
# Meetings and the area's timetable events: the partnership officer or the area's GO.
rules.add_perm("negotiation.record_meeting", (is_partnership_officer | is_go) & in_agreement_area)
rules.add_perm("negotiation.record_milestone", (is_partnership_officer | is_go) & in_area)
# A Whitehall negotiating champion is appointed by the regional director or CLG.
rules.add_perm("negotiation.appoint_champion", (is_go_director & in_agreement_area) | is_clg)
