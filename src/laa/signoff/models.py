"""Sign-off (D12): append-only status rows, district adoptions, acknowledged warnings.

The agreement's current state is `Agreement.state`, moved only by a compare-and-set in
`signoff.actions.transition`, in the same transaction that appends a `SignOffStatus` row;
`laa.domain.signoff_history.derive_state` over the rows gives the same state. Rows are never
changed or deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from laa.agreements.models import agreement_filter
from laa.audit.append_only import AppendOnlyModel, AppendOnlyQuerySet
from laa.domain.signoff import STATE_LABELS, TRANSITIONS
from laa.domain.signoff_guards import COUNCIL_BODY_LABELS

STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]
COUNCIL_BODY_CHOICES = [(b.value, label) for b, label in COUNCIL_BODY_LABELS.items()]
TRANSITION_CHOICES = [(t.name, t.label) for t in TRANSITIONS.values()]


class SignOffRecordQuerySet(AppendOnlyQuerySet):
    """Sign-off rows (status, district adoptions, acknowledged warnings, approved content)
    are seen with their agreement (`Agreement.objects.visible_to`)."""

    def visible_to(self, user) -> SignOffRecordQuerySet:
        return self.filter(agreement_filter(user, "agreement__"))


class SignOffStatus(AppendOnlyModel):
    """One step of an agreement's sign-off: who moved it from which state to which, when, why."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="status_rows")
    from_state = models.CharField(max_length=24, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=24, choices=STATE_CHOICES)
    transition = models.CharField(max_length=32, choices=TRANSITION_CHOICES)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200, help_text="The person's name when they acted")
    role = models.CharField(max_length=24, blank=True)
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    council_body = models.CharField(max_length=16, blank=True, choices=COUNCIL_BODY_CHOICES,
                                    help_text="For the council's approval: full council or the executive")
    content_hash = models.CharField(max_length=64, blank=True, help_text="For approval: the frozen content's hash")
    agreement_version = models.PositiveIntegerField(help_text="The agreement's version the step was taken on")

    objects = SignOffRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "id"]
        verbose_name_plural = "sign-off status rows"

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_state} -> {self.to_state}"


class DistrictAdoption(AppendOnlyModel):
    """A district's formal adoption of the targets it signs up to (two-tier areas, D12).
    Optional, one per district and sign-off cycle, beside the chain: it never changes the
    agreement's state. `cycle` is how many times the agreement had gone back to draft when
    the adoption was recorded; only the adoptions of the current cycle count."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="district_adoptions")
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="adoptions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200)
    role = models.CharField(max_length=24, blank=True)
    at = models.DateTimeField()
    note = models.TextField(blank=True, help_text="The decision: which meeting, minute reference")
    cycle = models.PositiveIntegerField(
        default=0, help_text="Returns to draft before this adoption: a later return to draft undoes it",
    )

    objects = SignOffRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "district__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "district", "cycle"], name="one_adoption_per_district_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.district} adopted {self.agreement_id}"


class WarningAcknowledgement(AppendOnlyModel):
    """A rule warning acknowledged with a reason before submission. It acknowledges the
    warning as worded at the agreement version seen: if the warning changes (other numbers,
    another target), it needs acknowledging again."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="acknowledgements")
    rule = models.CharField(max_length=80, help_text='A rule id, e.g. "D6.no-lead-partner"')
    target_key = models.CharField(max_length=200, blank=True, help_text="Blank for the agreement as a whole")
    message = models.TextField(help_text="The warning as it was worded")
    reason = models.TextField()
    agreement_version = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200)
    at = models.DateTimeField()

    objects = SignOffRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "id"]

    def __str__(self) -> str:
        return f"{self.rule} {self.target_key}".strip()


class AgreementVersion(AppendOnlyModel):
    """A version of an approved agreement (D14-D16): the whole agreement as agreement-file
    JSON (`laa-agreement/1`) and its hash, numbered 1, 2, ... per agreement, with the day it
    is in force from. Approval writes version 1 beside its status row (`status`); each later
    approved change writes the next (an approved revision, ADR 0021: no status row, its
    approver kept here). Never changed: what was approved can always be read
    back and checked against the hash, whatever later happens to the live targets.
    (Not `Agreement.version`, which counts edits for the compare-and-set.)"""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the approved agreement, then one more per approved change")
    in_force_from = models.DateField(help_text="The day this version is in force from")
    status = models.OneToOneField(SignOffStatus, on_delete=models.PROTECT, related_name="version",
                                  null=True, blank=True,
                                  help_text="The sign-off step that approved it (none for an approved revision)")
    # Who approved a version that no sign-off step approved (a revision, ADR 0021): the
    # person's name and role as they were, and when. Blank for a version with a status.
    # (a database default too, so that a writer of an older schema, such as migration
    # 0004's, can still add a row)
    approved_by_name = models.CharField(max_length=200, blank=True, default="", db_default="")
    approved_role = models.CharField(max_length=24, blank=True, default="", db_default="")
    approved_at = models.DateTimeField(null=True, blank=True)
    document = models.TextField(help_text="The agreement as an agreement file (JSON)")
    content_hash = models.CharField(max_length=64, help_text="sha256 of the document's canonical content")

    objects = SignOffRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_version_number_per_agreement")]

    def __str__(self) -> str:
        return f"{self.agreement} version {self.number}"
