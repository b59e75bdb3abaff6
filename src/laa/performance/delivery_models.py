"""Commentary and actions of delivery (issue 13; rules in laa.domain.commentary): for each
target of an agreement and reported period, the lead partner's word on why the figure is
what it is and what happens next; actions with an owner and a due date, and when each was
done; the partnership board's challenge of a theme. Every record is added, never changed:
a later commentary is shown over the earlier ones, which stay readable; an action is done
by a later row."""

from __future__ import annotations

from django.db import models

from laa.agreements.models import agreement_filter
from laa.audit.append_only import AppendOnlyQuerySet, RecordedBy


class DeliveryQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> DeliveryQuerySet:
        """Seen with the agreement (its progress page asks `performance.read_progress` too)."""
        return self.filter(agreement_filter(user, "agreement__"))


class ActionRecordQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> ActionRecordQuerySet:
        return self.filter(agreement_filter(user, "action__agreement__"))


class Commentary(RecordedBy):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=200, help_text="The target's key in the agreement")
    period = models.CharField(max_length=24, help_text='The reported period it is about: "2008/09 Q4"')
    why = models.TextField(help_text="Why the figure is what it is")
    next_steps = models.TextField(help_text="What happens next")

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "target", "-at", "-id"]
        verbose_name_plural = "commentaries"

    def __str__(self) -> str:
        return f"{self.target} {self.period}: {self.why[:60]}"


class DeliveryAction(RecordedBy):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=200)
    text = models.TextField(help_text="What is to be done")
    owner = models.CharField(max_length=300, help_text="Who does it: a person, an organisation or a group")
    due_on = models.DateField()

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "target", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.text[:60]}"


class ActionDone(RecordedBy):
    action = models.OneToOneField(DeliveryAction, on_delete=models.CASCADE, related_name="done")
    note = models.CharField(max_length=300, blank=True)

    objects = ActionRecordQuerySet.as_manager()


class BoardChallenge(RecordedBy):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(max_length=120)
    held_on = models.DateField()
    decisions = models.TextField()

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"The board's challenge of {self.theme} ({self.held_on:%d %B %Y})"
