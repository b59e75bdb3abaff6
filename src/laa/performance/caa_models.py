"""The Comprehensive Area Assessment's flags (issue 13; rules in laa.domain.caa): an
inspector's red or green flag on an area, with its title, evidence and the indicators or
targets it concerns. A draft is changed only while it is a draft; its state moves draft ->
published -> withdrawn by a compare-and-set on `state` and `version` (caa_actions), each
step kept in an append-only status row with who took it and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from laa.audit.append_only import AppendOnlyQuerySet, RecordedBy
from laa.domain.caa import FlagColour, FlagState
from laa.domain.roles import NATIONAL_ROLES, role_of


def flag_filter(user, prefix: str = "") -> Q:
    """Published flags are public; drafts and withdrawn flags are for inspectors, CLG and
    the administrator (national readers)."""
    if role_of(user) in NATIONAL_ROLES:
        return Q()
    return Q(**{f"{prefix}state": FlagState.PUBLISHED})


class FlagQuerySet(models.QuerySet):
    def visible_to(self, user) -> FlagQuerySet:
        return self.filter(flag_filter(user))


class FlagStatusQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> FlagStatusQuerySet:
        return self.filter(flag_filter(user, "flag__"))


class CaaFlag(models.Model):
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="caa_flags")
    colour = models.CharField(max_length=8, choices=[(c.value, c.value.title()) for c in FlagColour])
    title = models.CharField(max_length=200)
    evidence = models.TextField(help_text="The inspector's evidence")
    concerns = models.JSONField(default=list, help_text="The indicators or targets it concerns, as named")
    state = models.CharField(max_length=12, choices=[(s.value, s.value.title()) for s in FlagState],
                             default=FlagState.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="Counts the flag's changes, for the compare-and-set")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_by_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["area", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.colour} flag on {self.area_id}: {self.title}"


class CaaFlagStatus(RecordedBy):
    """One step of a flag: recorded, changed, published, withdrawn (with the reason)."""

    flag = models.ForeignKey(CaaFlag, on_delete=models.PROTECT, related_name="status_rows")
    step = models.CharField(max_length=12)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    reason = models.TextField(blank=True)

    objects = FlagStatusQuerySet.as_manager()

    class Meta:
        ordering = ["flag", "id"]
        verbose_name_plural = "CAA flag status rows"

    def __str__(self) -> str:
        return f"{self.flag_id}: {self.step}"
