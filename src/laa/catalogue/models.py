"""The catalogue: departments, rounds, national and local indicators, and the
versioned definition of each indicator (D2, D3, D7, D18)."""

from __future__ import annotations

from django.db import models

from laa.accounts.scopes import local_indicator_filter


class Provenance(models.TextChoices):
    SOURCE_CHECKED = "source-checked", "Source-checked"
    RECALLED = "recalled", "Recalled"
    INFERRED = "inferred", "Inferred"
    LOCAL = "local", "Set by the partnership"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither"


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    COUNT = "count", "Count"
    RATE = "rate", "Rate"
    RATIO = "ratio", "Ratio"
    SCORE = "score", "Score"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    TONNES = "tonnes", "Tonnes"
    KILOGRAMS = "kilograms", "Kilograms"
    POUNDS = "pounds", "Pounds"
    INDEX = "index", "Index"


class DataSource(models.TextChoices):
    ADMINISTRATIVE = "administrative", "Administrative data"
    PLACE_SURVEY = "place_survey", "Place Survey"
    TELLUS_SURVEY = "tellus_survey", "TellUs survey"
    NATIONAL_SURVEY = "national_survey", "National survey"
    OTHER_SURVEY = "other_survey", "Other survey"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"
    BIENNIAL = "biennial", "Biennial"


class DepartmentQuerySet(models.QuerySet["Department"]):
    def visible_to(self, user) -> DepartmentQuerySet:
        """Departments are public reference data: everyone sees them all."""
        return self.all()


class Department(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=120)
    provenance = models.CharField(max_length=16, choices=Provenance.choices)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicQuerySet(models.QuerySet):
    """The national timetable and the statutory list are public reference data: the
    scope is all of it, asked for through `visible_to` all the same."""

    def visible_to(self, user) -> PublicQuerySet:
        return self.all()


class Round(models.Model):
    """A round of agreements (2008: the period 2008/09 to 2010/11)."""

    year = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=80)
    period_start = models.DateField()
    period_end = models.DateField()
    approval_opens = models.DateField(help_text="No sign-off by the Secretary of State before this day")

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> tuple[str, ...]:
        first = self.period_start.year
        return tuple(f"{y}/{str(y + 1)[-2:]}" for y in range(first, self.period_end.year))


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, user) -> IndicatorQuerySet:
        """National indicators are public; a local indicator is seen by its own area's
        people and by those who read every area."""
        return self.filter(local_indicator_filter(user))


class Indicator(models.Model):
    """A national indicator (NI 1-199) or a partnership's local indicator."""

    code = models.CharField(max_length=32, unique=True, help_text='"NI 16", or a local code')
    number = models.PositiveSmallIntegerField(null=True, blank=True, unique=True)
    partnership = models.ForeignKey(
        "places.Partnership", on_delete=models.PROTECT, null=True, blank=True,
        related_name="local_indicators", help_text="Set for a local indicator",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["number", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_national(self) -> bool:
        return self.partnership_id is None


class IndicatorDefinitionQuerySet(models.QuerySet["IndicatorDefinition"]):
    def visible_to(self, user) -> IndicatorDefinitionQuerySet:
        """A definition is seen with its indicator."""
        return self.filter(local_indicator_filter(user, "indicator__"))


class IndicatorDefinition(models.Model):
    """One version of an indicator's definition. A changed definition becomes a new
    version; the old one is kept."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="definitions")
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    title = models.CharField(max_length=400)
    annex = models.CharField(max_length=120, blank=True)
    theme = models.CharField(max_length=120, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="definitions")
    polarity = models.CharField(max_length=8, choices=Polarity.choices)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    decimal_places = models.PositiveSmallIntegerField(default=0)
    data_source = models.CharField(max_length=20, choices=DataSource.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    first_year = models.CharField(max_length=7, default="2008/09")
    place_survey = models.BooleanField(default=False)
    tellus_survey = models.BooleanField(default=False)
    provenance = models.JSONField(default=dict, help_text="Provenance of each field")
    note = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="unique_definition_version"),
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(is_current=True), name="one_current_definition"
            ),
        ]
        indexes = [models.Index(fields=["is_current", "department"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.version}"

    @property
    def deferred(self) -> bool:
        return self.first_year != "2008/09"


class StatutoryIndicator(models.Model):
    """An indicator that is a statutory DCSF target in a round (D3): data, not code."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="statutory_indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="statutory_rounds")
    provenance = models.CharField(max_length=16, choices=Provenance.choices)
    until = models.CharField(
        max_length=7, blank=True,
        help_text="The last financial year the statutory target is in force (2008/09 for Key Stage 3); "
        "blank: the whole round",
    )
    source = models.CharField(max_length=300, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="unique_statutory_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: statutory in the {self.round.year} round"
