"""An area's trend over the last five points of an indicator, with a test for trend
(issue 13; DELIVERY.md "Methods", after Fingertips' recent trends).

- A proportion with its counts (a numerator and denominator, or a survey's sample size) at
  every point: the chi-squared test for trend in proportions (Cochran-Armitage; Altman,
  *Practical Statistics for Medical Research*, 10.7.4), the points scored 1 to 5, against
  the chi-squared distribution with one degree of freedom (`scipy.stats.chi2`).
- Anything else: the slope of the least-squares line through the values (the standard
  library's `statistics.linear_regression`) tested by its t statistic (the slope over its
  standard error) against Student's t with n - 2 degrees of freedom (`scipy.stats.t.ppf`):
  the same decision as `scipy.stats.linregress`'s two-sided p-value, at a fiftieth of the
  cost (a test checks they agree).

Significant at 99.8% (Fingertips' level: a chi-squared of 9.5495 or more) by default.
Fewer than five points: "cannot be calculated". The words follow the polarity:
"increasing and getting better"; an indicator with no better direction is only
"increasing" or "decreasing".

    trend(points, polarity, unit) -> Trend
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from statistics import linear_regression

from laa.domain.composition import Polarity
from laa.domain.confidence import respondents

POINTS = 5
CONFIDENCE = 0.998


class Direction(StrEnum):
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_CHANGE = "no_change"
    CANNOT = "cannot"


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    sample_size: int | None = None


@dataclass(frozen=True, slots=True)
class Trend:
    direction: Direction
    says: str  # "Increasing and getting better", "No significant change", ...
    method: str  # "chi-squared test for trend", "linear regression", ""
    periods: tuple[str, ...]  # the points tested, oldest first
    statistic: float | None = None  # the chi-squared, or the slope


def trend(points: Sequence[TrendPoint], polarity: Polarity, unit: str, *, needed: int = POINTS,
          confidence: float = CONFIDENCE) -> Trend:
    """The trend of the last `needed` points (oldest first) with a figure."""
    shown = [p for p in points if p.value is not None][-needed:]
    periods = tuple(p.period for p in shown)
    if len(shown) < needed:
        return Trend(Direction.CANNOT, f"Cannot be calculated (fewer than {needed} values)", "", periods)
    counts = [_counts(p) for p in shown] if unit == "percentage" else []
    if counts and all(c is not None for c in counts):
        sign, statistic = _chi_squared_for_trend([c for c in counts if c is not None])
        significant = statistic >= _critical_chi2(confidence)
        method = "chi-squared test for trend"
    else:
        sign, statistic, significant = _regression([float(p.value) for p in shown if p.value is not None],
                                                   confidence)
        method = "linear regression"
    if not significant or sign == 0:
        return Trend(Direction.NO_CHANGE, "No significant change", method, periods, statistic)
    direction = Direction.INCREASING if sign > 0 else Direction.DECREASING
    return Trend(direction, _words(direction, polarity), method, periods, statistic)


def _words(direction: Direction, polarity: Polarity) -> str:
    said = "Increasing" if direction == Direction.INCREASING else "Decreasing"
    if polarity == "neither":
        return said
    better = (direction == Direction.INCREASING) == (polarity == "higher")
    return f"{said} and getting {'better' if better else 'worse'}"


def _counts(p: TrendPoint) -> tuple[int, int] | None:
    if p.numerator is not None and p.denominator and 0 <= p.numerator <= p.denominator:
        return int(p.numerator), int(p.denominator)
    if p.sample_size and p.value is not None and 0 <= p.value <= 100:
        return respondents(p.value, p.sample_size), p.sample_size
    return None


def _chi_squared_for_trend(counts: Sequence[tuple[int, int]]) -> tuple[int, float]:
    """(the sign of the trend, the chi-squared statistic) for r_i out of n_i at scores 1..k."""
    total_r = sum(r for r, _ in counts)
    total_n = sum(n for _, n in counts)
    p = total_r / total_n
    sum_rx = sum(r * x for x, (r, _) in enumerate(counts, start=1))
    sum_nx = sum(n * x for x, (_, n) in enumerate(counts, start=1))
    sum_nxx = sum(n * x * x for x, (_, n) in enumerate(counts, start=1))
    numerator = sum_rx - total_r * sum_nx / total_n
    spread = p * (1 - p) * (sum_nxx - sum_nx * sum_nx / total_n)
    if spread <= 0:
        return 0, 0.0
    return (numerator > 0) - (numerator < 0), numerator * numerator / spread


@lru_cache(maxsize=8)
def _critical_chi2(confidence: float) -> float:
    from scipy.stats import chi2

    return float(chi2.ppf(confidence, 1))


def _regression(values: Sequence[float], confidence: float) -> tuple[int, float, bool]:
    """(the sign of the slope, the slope, whether it is significant)."""
    n = len(values)
    if len(set(values)) == 1:
        return 0, 0.0, False
    xs = range(n)
    slope, intercept = linear_regression(xs, values)
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, values, strict=True))
    mean_x = (n - 1) / 2
    spread = sum((x - mean_x) ** 2 for x in xs)
    sign = (slope > 0) - (slope < 0)
    if residual <= 0:  # on a straight line: no doubt about the slope
        return sign, slope, sign != 0
    error = math.sqrt(residual / (n - 2) / spread)
    return sign, slope, abs(slope) / error > _critical_t(confidence, n - 2)


@lru_cache(maxsize=32)
def _critical_t(confidence: float, freedom: int) -> float:
    from scipy.stats import t

    return float(t.ppf(1 - (1 - confidence) / 2, freedom))
