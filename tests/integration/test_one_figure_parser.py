"""The target form and a negotiation proposal read a figure the same way (issue 10):
"17.50000" and "1 234" were accepted on one and refused on the other."""

from __future__ import annotations

from decimal import Decimal

import pytest

from laa.agreements.forms import parse_decimal
from laa.domain.negotiation import ThreadKind
from laa.negotiation.values import ValuesError, target_values

YEARS = ("2008/09", "2009/10", "2010/11")

SAME = [
    ("17.50000", Decimal("17.5")),
    ("1 234", Decimal("1234")),
    ("1,234.5", Decimal("1234.5")),
    ("abc", None),
    ("17.12345", None),
    ("1e5", None),
]


@pytest.mark.parametrize(("typed", "expected"), SAME)
def test_the_target_form_and_a_proposal_agree_on_a_figure(typed, expected):
    errors: dict[str, str] = {}
    on_the_form = parse_decimal(typed, "The target for 2010/11", "17.5", errors, "year_2010_11")
    try:
        proposed = target_values({"target_2010_11": typed, "category": "designated"},
                                 years=YEARS, kind=ThreadKind.TARGET)["targets"]["2010/11"]
        proposal_error = None
    except ValuesError as error:
        proposed, proposal_error = None, error.problems["target_2010_11"]
    if expected is None:
        assert on_the_form is None and proposed is None
        assert errors["year_2010_11"] == proposal_error
    else:
        assert on_the_form == expected == Decimal(proposed)
        assert not errors
