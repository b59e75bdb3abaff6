"""The Data Interchange Hub (D18): observed values of indicators, by place, group and
period; who supplies each indicator; and the ledger of imports.

An observation is never changed: a correction is a new observation that `replaces`
the one before (with who, when and why), so every earlier value stays readable. The
current value of a key (definition, area, district, group, period) is the one nothing
replaces; the constraints below keep one chain per key, hence one current value.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from laa.audit.append_only import AppendOnlyModel, AppendOnlyQuerySet
from laa.domain.hub.groups import ALL, group_label
from laa.domain.hub.periods import PeriodKind
from laa.domain.hub.reporting import Reporting, SupplierKind
from laa.domain.hub.values import Status
from laa.hub import scopes


class SupplierQuerySet(models.QuerySet["Supplier"]):
    def visible_to(self, user) -> SupplierQuerySet:
        """Who supplies an indicator is public, as the catalogue is."""
        return self.filter(scopes.supplier_filter(user))


class Supplier(models.Model):
    """Who supplies an indicator's data (collect once), and what a value of it may be
    given for (the kinds of period, districts, groups), as its definition sets them."""

    indicator = models.OneToOneField("catalogue.Indicator", on_delete=models.CASCADE, related_name="supplier")
    kind = models.CharField(max_length=16, choices=[(k.value, k.label) for k in SupplierKind])
    department = models.ForeignKey(
        "catalogue.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="supplies",
        help_text="Set when the owning department supplies the data",
    )
    source = models.CharField(max_length=80, blank=True, help_text="A national source: ONS, Ofsted...")
    period_kinds = models.JSONField(default=list, help_text="The kinds of period it is reported for")
    reports_districts = models.BooleanField(default=False, help_text="Also reported for each district")
    group_dimensions = models.JSONField(default=list, help_text="Equality breakdowns allowed")
    provenance = models.CharField(max_length=16, default="inferred")
    note = models.TextField(blank=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["indicator"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.supplier_label}"

    def reporting(self) -> Reporting:
        return Reporting(
            supplier_kind=SupplierKind(self.kind),
            supplier_department=self.department.code if self.department_id else None,
            supplier_source=self.source,
            period_kinds=frozenset(PeriodKind(k) for k in self.period_kinds),
            reports_districts=self.reports_districts,
            group_dimensions=frozenset(self.group_dimensions),
        )

    @property
    def supplier_label(self) -> str:
        return self.reporting().supplier_label


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def visible_to(self, user) -> LedgerEntryQuerySet:
        return self.filter(scopes.ledger_filter(user))


class LedgerEntry(AppendOnlyModel):
    """One import written to the hub: who, when, which file, and what it did. The
    values it created are its `observations`; those it superseded are the ones they
    replace."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=150, help_text="Who, kept if the account goes")
    by_department = models.ForeignKey(
        "catalogue.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_area = models.ForeignKey("places.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file_name = models.CharField(max_length=300)
    file_hash = models.CharField(max_length=64, help_text="SHA-256 of the file as received")
    layout = models.CharField(max_length=16)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="New values (no earlier one)")
    changed = models.PositiveIntegerField(default=0, help_text="Values that superseded an earlier one")
    unchanged = models.PositiveIntegerField(default=0)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"Import of {self.file_name} by {self.by_label}"


class ObservationQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> ObservationQuerySet:
        return self.filter(scopes.observation_filter(user))

    def current(self) -> ObservationQuerySet:
        """The values nothing has superseded."""
        return self.filter(replaced_by__isnull=True)


class Observation(AppendOnlyModel):
    """One value of an indicator (its definition version) for a place, a group and a
    period. Added, never changed: a correction replaces it."""

    definition = models.ForeignKey("catalogue.IndicatorDefinition", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "catalogue.Indicator", on_delete=models.PROTECT, related_name="observations",
        help_text="The definition's indicator, kept here for filtering",
    )
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="observations")
    district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, null=True, blank=True, related_name="observations",
        help_text="A district of the area, where the definition reports for districts",
    )
    group = models.CharField(max_length=40, default=ALL, help_text='"all", or an equality group ("sex:female")')
    period = models.CharField(max_length=24, help_text='The period\'s code: "2008/09", "2008/09 Q1"...')
    period_kind = models.CharField(max_length=16, choices=[(k.value, k.label) for k in PeriodKind])
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    ci_lower = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    ci_upper = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    sample_size = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=[(s.value, s.label) for s in Status])
    supplier = models.CharField(max_length=80, help_text="Who supplied it: a department, a source or the area")
    supplied_at = models.DateTimeField(db_index=True)
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supplied_by_label = models.CharField(max_length=150)
    ledger = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="observations")
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        help_text="The earlier value this one corrects",
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why the earlier value was replaced")

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "period_start", "group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "area", "group", "period"],
                condition=models.Q(replaces__isnull=True, district__isnull=True),
                name="one_first_observation_per_area_key",
            ),
            models.UniqueConstraint(
                fields=["definition", "district", "group", "period"],
                condition=models.Q(replaces__isnull=True, district__isnull=False),
                name="one_first_observation_per_district_key",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period"], name="hub_obs_indicator_period"),
            models.Index(fields=["area", "period"], name="hub_obs_area_period"),
            models.Index(fields=["definition", "area", "period"], name="hub_obs_key"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.period}"

    @property
    def group_label(self) -> str:
        return group_label(self.group)

    @property
    def status_label(self) -> str:
        return Status(self.status).label


class UploadQuerySet(models.QuerySet["Upload"]):
    def visible_to(self, user) -> UploadQuerySet:
        return self.filter(scopes.upload_filter(user))


class Upload(models.Model):
    """A file of values uploaded on the web, checked and then imported by background
    tasks (laa.hub.tasks; ADR 0017). The file itself waits under LAA_VAR_DIR
    (laa.hub.uploads) until it is imported; `report` is the outcome of the last run, as
    the page shows it. Its state moves forward by compare-and-set (a confirmation is
    taken once); what was written is the ledger's record, not this row's."""

    class State(models.TextChoices):
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=300)
    file_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file as received")
    layout = models.CharField(max_length=16)
    size = models.BigIntegerField(default=0)
    state = models.CharField(max_length=12, choices=State.choices, default=State.CHECKING)
    task_id = models.CharField(max_length=64, blank=True, help_text="The background task running it now")
    report = models.JSONField(default=dict, blank=True, help_text="The last check's or import's outcome")
    ledger = models.ForeignKey(LedgerEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Upload of {self.file_name} by {self.by_id}"

    @property
    def running(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.IMPORTING)


# The burden register lives in its own module (laa.hub.burdens); imported here so that
# Django registers its model with the hub app.
from laa.hub.burdens import DataCollection  # noqa: E402, F401
