"""Wilson intervals for Place Survey baselines (D7), against the closed form."""

from __future__ import annotations

import math
from decimal import Decimal as D

import pytest

from laa.domain import confidence
from laa.domain.composition import Baseline, IndicatorFacts
from laa.domain.confidence import (
    ConfidenceInterval,
    baseline_interval,
    respondents,
    wilson_interval,
)

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal: a constant, not computed


def closed_form(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval written out, in percent."""
    p = k / n
    centre = (p + Z_95**2 / (2 * n)) / (1 + Z_95**2 / n)
    half = Z_95 / (1 + Z_95**2 / n) * math.sqrt(p * (1 - p) / n + Z_95**2 / (4 * n**2))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(
    ("value", "n", "k"),
    [
        (D(50), 100, 50),
        (D("80.2"), 1100, 882),
        (D(0), 10, 0),
        (D(100), 10, 10),
        (D("33.3"), 600, 200),
        (D("7.5"), 2000, 150),
    ],
)
def test_wilson_interval_matches_the_closed_form(value: D, n: int, k: int) -> None:
    interval = wilson_interval(value, n)
    lower, upper = closed_form(k, n)
    assert float(interval.lower) == pytest.approx(lower, abs=1e-9)
    assert float(interval.upper) == pytest.approx(upper, abs=1e-9)
    assert interval.lower <= value <= interval.upper
    assert interval.method == "wilson" and interval.confidence_level == 0.95


def test_a_known_interval() -> None:
    interval = wilson_interval(D(50), 100)
    assert round(interval.lower, 3) == D("40.383")
    assert round(interval.upper, 3) == D("59.617")
    assert D(50) in interval and D(60) not in interval


def test_a_wider_confidence_level_gives_a_wider_interval() -> None:
    narrow = wilson_interval(D(50), 400, 0.90)
    wide = wilson_interval(D(50), 400, 0.99)
    assert wide.lower < narrow.lower < narrow.upper < wide.upper


@pytest.mark.parametrize(
    ("value", "n", "k"),
    [(D("50.05"), 1000, 501), (D("50.04"), 1000, 500), (D("0.04"), 1000, 0), (D(100), 7, 7)],
)
def test_respondents_round_half_up(value: D, n: int, k: int) -> None:
    assert respondents(value, n) == k


@pytest.mark.parametrize(
    ("value", "n", "confidence_level"),
    [
        (D(50), 0, 0.95),
        (D(50), -3, 0.95),
        (D(50), True, 0.95),
        (D("100.1"), 100, 0.95),
        (D(-1), 100, 0.95),
        (D("NaN"), 100, 0.95),
        (D(50), 100, 1.0),
    ],
)
def test_impossible_inputs_are_refused(value: D, n: int, confidence_level: float) -> None:
    with pytest.raises(ValueError):
        wilson_interval(value, n, confidence_level)


def test_results_are_cached() -> None:
    wilson_interval(D("61.7"), 987)
    hits = confidence._wilson.cache_info().hits
    assert wilson_interval(D("61.7"), 987) == wilson_interval(D("61.7"), 987)
    assert confidence._wilson.cache_info().hits == hits + 2


def test_interval_is_a_value_object() -> None:
    assert ConfidenceInterval(D(1), D(2)) == ConfidenceInterval(D(1), D(2), 0.95, "wilson")


# --- baseline_interval: the interval a target page and the document show (D7) -------------

_SURVEY = IndicatorFacts("NI 17", True, "Perceptions of anti-social behaviour", "lower",
                         "percentage", 1, place_survey=True)
_NOT_SURVEY = IndicatorFacts("NI 7", True, "Third sector", "higher", "percentage", 1)


@pytest.mark.parametrize(
    ("baseline", "facts", "described"),
    [
        (Baseline(D(50), "autumn 2008", sample_size=1100), _SURVEY,
         "47.05% to 52.95% (Wilson, sample 1,100)"),
        (Baseline(D(50), "autumn 2008", ci_lower=D("47.1"), ci_upper=D("52.9"),
                  sample_size=1100), _SURVEY, "47.1% to 52.9% (as given)"),
        # Limits that cannot be right give way to the Wilson interval.
        (Baseline(D(50), "autumn 2008", ci_lower=D(53), ci_upper=D(47), sample_size=1100),
         _SURVEY, "47.05% to 52.95% (Wilson, sample 1,100)"),
        (Baseline(D(50), "autumn 2008"), _SURVEY, None),
        (Baseline(None, None, sample_size=1100), _SURVEY, None),
        (Baseline(D(50), "autumn 2008", sample_size=0), _SURVEY, None),
        (Baseline(D(50), "2007/08", sample_size=1100), _NOT_SURVEY, None),
        (Baseline(D(50), "2007/08", ci_lower=D(45), ci_upper=D(55)), _NOT_SURVEY,
         "45% to 55% (as given)"),
        (Baseline(D(50), "autumn 2008", sample_size=1100), None, None),
    ],
)
def test_baseline_interval(baseline: Baseline, facts: IndicatorFacts | None,
                           described: str | None) -> None:
    interval = baseline_interval(baseline, facts)
    if described is None:
        assert interval is None
    else:
        assert interval is not None
        assert interval.describe(percent=True) == described
