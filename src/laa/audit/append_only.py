"""Records that are history (negotiation entries, sign-off status rows, ...): added,
never changed or deleted, by the ORM's every route (save, delete, and the queryset's
bulk update and delete)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    """A history record was asked to change or go."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(f"{self.model.__name__} rows cannot be changed")

    def delete(self):
        raise AppendOnly(f"{self.model.__name__} rows cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"{type(self).__name__} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{type(self).__name__} rows cannot be deleted")


class RecordedBy(AppendOnlyModel):
    """A history record with who added it and when (the person's name as it was, kept if
    the account goes)."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        abstract = True
