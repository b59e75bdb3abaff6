"""Equality breakdowns: each group's gap to the whole population, significant by interval
overlap, and each dimension's gap between its highest and lowest group (laa.domain.equality)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from laa.domain.comparison import AreaValue, Measure, Significance
from laa.domain.equality import dimension_gaps, gap_says, group_gaps

HIGHER = Measure("NI 1", "higher")
LOWER = Measure("NI 16", "lower", unit="rate")
NEITHER = Measure("NI 4", "neither")


def v(value, lower=None, upper=None, status="final", sample=None):
    return AreaValue("E2221", None if value is None else D(value), status,
                     ci_lower=None if lower is None else D(lower), ci_upper=None if upper is None else D(upper),
                     sample_size=sample)


@pytest.mark.parametrize(("measure", "whole", "group", "gap", "significance"), [
    # the group's interval clears the whole population's: significant, polarity decides the side
    (HIGHER, v("70", "68", "72"), v("75", "73", "77"), D("5"), Significance.BETTER),
    (HIGHER, v("70", "68", "72"), v("64", "62", "66"), D("-6"), Significance.WORSE),
    (LOWER, v("70", "68", "72"), v("64", "62", "66"), D("-6"), Significance.BETTER),
    (LOWER, v("70", "68", "72"), v("75", "73", "77"), D("5"), Significance.WORSE),
    (NEITHER, v("70", "68", "72"), v("75", "73", "77"), D("5"), Significance.HIGHER),
    (NEITHER, v("70", "68", "72"), v("64", "62", "66"), D("-6"), Significance.LOWER),
    # the intervals overlap (touching counts as overlapping): not significantly different
    (HIGHER, v("70", "68", "72"), v("74", "72", "76"), D("4"), Significance.SIMILAR),
    (HIGHER, v("70", "68", "72"), v("70", "66", "74"), D("0"), Significance.SIMILAR),
    # the whole population without an interval: whether the group's interval holds its value
    (HIGHER, v("70"), v("71", "69", "73"), D("1"), Significance.SIMILAR),
    (HIGHER, v("70"), v("73", "71", "75"), D("3"), Significance.BETTER),
    # no interval for the group: not compared, the gap still said
    (HIGHER, v("70", "68", "72"), v("80"), D("10"), Significance.NOT_COMPARED),
    # a suppressed group or no whole population: no gap
    (HIGHER, v("70", "68", "72"), v(None, status="suppressed"), None, Significance.NOT_COMPARED),
    (HIGHER, None, v("75", "73", "77"), None, Significance.NOT_COMPARED),
    # a survey percentage with its sample size: Wilson's interval (500 respondents: about +-4)
    (HIGHER, v("50", sample=500), v("62", sample=500), D("12"), Significance.BETTER),
    (HIGHER, v("50", sample=500), v("53", sample=500), D("3"), Significance.SIMILAR),
])
def test_group_gap(measure, whole, group, gap, significance):
    (found,) = group_gaps(measure, whole, {"sex:female": group})
    assert found.gap == gap
    assert found.significance is significance


def test_groups_in_their_dimensions_order_and_the_whole_population_never_a_group():
    groups = {"age:65+": v("1"), "sex:male": v("2"), "age:16-24": v("3"), "sex:female": v("4"), "all": v("5")}
    assert [g.group for g in group_gaps(HIGHER, v("5"), groups)] == ["age:16-24", "age:65+", "sex:female", "sex:male"]


@pytest.mark.parametrize(("groups", "expected"), [
    ({"sex:female": v("75", "73", "77"), "sex:male": v("64", "62", "66")}, ("sex", "sex:female", "sex:male", D("11"), True)),
    ({"sex:female": v("66", "63", "69"), "sex:male": v("64", "62", "66")}, ("sex", "sex:female", "sex:male", D("2"), False)),
    ({"sex:female": v("66"), "sex:male": v("64", "62", "66")}, ("sex", "sex:female", "sex:male", D("2"), None)),
    ({"sex:female": v("66"), "sex:male": v(None, status="suppressed")}, ("sex", None, None, None, None)),
])
def test_dimension_gap_between_its_highest_and_lowest_group(groups, expected):
    (found,) = dimension_gaps(HIGHER, group_gaps(HIGHER, v("70"), groups))
    assert (found.dimension, found.highest, found.lowest, found.gap, found.significant) == expected


def test_dimension_gaps_one_a_dimension():
    groups = {"sex:female": v("1"), "sex:male": v("2"), "age:16-24": v("3"), "age:65+": v("9")}
    assert [(d.dimension, d.gap) for d in dimension_gaps(HIGHER, group_gaps(HIGHER, v("5"), groups))] == [
        ("age", D("6")), ("sex", D("1"))]


@pytest.mark.parametrize(("whole", "group", "says"), [
    (v("70", "68", "72"), v("75.04", "73", "77"), "5.0 above the whole population: significantly better than the whole population"),
    (v("70", "68", "72"), v("69", "67", "71"), "1.0 below the whole population: not significantly different from the whole population"),
    (v("70", "68", "72"), v("70", "67", "71"), "Level with the whole population: not significantly different from the whole population"),
    (v("70", "68", "72"), v(None, status="suppressed"), "Suppressed (small numbers): no gap"),
    (None, v("70"), "No value for the whole population: no gap"),
])
def test_gap_in_words(whole, group, says):
    (found,) = group_gaps(HIGHER, whole, {"sex:female": group})
    assert gap_says(found) == says
