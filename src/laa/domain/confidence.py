"""Confidence intervals for survey percentages (D7: Place Survey targets).

A Place Survey result is a percentage of respondents; its 95% confidence interval is the
Wilson score interval, computed by scipy (no hand-written quantile functions). The
limits are returned in percent, unrounded; round them only to display them.
"""

from __future__ import annotations

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
