"""The negotiation app's permissions (`rules`; checked in its actions, asked by its pages).

What a person sees is the negotiation scopes (laa.negotiation.scopes: private to the
parties, even once published); who speaks for which side is the domain's (side_for_role).
An administrator reads every negotiation but speaks for no side; the system takes no step.
"""

from __future__ import annotations

import rules

from laa.negotiation.scopes import (
    advising_department,
    agreements_visible_to,
    reads_advice,
    speaking_side,
)
from laa.permissions import (
    in_agreement_area,
    in_area,
    is_clg,
    is_department,
    is_go,
    is_go_director,
    is_national_reader,
    is_partnership_officer,
    is_system,
)


@rules.predicate
def reads_negotiation(user, agreement) -> bool:
    return agreement is not None and agreements_visible_to(user).filter(pk=agreement.pk).exists()


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
# The round's timetable is reference data (`laa load-reference`): the system only.
rules.add_perm("negotiation.load_reference", is_system)
