"""Annual reviews (D16; ADR 0018): one per agreement and year, its state moved by a
compare-and-set beside append-only status rows (as sign-off); the GO's assessments, the
agreed actions and the refresh proposals are rows that are added, never changed: a later
assessment of a target replaces the earlier one by pointing at it.

The rules are `laa.domain.reviews`; the writes are `laa.reviews.actions`.
"""

from __future__ import annotations

from django.db import models

from laa.audit.append_only import AppendOnlyModel, AppendOnlyQuerySet, RecordedBy
from laa.domain.reviews import RATING_LABELS, STEPS, ReminderKind, ReviewState, Urgency
from laa.reviews.scopes import review_filter

STATE_CHOICES = [(ReviewState.IN_PROGRESS.value, "In progress"), (ReviewState.COMPLETED.value, "Completed")]
RATING_CHOICES = [(r.value, label) for r, label in RATING_LABELS.items()]
STEP_CHOICES = [(s.name, s.label) for s in STEPS.values()]
REMINDER_CHOICES = [(ReminderKind.REVIEW.value, "The annual review"), (ReminderKind.REFRESH.value, "The refresh")]
URGENCY_CHOICES = [(Urgency.DUE_SOON.value, "Due soon"), (Urgency.OVERDUE.value, "Overdue")]


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReviewQuerySet:
        return self.filter(review_filter(user))


class RecordQuerySet(AppendOnlyQuerySet):
    """A review's records are seen with the review."""

    def visible_to(self, user) -> RecordQuerySet:
        return self.filter(review_filter(user, "review__"))


class Review(models.Model):
    """The GO's annual review of an area's agreement for one year ("2008/09"). `state` and
    `version` move only by the compare-and-set in `reviews.actions`."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="reviews")
    year = models.CharField(max_length=7, help_text='The agreement year reviewed, "2008/09"')
    state = models.CharField(max_length=16, choices=STATE_CHOICES)
    version = models.PositiveIntegerField(default=1, help_text="Counts the review's steps, for the compare-and-set")
    reviewed_version = models.ForeignKey(
        "signoff.AgreementVersion", on_delete=models.PROTECT, related_name="reviews",
        help_text="The agreement's version in force on the day the review was started: its targets are reviewed",
    )
    started_on = models.DateField()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_review_per_agreement_year")]

    def __str__(self) -> str:
        return f"{self.year} annual review of agreement {self.agreement_id}"


class Recorded(RecordedBy):
    """A record of the review's history: who added it and when; seen with the review."""

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class ReviewStatus(Recorded):
    """One step of a review: started, completed, reopened (with the reason)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="status_rows")
    step = models.CharField(max_length=16, choices=STEP_CHOICES)
    from_state = models.CharField(max_length=16, blank=True, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=16, choices=STATE_CHOICES)
    role = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "id"]
        verbose_name_plural = "review status rows"

    def __str__(self) -> str:
        return f"{self.review_id}: {self.step}"


class Assessment(Recorded):
    """The GO's assessment of one target in a review. A later one of the same target
    replaces it (`replaces`); the current one is the one nothing replaces."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="assessments")
    target_key = models.CharField(max_length=200)
    indicator = models.CharField(max_length=40)
    rating = models.CharField(max_length=12, choices=RATING_CHOICES)
    commentary = models.TextField(blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by", help_text="The earlier assessment this one changes")

    class Meta:
        ordering = ["review", "id"]
        constraints = [models.UniqueConstraint(
            fields=["review", "target_key"], condition=models.Q(replaces__isnull=True),
            name="one_first_assessment_per_target",
        )]

    def __str__(self) -> str:
        return f"{self.target_key}: {self.rating}"


class AgreedAction(Recorded):
    """An action agreed at the review: what, who owns it, by when."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField()
    owner = models.CharField(max_length=300)
    due_on = models.DateField()

    class Meta:
        ordering = ["review", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.text[:60]}"


class RefreshProposal(Recorded):
    """A proposal for the refresh that follows the review: for one target, or ("") the
    agreement as a whole. Recorded here; the refresh itself is later work (issue 12)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="proposals")
    target_key = models.CharField(max_length=200, blank=True, help_text="Blank for the agreement as a whole")
    text = models.TextField()

    class Meta:
        ordering = ["review", "id"]

    def __str__(self) -> str:
        return f"{self.target_key or 'agreement'}: {self.text[:60]}"


class ReminderSent(AppendOnlyModel):
    """`laa review remind` sent the area's reminder of a year's review or refresh on this
    day (one a day at most, as `laa remind` for the 2008 round)."""

    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7, help_text='The agreement year, "2008/09"')
    kind = models.CharField(max_length=8, choices=REMINDER_CHOICES)
    day = models.DateField()
    urgency = models.CharField(max_length=8, choices=URGENCY_CHOICES)
    recipients = models.TextField(help_text="The addresses written to, one a line")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "area", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "kind", "day"], name="one_review_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"Reminder of the {self.year} {self.kind} ({self.day:%d %B %Y})"
