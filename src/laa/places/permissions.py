"""The places app's permissions (`rules`; checked in its actions, asked by its pages).

Administration of organisations and partnerships is the administrator's; a partnership
officer proposes an organisation missing from their area's list (the area is the object)
and the administrator confirms or rejects it (D6). An area's private records (draft
agreements, local indicators, people) are read by its own people, its Government Office
and national readers.
"""

from __future__ import annotations

import rules

from laa.permissions import (
    in_area,
    is_administrator,
    is_national_reader,
    is_partnership_officer,
    is_system,
)

rules.add_perm("places.manage", is_administrator)
rules.add_perm("places.propose_organisation", is_partnership_officer & in_area)
rules.add_perm("places.confirm_organisation", is_administrator)
rules.add_perm("places.read_area_private", in_area | is_national_reader)
# Loading the reference data (`laa load-reference`): the system only.
rules.add_perm("places.load_reference", is_system)
