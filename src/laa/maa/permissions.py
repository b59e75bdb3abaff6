"""MAAs' permissions (`rules`; checked in the actions, asked by the pages; ADR 0028).

- A partnership officer of a participating area composes the draft and submits it (the
  sub-region's partnership; the councils work through one of their officers).
- The Government Office of the MAA's region, or CLG, agrees it or refers it back.
- Each signatory's signature is recorded by: for a county or unitary council, the
  partnership officer of its area; for a district council, a partner authority user of
  that council or the partnership officer of its county; for CLG Ministers, CLG; for a
  contributing partner, a user of that organisation or a partnership officer of a
  participating area recording it for them.
- CLG publishes it once every signature is in.
- Commands act as the explicit system actor.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules

from laa.domain.maa import SignatoryKind
from laa.domain.roles import Role, role_of
from laa.permissions import is_clg, is_partnership_officer, is_system


@dataclass(frozen=True)
class SignatoryOf:
    """A signatory of an MAA, as the permission sees it."""

    maa: object
    name: str
    kind: SignatoryKind
    organisation: object | None  # the council or partner's Organisation; None for the Government


def participating_area_ids(maa) -> set[int]:
    return {p.organisation.area_id for p in maa.participants.select_related("organisation") if p.organisation.area_id}


@rules.predicate
def officer_of_participant(user, maa) -> bool:
    return (maa is not None and role_of(user) == Role.PARTNERSHIP_OFFICER
            and user.area_id in participating_area_ids(maa))


@rules.predicate
def government_office_of(user, maa) -> bool:
    return (maa is not None and role_of(user) in {Role.GO_OFFICER, Role.GO_DIRECTOR}
            and user.region_id == maa.region_id)


@rules.predicate
def signs_for(user, signatory: SignatoryOf | None) -> bool:
    if signatory is None:
        return False
    role = role_of(user)
    if signatory.kind is SignatoryKind.GOVERNMENT:
        return role == Role.CLG
    org = signatory.organisation
    if org is None:
        return False
    if getattr(user, "organisation_id", None) == org.pk and role == Role.PARTNER_AUTHORITY:
        return True  # a district council's or a partner's own people
    if role != Role.PARTNERSHIP_OFFICER:
        return False
    if signatory.kind is SignatoryKind.COUNCIL:
        return user.area_id == org.area_id  # the area's council, or the county's officer for its district
    return officer_of_participant(user, signatory.maa)  # recording a partner's signature for it


rules.add_perm("maa.create", is_partnership_officer | is_clg | is_system)
rules.add_perm("maa.compose", officer_of_participant | is_system)
rules.add_perm("maa.negotiate", government_office_of | is_clg | is_system)
rules.add_perm("maa.publish", is_clg | is_system)
rules.add_perm("maa.sign", signs_for | is_system)
