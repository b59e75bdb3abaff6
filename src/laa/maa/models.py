"""Multi-area agreements (D17; ADR 0028): the sub-region's councils, the partners who
contribute, its outcomes and targets (three kinds), its steps and its signatures.

The MAA's `state` and `version` move only by the compare-and-set in `maa.actions`, beside
an append-only status row; signatures are append-only, one per signatory. Its content
(councils, partners, outcomes, targets) is added in draft only; a target un-designated
from a constituent LAA joins the published MAA with the revision that moves it
(`moved_by`). The rules are `laa.domain.maa`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from laa.audit.append_only import AppendOnlyQuerySet, RecordedBy
from laa.domain.maa import KIND_LABELS, STATE_LABELS, STEPS, SignatoryKind
from laa.maa.scopes import maa_filter

STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]
KIND_CHOICES = [(k.value, label) for k, label in KIND_LABELS.items()]
STEP_CHOICES = [(s.name, s.past.capitalize()) for s in STEPS.values()]
SIGNATORY_CHOICES = [(k.value, k.value.capitalize()) for k in SignatoryKind]


class MaaQuerySet(models.QuerySet):
    def visible_to(self, user) -> MaaQuerySet:
        return self.filter(maa_filter(user)).distinct()


class PartQuerySet(models.QuerySet):
    def visible_to(self, user) -> PartQuerySet:
        return self.filter(maa_filter(user, "maa__")).distinct()


class RecordQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> RecordQuerySet:
        return self.filter(maa_filter(user, "maa__")).distinct()


class MultiAreaAgreement(models.Model):
    code = models.SlugField(max_length=60, unique=True, help_text='Its address: "tees-valley"')
    name = models.CharField(max_length=200, help_text='"Tees Valley City Region"')
    region = models.ForeignKey("places.Region", on_delete=models.PROTECT, related_name="maas",
                               help_text="The Government Office that negotiates it (with CLG)")
    round = models.PositiveSmallIntegerField(default=2008)
    period_start = models.CharField(max_length=7, default="2008/09")
    period_end = models.CharField(max_length=7, default="2010/11")
    summary = models.TextField(blank=True, help_text="What the sub-region wants to achieve together")
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default="draft")
    version = models.PositiveIntegerField(default=1, help_text="Counts its changes, for the compare-and-set")
    is_demo = models.BooleanField(default=False)

    objects = MaaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "multi-area agreement"

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A participating council: a county, unitary or district council (Q60)."""

    maa = models.ForeignKey(MultiAreaAgreement, on_delete=models.PROTECT, related_name="participants")
    organisation = models.ForeignKey("places.Organisation", on_delete=models.PROTECT, related_name="+")

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["maa", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["maa", "organisation"], name="one_participant_per_council")]


class Contributor(models.Model):
    """A partner taking part (an RDA, the LSC, Jobcentre Plus, private and voluntary
    partners) and what it contributes; one that contributes signs (Q60)."""

    maa = models.ForeignKey(MultiAreaAgreement, on_delete=models.PROTECT, related_name="contributors")
    organisation = models.ForeignKey("places.Organisation", on_delete=models.PROTECT, related_name="+")
    contribution = models.TextField(blank=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["maa", "id"]
        constraints = [models.UniqueConstraint(fields=["maa", "organisation"], name="one_contributor_per_partner")]


class Outcome(models.Model):
    maa = models.ForeignKey(MultiAreaAgreement, on_delete=models.PROTECT, related_name="outcomes")
    key = models.CharField(max_length=60)
    title = models.CharField(max_length=300)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["maa", "id"]
        constraints = [models.UniqueConstraint(fields=["maa", "key"], name="one_maa_outcome_key")]


class MaaTarget(models.Model):
    """A target of the MAA: designated or not on a national indicator, or on a measure of
    its own (name, unit, polarity, source). `yearly` holds exact decimal strings."""

    maa = models.ForeignKey(MultiAreaAgreement, on_delete=models.PROTECT, related_name="targets")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="targets")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    measure_name = models.CharField(max_length=200, blank=True)
    measure_unit = models.CharField(max_length=20, blank=True)
    measure_polarity = models.CharField(max_length=10, blank=True)
    measure_source = models.TextField(blank=True)
    yearly = models.JSONField(default=dict)
    moved_by = models.OneToOneField("revisions.RevisionItem", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="maa_target",
                                    help_text="Un-designated from a constituent LAA by this revision's item")

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["maa", "id"]
        constraints = [models.UniqueConstraint(fields=["maa", "key"], name="one_maa_target_key")]

    def __str__(self) -> str:
        return self.key

    def yearly_values(self) -> dict[str, Decimal]:
        return {y: Decimal(v) for y, v in self.yearly.items()}


class MaaStatus(RecordedBy):
    """One step of the MAA: submitted, referred back, agreed, published."""

    maa = models.ForeignKey(MultiAreaAgreement, on_delete=models.PROTECT, related_name="status_rows")
    step = models.CharField(max_length=12, choices=STEP_CHOICES)
    from_state = models.CharField(max_length=12, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=12, choices=STATE_CHOICES)
    role = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["maa", "id"]
        verbose_name_plural = "MAA status rows"


class Signature(RecordedBy):
    """A signatory's signature of the agreed MAA: who signed for it (their name and
    office, as written) and the day, recorded by `by`. One per signatory."""

    maa = models.ForeignKey(MultiAreaAgreement, on_delete=models.PROTECT, related_name="signatures")
    signatory = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=SIGNATORY_CHOICES)
    signed_by = models.CharField(max_length=200, help_text='Who signed for it: "Cllr Jane Doe, Leader"')
    signed_on = models.DateField()

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["maa", "id"]
        constraints = [models.UniqueConstraint(fields=["maa", "signatory"], name="one_signature_per_signatory")]
