"""Collect once: who may submit a value of an indicator for an area (D18).

A department's account submits the indicators the department supplies, for every area;
an area's partnership officer submits only the indicators its council supplies
(locally collected), for its own area; an administrator loads the national sources'
data (ONS, Ofsted); the command line's system actor acts for every supplier. The
Government Offices, CLG and the inspectors read the hub; they do not supply it.
"""

from __future__ import annotations

from dataclasses import dataclass

from laa.domain.hub.reporting import Reporting, SupplierKind
from laa.domain.roles import DEPARTMENT_ROLES, Role


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who is submitting: a role with its scope, or the system (the command line)."""

    role: Role | None
    department: str | None = None  # the department's code, for department roles
    area: str | None = None  # the area's code, for area roles
    system: bool = False


SYSTEM = Submitter(role=None, system=True)


def may_submit(submitter: Submitter) -> bool:
    """Whether the submitter supplies anything at all (the import pages and endpoints)."""
    return submitter.system or submitter.role in DEPARTMENT_ROLES | {
        Role.PARTNERSHIP_OFFICER, Role.ADMINISTRATOR,
    }


def supplier_problem(submitter: Submitter, indicator: str, reporting: Reporting, area: str) -> str | None:
    """Why `submitter` may not supply `indicator`'s value for `area`, or None if they may."""
    if submitter.system:
        return None
    supplied_by = reporting.supplier_label
    role = submitter.role
    kind = reporting.supplier_kind
    if role in DEPARTMENT_ROLES:
        if kind == SupplierKind.DEPARTMENT and reporting.supplier_department == submitter.department:
            return None
        return f"{indicator} is supplied by {supplied_by}, not by {submitter.department}"
    if role == Role.PARTNERSHIP_OFFICER:
        if kind != SupplierKind.AREA:
            return f"{indicator} is supplied by {supplied_by}, not by the area"
        if area != submitter.area:
            return f"{indicator} for {area} is supplied by that area, not by {submitter.area}"
        return None
    if role == Role.ADMINISTRATOR:
        if kind == SupplierKind.NATIONAL_SOURCE:
            return None
        return f"{indicator} is supplied by {supplied_by}; an administrator loads only national sources"
    return "your role reads the hub's data but does not supply it"
