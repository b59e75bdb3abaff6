"""Who reads what in the hub: one filter per model (DESIGN.md, "every query through a
scope").

- Values of national indicators are read by everyone signed in; residents (not signed
  in) read the final ones. A local indicator's values are read by whoever reads the
  local indicator (its area, its Government Office, national readers).
- Suppliers are public, as the catalogue is.
- The import ledger: national readers read every entry; a department's people their
  department's imports; an area's people their area's; GO officers their region's areas'.
- An upload waiting for its check or its confirmation (ADR 0017): its uploader's only.
"""

from __future__ import annotations

from django.db.models import Q

from laa.accounts.scopes import local_indicator_filter, role_of
from laa.domain.hub.values import Status
from laa.domain.roles import AREA_ROLES, DEPARTMENT_ROLES, NATIONAL_ROLES, REGION_ROLES

# The command line (`laa hub export`), run by whoever runs the service: reads every value.
COMMAND_LINE = object()


def observation_filter(user) -> Q:
    if user is COMMAND_LINE:
        return Q()
    role = role_of(user)
    if role is None:
        return Q(indicator__partnership__isnull=True, status=Status.FINAL)
    if role in NATIONAL_ROLES:
        return Q()
    local = local_indicator_filter(user)
    return Q(indicator__partnership__isnull=True) | _prefixed(local, "indicator__")


def _prefixed(q: Q, prefix: str) -> Q:
    """`q` (a filter on Indicator) as a filter through `prefix`."""
    copy = Q()
    copy.connector, copy.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            copy.children.append(_prefixed(child, prefix))
        else:
            key, value = child
            copy.children.append((f"{prefix}{key}", value))
    return copy


def supplier_filter(user) -> Q:
    return Q(indicator__partnership__isnull=True) | _prefixed(local_indicator_filter(user), "indicator__")


def ledger_filter(user) -> Q:
    role = role_of(user)
    if role is None:
        return Q(pk__in=[])
    if role in NATIONAL_ROLES:
        return Q()
    if role in DEPARTMENT_ROLES:
        return Q(by_department_id=user.department_id)
    if role in AREA_ROLES:
        return Q(by_area_id=user.area_id)
    if role in REGION_ROLES:
        return Q(by_area__region_id=user.region_id)
    return Q(pk__in=[])


def upload_filter(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(by_id=user.pk)
