"""The catalogue's permissions (`rules`; checked in its actions, asked by its pages).

The catalogue is public reading. A partnership officer adds local indicators for their own
partnership and changes their own; national indicators are reference data, changed by the
administrator or loaded by the system (`laa load-reference`).
"""

from __future__ import annotations

import rules

from laa.domain.roles import Role, role_of
from laa.permissions import is_administrator, is_partnership_officer, is_system


@rules.predicate
def owns_local_indicator(user, indicator) -> bool:
    if indicator is None or indicator.partnership_id is None:
        return False
    return role_of(user) == Role.PARTNERSHIP_OFFICER and indicator.partnership.area_id == user.area_id


rules.add_perm("catalogue.add_local_indicator", is_partnership_officer | is_administrator)
rules.add_perm("catalogue.change_local_indicator", owns_local_indicator | is_administrator)
rules.add_perm("catalogue.change_national_indicator", is_administrator)
# Loading the reference data (`laa load-reference`): the system only.
rules.add_perm("catalogue.load_reference", is_system)
