"""The sign-off app's permissions (`rules`; checked in its actions, asked by its pages).

Who may take which step is the domain's transition table (laa.domain.signoff.TRANSITIONS,
by role); these say whose agreements a person reaches. No step is the system's: a command
takes no sign-off step, and an administrator takes none either.
"""

from __future__ import annotations

import rules

from laa.agreements.models import Agreement
from laa.agreements.permissions import can_see_agreement, reads_agreement_whole
from laa.domain.roles import Role, role_of
from laa.permissions import in_agreement_area, is_clg, is_partnership_officer


@rules.predicate
def sees_agreement(user, agreement) -> bool:
    """A signed-in person to whom the agreement is visible (its area, region, department
    or a national reader); residents read published agreements on the public pages."""
    if agreement is None or role_of(user) is None:
        return False
    return Agreement.objects.visible_to(user).filter(pk=agreement.pk).exists()


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


# An agreement's versions are the whole agreement: readable by whoever may read it whole
# (its area, its Government Office, national readers; everyone once it is published),
# as the agreement file's download (`agreements.export_agreement`).
rules.add_perm("signoff.read_versions", can_see_agreement & reads_agreement_whole)
