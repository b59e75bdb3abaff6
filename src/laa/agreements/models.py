"""Agreements and their targets (D1-D9, D20): what a partnership composes and signs.

An agreement's content is edited through `agreements.actions`, which bump its
`version` (a stale edit is refused) and write the audit trail. The domain's
`AgreementDraft` is the same content as plain data: `agreements.convert` maps one to
the other, and the rules (`laa.domain.rules`) judge it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from laa.catalogue.models import IndicatorDefinition
from laa.domain.composition import CATEGORIES, DUTIES, SELECTION_CRITERIA
from laa.domain.roles import DEPARTMENT_ROLES, NATIONAL_ROLES, Role, role_of

CATEGORY_LABELS = {"designated": "Designated", "statutory": "Statutory (DCSF)", "local": "Local"}
DUTY_LABELS = {"have_regard": "Partner authority: duty to have regard", "voluntary": "Voluntary partner"}
_CRITERION_LABELS = {
    "important_to_vision": "Important to the vision in the Sustainable Community Strategy",
    "needs_partnership": "Needs the partnership to deliver it",
    "challenging": "Challenging: the area is performing poorly or wants to go further",
    "fits_regional_priorities": "Fits regional priorities",
    "nationally_important": "Nationally important",
    "cross_cutting": "Cross-cutting: serves several themes",
}
# (id, label) of each selection criterion, in the domain's order (the ids are the domain's).
CRITERIA = tuple((criterion, _CRITERION_LABELS[criterion]) for criterion in SELECTION_CRITERIA)


# Scopes: who sees which agreements and targets. Published agreements are public; drafts
# are private to their area, its Government Office and national readers. A department sees
# every target on its own indicators across all areas (DCSF also every statutory target),
# and the agreements that hold them. These filters are the one scope of each model of the
# app (`Model.objects.visible_to`): an agreement's records (outcomes, consultations,
# statutory omissions, partners' sign-ups) follow their agreement or target, through
# `prefix` ("agreement__", "target__").


def department_indicators(department_id: int | None, prefix: str = "", *, statutory: bool = False) -> Q:
    """Targets on a department's indicators; with `statutory` (DCSF), every statutory target too."""
    indicators = IndicatorDefinition.objects.filter(
        is_current=True, department_id=department_id
    ).values("indicator_id")
    mine = Q(**{f"{prefix}indicator_id__in": indicators})
    if statutory:
        mine |= Q(**{f"{prefix}category": "statutory"})
    return mine


def department_targets(user, prefix: str = "") -> Q:
    """Targets on the user's department's indicators (DCSF: and every statutory target)."""
    return department_indicators(user.department_id, prefix, statutory=role_of(user) == Role.DCSF)


def agreement_filter(user, prefix: str = "") -> Q:
    """A filter on agreements (or, with a prefix such as "agreement__", on their records)."""
    published = Q(**{f"{prefix}published_at__isnull": False})
    role = role_of(user)
    if role is None:
        return published
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(**{f"{prefix}area_id": user.area_id}) | published
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(**{f"{prefix}area__region_id": user.region_id}) | published
    holding = Target.objects.filter(department_targets(user)).values("agreement_id")
    return Q(**{f"{prefix}pk__in": holding}) | published


def target_filter(user, prefix: str = "") -> Q:
    """A filter on targets (or, with a prefix such as "target__", on their records)."""
    role = role_of(user)
    published = Q(**{f"{prefix}agreement__published_at__isnull": False})
    if role is None:
        return published
    if role in NATIONAL_ROLES:
        return Q()
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return Q(**{f"{prefix}agreement__area_id": user.area_id}) | published
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return Q(**{f"{prefix}agreement__area__region_id": user.region_id}) | published
    return department_targets(user, prefix) | published


def target_count_filter(user) -> Q:
    """Targets counted (never listed) on the department dashboard: every target for
    departments and national readers (no silos, DOMAIN.md), none for anyone else."""
    return Q() if role_of(user) in DEPARTMENT_ROLES | NATIONAL_ROLES else Q(pk__in=[])


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user) -> AgreementQuerySet:
        """Draft agreements are private to their area, its GO and national readers;
        departments see the agreements that carry targets on their indicators."""
        return self.filter(agreement_filter(user))


class AgreementRecordQuerySet(models.QuerySet):
    """An agreement's outcomes, consultations and statutory omissions: seen with it."""

    def visible_to(self, user) -> AgreementRecordQuerySet:
        return self.filter(agreement_filter(user, "agreement__"))


class Agreement(models.Model):
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="agreements")
    round = models.ForeignKey("catalogue.Round", on_delete=models.PROTECT, related_name="agreements")
    period_start = models.CharField(max_length=7, default="2008/09")
    period_end = models.CharField(max_length=7, default="2010/11")
    story_of_place = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="References to the evidence behind the story of place")
    education_responsibility = models.BooleanField(default=True)
    sustainability_assessed = models.BooleanField(default=False)
    equality_assessed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(
        max_length=24, default="draft",
        help_text="The current sign-off state, kept in step with the append-only status rows "
        "(signoff.SignOffStatus) by a compare-and-set update",
    )
    content_hash = models.CharField(max_length=64, blank=True, help_text="Recorded at approval: the content is frozen")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["area__name"]
        constraints = [models.UniqueConstraint(fields=["area", "round"], name="one_agreement_per_area_round")]

    def __str__(self) -> str:
        return f"{self.area.name} LAA {self.period_start} to {self.period_end}"


class Outcome(models.Model):
    """A priority outcome, tied to the Sustainable Community Strategy theme it serves."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="outcomes")
    key = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    theme = models.CharField("SCS theme", max_length=200, blank=True)
    evidence = models.TextField(blank=True)
    criteria = models.JSONField(default=dict, blank=True, help_text="Selection criteria met: {criterion: true}")
    assessment = models.TextField(blank=True, help_text="The partnership's assessment against the criteria")
    position = models.PositiveIntegerField(default=0)

    objects = AgreementRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="unique_outcome_key")]

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """A record of the duty to involve: who was consulted, when, what they said."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="consultations")
    consultee = models.CharField(max_length=200)
    held_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = AgreementRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "id"]

    def __str__(self) -> str:
        return f"Consultation with {self.consultee}"


class StatutoryOmission(models.Model):
    """A statutory indicator the area has no target on because DCSF agreed so (D3)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="statutory_omissions")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField("agreed with DCSF on", null=True, blank=True)
    reason = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = AgreementRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "indicator"], name="unique_statutory_omission")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} left out"


class TargetQuerySet(models.QuerySet["Target"]):
    def visible_to(self, user) -> TargetQuerySet:
        return self.filter(target_filter(user))

    def counted_for(self, user) -> TargetQuerySet:
        """Targets a person may COUNT but not read: departments must not work in silos,
        so the department dashboard counts other departments' targets on its themes in
        every area (areas, agreed), and national readers count everything. Aggregates
        only: a page lists rows through `visible_to`."""
        return self.filter(target_count_filter(user))


class TargetPartnerQuerySet(models.QuerySet["TargetPartner"]):
    """Partners' sign-ups to a target: seen with the target."""

    def visible_to(self, user) -> TargetPartnerQuerySet:
        return self.filter(target_filter(user, "target__"))


class Target(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="targets")
    key = models.CharField(max_length=200, help_text="Unique in the agreement: names the target in messages")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.PROTECT, related_name="targets")
    category = models.CharField(max_length=12, choices=[(c, CATEGORY_LABELS[c]) for c in CATEGORIES])
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, null=True, blank=True, related_name="targets")
    sub_areas = models.JSONField(default=list, blank=True)
    group = models.CharField("client group", max_length=200, blank=True)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True)
    baseline_source = models.CharField(max_length=300, blank=True)
    ci_lower = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    ci_upper = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    yearly = models.JSONField(default=dict, blank=True, help_text='{"2008/09": "17.5", ...} as exact decimal strings')
    placeholder_reason = models.TextField(blank=True)
    placeholder_set_at = models.CharField(max_length=120, blank=True)
    improvement_percent = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    relative_to = models.CharField(max_length=300, blank=True)
    delivery_plan = models.TextField(blank=True)
    direction_of_travel = models.TextField(
        blank=True, help_text="How direction of travel is gauged in a Place Survey's non-survey year (D7)"
    )
    reward = models.JSONField(null=True, blank=True, help_text="The reward element as exact decimal strings")
    none_set = models.JSONField(
        default=list, blank=True, help_text='Years explicitly without a target: ["2009/10"] (D5)'
    )
    value_periods = models.JSONField(
        default=dict, blank=True,
        help_text='A yearly target\'s own data period: {"2010/11": "to February 2011"}',
    )
    direction_reason = models.TextField(
        blank=True, help_text="Why the target does not improve on its baseline (D9)"
    )
    placeholder_go_agreed = models.BooleanField(
        "placeholder agreed by the GO", default=False,
        help_text="The GO agreed a placeholder on an indicator that is not deferred (D5)",
    )
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="unique_target_key")]
        indexes = [models.Index(fields=["indicator", "category"])]

    def __str__(self) -> str:
        return self.key

    @property
    def is_placeholder(self) -> bool:
        return bool(self.placeholder_reason)


class TargetPartner(models.Model):
    """An organisation signed up to a target (D6)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="sign_ups"
    )
    duty = models.CharField(max_length=12, choices=[(d, DUTY_LABELS[d]) for d in DUTIES])
    lead = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    objects = TargetPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["target", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["target", "name"], name="unique_target_partner")]

    def __str__(self) -> str:
        return self.name


class DocumentPdf(models.Model):
    """The agreement document printed to PDF (by the background task
    `laa.agreements.tasks.print_document`), kept for the exact HTML it was made from:
    `fingerprint` is the SHA-256 of that HTML (`laa.agreements.printing`). A PDF is served
    only while the document's HTML still has that fingerprint, so a changed agreement's
    old PDF is never served."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="pdfs")
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField()
    seconds = models.FloatField(help_text="How long WeasyPrint took to print it")
    made_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "fingerprint"], name="one_pdf_per_document_html")]

    def __str__(self) -> str:
        return f"PDF of agreement {self.agreement_id} ({self.fingerprint[:12]})"
