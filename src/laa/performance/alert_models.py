"""Alerts (issue 13): what people follow, and the digests `laa alerts` sent them.

- `Following`: a person follows a target (an area's target, by its key), an indicator or
  an area; it keeps, from when they followed, the judgements they saw and the last hub
  import, so the first digest tells only what happened after. Unfollowing deletes it (a
  preference, not a record).
- `AlertDigest`: one e-mail sent to a person on a day (at most one a day), with the last
  hub import it covered and the judgements it compared against next time; a day with
  nothing to tell keeps a row with no address (nothing sent), for its judgements.
- `AlertTold`: every item a digest told (its stable key): nothing is told twice.
A digest that could not be sent records nothing, so the next day's run tells it again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from laa.audit.append_only import AppendOnlyModel, AppendOnlyQuerySet
from laa.domain.alerts import FollowKind


class FollowingQuerySet(models.QuerySet["Following"]):
    def visible_to(self, user) -> FollowingQuerySet:
        """A person's own followings only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class OwnRecordQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> OwnRecordQuerySet:
        """The digests sent to a person, and what they told: theirs only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class Following(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followings")
    kind = models.CharField(max_length=12, choices=[(k.value, k.label) for k in FollowKind])
    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+")
    target = models.CharField(max_length=200, blank=True, help_text="The target's key, following a target")
    subject = models.CharField(max_length=260, help_text='What is followed, as one text: "target:E2221:NI 16", '
                               '"area:E2221", "indicator:NI 16" (unique per person the same on every database)')
    judgements = models.JSONField(default=dict, blank=True,
                                  help_text='The judgements seen when followed: {"E2221|NI 16": "on_track"}')
    ledger_from = models.BigIntegerField(default=0, help_text="The last hub import when followed")
    followed_on = models.DateField(help_text="The service's day when followed")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowingQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "area__name", "indicator__number", "target"]
        constraints = [models.UniqueConstraint(fields=["user", "subject"], name="follow_once")]

    def __str__(self) -> str:
        what = {"target": f"{self.area} {self.target}", "area": str(self.area), "indicator": str(self.indicator)}
        return f"{self.user} follows {what[self.kind]}"


class AlertDigest(AppendOnlyModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    items = models.PositiveIntegerField()
    ledger_to = models.BigIntegerField(help_text="The last hub import the digest covered")
    judgements = models.JSONField(default=dict, help_text="The followed targets' judgements when sent")

    objects = OwnRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"Digest to {self.to} on {self.day:%d %B %Y}"


class AlertTold(AppendOnlyModel):
    digest = models.ForeignKey(AlertDigest, on_delete=models.CASCADE, related_name="told")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)

    objects = OwnRecordQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="told_once")]
