"""What changed since the version an editor saw: for the 409 answer to a stale edit
("nothing you sent was saved; this is what changed, and who changed it"), read from the
audit trail of the agreement and of its targets, outcomes and consultations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from ninja import Status

from laa.agreements import actions
from laa.agreements.models import Agreement, Target
from laa.audit.models import AuditEvent
from laa.audit.trail import trail_for

CHANGE_TYPES = ("agreements.target", "agreements.outcome", "agreements.consultation")
UNTRACKED_FIELDS = {"id", "version", "updated_at", "created_at", "position"}
MAX_CHANGES = 20


def same(a: Any, b: Any) -> bool:
    """Equal in meaning: 35.40 and 35.4 are the same figure."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if a == b:
        return True
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return False


def changes(events) -> list[dict[str, Any]]:
    """Each audit event as who did what to which record, and the fields whose meaning changed."""
    found = []
    for e in events:
        before, after = e.before or {}, e.after or {}
        fields = sorted(k for k in set(before) | set(after)
                        if k not in UNTRACKED_FIELDS and not same(before.get(k), after.get(k)))
        found.append({"at": e.at, "by": e.actor_label, "action": e.action, "record": e.record_label,
                      "fields": fields})
    return found


def stale_conflict(label: str, seen: int, current: int, events) -> Status[dict[str, Any]]:
    """409: the version the writer saw is not the current one; say who changed what since."""
    changed_by = events[0].actor_label if events else ""
    exc = actions.StaleEdit(label, seen, current, changed_by)
    return Status(409, {"detail": str(exc), "your_version": seen, "current_version": current,
                                 "changed_by": changed_by, "changes": changes(events)})


def agreement_events(agreement: Agreement, count: int):
    """The latest audit events on the agreement and its targets, outcomes and consultations."""
    if count <= 0:
        return []
    mine = Q(record_type="agreements.agreement", record_id=str(agreement.pk)) | Q(
        Q(after__agreement_id=agreement.pk) | Q(before__agreement_id=agreement.pk), record_type__in=CHANGE_TYPES
    )
    return list(AuditEvent.objects.filter(mine).order_by("-at", "-id")[: min(count, MAX_CHANGES)])


def target_events(target: Target, count: int):
    """The latest audit events on one target."""
    return list(trail_for(target).order_by("-at", "-id")[: min(max(count, 0), MAX_CHANGES)])
