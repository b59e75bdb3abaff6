"""Who reads progress against trajectory (`rules`; asked by the pages and the API).

An area's progress is read by its partnership (the officer and the partner authorities),
the area's Government Office and national readers (CLG, the inspectorate, the
administrator), as the annual review is. Departments read their indicators across all
areas on their own page (a later slice of issue 13); residents read published progress
there too. The object is the agreement.
"""

from __future__ import annotations

import rules

from laa.domain.roles import Role, role_of
from laa.permissions import (
    in_agreement_area,
    is_clg,
    is_department,
    is_go,
    is_national_reader,
    is_partnership_officer,
    is_signed_in,
    is_system,
)

rules.add_perm("performance.read_progress", in_agreement_area | is_national_reader)
# The region's areas with their counts of on track, at risk and off track: the GO's own
# region, or any region for national readers.
rules.add_perm("performance.view_region_progress", is_go | is_national_reader)
# An indicator's areas compared: public, as the hub's values are (residents read the final
# values only: the comparison is computed from what the reader may see).
rules.add_perm("performance.read_comparison", rules.always_allow)
# Hotspots: a Government Office (its region's areas), a department (its own indicators) and
# national readers (any region or department).
rules.add_perm("performance.view_hotspots", is_go | is_department | is_national_reader)
# Progress across areas: a department's indicators in every area (its policy leads, its own
# department only; national readers choose one), and the national picture by region and by
# indicator (national readers).
rules.add_perm("performance.view_department_progress", is_department | is_national_reader)
rules.add_perm("performance.view_national_progress", is_national_reader)

# The Performance Reward Grant (issue 14, ADR 0024). The object is the agreement.
# Its calculation and claims are read as its progress is. The area's partnership officer
# claims for the responsible authority; the area's Government Office checks and
# recommends; CLG determines. The inputs (net budget requirements, pump priming, the
# Area Based Grant) are recorded by CLG or by a command run on the machine.
rules.add_perm("performance.read_reward", in_agreement_area | is_national_reader)
rules.add_perm("performance.claim_reward", is_partnership_officer & in_agreement_area)
rules.add_perm("performance.recommend_reward", is_go & in_agreement_area)
rules.add_perm("performance.determine_reward", is_clg)
rules.add_perm("performance.record_grant_inputs", is_clg | is_system)
# A reward target's interim level, agreed between the area and its Government Office, and
# the value reached at the interim point: recorded by the area's GO (or a command).
rules.add_perm("performance.record_interim", (is_go & in_agreement_area) | is_system)

# Alerts: anyone signed in follows what they may read (each thing followed is checked
# against its own reading permission when followed, and read through their scopes).
rules.add_perm("performance.follow", is_signed_in)


# Delivery (issue 13): the area's partnership officer writes commentary and actions on
# every target, a partner authority on the targets it is signed up to ("partners update
# their own targets"); the officer records the board's challenge of a theme. The object
# is a `TargetOf` (the agreement and the target of its version in force) or the agreement.
@rules.predicate
def speaks_for_target(user, subject) -> bool:
    if subject is None or not in_agreement_area(user, subject.agreement):
        return False
    if role_of(user) == Role.PARTNERSHIP_OFFICER:
        return True
    organisation = getattr(user, "organisation", None) if role_of(user) == Role.PARTNER_AUTHORITY else None
    return organisation is not None and any(p.organisation == organisation.name for p in subject.target.partners)


rules.add_perm("performance.comment", speaks_for_target)
rules.add_perm("performance.challenge", is_partnership_officer & in_agreement_area)


# The Comprehensive Area Assessment (issue 13, ADR 0027). Its view of an area is read as
# progress is (`performance.read_progress`). Inspectors record, change (while a draft),
# publish and withdraw flags; drafts and withdrawn flags are read by inspectors, CLG and
# the administrator; published flags by everyone. The object is the area.
@rules.predicate
def is_inspector(user) -> bool:
    return role_of(user) == Role.INSPECTOR


rules.add_perm("performance.record_flag", is_inspector)
rules.add_perm("performance.read_flag_drafts", is_national_reader)
rules.add_perm("performance.read_flags", rules.always_allow)
