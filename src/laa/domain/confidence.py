"""Confidence intervals: survey percentages (D7: Place Survey targets), and the values of
areas compared with each other (issue 13: Wilson for proportions, Byar's for rates).

A Place Survey result is a percentage of respondents; its 95% confidence interval is the
Wilson score interval, computed by scipy (no hand-written quantile functions). The
limits are returned in percent, unrounded; round them only to display them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from laa.domain.composition import Baseline, IndicatorFacts

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ConfidenceInterval:
    lower: Decimal  # percent
    upper: Decimal  # percent
    confidence_level: float = 0.95
    method: str = "wilson"

    def __contains__(self, value: Decimal) -> bool:
        return self.lower <= value <= self.upper


def respondents(value_percent: Decimal, sample_size: int) -> int:
    """How many of `sample_size` respondents a result of `value_percent`% stands for
    (rounded half up: 50.5% of 100 -> 51)."""
    share = value_percent / _HUNDRED * sample_size
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def wilson_interval(
    value_percent: Decimal, sample_size: int, confidence_level: float = 0.95
) -> ConfidenceInterval:
    """The Wilson score interval of a survey percentage, in percent.

    `value_percent` must lie in 0-100 and `sample_size` be at least 1 (ValueError otherwise).
    Results are cached: scipy's binomtest is slow, and the same baselines recur.
    """
    if isinstance(sample_size, bool) or not isinstance(sample_size, int) or sample_size < 1:
        raise ValueError(f"sample size must be a whole number of at least 1, got {sample_size!r}")
    if not value_percent.is_finite() or not 0 <= value_percent <= 100:
        raise ValueError(f"a survey percentage must lie between 0 and 100, got {value_percent}")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence level must lie between 0 and 1, got {confidence_level}")
    lower, upper = _wilson(respondents(value_percent, sample_size), sample_size, confidence_level)
    return ConfidenceInterval(lower, upper, confidence_level, "wilson")


@lru_cache(maxsize=4096)
def _wilson(k: int, n: int, confidence_level: float) -> tuple[Decimal, Decimal]:
    # scipy is imported when first needed: it costs a second at start-up.
    from scipy.stats import binomtest

    interval = binomtest(k, n).proportion_ci(confidence_level=confidence_level, method="wilson")
    # repr() gives the shortest decimal that reads back as the same float.
    lower = Decimal(repr(float(interval.low))) * _HUNDRED
    upper = Decimal(repr(float(interval.high))) * _HUNDRED
    return lower, upper


@dataclass(frozen=True, slots=True)
class BaselineInterval:
    """The 95% confidence interval of a baseline (D7): as given, or computed (Wilson) from
    the baseline's value and sample size."""

    lower: Decimal
    upper: Decimal
    computed: bool  # True: a Wilson interval worked out here; False: the limits given
    sample_size: int | None = None

    def describe(self, percent: bool = False) -> str:
        """ "47.05% to 52.95% (Wilson, sample 1,100)" or "47.1 to 52.9 (as given)"."""
        suffix = "%" if percent or self.computed else ""
        if self.computed:
            low, high = self.lower.quantize(_TWO_PLACES), self.upper.quantize(_TWO_PLACES)
            how = f"Wilson, sample {self.sample_size:,}"
        else:
            low, high, how = self.lower, self.upper, "as given"
        return f"{low}{suffix} to {high}{suffix} ({how})"


def baseline_interval(baseline: Baseline, facts: IndicatorFacts | None) -> BaselineInterval | None:
    """The baseline's 95% confidence interval (D7), or None if it cannot be known.

    Limits given (both, lower first, around the value) are used as they are. Otherwise, for
    a Place Survey indicator measured in percent, the Wilson interval of the value and the
    sample size (at least 1) is computed.
    """
    value, lower, upper = baseline.value, baseline.ci_lower, baseline.ci_upper
    if (
        lower is not None and upper is not None and lower.is_finite() and upper.is_finite()
        and lower <= upper
        and (value is None or not value.is_finite() or lower <= value <= upper)
    ):
        return BaselineInterval(lower, upper, computed=False, sample_size=baseline.sample_size)
    size = baseline.sample_size
    if (
        facts is None or not facts.place_survey or facts.unit != "percentage"
        or value is None or not value.is_finite() or not _ZERO <= value <= _HUNDRED
        or size is None or isinstance(size, bool) or size < 1
    ):
        return None
    interval = wilson_interval(value, size)
    return BaselineInterval(interval.lower, interval.upper, computed=True, sample_size=size)


# Intervals of indicator values for comparing areas (issue 13; DELIVERY.md "Methods"): the
# published formulas, their quantiles from scipy.stats, so that 150 areas' intervals of
# every indicator cost microseconds each (scipy's binomtest works out a p-value too, about
# 0.3 ms an interval).


@lru_cache(maxsize=16)
def z_score(confidence_level: float) -> float:
    """The two-sided normal quantile of a confidence level (1.959964 for 0.95)."""
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence level must lie between 0 and 1, got {confidence_level}")
    from scipy.stats import norm

    return float(norm.ppf(1 - (1 - confidence_level) / 2))


def proportion_interval(numerator: int, denominator: int, confidence_level: float = 0.95) -> ConfidenceInterval:
    """The Wilson score interval of `numerator` out of `denominator`, in percent (Wilson
    1927; Newcombe 1998, method 3): the same limits as scipy's
    `binomtest(k, n).proportion_ci(method="wilson")`."""
    if denominator < 1 or not 0 <= numerator <= denominator:
        raise ValueError(f"a proportion needs 0 <= numerator <= denominator and a denominator of at least 1, "
                         f"got {numerator} out of {denominator}")
    z = z_score(confidence_level)
    p = numerator / denominator
    centre = p + z * z / (2 * denominator)
    spread = z * math.sqrt(p * (1 - p) / denominator + z * z / (4 * denominator * denominator))
    scale = 1 + z * z / denominator
    lower, upper = (centre - spread) / scale, (centre + spread) / scale
    return ConfidenceInterval(_percent(max(lower, 0.0)), _percent(min(upper, 1.0)), confidence_level, "wilson")


def _percent(share: float) -> Decimal:
    return Decimal(repr(share)) * _HUNDRED


BYAR_FROM = 10  # Byar's approximation from 10 events; the exact Poisson limits below


def rate_interval(count: int, denominator: Decimal | int, multiplier: int,
                  confidence_level: float = 0.95) -> ConfidenceInterval:
    """The interval of a rate (`count` events in `denominator`, per `multiplier`): Byar's
    approximation of the Poisson limits when the count is 10 or more, the exact limits
    (from the chi-squared distribution, `scipy.stats.chi2.ppf`) below 10."""
    if count < 0 or denominator <= 0 or multiplier < 1:
        raise ValueError(f"a rate needs a count of at least 0, a denominator and a multiplier above 0, "
                         f"got {count} in {denominator} per {multiplier}")
    if count >= BYAR_FROM:
        z = z_score(confidence_level)
        low = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
        high = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
        method = "byar"
    else:
        low, high = _exact_poisson(count, confidence_level)
        method = "exact poisson"
    per = float(multiplier) / float(denominator)
    return ConfidenceInterval(Decimal(repr(low * per)), Decimal(repr(high * per)), confidence_level, method)


@lru_cache(maxsize=64)
def _exact_poisson(count: int, confidence_level: float) -> tuple[float, float]:
    from scipy.stats import chi2

    alpha = 1 - confidence_level
    low = float(chi2.ppf(alpha / 2, 2 * count)) / 2 if count else 0.0
    return low, float(chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
