"""The audit trail: who did what, when, with the record before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from laa.accounts.scopes import reads_everything


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user) -> AuditEventQuerySet:
        """The trail is read whole by administrators and national readers (CLG,
        inspectors), by nobody else."""
        return self.all() if reads_everything(user) else self.none()


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="Who, kept if the account goes")
    action = models.CharField(max_length=80)
    record_type = models.CharField(max_length=80, help_text="app_label.model")
    record_id = models.CharField(max_length=64)
    record_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.record_type}#{self.record_id}"
