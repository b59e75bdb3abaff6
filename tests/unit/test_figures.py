"""One figure parser for every way a figure comes in (issue 10)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from laa.domain.figures import FigureError, figure_as_typed, parse_figure, storable_problem

READ = [
    ("17.5", Decimal("17.5")),
    (" 18.2 ", Decimal("18.2")),
    ("1,234.5", Decimal("1234.5")),
    ("1 234", Decimal("1234")),
    ("1\u00a0234\u00a0567", Decimal("1234567")),
    ("12,345,678", Decimal("12345678")),
    ("17.50000", Decimal("17.50000")),
    ("-3", Decimal("-3")),
    ("+4.25", Decimal("4.25")),
    (".5", Decimal("0.5")),
    ("0", Decimal("0")),
    ("9999999999.9999", Decimal("9999999999.9999")),
    (7, Decimal("7")),
    (Decimal("2.50"), Decimal("2.50")),
    ("", None),
    ("   ", None),
    (None, None),
]


@pytest.mark.parametrize(("raw", "expected"), READ)
def test_a_figure_is_read_as_typed(raw, expected):
    assert parse_figure(raw) == expected


REFUSED = [
    ("abc", "must be a number"),
    ("12abc", "must be a number"),
    ("1,23", "must be a number"),          # not groups of three
    ("1,2345", "must be a number"),
    ("1.234,5", "must be a number"),       # continental style is ambiguous
    ("1e5", "must be a number"),
    ("NaN", "must be a number"),
    ("Infinity", "must be a number"),
    ("--3", "must be a number"),
    ("17.12345", "more than 4 decimal places"),
    ("12345678901", "too large"),
    ("1" * 41, "at most 40 characters"),
    (True, "must be a number"),
    (Decimal("NaN"), "must be a number"),
    (Decimal("1E+10"), "too large"),
]


@pytest.mark.parametrize(("raw", "message"), REFUSED)
def test_what_is_not_a_storable_figure_is_refused_in_words(raw, message):
    with pytest.raises(FigureError, match=message):
        parse_figure(raw)


@pytest.mark.parametrize(("value", "places", "digits", "problem"), [
    (Decimal("123.456"), 3, 5, None),
    (Decimal("123.4560000"), 3, 5, None),
    (Decimal("123.4567"), 3, 5, "more than 3 decimal places"),
    (Decimal("123456"), 3, 5, "too large"),
    (Decimal("0.000"), 0, 1, None),
])
def test_a_column_holds_a_figure_exactly_or_says_why_not(value, places, digits, problem):
    found = storable_problem(value, places=places, integer_digits=digits)
    assert (found is None) if problem is None else (problem in found)


TYPED = [
    (None, ""),
    ("", ""),
    (Decimal("17.5000"), "17.5"),
    (Decimal("17"), "17"),
    (Decimal("1E+3"), "1000"),
    (Decimal("0.00"), "0"),
    (Decimal("-2.50"), "-2.5"),
    (1234, "1234"),
    ("39.330", "39.33"),
]


@pytest.mark.parametrize(("value", "typed"), TYPED)
def test_a_stored_figure_is_given_back_as_typed_and_reads_back_the_same(value, typed):
    assert figure_as_typed(value) == typed
    if typed:
        assert parse_figure(typed) == Decimal(str(value))
