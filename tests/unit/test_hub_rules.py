"""The hub's rules: periods, groups, the check of a value, who supplies (table-driven)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from laa.domain.hub.groups import GroupError, group_label, parse_group
from laa.domain.hub.periods import PeriodError, PeriodKind, parse_period
from laa.domain.hub.reporting import Definition, SupplierKind, inferred_reporting
from laa.domain.hub.suppliers import SYSTEM, Submitter, supplier_problem
from laa.domain.hub.values import RawValue, Status, ValueProblems, check_value
from laa.domain.roles import Role


@pytest.mark.parametrize(
    ("text", "code", "kind", "start", "end"),
    [
        ("2008/09", "2008/09", PeriodKind.FINANCIAL_YEAR, dt.date(2008, 4, 1), dt.date(2009, 3, 31)),
        ("2008-09", "2008/09", PeriodKind.FINANCIAL_YEAR, dt.date(2008, 4, 1), dt.date(2009, 3, 31)),
        ("2008/2009", "2008/09", PeriodKind.FINANCIAL_YEAR, dt.date(2008, 4, 1), dt.date(2009, 3, 31)),
        ("FY 2009/10", "2009/10", PeriodKind.FINANCIAL_YEAR, dt.date(2009, 4, 1), dt.date(2010, 3, 31)),
        ("2008/09 Q1", "2008/09 Q1", PeriodKind.QUARTER, dt.date(2008, 4, 1), dt.date(2008, 6, 30)),
        ("Q3 2008/09", "2008/09 Q3", PeriodKind.QUARTER, dt.date(2008, 10, 1), dt.date(2008, 12, 31)),
        ("2008/09 q4", "2008/09 Q4", PeriodKind.QUARTER, dt.date(2009, 1, 1), dt.date(2009, 3, 31)),
        ("AY 2008/09", "AY 2008/09", PeriodKind.ACADEMIC_YEAR, dt.date(2008, 9, 1), dt.date(2009, 8, 31)),
        ("2008/09 academic year", "AY 2008/09", PeriodKind.ACADEMIC_YEAR, dt.date(2008, 9, 1),
         dt.date(2009, 8, 31)),
        ("2008", "2008", PeriodKind.CALENDAR_YEAR, dt.date(2008, 1, 1), dt.date(2008, 12, 31)),
        ("place survey 2008", "Place Survey 2008", PeriodKind.PLACE_SURVEY, dt.date(2008, 9, 1),
         dt.date(2008, 12, 31)),
        ("TellUs3 2008", "TellUs 2008", PeriodKind.TELLUS_SURVEY, dt.date(2008, 1, 1), dt.date(2008, 6, 30)),
        ("2006 to 2008", "2006 to 2008", PeriodKind.ROLLING, dt.date(2006, 1, 1), dt.date(2008, 12, 31)),
        ("2006-2008", "2006 to 2008", PeriodKind.ROLLING, dt.date(2006, 1, 1), dt.date(2008, 12, 31)),
        ("2006/07 to 2008/09", "2006/07 to 2008/09", PeriodKind.ROLLING, dt.date(2006, 4, 1),
         dt.date(2009, 3, 31)),
    ],
)
def test_periods_are_read_to_their_code(text, code, kind, start, end):
    period = parse_period(text)
    assert (period.code, period.kind, period.start, period.end) == (code, kind, start, end)
    assert parse_period(period.code) == period  # the code reads back as itself


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is missing"),
        ("2008/10", "do not follow"),
        ("Q5 2008/09", "is not a period"),
        ("Place Survey 2009", "autumn 2008 and 2010"),
        ("1850", "outside 1990 to 2030"),
        ("2006 to 2015", "more than 5 years"),
        ("2008 to 2006", "does not end after"),
        ("next year", "is not a period"),
        ("9" * 60, "is not a period"),
    ],
)
def test_what_is_not_a_period_is_refused_in_words(text, says):
    with pytest.raises(PeriodError, match=says):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "all"), ("All", "all"), ("Sex: Female", "sex:female"), ("age:16-24", "age:16-24"),
     ("disability:disabled", "disability:disabled"), ("ethnicity:chinese-or-other", "ethnicity:chinese-or-other")],
)
def test_groups(text, code):
    assert parse_group(text) == code


@pytest.mark.parametrize(("text", "says"), [("sex:other", "female, male"), ("religion:x", "dimensions"),
                                            ("female", "dimension and its group")])
def test_what_is_not_a_group_is_refused(text, says):
    with pytest.raises(GroupError, match=says):
        parse_group(text)


def test_group_labels():
    assert group_label("all") == "Whole population"
    assert group_label("sex:female") == "Sex: female"


PERCENT = Definition("NI 1", 1, "percentage", 1, "place_survey", "biennial", "CLG", place_survey=True)
RATE = Definition("NI 20", 20, "rate", 2, "administrative", "quarterly", "HO")
COUNT = Definition("NI 21", 21, "count", 0, "administrative", "annual", "HO")
EMPLOYMENT = Definition("NI 151", 151, "percentage", 1, "national_survey", "annual", "DWP")
ADMIN_PERCENT = Definition("NI 75", 75, "percentage", 1, "administrative", "annual", "DCSF")


@pytest.mark.parametrize(
    ("raw", "definition", "value", "status"),
    [
        (RawValue(value="17.5"), PERCENT, Decimal("17.5"), Status.FINAL),
        (RawValue(value="17.50", status="Provisional"), PERCENT, Decimal("17.5"), Status.PROVISIONAL),
        (RawValue(value="1,234", status="final"), COUNT, Decimal(1234), Status.FINAL),
        (RawValue(status="suppressed", denominator=""), COUNT, None, Status.SUPPRESSED),
        (RawValue(value="12.34", numerator="1234", denominator="10000"), RATE, Decimal("12.34"), Status.FINAL),
        (RawValue(value="50.0", numerator="1", denominator="2"), ADMIN_PERCENT, Decimal(50), Status.FINAL),
        (RawValue(value="33.3", numerator="1", denominator="3"), ADMIN_PERCENT, Decimal("33.3"), Status.FINAL),
        (RawValue(value="70.1", ci_lower="68.0", ci_upper="72.2", sample_size="1100"), PERCENT,
         Decimal("70.1"), Status.FINAL),
        (RawValue(value=Decimal("-3")), Definition("NI 9", 9, "score", 0, "administrative", "annual", "CO"),
         Decimal(-3), Status.FINAL),
    ],
)
def test_values_that_pass(raw, definition, value, status):
    checked = check_value(raw, definition)
    assert (checked.value, checked.status) == (value, status)


@pytest.mark.parametrize(
    ("raw", "definition", "column", "says"),
    [
        (RawValue(value="117"), PERCENT, "value", "not a possible percentage"),
        (RawValue(value="-1"), COUNT, "value", "cannot be negative"),
        (RawValue(value="17.55"), PERCENT, "value", "decimal place"),
        (RawValue(value="1.5"), COUNT, "value", "more than 0 decimal places"),
        (RawValue(value="twelve"), COUNT, "value", "must be a number"),
        (RawValue(value=""), COUNT, "value", "is missing"),
        (RawValue(value="3", status="estimated"), COUNT, "status", "provisional, final or suppressed"),
        (RawValue(value="3", status="suppressed"), COUNT, "value", "must be blank for a suppressed"),
        (RawValue(value="3", numerator="3", denominator="4"), COUNT, "numerator", "not a rate"),
        (RawValue(value="12.5", numerator="1"), RATE, "denominator", "come together"),
        (RawValue(value="12.5", numerator="1", denominator="0"), RATE, "denominator", "more than 0"),
        (RawValue(value="50.0", numerator="3", denominator="2"), ADMIN_PERCENT, "numerator", "more than"),
        (RawValue(value="40.0", numerator="1", denominator="2"), ADMIN_PERCENT, "value", "is not 1 out of 2"),
        (RawValue(value="1.5", numerator="1.5", denominator="2"), RATE, "numerator", "more than 0 decimal places"),
        (RawValue(value="70.1", ci_lower="68"), PERCENT, "ci_upper", "lower and an upper"),
        (RawValue(value="70.1", ci_lower="72", ci_upper="71"), PERCENT, "ci_lower", "above the upper"),
        (RawValue(value="70.1", ci_lower="60", ci_upper="65"), PERCENT, "value", "outside its confidence"),
        (RawValue(value="70.1", sample_size="0"), PERCENT, "sample_size", "more than 0"),
        (RawValue(value="7", sample_size="100"), COUNT, "sample_size", "not measured by a survey"),
        (RawValue(value="1E5"), COUNT, "value", "must be a number"),
    ],
)
def test_values_that_are_refused_name_the_column(raw, definition, column, says):
    with pytest.raises(ValueProblems) as refused:
        check_value(raw, definition)
    assert any(p.column == column and says in p.reason for p in refused.value.problems), refused.value


@pytest.mark.parametrize(
    ("definition", "kind", "supplier", "periods"),
    [
        (PERCENT, SupplierKind.AREA, "the area itself", {PeriodKind.PLACE_SURVEY}),
        (RATE, SupplierKind.DEPARTMENT, "HO", {PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR}),
        (EMPLOYMENT, SupplierKind.NATIONAL_SOURCE, "ONS", {PeriodKind.CALENDAR_YEAR, PeriodKind.ROLLING}),
        (ADMIN_PERCENT, SupplierKind.DEPARTMENT, "DCSF", {PeriodKind.ACADEMIC_YEAR, PeriodKind.FINANCIAL_YEAR}),
        (Definition("NI 110", 110, "percentage", 1, "tellus_survey", "annual", "DCSF", tellus_survey=True),
         SupplierKind.NATIONAL_SOURCE, "Ofsted", {PeriodKind.TELLUS_SURVEY}),
        (Definition("NI 192", 192, "percentage", 1, "administrative", "quarterly", "DEFRA"),
         SupplierKind.AREA, "the area itself", {PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR}),
    ],
)
def test_reporting_is_inferred_from_the_definition(definition, kind, supplier, periods):
    reporting = inferred_reporting(definition)
    assert (reporting.supplier_kind, reporting.supplier_label, reporting.period_kinds) == (kind, supplier, periods)


def test_surveys_allow_groups_and_district_services_report_by_district():
    assert inferred_reporting(PERCENT).group_dimensions == {"age", "sex", "ethnicity", "disability"}
    assert not inferred_reporting(RATE).group_dimensions
    waste = Definition("NI 192", 192, "percentage", 1, "administrative", "quarterly", "DEFRA")
    assert inferred_reporting(waste).reports_districts and not inferred_reporting(RATE).reports_districts


HO_LEAD = Submitter(Role.DEPARTMENT_LEAD, department="HO")
KENT = Submitter(Role.PARTNERSHIP_OFFICER, area="E2201")


@pytest.mark.parametrize(
    ("submitter", "definition", "area", "says"),
    [
        (HO_LEAD, RATE, "E0101", None),
        (HO_LEAD, RATE, "E2201", None),
        (Submitter(Role.DEPARTMENT_LEAD, department="DH"), RATE, "E0101", "NI 20 is supplied by HO, not by DH"),
        (HO_LEAD, PERCENT, "E0101", "supplied by the area itself"),
        (KENT, PERCENT, "E2201", None),
        (KENT, PERCENT, "E0101", "supplied by that area, not by E2201"),
        (KENT, RATE, "E2201", "NI 20 is supplied by HO, not by the area"),
        (Submitter(Role.ADMINISTRATOR), EMPLOYMENT, "E0101", None),
        (Submitter(Role.ADMINISTRATOR), RATE, "E0101", "only national sources"),
        (Submitter(Role.GO_OFFICER), RATE, "E0101", "does not supply"),
        (Submitter(Role.INSPECTOR), PERCENT, "E0101", "does not supply"),
        (Submitter(Role.PARTNER_AUTHORITY, area="E2201"), PERCENT, "E2201", "does not supply"),
        (SYSTEM, RATE, "E0101", None),
    ],
)
def test_who_supplies(submitter, definition, area, says):
    problem = supplier_problem(submitter, definition.code, inferred_reporting(definition), area)
    if says is None:
        assert problem is None
    else:
        assert problem is not None and says in problem
