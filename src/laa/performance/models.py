"""The money of an agreement (D20, D21; issue 14, ADR 0024): the inputs of the Performance
Reward Grant (each authority's net budget requirement, with its source and who entered
it), the pump-priming grant paid at the start, the Area Based Grant allocations, and the
reward claim: the responsible authority's claim with its achieved values and evidence,
the Government Office's return or recommendation, CLG's determination or refusal, and
the authority's withdrawal.

Every record is added, never changed: a corrected input is a later row (the latest per
authority and year counts). A claim's state moves only by the compare-and-set in
`performance.reward_actions`, beside an append-only status row that keeps the figures of
the step (a determination's figures are its own: a later policy never changes them).
"""

from __future__ import annotations

from django.db import models

from laa.agreements.models import agreement_filter
from laa.audit.append_only import AppendOnlyQuerySet, RecordedBy
from laa.domain.reward_claims import STATE_LABELS
from laa.hub.scopes import COMMAND_LINE

MONEY = {"max_digits": 16, "decimal_places": 2}


class AreaRecordQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> AreaRecordQuerySet:
        """Published money (net budget requirements, pump priming, the Area Based Grant):
        everyone sees it, but a view still asks through the scope."""
        return self.all()


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user) -> ClaimQuerySet:
        """A claim is seen with its agreement."""
        return self.filter(agreement_filter(user, "agreement__"))


class AgreementRecordQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> AgreementRecordQuerySet:
        """An agreement's record is seen with the agreement; the command line (`laa reward`,
        reading as the hub's command line does) sees every one."""
        if user is COMMAND_LINE:
            return self.all()
        return self.filter(agreement_filter(user, "agreement__"))


class ClaimRecordQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> ClaimRecordQuerySet:
        return self.filter(agreement_filter(user, "claim__agreement__"))


class NetBudgetRequirement(RecordedBy):
    """An authority's net budget requirement for a year (D20: the year before the agreement;
    a two-tier area's county and each district)."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(max_length=200, help_text="The council: the county, a district, a unitary")
    year = models.CharField(max_length=7, help_text='The financial year, "2007/08"')
    amount = models.DecimalField(**MONEY)
    source = models.TextField(help_text="Where the figure comes from")

    objects = AreaRecordQuerySet.as_manager()

    class Meta:
        ordering = ["area", "year", "authority", "id"]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}: £{self.amount:,}"


class PumpPrimingGrant(RecordedBy):
    """The pump-priming grant paid up front to help the area towards its stretched targets."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+")
    year = models.CharField(max_length=7)
    paid_on = models.DateField()
    amount = models.DecimalField(**MONEY)
    capital = models.DecimalField(**MONEY, help_text="Of which capital; the rest is revenue")
    source = models.TextField()

    objects = AreaRecordQuerySet.as_manager()

    class Meta:
        ordering = ["area", "paid_on", "id"]

    def __str__(self) -> str:
        return f"Pump priming {self.year}: £{self.amount:,}"


class AreaBasedGrant(RecordedBy):
    """An un-ringfenced Area Based Grant allocation (D21) by year and the grant it replaced,
    optionally set against a priority of the agreement; no reporting is attached to it."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+")
    year = models.CharField(max_length=7)
    grant_replaced = models.CharField(max_length=200, help_text="The specific grant it replaced")
    amount = models.DecimalField(**MONEY)
    priority = models.CharField(max_length=300, blank=True, help_text="A priority of the agreement it is set against")
    source = models.TextField()

    objects = AreaRecordQuerySet.as_manager()

    class Meta:
        ordering = ["area", "year", "grant_replaced", "id"]

    def __str__(self) -> str:
        return f"{self.grant_replaced} {self.year}: £{self.amount:,}"


class InterimLevel(RecordedBy):
    """A reward target's agreed interim level and the value reached at the interim point
    (D20: reaching it earns a payment on account of one fifth of the target's share, set
    against the final payment). The latest row per agreement and target counts."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="+")
    target_key = models.CharField(max_length=200)
    level = models.DecimalField(max_digits=14, decimal_places=4)
    reached = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True,
                                  help_text="The value at the interim point; blank: not reported yet")
    period = models.CharField(max_length=24, help_text='The interim point: "2009/10"')
    source = models.TextField()

    objects = AgreementRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "target_key", "id"]

    def __str__(self) -> str:
        return f"{self.target_key}: interim level {self.level}"


class ClaimState(models.TextChoices):
    """A claim's states: the steps between them are `laa.domain.reward_claims.STEPS`."""

    CLAIMED = "claimed", STATE_LABELS["claimed"]
    RETURNED = "returned", STATE_LABELS["returned"]
    RECOMMENDED = "recommended", STATE_LABELS["recommended"]
    DETERMINED = "determined", STATE_LABELS["determined"]
    REFUSED = "refused", STATE_LABELS["refused"]
    WITHDRAWN = "withdrawn", STATE_LABELS["withdrawn"]


class RewardClaim(models.Model):
    """The responsible authority's claim of the reward grant, numbered 1, 2, ... per
    agreement. `state` and `version` move only by the compare-and-set in reward_actions."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="reward_claims")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=12, choices=ClaimState.choices)
    version = models.PositiveIntegerField(default=1, help_text="Counts the claim's steps, for the compare-and-set")
    policy_id = models.CharField(max_length=60, help_text='The policy the claim is calculated under: "laa-2008-11/1"')
    evidence = models.TextField(help_text="The evidence behind the achieved values")
    claimed_on = models.DateField()

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_claim_number_per_agreement")]

    def __str__(self) -> str:
        return f"Reward claim {self.number} of agreement {self.agreement_id}"


class ClaimedValue(RecordedBy):
    """A value achieved, as claimed: for a target (label "") or one of its sub-targets.
    A claim returned and claimed again adds its values anew (`amendment` 1, 2, ...): the
    values of the latest amendment are the claim's."""

    claim = models.ForeignKey(RewardClaim, on_delete=models.PROTECT, related_name="values")
    target_key = models.CharField(max_length=200)
    label = models.CharField(max_length=200, blank=True, help_text="The sub-target's label; blank: the target")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    final = models.BooleanField(default=True)
    evidence = models.TextField(blank=True)
    amendment = models.PositiveIntegerField(default=0, help_text="0: as first claimed; 1, 2, ...: claimed again")

    objects = ClaimRecordQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "id"]

    def __str__(self) -> str:
        return f"{self.target_key} {self.label}: {self.value}".replace("  ", " ")


class ClaimStatus(RecordedBy):
    """One step of a claim, with the calculation as it stood (`figures`, JSON)."""

    claim = models.ForeignKey(RewardClaim, on_delete=models.PROTECT, related_name="status_rows")
    step = models.CharField(max_length=12)
    from_state = models.CharField(max_length=12, blank=True, choices=ClaimState.choices)
    to_state = models.CharField(max_length=12, choices=ClaimState.choices)
    role = models.CharField(max_length=24, blank=True)
    note = models.TextField(blank=True)
    figures = models.JSONField(help_text="The calculation at this step, money as exact decimal strings")

    objects = ClaimRecordQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "id"]
        verbose_name_plural = "claim status rows"

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.step}"


# Alerts (following and the daily digests), delivery (commentary, actions, the board's
# challenges) and the CAA's flags live in modules of their own.
from laa.performance.alert_models import AlertDigest, AlertTold, Following  # noqa: E402,F401
from laa.performance.board_models import BoardReportPdf  # noqa: E402,F401
from laa.performance.caa_models import CaaFlag, CaaFlagStatus  # noqa: E402,F401
from laa.performance.computed_models import SharedComputation  # noqa: E402,F401
from laa.performance.delivery_models import ActionDone, BoardChallenge, Commentary, DeliveryAction  # noqa: E402,F401
