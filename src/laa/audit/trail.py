"""Writing the audit trail. Actions call `record` inside their transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from laa.audit.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model | None) -> dict[str, Any] | None:
    """The stored fields of a record, as JSON-ready values (foreign keys as ids)."""
    if instance is None:
        return None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"password"}:
            continue
        data[field.attname] = _plain(field.value_from_object(instance))
    return data


def record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    if after is None and action != "delete":
        after = snapshot(instance)
    actor = getattr(actor, "person", actor)  # laa.permissions.AgreedInNegotiation: the person
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user else (str(actor) if actor else "system")
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        record_type=instance._meta.label_lower,
        record_id=str(instance.pk),
        record_label=str(instance)[:300],
        before=before,
        after=after,
        reason=reason,
    )


def trail_for(instance: models.Model):
    return AuditEvent.objects.filter(
        record_type=instance._meta.label_lower, record_id=str(instance.pk)
    )
