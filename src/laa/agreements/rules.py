"""The agreements app's own permission predicates (`rules`), registered when the app is
ready. Actions test them with `rules.has_perm` (no superuser shortcut); pages and the API
ask the same permissions for what to offer.

A partner authority signs up to targets (D6): a person whose account speaks for an
organisation of the area (`User.organisation`) signs that organisation up to a target of
the area's agreement, or withdraws it, while the agreement's content can change (a draft:
`laa.domain.signoff_locks.content_editable`; after approval only a revision changes it, D14).
"""

from __future__ import annotations

import rules

from laa.accounts.permissions import in_area, is_partnership_officer
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.domain.roles import Role
from laa.domain.signoff_locks import content_editable


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


rules.add_perm("agreements.sign_up_to_targets", partner_in_agreement_area)
rules.add_perm("agreements.view_our_targets", speaks_for_an_organisation)


# Agreements (D1-D9): read by whoever's scope covers them (Agreement.objects.visible_to);
# composed only by a partnership officer of the area, and only in draft (from submission
# the agreement is with the GO, the council or the Secretary of State; approval freezes
# it: laa.domain.signoff_locks.content_editable). A superuser's blanket has_perm does not make an administrator an author:
# pages ask `rules.has_perm` (these predicates only) for the agreement permissions.
@rules.predicate
def can_see_agreement(user, agreement) -> bool:
    return agreement is not None and Agreement.objects.visible_to(user).filter(pk=agreement.pk).exists()


@rules.predicate
def officer_of_agreement_area(user, agreement) -> bool:
    return agreement is not None and role_of(user) == Role.PARTNERSHIP_OFFICER and user.area_id == agreement.area_id


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


rules.add_perm("agreements.read_agreement", can_see_agreement)
# Downloading the whole agreement as a file (YAML, JSON, XLSX): pages offer the links
# only to those the download answers (a department sees just the targets on its indicators).
rules.add_perm("agreements.export_agreement", can_see_agreement & reads_agreement_whole)
rules.add_perm("agreements.edit_agreement", officer_of_agreement_area & agreement_content_editable)
# Starting an area's agreement for the round: the area (not an agreement) is the object.
rules.add_perm("agreements.start_agreement", is_partnership_officer & in_area)
