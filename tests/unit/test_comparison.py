"""Comparison of areas on an indicator (issue 13): intervals, ranks and quartiles,
significance against England and the region, peer standing; table-driven."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from scipy.stats import binomtest

from laa.domain.comparison import (
    AreaValue,
    Interval,
    Measure,
    Reference,
    Significance,
    Standing,
    compare,
    interval_of,
    quartile_label,
    rate_multiplier,
    reference,
    significance,
    standing_of,
    standings,
)
from laa.domain.confidence import proportion_interval, rate_interval

HIGHER = Measure("NI 1", "higher", "percentage")
LOWER = Measure("NI 16", "lower", "rate")
NEITHER = Measure("NI 99", "neither", "count")


@pytest.mark.parametrize(("k", "n"), [(50, 100), (882, 1100), (0, 10), (10, 10), (1, 3), (150, 2000)])
def test_wilson_from_counts_is_scipys(k, n):
    ours = proportion_interval(k, n)
    theirs = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert float(ours.lower) == pytest.approx(theirs.low * 100, abs=1e-9)
    assert float(ours.upper) == pytest.approx(theirs.high * 100, abs=1e-9)


@pytest.mark.parametrize(("count", "lower", "upper", "method"), [
    (100, 81.36, 121.63, "byar"),       # Byar's approximation (the exact limits: 81.36 to 121.63)
    (10, 4.79, 18.39, "byar"),
    (5, 1.62, 11.67, "exact poisson"),  # under 10: the exact limits from chi-squared
    (0, 0.0, 3.69, "exact poisson"),
])
def test_rate_interval_byar_and_exact(count, lower, upper, method):
    found = rate_interval(count, 100_000, 100_000)  # per 100,000 of 100,000 people: the count itself
    assert (round(float(found.lower), 2), round(float(found.upper), 2), found.method) == (lower, upper, method)


@pytest.mark.parametrize(("bad"), [(-1, 100, 10), (5, 0, 10), (5, 100, 0)])
def test_rate_interval_refuses_impossible_figures(bad):
    with pytest.raises(ValueError):
        rate_interval(*bad)


@pytest.mark.parametrize(("measure", "value", "expected"), [
    (HIGHER, AreaValue("A", D(50), ci_lower=D(45), ci_upper=D(55)), ("45", "55", "as given")),
    (HIGHER, AreaValue("A", D(50), numerator=D(50), denominator=D(100)), ("40.38", "59.62", "Wilson")),
    (Measure("NI 4", "higher", "percentage", place_survey=True), AreaValue("A", D(50), sample_size=100),
     ("40.38", "59.62", "Wilson")),
    (LOWER, AreaValue("A", D(100), numerator=D(100), denominator=D(100_000)), ("81.36", "121.63", "Byar's")),
    (LOWER, AreaValue("A", D(5), numerator=D(5), denominator=D(100_000)), ("1.62", "11.67", "exact Poisson")),
    (HIGHER, AreaValue("A", D(50)), None),                 # no counts, no interval: not compared
    (NEITHER, AreaValue("A", D(50)), None),
    (HIGHER, AreaValue("A", None, "suppressed"), None),
])
def test_interval_of_each_kind_of_value(measure, value, expected):
    found = interval_of(measure, value, 100_000)
    if expected is None:
        assert found is None
    else:
        assert (f"{found.lower:.2f}" if found.method != "as given" else str(found.lower),
                f"{found.upper:.2f}" if found.method != "as given" else str(found.upper), found.method) == expected


def test_rate_multiplier_is_the_power_of_ten_most_areas_agree_on():
    values = [AreaValue("A", D("36.5"), numerator=D(365), denominator=D(1_000_000)),
              AreaValue("B", D("12.0"), numerator=D(120), denominator=D(1_000_000)),
              AreaValue("C", D(0), numerator=D(0), denominator=D(1000))]
    assert rate_multiplier(values) == 100_000
    assert rate_multiplier([AreaValue("A", D(3))]) is None


@pytest.mark.parametrize(("polarity", "values", "expected"), [
    # higher is better: the highest ranks first; ties share the better rank
    ("higher", {"A": D(10), "B": D(30), "C": D(20), "D": D(30)},
     {"B": (1, 1), "D": (1, 1), "C": (3, 3), "A": (4, 4)}),
    # lower is better: the lowest ranks first
    ("lower", {"A": D(10), "B": D(30), "C": D(20), "D": D(40)},
     {"A": (1, 1), "C": (2, 2), "B": (3, 3), "D": (4, 4)}),
    # no better direction: the highest first, quartile 1 the highest
    ("neither", {"A": D(1), "B": D(2), "C": D(3), "D": D(4), "E": D(5)},
     {"E": (1, 1), "D": (2, 1), "C": (3, 2), "B": (4, 3), "A": (5, 4)}),
    # fewer than four areas: ranked, no quartiles
    ("higher", {"A": D(1), "B": D(2)}, {"B": (1, None), "A": (2, None)}),
    ("higher", {}, {}),
])
def test_ranks_and_quartiles(polarity, values, expected):
    found = standings(polarity, values)
    assert {a: (s.rank, s.quartile) for a, s in found.items()} == expected
    assert all(s.of == len(values) for s in found.values())


@pytest.mark.parametrize(("quartile", "polarity", "label"), [
    (1, "higher", "Best quartile"), (4, "lower", "Worst quartile"), (1, "neither", "Highest quartile"),
    (None, "higher", "Too few areas for quartiles"),
])
def test_quartile_labels(quartile, polarity, label):
    assert quartile_label(quartile, polarity) == label


POOLED = Reference("England", D(50), Interval(D(49), D(51), "Wilson"), "pooled", 150)
MEDIAN = Reference("England", D(50), None, "median", 150)


@pytest.mark.parametrize(("measure", "interval", "ref", "expected"), [
    (HIGHER, Interval(D(52), D(58), "Wilson"), POOLED, Significance.BETTER),
    (HIGHER, Interval(D(40), D(48), "Wilson"), POOLED, Significance.WORSE),
    (HIGHER, Interval(D(50.5), D(58), "Wilson"), POOLED, Significance.SIMILAR),  # the intervals overlap
    (LOWER, Interval(D(52), D(58), "Wilson"), POOLED, Significance.WORSE),      # polarity decides the side
    (LOWER, Interval(D(40), D(48), "Wilson"), POOLED, Significance.BETTER),
    (NEITHER, Interval(D(52), D(58), "as given"), POOLED, Significance.HIGHER),  # no better direction
    (NEITHER, Interval(D(40), D(48), "as given"), POOLED, Significance.LOWER),
    (HIGHER, Interval(D("50.5"), D(58), "as given"), MEDIAN, Significance.BETTER),  # clears the median itself
    (HIGHER, Interval(D(45), D(58), "as given"), MEDIAN, Significance.SIMILAR),
    (HIGHER, None, POOLED, Significance.NOT_COMPARED),                           # no interval
    (HIGHER, Interval(D(52), D(58), "Wilson"), Reference("England", None, None, "", 0), Significance.NOT_COMPARED),
])
def test_significance_by_overlap(measure, interval, ref, expected):
    assert significance(measure, interval, ref) == expected


def test_significance_is_said_in_words():
    assert Significance.SIMILAR.says("England") == "Not significantly different from England"
    assert Significance.NOT_COMPARED.says("the South East") == "Not compared with the South East (no interval)"


def test_reference_pooled_from_counts_or_the_median():
    counted = [AreaValue("A", D(10), numerator=D(10), denominator=D(100)),
               AreaValue("B", D(30), numerator=D(90), denominator=D(300))]
    pooled = reference("England", HIGHER, counted, None)
    assert (pooled.value, pooled.method, pooled.areas) == (D(25), "pooled", 2)
    assert pooled.describe(1) == "England: 25.0 (pooled from the areas' counts, 2 areas)"
    assert pooled.interval is not None and pooled.interval.lower < D(25) < pooled.interval.upper
    mixed = [*counted, AreaValue("C", D(70))]
    assert (reference("England", HIGHER, mixed, None).value, reference("England", HIGHER, mixed, None).method) == (
        D(30), "median")
    rates = [AreaValue("A", D(20), numerator=D(20), denominator=D(100_000)),
             AreaValue("B", D(40), numerator=D(80), denominator=D(200_000))]
    assert reference("England", LOWER, rates, 100_000).value == D(100) * 100_000 / 300_000
    assert reference("England", HIGHER, [AreaValue("A", None, "suppressed")], None).describe() == (
        "England: no value (no area has one)")


def test_compare_every_area_with_england_its_region_and_its_peers():
    regions = {"A": "North", "B": "North", "C": "North", "D": "South", "E": "South", "F": "South", "G": "South"}
    values = [AreaValue(a, D(v), numerator=D(v * 10), denominator=D(1000))
              for a, v in (("A", 50), ("B", 60), ("C", 55), ("D", 30), ("E", 70), ("F", 52))]
    values.append(AreaValue("G", None, "suppressed"))
    found = compare(HIGHER, values, regions, {"A": ("D",), "E": ("B", "C")})
    by_area = {c.area: c for c in found.areas}
    assert [c.area for c in found.areas] == ["E", "B", "C", "F", "A", "D", "G"]  # best first, then the unranked
    assert by_area["E"].england == Standing(1, 6, 1)
    assert by_area["D"].england == Standing(6, 6, 4)
    assert by_area["B"].in_region == Standing(1, 3, None)
    assert by_area["E"].among_peers == Standing(1, 3, None)       # E with its peers B and C
    assert by_area["A"].among_peers == Standing(1, 2, None)       # A above its peer D
    assert by_area["B"].among_peers == Standing(1, 1, None)       # no peers given: alone
    assert by_area["E"].vs_england == Significance.BETTER
    assert by_area["D"].vs_england == Significance.WORSE
    assert by_area["A"].vs_england == Significance.SIMILAR
    assert by_area["D"].vs_region == Significance.WORSE          # the South's pooled 50.67%
    assert by_area["G"].why_not_ranked == "Suppressed (small numbers)"
    assert by_area["G"].england is None and by_area["G"].vs_england == Significance.NOT_COMPARED
    assert found.regions["North"].value == D(55)
    assert found.quartiles() == {"E": 1, "B": 1, "C": 2, "F": 3, "A": 4, "D": 4}


def test_compare_lists_an_area_without_a_value_and_leaves_out_unknown_areas():
    found = compare(HIGHER, [AreaValue("A", D(1)), AreaValue("Z", D(9))], {"A": "North", "B": "North"})
    assert [(c.area, c.why_not_ranked) for c in found.areas] == [("A", ""), ("B", "No value for the period")]
    assert found.areas[0].among_peers is None  # no peer groups given


@pytest.mark.parametrize("polarity", ["higher", "lower", "neither"])
def test_one_areas_standing_among_its_peers_is_as_standings_gives_it(polarity):
    values = {"A": D(10), "B": D(30), "C": D(20), "D": D(30), "E": D(5), "F": D(12)}
    every = standings(polarity, values)
    for area, value in values.items():
        others = [v for a, v in values.items() if a != area]
        assert standing_of(polarity, value, others) == every[area]
