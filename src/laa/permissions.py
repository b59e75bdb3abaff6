"""One place where permission is checked: the action (ADR 0016).

Every action starts with `require(actor, "<app>.<permission>", obj, refusal=...)`, so a
forbidden actor is refused however the action is reached (page, API, command, test).
Pages and API handlers ask the same permission (`rules.has_perm`) for what to offer:
buttons, links, forms. They never re-implement the rule.

Each app owns its permissions (`<app>/permissions.py`, registered when the app is
ready); the predicates every app shares (who the person is) are here, below the apps.
`rules.has_perm` asks these predicates only: a superuser's blanket permission is no
shortcut, so an administrator takes no step that the rules do not give them.

An action that writes another app's records as part of its own step says so with an
explicit actor too: negotiation writes what was agreed into the agreement as
`AgreedInNegotiation(person, agreement_id)`.

Commands and imports act as an explicit `SystemActor` (`laa agreement import`, `laa
demo`, `laa load-reference`): the operator on the machine. A permission that the system
may use says so with `is_system`; no other permission lets it through, and `None` (no
actor) is refused everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from laa.domain.roles import DEPARTMENT_ROLES, NATIONAL_ROLES, REGION_ROLES, Role, role_of


@dataclass(frozen=True)
class SystemActor:
    """The service acting for a command run on the machine, named by the command."""

    command: str
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return f"system ({self.command})"

    def get_username(self) -> str:
        return str(self)

    def get_full_name(self) -> str:
        return str(self)


@dataclass(frozen=True)
class AgreedInNegotiation:
    """A person writing into an agreement what its negotiation agreed (an accepted proposal,
    a placeholder): the negotiation's action checked that they speak in it; the agreement's
    actions take the change for that agreement only. The audit trail names the person."""

    person: Any
    agreement_id: int
    is_authenticated = False

    def __str__(self) -> str:
        return self.person.get_username()

    def get_username(self) -> str:
        return str(self)

    def get_full_name(self) -> str:
        return self.person.get_full_name() or str(self)


def actor_name(actor) -> str:
    """The name a record keeps of who made it (`by_name`): the person's full name, else
    their user name; a command's system actor by its own name."""
    return actor.get_full_name() or actor.get_username()


class ActionError(Exception):
    """An action that did not happen; nothing was written. `problems`: messages by field;
    `status`: the HTTP status a page or the API answers with (422 by default, 409 for a
    conflict), as each app's subclass sets it."""

    status = 422

    def __init__(self, message: str, problems: dict[str, str] | None = None, *, status: int | None = None):
        super().__init__(message)
        self.message, self.problems = message, problems or {}
        if status is not None:
            self.status = status


def require(actor, permission: str, obj=None, *, refusal: str) -> None:
    """Refuse (PermissionDenied, a 403 on a page or the API) unless the actor has the permission."""
    if not rules.has_perm(permission, actor, obj):
        raise PermissionDenied(refusal)


@rules.predicate
def is_system(user) -> bool:
    return isinstance(user, SystemActor)


@rules.predicate
def is_signed_in(user) -> bool:
    return role_of(user) is not None


@rules.predicate
def is_administrator(user) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


@rules.predicate
def is_national_reader(user) -> bool:
    return role_of(user) in NATIONAL_ROLES


@rules.predicate
def is_partnership_officer(user) -> bool:
    return role_of(user) == Role.PARTNERSHIP_OFFICER


@rules.predicate
def is_clg(user) -> bool:
    return role_of(user) == Role.CLG


@rules.predicate
def is_go(user) -> bool:
    return role_of(user) in REGION_ROLES


@rules.predicate
def is_go_director(user) -> bool:
    return role_of(user) == Role.GO_DIRECTOR


@rules.predicate
def is_department(user) -> bool:
    return role_of(user) in DEPARTMENT_ROLES


@rules.predicate
def in_area(user, area) -> bool:
    """The area is the user's own (area roles) or in the user's region (GO roles)."""
    if area is None:
        return False
    role = role_of(user)
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return user.area_id == area.id
    if role in REGION_ROLES:
        return user.region_id == area.region_id
    return False


@rules.predicate
def in_agreement_area(user, agreement) -> bool:
    return agreement is not None and in_area(user, agreement.area)
