"""Progress of a target against its trajectory (DOMAIN.md D7, D19; issue 13).

For each year of the agreement, the latest value the hub holds for it is set against the
trajectory's value for that year and judged on track, at risk or off track by rules that
are data (`ProgressRules`), never code:

- bands on the value's shortfall from the year's target, as a fraction of the step from
  the baseline to that target (met or better -> on track; short by at most a quarter of
  the step -> at risk; worse -> off track), the way "better" is set by the polarity;
- for a survey value with a confidence interval (given, or Wilson from its sample size),
  the interval instead of the value (Fingertips' switch): met only if the whole interval
  clears the target (D7), "not significantly different" when it holds the target;
- the Place Survey's non-survey year by the direction of travel agreed on the target.

No judgement (with the reason in words) for a placeholder, a year without a target, a
suppressed value, a year not reported yet, or an indicator with no better direction. A
forecast of the final year by least squares over the values so far (and the baseline),
marked as a forecast. The headline is the latest reported year.

    progress(target, observed, rules=DEFAULT_RULES) -> Progress
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from laa.domain.composition import IndicatorFacts, Polarity, TargetDraft, financial_year_start
from laa.domain.confidence import wilson_interval
from laa.domain.progress_trend import Forecast, baseline_year, forecast, quarter_share, survey_years

_HUNDRED = Decimal(100)


class Judgement(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track",
                "none": "No judgement"}[self.value]


# The order a list of targets is read in: off track first (issue 13).
JUDGEMENT_ORDER = (Judgement.OFF_TRACK, Judgement.AT_RISK, Judgement.ON_TRACK, Judgement.NONE)


@dataclass(frozen=True, slots=True)
class Band:
    """A judgement for a shortfall up to `shortfall_at_most` (a fraction of the step from
    the baseline to the year's target; 0: met or better; None: any shortfall)."""

    judgement: Judgement
    shortfall_at_most: Decimal | None
    says: str  # the rule in words: "met or better"


@dataclass(frozen=True, slots=True)
class ProgressRules:
    bands: tuple[Band, ...]
    # A survey value with an interval is judged by its interval (D7), not its value.
    compare_interval: bool = True
    interval_clears: Judgement = Judgement.ON_TRACK
    interval_holds_target: Judgement = Judgement.AT_RISK
    interval_short: Judgement = Judgement.OFF_TRACK
    # The non-survey year (D7): moved the better way, did not move, moved the worse way.
    improving: Judgement = Judgement.ON_TRACK
    unchanged: Judgement = Judgement.AT_RISK
    worsening: Judgement = Judgement.OFF_TRACK


DEFAULT_RULES = ProgressRules(bands=(
    Band(Judgement.ON_TRACK, Decimal(0), "met or better"),
    Band(Judgement.AT_RISK, Decimal("0.25"), "short by at most a quarter of the step from the baseline"),
    Band(Judgement.OFF_TRACK, None, "short by more than a quarter of the step from the baseline"),
))


@dataclass(frozen=True, slots=True)
class Observed:
    """One current value from the hub, with the year of the agreement it counts for."""

    period: str  # the hub's period code: "2008/09", "Place Survey 2008"
    year: str  # the agreement's year it counts for: "2008/09"
    value: Decimal | None
    status: str = "final"  # provisional, final or suppressed
    ci_lower: Decimal | None = None
    ci_upper: Decimal | None = None
    sample_size: int | None = None


@dataclass(frozen=True, slots=True)
class ProgressTarget:
    key: str
    indicator: str
    polarity: Polarity
    years: tuple[str, ...]  # the agreement's years, in order
    yearly: Mapping[str, Decimal] = field(default_factory=dict)
    baseline: Decimal | None = None
    baseline_year: str | None = None  # the agreement year-like label of the baseline ("2007/08")
    unit: str = "count"
    decimal_places: int = 1
    place_survey: bool = False
    survey_years: tuple[str, ...] = ()  # the years a survey reports in ("2008/09", "2010/11")
    placeholder: str = ""  # why it is a placeholder; "" if it is not one
    direction_of_travel: str = ""  # how the non-survey year is gauged (D7)


@dataclass(frozen=True, slots=True)
class YearProgress:
    year: str
    judgement: Judgement
    reason: str  # the rule and the figures, in words
    reported: bool  # a value (or a suppressed one) is held for the year
    value: Observed | None = None
    trajectory: Decimal | None = None
    interval: tuple[Decimal, Decimal] | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    key: str
    latest: YearProgress  # the latest reported year, or the first year when none is
    years: tuple[YearProgress, ...]
    forecast: Forecast | None


def shown(value: Decimal, places: int) -> str:
    """A figure to the indicator's places, thousands separated (as laa.presentation shows)."""
    return f"{value:,.{max(places, 0)}f}"


def progress(target: ProgressTarget, observed: Iterable[Observed], rules: ProgressRules = DEFAULT_RULES) -> Progress:
    by_year: dict[str, list[Observed]] = {}
    for o in observed:
        by_year.setdefault(o.year, []).append(o)
    years: list[YearProgress] = []
    previous: Decimal | None = target.baseline
    for year in target.years:
        found = by_year.get(year, [])
        latest = found[-1] if found else None
        years.append(_judge_year(target, year, latest, previous, rules))
        if latest is not None and latest.value is not None:
            previous = latest.value
    reported = [y for y in years if y.reported]
    headline = reported[-1] if reported else _nothing_yet(target, years)
    return Progress(target.key, headline, tuple(years), _forecast(target, years))


def _nothing_yet(target: ProgressTarget, years: Sequence[YearProgress]) -> YearProgress:
    first = years[0] if years else None
    if first is not None and target.placeholder:
        return first
    return YearProgress(first.year if first else "", Judgement.NONE, "No value reported yet", False)


def _judge_year(target: ProgressTarget, year: str, latest: Observed | None, previous: Decimal | None,
                rules: ProgressRules) -> YearProgress:
    reported = latest is not None
    if target.placeholder:
        return YearProgress(year, Judgement.NONE, f"A placeholder: no target set yet ({target.placeholder})",
                            reported, latest)
    if target.place_survey and target.survey_years and year not in target.survey_years:
        return _direction_of_travel(target, year, latest, previous, rules)
    goal = target.yearly.get(year)
    if goal is None:
        why = " (its figure is the baseline)" if year == target.baseline_year else ""
        return YearProgress(year, Judgement.NONE, f"No target set for {year}{why}", reported, latest)
    if latest is None:
        return YearProgress(year, Judgement.NONE, f"Not reported for {year} yet", False, None, goal)
    if latest.status == "suppressed" or latest.value is None:
        return YearProgress(year, Judgement.NONE,
                            f"The {latest.period} value is suppressed (small numbers): nothing to judge",
                            True, latest, goal)
    if target.polarity == "neither":
        return YearProgress(year, Judgement.NONE,
                            "Neither higher nor lower is better for this indicator: compared, not judged",
                            True, latest, goal)
    goal, for_what = _period_goal(target, year, latest.period, goal)
    interval = _interval(target, latest)
    if interval is not None and rules.compare_interval:
        return _judge_interval(target, year, latest, goal, interval, rules, for_what)
    return _judge_value(target, year, latest, goal, rules, for_what)


def _period_goal(target: ProgressTarget, year: str, period: str, goal: Decimal) -> tuple[Decimal, str]:
    """The trajectory's value for the period, and how to say what it is for: the year's
    target; for a quarter, the point that far along the line from the year before's target
    (the baseline before the first year) to the year's: Q1 a quarter of the way, Q4 the
    year's target itself."""
    share = quarter_share(period)
    index = target.years.index(year) if year in target.years else -1
    before = target.yearly.get(target.years[index - 1]) if index > 0 else target.baseline
    if share is None or share == 1 or before is None:
        return goal, year
    value = before + (goal - before) * share
    places = target.decimal_places
    return value, (f"{period} ({_SHARES[share]} from {shown(before, places)} to {year}'s "
                   f"{shown(goal, places)})")


_SHARES = {Decimal("0.25"): "a quarter of the way", Decimal("0.5"): "half way",
           Decimal("0.75"): "three quarters of the way"}


def _better(polarity: Polarity) -> int:
    return 1 if polarity == "higher" else -1


def _judge_value(target: ProgressTarget, year: str, latest: Observed, goal: Decimal,
                 rules: ProgressRules, for_what: str) -> YearProgress:
    assert latest.value is not None
    places = target.decimal_places
    shortfall = (goal - latest.value) * _better(target.polarity)
    step = abs(goal - target.baseline) if target.baseline is not None else None
    said = f"{shown(latest.value, places)} ({latest.period}) against {shown(goal, places)} for {for_what}"
    for band in rules.bands:
        if band.shortfall_at_most is None:
            pass
        elif shortfall <= 0 and band.shortfall_at_most >= 0:
            pass
        elif step is None or step == 0:
            continue  # a tolerance needs a step: without a baseline (or a flat target) only "met" counts
        elif shortfall > band.shortfall_at_most * step:
            continue
        words = "met" if shortfall <= 0 else f"short by {shown(shortfall, places)}"
        return YearProgress(year, band.judgement, f"{said}: {words} ({band.says})", True, latest, goal)
    return YearProgress(year, Judgement.NONE, f"{said}: no rule judges it", True, latest, goal)


def _interval(target: ProgressTarget, o: Observed) -> tuple[Decimal, Decimal] | None:
    if o.ci_lower is not None and o.ci_upper is not None and o.ci_lower <= o.ci_upper:
        return o.ci_lower, o.ci_upper
    if (target.place_survey and target.unit == "percentage" and o.value is not None
            and o.sample_size is not None and o.sample_size >= 1 and 0 <= o.value <= _HUNDRED):
        computed = wilson_interval(o.value, o.sample_size)
        return computed.lower, computed.upper
    return None


def _judge_interval(target: ProgressTarget, year: str, latest: Observed, goal: Decimal,
                    interval: tuple[Decimal, Decimal], rules: ProgressRules, for_what: str) -> YearProgress:
    lower, upper = interval
    places = target.decimal_places
    said = (f"{shown(latest.value or Decimal(0), places)} ({latest.period}; 95% interval "
            f"{shown(lower, places)} to {shown(upper, places)}) against {shown(goal, places)} for {for_what}")
    clears = lower > goal if target.polarity == "higher" else upper < goal
    short = upper < goal if target.polarity == "higher" else lower > goal
    if clears:
        return YearProgress(year, rules.interval_clears, f"{said}: met, the whole interval clears the target",
                            True, latest, goal, interval)
    if short:
        return YearProgress(year, rules.interval_short, f"{said}: significantly short of the target",
                            True, latest, goal, interval)
    return YearProgress(year, rules.interval_holds_target,
                        f"{said}: not significantly different from the target (the interval holds it)",
                        True, latest, goal, interval)


def _direction_of_travel(target: ProgressTarget, year: str, latest: Observed | None, previous: Decimal | None,
                         rules: ProgressRules) -> YearProgress:
    """The Place Survey's non-survey year (D7): judged by the direction of travel the GO and
    the partnership agreed, from a figure the hub holds for the year against the last one."""
    if not target.direction_of_travel:
        return YearProgress(year, Judgement.NONE, f"No Place Survey in {year}, and no way of gauging the "
                            "direction of travel agreed for it", latest is not None, latest)
    gauge = f"No Place Survey in {year}: direction of travel gauged by {target.direction_of_travel}"
    if latest is None or latest.value is None or previous is None:
        missing = "suppressed" if latest is not None else "not reported yet"
        return YearProgress(year, Judgement.NONE, f"{gauge}; its figure is {missing}", latest is not None, latest)
    moved = (latest.value - previous) * _better(target.polarity)
    places = target.decimal_places
    figures = f"{shown(latest.value, places)} ({latest.period}) after {shown(previous, places)}"
    if target.polarity == "neither":
        return YearProgress(year, Judgement.NONE, f"{gauge}; {figures}: no better direction", True, latest)
    if moved > 0:
        return YearProgress(year, rules.improving, f"{gauge}; {figures}: improving", True, latest)
    if moved == 0:
        return YearProgress(year, rules.unchanged, f"{gauge}; {figures}: no change", True, latest)
    return YearProgress(year, rules.worsening, f"{gauge}; {figures}: getting worse", True, latest)


def _forecast(target: ProgressTarget, years: Sequence[YearProgress]) -> Forecast | None:
    if target.placeholder or not target.years:
        return None
    points: list[tuple[int, Decimal]] = []
    if target.baseline is not None and target.baseline_year is not None:
        start = financial_year_start(target.baseline_year)
        if start is not None:
            points.append((start, target.baseline))
    for y in years:
        start = financial_year_start(y.year)
        if y.value is not None and y.value.value is not None and start is not None:
            points.append((start, y.value.value))
    final = target.years[-1]
    return forecast(points, final, target.yearly.get(final), target.polarity, target.decimal_places)


def counts(judgements: Iterable[Judgement]) -> dict[Judgement, int]:
    """How many of each judgement, every judgement named (0 when none)."""
    found = dict.fromkeys(JUDGEMENT_ORDER, 0)
    for j in judgements:
        found[j] += 1
    return found


def progress_target(draft: TargetDraft, facts: IndicatorFacts | None, years: tuple[str, ...]) -> ProgressTarget:
    """A target of an agreement (its version in force) as progress reads it; an indicator
    the catalogue does not know is read as a count with no better direction."""
    placeholder = ""
    if draft.placeholder is not None:
        placeholder = draft.placeholder.reason or "to be set at the annual review"
    return ProgressTarget(
        key=draft.key, indicator=draft.indicator, polarity=facts.polarity if facts else "neither",
        years=years, yearly=draft.yearly, baseline=draft.baseline.value,
        baseline_year=baseline_year(draft.baseline.period), unit=facts.unit if facts else "count",
        decimal_places=facts.decimal_places if facts else 1, place_survey=bool(facts and facts.place_survey),
        survey_years=survey_years(years) if facts and facts.place_survey else (),
        placeholder=placeholder, direction_of_travel=draft.direction_of_travel,
    )


def no_values(target: ProgressTarget, reason: str) -> Progress:
    """The progress of a target the hub cannot hold values for (a scope it does not know)."""
    year = target.years[0] if target.years else ""
    return Progress(target.key, YearProgress(year, Judgement.NONE, reason, False), (), None)
