"""The numbers of the demonstration's synthetic observations: for one indicator and one
area, a plausible series from 2006/07 (the baselines) to 2010/11, drawn from a random
generator seeded by (seed, indicator, area), so the same seed always gives the same
figures whatever else is generated. No database here: `laa.web.demo_observations`
writes what this plans."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from laa.domain.confidence import wilson_interval
from laa.domain.hub.periods import Period, PeriodKind, parse_period, quarter_period
from laa.domain.hub.reporting import Definition, Reporting

FIRST_YEAR, LAST_YEAR = 2006, 2010  # financial years 2006/07 (baselines) to 2010/11
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)

# A level for each unit: (low, high) of the first year's value.
LEVELS = {
    "percentage": (15, 85), "rate": (2, 60), "ratio": (0.6, 1.4), "score": (40, 90),
    "count": (40, 4000), "days": (10, 60), "weeks": (2, 20), "tonnes": (20_000, 600_000),
    "kilograms": (450, 800), "pounds": (100, 2_000), "index": (80, 120),
}


@dataclass(frozen=True, slots=True)
class PlannedPeriod:
    period: Period
    year: int  # the financial year (its first calendar year) the value speaks for
    quarter: int | None = None


def fy(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def periods_for(d: Definition, r: Reporting, *, first_year: int = FIRST_YEAR) -> list[PlannedPeriod]:
    """The periods an indicator is reported for, 2006/07 to 2010/11, as its reporting sets them."""
    kinds = r.period_kinds
    years = [y for y in YEARS if y >= first_year]
    if PeriodKind.PLACE_SURVEY in kinds:
        return [PlannedPeriod(parse_period(f"Place Survey {y}"), y) for y in (2008, 2010) if y in years]
    if PeriodKind.TELLUS_SURVEY in kinds:
        return [PlannedPeriod(parse_period(f"TellUs {y + 1}"), y) for y in years]
    if PeriodKind.ACADEMIC_YEAR in kinds:
        return [PlannedPeriod(parse_period(f"AY {fy(y)}"), y) for y in years]
    if PeriodKind.ROLLING in kinds and d.unit == "rate":
        return [PlannedPeriod(parse_period(f"{y - 2} to {y}"), y) for y in years]
    if PeriodKind.FINANCIAL_YEAR in kinds:
        out = [PlannedPeriod(parse_period(fy(y)), y) for y in years]
        if PeriodKind.QUARTER in kinds:
            out += [PlannedPeriod(quarter_period(y, q), y, q) for y in years if y >= 2008 for q in (1, 2, 3, 4)]
        return out
    return [PlannedPeriod(parse_period(str(y)), y) for y in years]


def _places(d: Definition) -> Decimal:
    return Decimal(1).scaleb(-d.decimal_places)


def quantize(value: float | Decimal, d: Definition) -> Decimal:
    q = Decimal(str(value)).quantize(_places(d), rounding=ROUND_HALF_UP)
    if d.unit == "percentage":
        q = min(max(q, Decimal(0)), Decimal(100))
    return max(q, Decimal(0))


def _bound(limit: Decimal, d: Definition, rounding: str) -> Decimal:
    """A confidence limit to the definition's places, rounded outwards, within the unit."""
    q = limit.quantize(_places(d), rounding=rounding)
    if d.unit == "percentage":
        q = min(q, Decimal(100))
    return max(q, Decimal(0))


@dataclass(frozen=True, slots=True)
class Figures:
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    ci_lower: Decimal | None = None
    ci_upper: Decimal | None = None
    sample_size: int | None = None


class Series:
    """One indicator's series for one area: its yearly level, and the figures of a value."""

    def __init__(self, seed: int, d: Definition, area: str, *, polarity: str,
                 anchors: dict[int, Decimal] | None = None) -> None:
        self.d = d
        self.rng = random.Random(f"{seed}|{d.code}|{area}")
        low, high = LEVELS.get(d.unit, (10, 100))
        self.start = self.rng.uniform(low, high)
        sign = {"higher": 1, "lower": -1}.get(polarity, 0) or self.rng.choice((-1, 1))
        self.trend = sign * self.rng.uniform(0.005, 0.03)
        self.denominator = self.rng.randint(800, 25_000)
        self.sample = self.rng.choice((1_000, 1_100, 1_200))  # a few sizes: intervals are reused
        self.anchors = anchors or {}

    def level(self, year: int) -> Decimal:
        """The value for a year: the area's anchor (its agreement's baseline or target) if it
        has one, else its trend with a little noise."""
        if year in self.anchors:
            return self.anchors[year]
        steps = year - FIRST_YEAR
        value = self.start * (1 + self.trend) ** steps * (1 + self.rng.uniform(-0.01, 0.01))
        return quantize(value, self.d)

    def anchored(self, year: int) -> bool:
        return year in self.anchors

    def figures(self, level: Decimal, *, share: float = 1.0, jitter: float = 0.0, exact: bool = False) -> Figures:
        """The figures of one value near `level`: for a part (a quarter, a district, a
        group) `share` scales a count and the sample; `jitter` moves it a little. `exact`:
        the value is the level itself (an agreement's figure), without a numerator and
        denominator that would round it."""
        d = self.d
        moved = float(level) * (1 + self.rng.uniform(-jitter, jitter)) if jitter else float(level)
        if d.unit == "count":
            moved *= share
        value = quantize(moved, d)
        if d.is_survey:
            sample = max(30, int(self.sample * share))
            if d.unit == "percentage":
                # The Wilson interval of the value to the whole percent, moved to the value:
                # a few hundred intervals for the whole demonstration, not one per value.
                whole = value.to_integral_value(rounding=ROUND_HALF_UP)
                interval = wilson_interval(whole, sample)
                lower, upper = value - (whole - interval.lower), value + (interval.upper - whole)
            else:
                half = Decimal(str(abs(float(value)) * 0.04))
                lower, upper = value - half, value + half
            return Figures(value, ci_lower=_bound(lower, d, ROUND_FLOOR).min(value),
                           ci_upper=_bound(upper, d, ROUND_CEILING).max(value), sample_size=sample)
        if d.unit == "percentage" and not exact:
            denominator = max(20, int(self.denominator * share))
            numerator = int((value * denominator / 100).to_integral_value(rounding=ROUND_HALF_UP))
            exact = Decimal(numerator) * 100 / denominator
            return Figures(quantize(exact, d), numerator=numerator, denominator=denominator)
        return Figures(value)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p
