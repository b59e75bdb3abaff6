"""The roles of the people who run agreements (DESIGN.md, "What users see").

Each signed-in person holds one role, scoped: a partnership officer or partner to their
area, a GO user to their region, a department lead to their department's indicators.
Residents are not signed in and hold no role.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PARTNERSHIP_OFFICER = "partnership_officer"
    PARTNER_AUTHORITY = "partner_authority"
    GO_OFFICER = "go_officer"
    GO_DIRECTOR = "go_director"
    DEPARTMENT_LEAD = "department_lead"
    DCSF = "dcsf"
    CLG = "clg"
    INSPECTOR = "inspector"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PARTNERSHIP_OFFICER: "Partnership officer",
    Role.PARTNER_AUTHORITY: "Partner authority",
    Role.GO_OFFICER: "Government Office locality manager",
    Role.GO_DIRECTOR: "Government Office regional director",
    Role.DEPARTMENT_LEAD: "Department policy lead",
    Role.DCSF: "DCSF (statutory education targets)",
    Role.CLG: "CLG (Secretary of State delegate)",
    Role.INSPECTOR: "Inspector",
    Role.ADMINISTRATOR: "Administrator",
}

AREA_ROLES = frozenset({Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY})
REGION_ROLES = frozenset({Role.GO_OFFICER, Role.GO_DIRECTOR})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_LEAD, Role.DCSF})
NATIONAL_ROLES = frozenset({Role.CLG, Role.INSPECTOR, Role.ADMINISTRATOR})


def role_of(user: object) -> Role | None:
    """The role a person acts in, or None for residents (not signed in) and for the
    system actor of commands. A superuser without a role acts as an administrator."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    role = getattr(user, "role", "")
    if getattr(user, "is_superuser", False) and not role:
        return Role.ADMINISTRATOR
    return Role(role) if role else None


def required_scope(role: Role) -> str | None:
    """Which scope a role must carry: "area", "region", "department" or None."""
    if role in AREA_ROLES:
        return "area"
    if role in REGION_ROLES:
        return "region"
    if role in DEPARTMENT_ROLES:
        return "department"
    return None
