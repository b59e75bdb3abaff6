"""Revisions between reviews (D14, D15; ADR 0021): a proposal to change an approved
agreement's targets, its changes (items, one per target), each partner authority's
consent or refusal, the record that the voluntary partners were consulted, and its steps.

A revision's state moves only by the compare-and-set in `revisions.actions`, beside an
append-only status row; items, consents and consultations are rows that are added,
never changed. The rules are `laa.domain.revisions`.
"""

from __future__ import annotations

from django.db import models

from laa.audit.append_only import AppendOnlyModel, AppendOnlyQuerySet, RecordedBy
from laa.domain.revisions import (
    CHANGE_LABELS,
    STANDING_LABELS,
    STEPS,
    RevisionKind,
    RevisionState,
    Standing,
)
from laa.revisions.scopes import revision_filter

STATE_CHOICES = [(s.value, STANDING_LABELS[Standing(s.value)]) for s in RevisionState]
KIND_CHOICES = [(k.value, k.label) for k in RevisionKind]
CHANGE_CHOICES = [(k.value, label) for k, label in CHANGE_LABELS.items()]
STEP_CHOICES = [(s.name, s.past.capitalize()) for s in STEPS.values()]


class RevisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RevisionQuerySet:
        return self.filter(revision_filter(user))


class RecordQuerySet(AppendOnlyQuerySet):
    """A revision's records are seen with the revision."""

    def visible_to(self, user) -> RecordQuerySet:
        return self.filter(revision_filter(user, "revision__"))


class Revision(models.Model):
    """A revision proposal of an agreement, numbered 1, 2, ... per agreement. `state` and
    `version` move only by the compare-and-set in `revisions.actions`."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    state = models.CharField(max_length=12, choices=STATE_CHOICES)
    version = models.PositiveIntegerField(default=1, help_text="Counts the revision's records, for the compare-and-set")
    reason = models.TextField(help_text="Why the change is proposed")
    proposed_on = models.DateField()
    based_on = models.ForeignKey("signoff.AgreementVersion", on_delete=models.PROTECT, related_name="revisions",
                                 help_text="The agreement's version the revision changes")
    made = models.OneToOneField("signoff.AgreementVersion", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="made_by_revision", help_text="The version its approval wrote")
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="refreshes", help_text="A refresh: the annual review it follows")
    includes_local = models.BooleanField(default=False, help_text="It changes a local target (s110(3) counts it)")

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_revision_number_per_agreement")]

    def __str__(self) -> str:
        return f"Revision {self.number} of agreement {self.agreement_id}"


class Recorded(RecordedBy):
    """A record of the revision's history: who added it and when; seen with the revision."""

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class RevisionItem(AppendOnlyModel):
    """One change of the revision: to one target (its key; an added target's new key)."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="items")
    change = models.CharField(max_length=10, choices=CHANGE_CHOICES)
    target_key = models.CharField(max_length=200)
    yearly = models.JSONField(default=dict, blank=True, help_text='Amend: {"2009/10": "14"} as exact decimal strings')
    new_target = models.JSONField(null=True, blank=True, help_text="Add, exchange: the new target (indicator, "
                                  "outcome, yearly values, partner authorities)")
    position = models.PositiveIntegerField(default=0)
    ground = models.CharField(max_length=12, blank=True, help_text="A refresh's ground (placeholder, deferred, "
                              "baseline, renegotiate, exchange, withdrawn); blank between reviews")
    baseline = models.CharField(max_length=40, blank=True, help_text="A refresh: the baseline confirmed, exact")
    reason = models.TextField(blank=True, help_text="A refresh: why the target is renegotiated or exchanged")

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "position"]

    def __str__(self) -> str:
        return f"{self.change} {self.target_key}"


class RevisionStatus(Recorded):
    """One step of a revision: proposed, consents complete, approved, refused, withdrawn."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="status_rows")
    step = models.CharField(max_length=20, choices=STEP_CHOICES)
    from_state = models.CharField(max_length=12, blank=True, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=12, choices=STATE_CHOICES)
    role = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["revision", "id"]
        verbose_name_plural = "revision status rows"

    def __str__(self) -> str:
        return f"{self.revision_id}: {self.step}"


class Consent(Recorded):
    """A partner authority's consent to the revision, or its refusal, for its organisation."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="consents")
    organisation = models.CharField(max_length=200)
    consents = models.BooleanField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["revision", "id"]
        constraints = [models.UniqueConstraint(fields=["revision", "organisation"], name="one_consent_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation}: {'consents' if self.consents else 'refuses'}"


class Consultation(Recorded):
    """The record that the voluntary partners were consulted on a local revision."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="consultations")
    held_on = models.DateField()
    summary = models.TextField()

    class Meta:
        ordering = ["revision", "id"]

    def __str__(self) -> str:
        return f"Consultation of {self.held_on}"
