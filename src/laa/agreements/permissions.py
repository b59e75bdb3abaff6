"""The agreements app's permissions (`rules`, registered when the app is ready). Actions
check them (`laa.permissions.require`); pages and the API ask the same permissions for
what to offer.

Agreements (D1-D9) are read by whoever's scope covers them (`Agreement.objects.visible_to`);
composed only by a partnership officer of the area, and only in draft (from submission the
agreement is with the GO, the council or the Secretary of State; approval freezes it:
`laa.domain.signoff_locks.content_editable`). `laa agreement import` and `laa demo` import as the
system actor, in draft too.

A partner authority signs up to targets (D6): a person whose account speaks for an
organisation of the area (`User.organisation`) signs that organisation up to a target of
the area's agreement, or withdraws it, while the agreement's content can change.
"""

from __future__ import annotations

import rules

from laa.agreements.models import Agreement
from laa.domain.roles import Role, role_of
from laa.domain.signoff_locks import content_editable
from laa.permissions import AgreedInNegotiation, in_area, is_partnership_officer, is_system


@rules.predicate
def can_see_agreement(user, agreement) -> bool:
    return agreement is not None and Agreement.objects.visible_to(user).filter(pk=agreement.pk).exists()


@rules.predicate
def officer_of_agreement_area(user, agreement) -> bool:
    return agreement is not None and role_of(user) == Role.PARTNERSHIP_OFFICER and user.area_id == agreement.area_id


@rules.predicate
def agreed_in_negotiation(user, agreement) -> bool:
    """What the agreement's negotiation agreed, written into this agreement."""
    return agreement is not None and isinstance(user, AgreedInNegotiation) and user.agreement_id == agreement.pk


@rules.predicate
def agreement_content_editable(user, agreement) -> bool:
    return agreement is not None and content_editable(agreement.state)


@rules.predicate
def reads_agreement_whole(user, agreement) -> bool:
    """The whole agreement, not only the targets on one's own indicators: its area, its
    Government Office and national readers; everyone once it is published."""
    if agreement is None:
        return False
    return bool(agreement.published_at) or rules.has_perm("places.read_area_private", user, agreement.area)


@rules.predicate
def speaks_for_an_organisation(user) -> bool:
    """A partner authority account with its organisation recorded."""
    return role_of(user) == Role.PARTNER_AUTHORITY and getattr(user, "organisation_id", None) is not None


@rules.predicate
def partner_in_agreement_area(user, agreement) -> bool:
    """`speaks_for_an_organisation`, for an organisation of the agreement's area."""
    return (
        agreement is not None
        and role_of(user) == Role.PARTNER_AUTHORITY
        and getattr(user, "organisation_id", None) is not None
        and user.area_id == agreement.area_id
    )


rules.add_perm("agreements.read_agreement", can_see_agreement)
# Downloading the whole agreement as a file (YAML, JSON, XLSX): pages offer the links
# only to those the download answers (a department sees just the targets on its indicators).
rules.add_perm("agreements.export_agreement", can_see_agreement & reads_agreement_whole)
# Who composes it (checked by every action that changes its content; the state's rule,
# `content_editable`, is the action's own); pages offer editing when both hold.
rules.add_perm("agreements.compose_agreement", officer_of_agreement_area | agreed_in_negotiation | is_system)
rules.add_perm("agreements.edit_agreement", officer_of_agreement_area & agreement_content_editable)
# Starting an area's agreement for the round: the area (not an agreement) is the object.
rules.add_perm("agreements.start_agreement", (is_partnership_officer & in_area) | is_system)
rules.add_perm("agreements.sign_up_to_targets", partner_in_agreement_area)
rules.add_perm("agreements.view_our_targets", speaks_for_an_organisation)
