"""How an indicator is reported, as its definition sets it: the kinds of period, whether
it reports for districts inside a two-tier area, which groups (equality breakdowns) a
value may be given for, and who supplies it.

The catalogue's definitions give the unit, frequency, data source and department; the
rest is inferred here from them (and recorded as inferred, so the hub's administrator can
correct one indicator against the Handbook of Definitions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from laa.domain.hub.groups import ALL_DIMENSIONS
from laa.domain.hub.periods import PeriodKind


class SupplierKind(StrEnum):
    DEPARTMENT = "department"  # the owning department collects it from its own systems
    NATIONAL_SOURCE = "national_source"  # a national statistics source (ONS, Ofsted...)
    AREA = "area"  # the area collects it locally and submits its own value

    @property
    def label(self) -> str:
        return SUPPLIER_LABELS[self]


SUPPLIER_LABELS = {
    SupplierKind.DEPARTMENT: "The owning department",
    SupplierKind.NATIONAL_SOURCE: "A national source",
    SupplierKind.AREA: "The area itself",
}

SURVEY_SOURCES = frozenset({"place_survey", "tellus_survey", "national_survey", "other_survey"})
RATE_UNITS = frozenset({"percentage", "rate", "ratio"})

# Indicators collected by the councils themselves rather than by a department's system
# (inferred from the handbook's data sources: waste, street cleanliness, planning,
# local services' own records).
LOCALLY_COLLECTED = frozenset({157, 170, 180, 181, 185, 188, 189, 191, 192, 193, 194, 195, 196, 197})
# Indicators a two-tier area reports for each district too (the district councils'
# services: waste collection, street cleanliness, planning, housing benefit).
DISTRICT_REPORTED = frozenset({157, 180, 181, 191, 192, 195, 196})
# National sources for national surveys, by department (the ONS runs the Annual
# Population Survey and the earnings survey; others are the department's own).
NATIONAL_SOURCE_OF = {"BERR": "ONS", "DWP": "ONS", "DIUS": "ONS", "CLG": "ONS"}


@dataclass(frozen=True, slots=True)
class Definition:
    """What the hub needs of an indicator's definition version."""

    code: str  # "NI 16"
    number: int | None  # 16; None for a local indicator
    unit: str
    decimal_places: int
    data_source: str
    frequency: str
    department: str | None  # "HO"; None for a local indicator
    place_survey: bool = False
    tellus_survey: bool = False

    @property
    def is_survey(self) -> bool:
        return self.data_source in SURVEY_SOURCES or self.place_survey or self.tellus_survey

    @property
    def is_rate(self) -> bool:
        """A rate or proportion: a value may come with its numerator and denominator."""
        return self.unit in RATE_UNITS


@dataclass(frozen=True, slots=True)
class Reporting:
    """Who supplies an indicator and what a value may be given for."""

    supplier_kind: SupplierKind
    supplier_department: str | None  # the department's code when it supplies
    supplier_source: str  # "ONS", "Ofsted", or "" for a department or the area
    period_kinds: frozenset[PeriodKind]
    reports_districts: bool = False
    group_dimensions: frozenset[str] = field(default_factory=frozenset)

    @property
    def supplier_label(self) -> str:
        if self.supplier_kind == SupplierKind.AREA:
            return "the area itself"
        if self.supplier_kind == SupplierKind.NATIONAL_SOURCE:
            return self.supplier_source
        return self.supplier_department or "its department"


def inferred_reporting(d: Definition) -> Reporting:
    """The reporting of `d`, inferred from its data source, frequency and department."""
    kind, department, source = _supplier(d)
    return Reporting(
        supplier_kind=kind,
        supplier_department=department,
        supplier_source=source,
        period_kinds=_period_kinds(d),
        reports_districts=d.number in DISTRICT_REPORTED,
        group_dimensions=ALL_DIMENSIONS if d.is_survey else frozenset(),
    )


def _supplier(d: Definition) -> tuple[SupplierKind, str | None, str]:
    if d.number is None or d.place_survey or d.number in LOCALLY_COLLECTED:
        return SupplierKind.AREA, None, ""
    if d.tellus_survey:
        return SupplierKind.NATIONAL_SOURCE, None, "Ofsted"
    if d.data_source == "national_survey" and d.department in NATIONAL_SOURCE_OF:
        return SupplierKind.NATIONAL_SOURCE, None, NATIONAL_SOURCE_OF[d.department]
    return SupplierKind.DEPARTMENT, d.department, ""


def _period_kinds(d: Definition) -> frozenset[PeriodKind]:
    if d.place_survey:
        return frozenset({PeriodKind.PLACE_SURVEY})
    if d.tellus_survey:
        return frozenset({PeriodKind.TELLUS_SURVEY})
    if d.frequency == "quarterly" or d.frequency == "monthly":
        return frozenset({PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR})
    if d.department == "DCSF":
        # Attainment and most children's services data run by academic year; some by
        # financial year (the annex does not say which for every one).
        return frozenset({PeriodKind.ACADEMIC_YEAR, PeriodKind.FINANCIAL_YEAR})
    if d.department == "DH":
        # Mortality and other health rates are pooled over rolling calendar years.
        return frozenset({PeriodKind.CALENDAR_YEAR, PeriodKind.ROLLING, PeriodKind.FINANCIAL_YEAR})
    if d.data_source == "national_survey":
        return frozenset({PeriodKind.CALENDAR_YEAR, PeriodKind.ROLLING})
    return frozenset({PeriodKind.FINANCIAL_YEAR})
