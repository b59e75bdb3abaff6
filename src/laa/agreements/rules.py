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

from laa.accounts.scopes import role_of
from laa.domain.roles import Role


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
