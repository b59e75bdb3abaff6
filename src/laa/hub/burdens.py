"""The burden register (D22): the data collections departments still ask of councils
outside the National Indicator Set, each with its count of data items in 2008 and now.
The reduction and the aims are the domain's (`laa.domain.burdens`).

Read by CLG, which co-ordinates the Reducing Burdens Steering Group, and the other
national readers (inspectors, administrators); a department's people read their own
department's collections, which they report on. No one else."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from laa.accounts.scopes import role_of
from laa.domain.burdens import Collection, Progress, progress
from laa.domain.roles import DEPARTMENT_ROLES, NATIONAL_ROLES


def burden_filter(user) -> Q:
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return Q()
    if role in DEPARTMENT_ROLES:
        return Q(department_id=user.department_id)
    return Q(pk__in=[])


class DataCollectionQuerySet(models.QuerySet["DataCollection"]):
    def visible_to(self, user) -> DataCollectionQuerySet:
        return self.filter(burden_filter(user))


class DataCollection(models.Model):
    """One collection a department asks of councils outside the National Indicator Set."""

    department = models.ForeignKey("catalogue.Department", on_delete=models.PROTECT, related_name="data_collections")
    name = models.CharField(max_length=200)
    items_2008 = models.PositiveIntegerField(help_text="Data items collected in 2008, the baseline")
    items_now = models.PositiveIntegerField(help_text="Data items collected now")
    note = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Demonstration data, not a real collection")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DataCollectionQuerySet.as_manager()

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="one_collection_per_department_name"),
        ]

    def __str__(self) -> str:
        return f"{self.department.code}: {self.name}"

    def as_collection(self) -> Collection:
        return Collection(self.department.code, self.items_2008, self.items_now)

    def progress(self, *, today) -> Progress:
        return progress(self.items_2008, self.items_now, today=today)
