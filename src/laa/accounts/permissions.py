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


# Agreements (D1-D9): read by whoever's scope covers them (Agreement.objects.visible_to);
# composed only by a partnership officer of the area, and only in draft (from submission
# the agreement is with the GO, the council or the Secretary of State; approval freezes
# it: laa.domain.signoff_locks.content_editable). A superuser's blanket has_perm does not make an administrator an author:
# pages ask `rules.has_perm` (these predicates only) for the agreement permissions.
@rules.predicate
def can_see_agreement(user, agreement) -> bool:
    from laa.agreements.models import Agreement

    return agreement is not None and Agreement.objects.visible_to(user).filter(pk=agreement.pk).exists()


@rules.predicate
def officer_of_agreement_area(user, agreement) -> bool:
    return agreement is not None and role_of(user) == Role.PARTNERSHIP_OFFICER and user.area_id == agreement.area_id


@rules.predicate
def agreement_content_editable(user, agreement) -> bool:
    from laa.domain.signoff_locks import content_editable

    return agreement is not None and content_editable(agreement.state)


@rules.predicate
def reads_agreement_whole(user, agreement) -> bool:
    """The whole agreement, not only the targets on one's own indicators: its area, its
    Government Office and national readers; everyone once it is published."""
    if agreement is None:
        return False
    return bool(agreement.published_at) or rules.has_perm("places.read_area_private", user, agreement.area)


rules.add_perm("agreements.read_agreement", can_see_agreement)
# Downloading the whole agreement as a file (YAML, JSON, XLSX): pages offer the links
# only to those the download answers (a department sees just the targets on its indicators).
rules.add_perm("agreements.export_agreement", can_see_agreement & reads_agreement_whole)
rules.add_perm("agreements.edit_agreement", officer_of_agreement_area & agreement_content_editable)
# Starting an area's agreement for the round: the area (not an agreement) is the object.
rules.add_perm("agreements.start_agreement", is_partnership_officer & in_area)


# Sign-off
# Who may take which step is the domain's transition table (laa.domain.signoff.TRANSITIONS,
# by role); these say whose agreements a person reaches. Actions test them with
# `rules.has_perm` (no superuser shortcut), so an administrator takes no sign-off step.


@rules.predicate
def is_clg(user) -> bool:
    return role_of(user) == Role.CLG


@rules.predicate
def sees_agreement(user, agreement) -> bool:
    """A signed-in person to whom the agreement is visible (its area, region, department
    or a national reader); residents read published agreements on the public pages."""
    if agreement is None or role_of(user) is None:
        return False
    from laa.agreements.models import Agreement

    return Agreement.objects.visible_to(user).filter(pk=agreement.pk).exists()


@rules.predicate
def in_agreement_area(user, agreement) -> bool:
    return agreement is not None and in_area(user, agreement.area)


@rules.predicate
def officer_of_districts_county(user, district) -> bool:
    return (
        district is not None
        and role_of(user) == Role.PARTNERSHIP_OFFICER
        and user.area_id == district.county_id
    )


@rules.predicate
def represents_district(user, district) -> bool:
    """A partner authority user whose organisation is the district's own council."""
    if district is None or role_of(user) != Role.PARTNER_AUTHORITY or user.organisation_id is None:
        return False
    return user.organisation.district_id == district.id and user.area_id == district.county_id


rules.add_perm("signoff.view_signoff", sees_agreement)
rules.add_perm("signoff.act_on_agreement", in_agreement_area | is_clg)
rules.add_perm("signoff.acknowledge_warnings", is_partnership_officer & in_agreement_area)
rules.add_perm("signoff.record_district_adoption", officer_of_districts_county | represents_district)


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
    from laa.negotiation.scopes import agreements_visible_to

    return agreements_visible_to(user).filter(pk=agreement.pk).exists()


@rules.predicate
def speaks_in_negotiation(user, subject) -> bool:
    """`subject`: a laa.negotiation.scopes.Subject (a target or outcome of an agreement)."""
    from laa.negotiation.scopes import speaking_side

    return subject is not None and speaking_side(user, subject) is not None


@rules.predicate
def advises_on_negotiation(user, subject) -> bool:
    from laa.negotiation.scopes import advising_department

    return subject is not None and advising_department(user, subject) is not None


@rules.predicate
def reads_negotiation_advice(user, subject) -> bool:
    from laa.negotiation.scopes import reads_advice

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
