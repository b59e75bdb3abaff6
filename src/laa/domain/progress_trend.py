"""What progress needs besides the judgement: which year of an agreement a hub period counts
for, and the forecast of the final year from the trend so far (issue 13).

    counts_for("Place Survey 2008", KENT_YEARS) -> "2008/09"
    counts_for("AY 2008/09", KENT_YEARS)        -> "2008/09"  (an academic year is its own year)
    forecast([(2007, 36), (2008, 34)], "2010/11", Decimal(30), "lower", 1) -> Forecast(value=30, ...)

The forecast is an ordinary least-squares line over (financial year, value), from the
standard library's `statistics.linear_regression` (no hand-written fit; scipy's
`linregress` gives the same line at fifty times the cost, see benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import linear_regression

from laa.domain.composition import Polarity, financial_year_start
from laa.domain.hub.periods import PeriodError, PeriodKind, fy_code, parse_period

MIN_POINTS = 2


@dataclass(frozen=True, slots=True)
class Forecast:
    year: str  # the final year of the agreement
    value: Decimal  # to the indicator's places
    points: int  # how many figures the line was fitted to
    meets: bool | None  # the forecast meets the final year's target; None: no target or no direction
    note: str = "Forecast from the trend so far (least squares); not a reported value"


def counts_for(period: str, years: Sequence[str], value_periods: Mapping[str, str] | None = None) -> str | None:
    """The agreement's year a hub period counts for: the year whose own data period
    (`value_periods`, e.g. "2009/10" -> "2009") is that period, else the financial year the
    period ends in (an academic year: the financial year of the same name); None when
    that is not one of `years` or the period is unreadable."""
    try:
        found = parse_period(period)
    except PeriodError:
        return None
    for year, own in (value_periods or {}).items():
        try:
            if parse_period(own).code == found.code:
                return year if year in years else None
        except PeriodError:
            continue
    if found.kind == PeriodKind.ACADEMIC_YEAR:
        label = fy_code(found.start.year)
    else:
        label = found.financial_year or ""
    return label if label in years else None


def quarter_share(period: str) -> Decimal | None:
    """How far through its financial year a quarter ends (Q1: 0.25 ... Q4: 1); None for
    any other period (or an unreadable one)."""
    try:
        found = parse_period(period)
    except PeriodError:
        return None
    if found.kind != PeriodKind.QUARTER:
        return None
    return Decimal(int(found.code[-1])) / 4


def survey_years(years: Sequence[str]) -> tuple[str, ...]:
    """The agreement's years in which a Place Survey is carried out (autumn 2008, 2010)."""
    out = []
    for year in years:
        start = financial_year_start(year)
        if start is None:
            continue
        try:
            parse_period(f"Place Survey {start}")
        except PeriodError:
            continue
        out.append(year)
    return tuple(out)


def baseline_year(period: str | None) -> str | None:
    """The financial year a baseline's period ends in ("2007/08" for "2007/08" or
    "Place Survey 2008" -> "2008/09"); None if unreadable ("autumn 2008" is read by its year)."""
    if not period:
        return None
    try:
        return parse_period(period).financial_year
    except PeriodError:
        pass
    digits = [w for w in period.replace("/", " ").split() if w.isdigit() and len(w) == 4]
    return fy_code(int(digits[0])) if digits else None


def forecast(points: Sequence[tuple[int, Decimal]], final: str, goal: Decimal | None, polarity: Polarity,
             places: int) -> Forecast | None:
    """The final year's value on the least-squares line through the points (financial year
    start, value); None with fewer than two distinct years, or an unreadable final year."""
    at = financial_year_start(final)
    xs = [x for x, _ in points]
    if at is None or len(set(xs)) < MIN_POINTS:
        return None
    slope, intercept = linear_regression(xs, [float(v) for _, v in points])
    value = Decimal(repr(slope * at + intercept)).quantize(Decimal(1).scaleb(-max(places, 0)))
    meets: bool | None = None
    if goal is not None and polarity != "neither":
        meets = value >= goal if polarity == "higher" else value <= goal
    return Forecast(final, value, len(points), meets)
