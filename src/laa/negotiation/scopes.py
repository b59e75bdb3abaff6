"""Who sees which negotiations, and who speaks in them.

Negotiation is between the partnership and government, so it is private even once the
agreement is published: an area's officers and partners see their area's; a Government
Office its region's; a department (and DCSF) every thread on a target of its indicators
(DCSF also every statutory target) in every area; CLG, inspectors and administrators
everything. Residents see none.

Who speaks: the partnership officer of the area for the partnership; a GO locality manager
or regional director of the region for government, except on statutory education targets,
where DCSF speaks (laa.domain.negotiation.side_for_role).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement, Outcome, Target, department_targets
from laa.catalogue.models import IndicatorDefinition
from laa.domain.negotiation import Side, ThreadKind, side_for_role
from laa.domain.roles import AREA_ROLES, DEPARTMENT_ROLES, NATIONAL_ROLES, REGION_ROLES, Role


def department_indicator_ids(department_id: int | None) -> QuerySet:
    return IndicatorDefinition.objects.filter(is_current=True, department_id=department_id).values("indicator_id")


def agreement_scope(user, prefix: str = "") -> Q:
    """A filter on agreements whose negotiation the user reads (or, with a prefix such
    as "agreement__", on their negotiation records): no one outside the parties, even
    once the agreement is published."""
    role = role_of(user)
    if role is None:
        return Q(pk__in=[])
    if role in NATIONAL_ROLES:
        return Q()
    if role in AREA_ROLES:
        return Q(**{f"{prefix}area_id": user.area_id})
    if role in REGION_ROLES:
        return Q(**{f"{prefix}area__region_id": user.region_id})
    holding = Target.objects.filter(department_targets(user)).values("agreement_id")
    return Q(**{f"{prefix}pk__in": holding})


def target_scope(user, prefix: str = "") -> Q:
    """A filter on targets whose negotiation the user reads (prefix "target__" from a thread or decision)."""
    role = role_of(user)
    if role in DEPARTMENT_ROLES:
        return department_targets(user, prefix)
    return agreement_scope(user, f"{prefix}agreement__")


def thread_filter(user, prefix: str = "") -> Q:
    """The scope of `NegotiationThread` (prefix "thread__" from its entries): a department
    reads the threads of the targets on its indicators, not the agreement's other threads."""
    if role_of(user) in DEPARTMENT_ROLES:
        return department_targets(user, f"{prefix}target__")
    return agreement_scope(user, f"{prefix}agreement__")


def advice_filter(user) -> Q:
    """Departments' advice is for the government side (as `reads_advice`): never the area's people."""
    if role_of(user) in AREA_ROLES:
        return Q(pk__in=[])
    return thread_filter(user, "thread__")


# The negotiation pages ask for agreements, targets and outcomes through the models' own
# scope (`visible_to`), narrowed to those whose negotiation the user reads.


def agreements_visible_to(user) -> QuerySet:
    return Agreement.objects.visible_to(user).filter(agreement_scope(user))


def targets_visible_to(user) -> QuerySet:
    return Target.objects.visible_to(user).filter(target_scope(user))


def outcomes_visible_to(user) -> QuerySet:
    """Priority outcomes: departments see the outcomes of the agreements they see."""
    return Outcome.objects.visible_to(user).filter(agreement_scope(user, "agreement__"))


# ---- speaking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a thread negotiates: a target or a priority outcome of an agreement."""

    agreement: object
    target: object = None
    outcome: object = None

    @property
    def kind(self) -> ThreadKind:
        if self.target is not None:
            return ThreadKind.STATUTORY_TARGET if self.target.category == "statutory" else ThreadKind.TARGET
        return ThreadKind.PRIORITY_OUTCOME

    @property
    def label(self) -> str:
        if self.target is not None:
            return str(self.target.key)
        return str(self.outcome.title)

    @property
    def area(self):
        return self.agreement.area


def thread_kind(subject, thread=None) -> ThreadKind:
    """A thread keeps the kind it was opened with."""
    return ThreadKind(thread.kind) if thread is not None else subject.kind


def speaking_side(user, subject, kind: ThreadKind | None = None) -> Side | None:
    """The side the user speaks for in this subject's thread, or None."""
    role = role_of(user)
    kind = kind or subject.kind
    side = side_for_role(role, kind)
    if side is None:
        return None
    area = subject.agreement.area
    if role == Role.PARTNERSHIP_OFFICER:
        return side if user.area_id == area.id else None
    if role in REGION_ROLES:
        return side if user.region_id == area.region_id else None
    if role == Role.DCSF:
        return side  # DCSF agrees every area's statutory targets
    return None


def advising_department(user, subject):
    """The department a department lead (or DCSF) advises the GO for on this subject, or None."""
    role = role_of(user)
    if role not in DEPARTMENT_ROLES or subject.target is None or user.department_id is None:
        return None
    target = subject.target
    if role == Role.DCSF and target.category == "statutory":
        return None  # DCSF negotiates statutory targets itself
    if department_indicator_ids(user.department_id).filter(indicator_id=target.indicator_id).exists():
        return user.department
    return None


def reads_advice(user, subject) -> bool:
    """Departments' advice is for the government side: GOs of the region, departments, national readers."""
    role = role_of(user)
    if role in NATIONAL_ROLES or role in DEPARTMENT_ROLES:
        return True
    if role in REGION_ROLES:
        return user.region_id == subject.agreement.area.region_id
    return False
