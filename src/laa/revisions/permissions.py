"""Revisions' permissions (`rules`; checked in the actions, asked by the pages; ADR 0021).

The object is the agreement, except for approving and refusing, where it is the
revision (its kind says who approves: `laa.domain.revisions.approver_roles`).

- The area's partnership officer proposes a revision, records the consultation of the
  voluntary partners and withdraws a revision.
- A partner authority user of the area records their own organisation's consent (the
  action checks that the organisation is one whose consent the revision needs).
- A local revision is approved (or refused) by the responsible authority, whose
  partnership officer records it; a designated one, and a refresh, by the Secretary of
  State (CLG).
- The area's Government Office records its agreement to a refresh (the negotiation).
- The area's partnership, its Government Office and national readers read revisions.
"""

from __future__ import annotations

import rules

from laa.domain.revisions import RevisionKind, approver_roles
from laa.domain.roles import Role, role_of
from laa.permissions import in_agreement_area, is_go, is_national_reader, is_partnership_officer


@rules.predicate
def is_partner_authority(user) -> bool:
    return role_of(user) == Role.PARTNER_AUTHORITY


@rules.predicate
def approves_revision(user, revision) -> bool:
    """The revision's approver: its kind's role, within the area for the partnership officer."""
    if revision is None:
        return False
    role = role_of(user)
    if role not in approver_roles(RevisionKind(revision.kind)):
        return False
    return role == Role.CLG or in_agreement_area(user, revision.agreement)


rules.add_perm("revisions.read_revision", in_agreement_area | is_national_reader)
rules.add_perm("revisions.propose_revision", is_partnership_officer & in_agreement_area)
rules.add_perm("revisions.record_consent", is_partner_authority & in_agreement_area)
rules.add_perm("revisions.approve_revision", approves_revision)
# The Government Office of the area negotiates a refresh and records its agreement (ADR 0025).
rules.add_perm("revisions.agree_refresh", is_go & in_agreement_area)
