"""What a workbook cell reads as (laa.domain.agreement_workbook_cells): one table per kind."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from laa.domain.agreement_workbook_cells import (
    as_boolean,
    as_date,
    as_number,
    as_text,
    as_whole,
    cell_value,
    criteria,
    is_none_set,
    periods_by_year,
    year_label,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        ("NI 116", "NI 116"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        (D("3.10"), "3.10"),
        (datetime(2008, 9, 1), "2008/09"),  # Excel made a date of "2008/09"
        (date(2008, 1, 15), "2008-01-15"),
    ],
)
def test_as_text(value, expected):
    assert as_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2008, 1, 15, 10, 30), "2008-01-15"),
        (date(2008, 3, 31), "2008-03-31"),
        ("2008-03-31", "2008-03-31"),
        ("soon", "soon"),
    ],
)
def test_as_date(value, expected):
    assert as_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (17, D(17)),
        (17.5, D("17.5")),
        ("17.50", D("17.50")),
        ("1 234", D(1234)),
        ("about 12", "about 12"),  # left for the schema to name
        ("", ""),
        (True, True),
        (D("0.1"), D("0.1")),
    ],
)
def test_as_number(value, expected):
    assert as_number(value) == expected
    assert type(as_number(value)) is type(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3), (3.0, 3), ("2008", 2008), (2.5, D("2.5")), ("x", "x")],
)
def test_as_whole(value, expected):
    assert as_whole(value) == expected
    assert type(as_whole(value)) is type(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Yes", True), (" y ", True), ("TRUE", True), ("1", True), (1, True),
        ("no", False), ("N", False), ("false", False), (0, False),
        ("perhaps", "perhaps"), (2, 2), (None, None),
    ],
)
def test_as_boolean(value, expected):
    assert as_boolean(value) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2008/09", "2008/09"),
        (" 2010/11 ", "2010/11"),
        (datetime(2008, 9, 1), "2008/09"),
        (datetime(2008, 9, 2), None),
        (date(2009, 10, 1), "2009/10"),
        ("Baseline", None),
    ],
)
def test_year_label(header, expected):
    assert year_label(header) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010/11: to February 2011; 2009/10: 2009",
         {"2010/11": "to February 2011", "2009/10": "2009"}),
        ("2010/11: to February 2011;", {"2010/11": "to February 2011"}),
        ("2010/11 to February", "2010/11 to February"),  # as it is: the schema names the cell
        ("2010/11:", "2010/11:"),
    ],
)
def test_periods_by_year(text, expected):
    assert periods_by_year(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("important_to_vision; Challenging", ["important_to_vision", "challenging"]),
        ("Important to vision;;", ["important_to_vision"]),
        ("not a criterion", ["not a criterion"]),
    ],
)
def test_criteria(text, expected):
    assert criteria(text) == expected


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (0.175, "0.0%", D("17.5")),  # typed as 17.5% in Excel
        (0.175, "General", 0.175),
        ("", "General", None),
        ("NI 116", "@", "NI 116"),
        (True, "0%", True),
    ],
)
def test_cell_value(value, number_format, expected):
    assert cell_value(SimpleNamespace(value=value, number_format=number_format)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("None set", True), (" none   SET ", True), ("none", False), (None, False)],
)
def test_is_none_set(value, expected):
    assert is_none_set(value) is expected
