"""Reducing burdens (D22): the reduction against 2008 and whether each aim is met."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from laa.domain.burdens import (
    AIMS,
    AimStanding,
    Collection,
    progress,
    reduction_percent,
    shown_percent,
    totals,
)

M, N, X = AimStanding.MET, AimStanding.NOT_YET_MET, AimStanding.MISSED
BEFORE, BETWEEN, AFTER = date(2008, 11, 1), date(2009, 6, 1), date(2010, 6, 1)

REDUCTIONS = [
    (100, 80, Decimal("20")),
    (100, 100, Decimal("0")),
    (100, 0, Decimal("100")),
    (100, 110, Decimal("-10")),
    (3, 2, Decimal(100) / 3),
    (0, 0, Decimal("0")),
    (0, 5, Decimal("-100")),
]


@pytest.mark.parametrize(("then", "now", "expected"), REDUCTIONS)
def test_the_reduction_is_the_share_of_2008_items_no_longer_collected(then, now, expected):
    assert reduction_percent(then, now) == expected


SHOWN = [(Decimal("20"), "20.0%"), (Decimal(100) / 3, "33.3%"), (Decimal("19.96"), "20.0%"),
         (Decimal("-5.25"), "-5.3%"), (Decimal("12.25"), "12.3%")]


@pytest.mark.parametrize(("value", "text"), SHOWN)
def test_a_reduction_is_shown_to_one_decimal_place_half_up(value, text):
    assert shown_percent(value) == text


STANDINGS = [
    # 2008, now, day, (20% aim, 30% aim)
    (100, 80, BEFORE, (M, N)),
    (100, 81, BEFORE, (N, N)),
    (100, 81, BETWEEN, (X, N)),
    (100, 70, BETWEEN, (M, M)),
    (100, 75, AFTER, (M, X)),
    (100, 100, AFTER, (X, X)),
    (10000, 8004, BETWEEN, (X, N)),  # 19.96%: shown as 20.0%, yet short of the aim
    (100, 80, date(2009, 4, 1), (M, N)),
    (100, 85, date(2009, 3, 31), (N, N)),
    (100, 85, date(2009, 4, 1), (X, N)),
    (100, 75, date(2010, 4, 1), (M, X)),
]


@pytest.mark.parametrize(("then", "now", "day", "expected"), STANDINGS)
def test_each_aim_is_met_not_yet_met_or_missed(then, now, day, expected):
    result = progress(then, now, today=day)
    assert tuple(aim.percent for aim, _ in result.standings) == (20, 30)
    assert tuple(standing for _, standing in result.standings) == expected


def test_the_aims_are_on_each_departments_total_and_the_grand_total():
    collections = [Collection("HO", 100, 60), Collection("HO", 50, 50), Collection("DH", 40, 36)]
    departments, overall = totals(collections, today=BETWEEN)
    assert departments["HO"].reduction == Decimal(100) * 40 / 150
    assert [s for _, s in departments["HO"].standings] == [M, N]
    assert [s for _, s in departments["DH"].standings] == [X, N]
    assert (overall.items_2008, overall.items_now, overall.removed) == (190, 146, 44)
    assert list(departments) == ["DH", "HO"]


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        Collection("HO", -1, 0)


def test_the_aims_are_those_of_the_2007_spending_review():
    assert [(a.percent, a.by) for a in AIMS] == [(20, date(2009, 4, 1)), (30, date(2010, 4, 1))]
