"""An area's trend over its last five points, with a test for trend (issue 13): the
chi-squared test for trend in proportions with counts, linear regression otherwise."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from laa.domain.comparison_trend import Direction, TrendPoint, trend

PERIODS = ["2006/07", "2007/08", "2008/09", "2009/10", "2010/11"]


def counted(shares: list[int], n: int = 10_000) -> list[TrendPoint]:
    return [TrendPoint(p, D(s) * 100 / n, D(s), D(n)) for p, s in zip(PERIODS, shares, strict=False)]


def plain(values: list[float]) -> list[TrendPoint]:
    return [TrendPoint(p, D(str(v))) for p, v in zip(PERIODS, values, strict=False)]


@pytest.mark.parametrize(("points", "polarity", "unit", "direction", "says", "method"), [
    # proportions with counts: chi-squared test for trend
    (counted([4000, 4100, 4200, 4300, 4400]), "higher", "percentage", Direction.INCREASING,
     "Increasing and getting better", "chi-squared test for trend"),
    (counted([4000, 4100, 4200, 4300, 4400]), "lower", "percentage", Direction.INCREASING,
     "Increasing and getting worse", "chi-squared test for trend"),
    (counted([4400, 4300, 4200, 4100, 4000]), "lower", "percentage", Direction.DECREASING,
     "Decreasing and getting better", "chi-squared test for trend"),
    (counted([4000, 4010, 3995, 4005, 4010]), "higher", "percentage", Direction.NO_CHANGE,
     "No significant change", "chi-squared test for trend"),
    # small numbers: the same change is not significant at 99.8%
    (counted([40, 41, 42, 43, 44], n=100), "higher", "percentage", Direction.NO_CHANGE,
     "No significant change", "chi-squared test for trend"),
    (counted([4000, 4100, 4200, 4300, 4400]), "neither", "percentage", Direction.INCREASING,
     "Increasing", "chi-squared test for trend"),
    # a survey's sample size stands for the counts
    ([TrendPoint(p, D(v), sample_size=20_000) for p, v in zip(PERIODS, [40, 42, 44, 46, 48], strict=True)],
     "higher", "percentage", Direction.INCREASING, "Increasing and getting better", "chi-squared test for trend"),
    # anything else: the slope of the least-squares line
    (plain([30, 28, 26, 24, 22]), "lower", "rate", Direction.DECREASING, "Decreasing and getting better",
     "linear regression"),
    (plain([30, 28.5, 31, 27, 30]), "lower", "rate", Direction.NO_CHANGE, "No significant change",
     "linear regression"),
    (plain([5, 5, 5, 5, 5]), "higher", "score", Direction.NO_CHANGE, "No significant change", "linear regression"),
    # a percentage missing its counts at one point: regression on the values
    ([*counted([4000, 4100, 4200, 4300]), TrendPoint("2010/11", D(44))], "higher", "percentage",
     Direction.INCREASING, "Increasing and getting better", "linear regression"),
])
def test_trend(points, polarity, unit, direction, says, method):
    found = trend(points, polarity, unit)
    assert (found.direction, found.says, found.method) == (direction, says, method)
    assert found.periods == tuple(PERIODS)


@pytest.mark.parametrize("points", [
    plain([1, 2, 3, 4]),
    [*plain([1, 2, 3, 4]), TrendPoint("2010/11", None)],  # a suppressed point does not count
    [],
])
def test_fewer_than_five_points_cannot_be_calculated(points):
    found = trend(points, "higher", "rate")
    assert (found.direction, found.says) == (Direction.CANNOT, "Cannot be calculated (fewer than 5 values)")


def test_the_last_five_points_are_tested():
    points = [TrendPoint("2004/05", D(100)), TrendPoint("2005/06", D(0)), *plain([30, 28, 26, 24, 22])]
    found = trend(points, "lower", "rate")
    assert found.periods == tuple(PERIODS) and found.direction == Direction.DECREASING


def test_the_slope_test_decides_as_scipys_linregress():
    import random

    from scipy.stats import linregress

    rng = random.Random(13)
    for _ in range(300):
        slope, noise = rng.uniform(-3, 3), rng.uniform(0.01, 3)
        values = [round(20 + slope * x + rng.gauss(0, noise), 2) for x in range(5)]
        fit = linregress(range(5), values)
        found = trend(plain(values), "higher", "rate")
        significant = fit.pvalue < 0.002
        assert (found.direction != Direction.NO_CHANGE) == significant, values
