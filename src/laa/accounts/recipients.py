"""Who is written to about an area: the people a reminder or a notice goes to, read once
for every command that writes (`laa remind`, `laa review remind`)."""

from __future__ import annotations

from collections import defaultdict

from laa.accounts.models import User
from laa.domain.roles import Role


def recipients_by_area(areas) -> dict[int, list[str]]:
    """Active people with an e-mail address: the area's partnership officers, its region's GO."""
    people = (User.objects.filter(is_active=True).exclude(email="")
              .filter(role__in=[Role.PARTNERSHIP_OFFICER, Role.GO_OFFICER, Role.GO_DIRECTOR])
              .values_list("role", "area_id", "region_id", "email"))
    by_area: dict[int, set[str]] = defaultdict(set)
    by_region: dict[int, set[str]] = defaultdict(set)
    for role, area_id, region_id, email in people:
        if role == Role.PARTNERSHIP_OFFICER and area_id:
            by_area[area_id].add(email)
        elif region_id:
            by_region[region_id].add(email)
    return {a.pk: sorted(by_area[a.pk] | by_region[a.region_id]) for a in areas}


def clg_recipients() -> list[str]:
    return sorted(set(User.objects.filter(is_active=True, role=Role.CLG).exclude(email="")
                      .values_list("email", flat=True)))
