"""Comparison of areas on one indicator for one period (issue 13; DELIVERY.md "Methods").

For each area with a value: its 95% interval (as the hub gives it; Wilson from the
numerator and denominator, or the sample size, of a proportion; Byar's, or the exact
Poisson limits under 10 events, from the count and denominator of a rate:
`laa.domain.confidence`), its rank and quartile among all areas, within its region and
among its peers (peer groups are data: `laa.domain.peer_groups`), and whether it is
significantly better, worse, or not significantly different from England and from its
region, by whether the intervals overlap (a reference with no interval: whether the
area's interval holds its value). Rank 1 and quartile 1 are the best, by the indicator's
polarity; an indicator with no better direction is ranked highest first and said to be
higher or lower, never better or worse. No interval: "not compared".

    compare(measure, values, regions, peers) -> Comparison
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from statistics import median, quantiles

from laa.domain.composition import Polarity
from laa.domain.confidence import proportion_interval, rate_interval, respondents

QUARTILE_LABELS = {1: "Best quartile", 2: "Second quartile", 3: "Third quartile", 4: "Worst quartile"}
NO_DIRECTION_QUARTILES = {1: "Highest quartile", 2: "Second highest quartile", 3: "Second lowest quartile",
                          4: "Lowest quartile"}
MIN_FOR_QUARTILES = 4


class Significance(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"  # no better direction: said as higher or lower
    LOWER = "lower"
    NOT_COMPARED = "not_compared"

    def says(self, reference: str) -> str:
        return {
            "better": f"Significantly better than {reference}",
            "similar": f"Not significantly different from {reference}",
            "worse": f"Significantly worse than {reference}",
            "higher": f"Significantly higher than {reference}",
            "lower": f"Significantly lower than {reference}",
            "not_compared": f"Not compared with {reference} (no interval)",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Measure:
    """What a comparison needs of an indicator's definition."""

    code: str
    polarity: Polarity
    unit: str = "percentage"
    place_survey: bool = False
    confidence_level: float = 0.95


@dataclass(frozen=True, slots=True)
class AreaValue:
    """An area's current value for the period, as the hub holds it."""

    area: str
    value: Decimal | None
    status: str = "final"  # provisional, final or suppressed
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    ci_lower: Decimal | None = None
    ci_upper: Decimal | None = None
    sample_size: int | None = None


@dataclass(frozen=True, slots=True)
class Interval:
    lower: Decimal
    upper: Decimal
    method: str  # "as given", "Wilson", "Byar's", "exact Poisson"


@dataclass(frozen=True, slots=True)
class Reference:
    """England's or a region's value: pooled from the areas' counts when every area compared
    has them (with its interval), else the median of the areas' values (without one)."""

    name: str
    value: Decimal | None
    interval: Interval | None
    method: str  # "pooled", "median", "" (no value)
    areas: int

    def describe(self, places: int = 1) -> str:
        """ "England: 54.4 (pooled from the areas' counts, 147 areas)", to `places` decimals."""
        if self.value is None:
            return f"{self.name}: no value (no area has one)"
        how = "pooled from the areas' counts" if self.method == "pooled" else "the median of the areas' values"
        return f"{self.name}: {rounded(self.value, places):,f} ({how}, {self.areas} areas)"


def rounded(value: Decimal, places: int) -> Decimal:
    """A computed figure (a pooled value, an interval's limit) to `places` decimals."""
    return value.quantize(Decimal(1).scaleb(-max(places, 0)))


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int  # 1: the best (no better direction: the highest)
    of: int  # how many areas were ranked
    quartile: int | None  # 1 the best ... 4 the worst; None: fewer than four areas


@dataclass(frozen=True, slots=True)
class AreaComparison:
    area: str
    region: str
    value: AreaValue | None  # None: no value held for the period
    interval: Interval | None = None
    england: Standing | None = None
    in_region: Standing | None = None
    among_peers: Standing | None = None
    vs_england: Significance = Significance.NOT_COMPARED
    vs_region: Significance = Significance.NOT_COMPARED

    @property
    def why_not_ranked(self) -> str:
        if self.value is None:
            return "No value for the period"
        if self.value.value is None:
            return "Suppressed (small numbers)"
        return ""


@dataclass(frozen=True, slots=True)
class Comparison:
    measure: Measure
    england: Reference
    regions: Mapping[str, Reference]
    areas: tuple[AreaComparison, ...]  # best first, then the areas without a value

    def quartiles(self) -> dict[str, int]:
        """Each ranked area's quartile among all areas."""
        return {a.area: a.england.quartile for a in self.areas if a.england and a.england.quartile}


def quartile_label(quartile: int | None, polarity: Polarity) -> str:
    if quartile is None:
        return "Too few areas for quartiles"
    return (NO_DIRECTION_QUARTILES if polarity == "neither" else QUARTILE_LABELS)[quartile]


def rate_multiplier(values: Iterable[AreaValue]) -> int | None:
    """A rate's "per": the power of ten that most areas' value, count and denominator agree
    on (value = count / denominator x multiplier); None when none says."""
    found: Counter[int] = Counter()
    for v in values:
        if v.value and v.numerator and v.denominator:
            ratio = v.value * v.denominator / v.numerator
            if ratio > 0:
                found[10 ** max(0, round(ratio.log10()))] += 1
    return found.most_common(1)[0][0] if found else None


def interval_of(measure: Measure, v: AreaValue, multiplier: int | None = None) -> Interval | None:
    """The value's interval: as given; Wilson for a proportion; Byar's for a rate; else None."""
    if v.value is None:
        return None
    if v.ci_lower is not None and v.ci_upper is not None and v.ci_lower <= v.ci_upper:
        return Interval(v.ci_lower, v.ci_upper, "as given")
    level = measure.confidence_level
    if measure.unit == "percentage":
        counts = _proportion_counts(v)
        if counts is not None:
            found = proportion_interval(counts[0], counts[1], level)
            return Interval(found.lower, found.upper, "Wilson")
    if measure.unit == "rate" and multiplier and v.numerator is not None and v.denominator:
        found = rate_interval(int(v.numerator), v.denominator, multiplier, level)
        return Interval(found.lower, found.upper, "Byar's" if found.method == "byar" else "exact Poisson")
    return None


def _proportion_counts(v: AreaValue) -> tuple[int, int] | None:
    if v.numerator is not None and v.denominator and 0 <= v.numerator <= v.denominator:
        return int(v.numerator), int(v.denominator)
    if v.sample_size and v.value is not None and 0 <= v.value <= 100:
        return respondents(v.value, v.sample_size), v.sample_size
    return None


def reference(name: str, measure: Measure, values: Sequence[AreaValue], multiplier: int | None) -> Reference:
    """The reference value of the areas given (England, a region)."""
    shown = [v for v in values if v.value is not None]
    if not shown:
        return Reference(name, None, None, "", 0)
    counted = [v for v in shown if v.numerator is not None and v.denominator]
    if measure.unit in {"percentage", "rate"} and len(counted) == len(shown):
        total, base = sum(int(v.numerator or 0) for v in shown), sum(v.denominator or 0 for v in shown)
        if measure.unit == "percentage":
            found = proportion_interval(total, int(base), measure.confidence_level)
            value = Decimal(total) * 100 / base
            return Reference(name, value, Interval(found.lower, found.upper, "Wilson"), "pooled", len(shown))
        if multiplier:
            found = rate_interval(total, base, multiplier, measure.confidence_level)
            value = Decimal(total) * multiplier / base
            return Reference(name, value, Interval(found.lower, found.upper, found.method), "pooled", len(shown))
    middle = median(v.value for v in shown if v.value is not None)
    return Reference(name, Decimal(middle), None, "median", len(shown))


def significance(measure: Measure, interval: Interval | None, ref: Reference) -> Significance:
    """Better, worse or not significantly different from the reference, by the overlap of
    the intervals (the reference's value when it has no interval)."""
    if interval is None or ref.value is None:
        return Significance.NOT_COMPARED
    low, high = (ref.interval.lower, ref.interval.upper) if ref.interval else (ref.value, ref.value)
    if interval.lower > high:
        side = 1
    elif interval.upper < low:
        side = -1
    else:
        return Significance.SIMILAR
    if measure.polarity == "neither":
        return Significance.HIGHER if side > 0 else Significance.LOWER
    better = side > 0 if measure.polarity == "higher" else side < 0
    return Significance.BETTER if better else Significance.WORSE


def standings(polarity: Polarity, values: Mapping[str, Decimal]) -> dict[str, Standing]:
    """Each area's rank (1 the best; ties share the better rank) and quartile (1 the best;
    cut at `statistics.quantiles`' inclusive quartiles, a value on a cut counted on the
    better side) among the areas given."""
    if not values:
        return {}
    lower_better = polarity == "lower"
    ordered = sorted(values.items(), key=lambda kv: kv[1], reverse=not lower_better)
    cuts = quantiles(values.values(), n=4, method="inclusive") if len(values) >= MIN_FOR_QUARTILES else None
    out: dict[str, Standing] = {}
    rank, previous = 0, None
    for i, (area, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = i, value
        out[area] = Standing(rank, len(values), _quartile(value, cuts, lower_better) if cuts else None)
    return out


def standing_of(polarity: Polarity, value: Decimal, others: Sequence[Decimal]) -> Standing:
    """One value's standing among itself and the others: as `standings` gives it, without
    ranking every other (an area among its peers)."""
    lower_better = polarity == "lower"
    ahead = sum(1 for v in others if (v < value if lower_better else v > value))
    group = [value, *others]
    cuts = quantiles(group, n=4, method="inclusive") if len(group) >= MIN_FOR_QUARTILES else None
    return Standing(ahead + 1, len(group), _quartile(value, cuts, lower_better) if cuts else None)


def _quartile(value: Decimal, cuts: Sequence[Decimal], lower_better: bool) -> int:
    q1, q2, q3 = cuts
    if lower_better:
        return 1 if value <= q1 else 2 if value <= q2 else 3 if value <= q3 else 4
    return 1 if value >= q3 else 2 if value >= q2 else 3 if value >= q1 else 4


def compare(measure: Measure, values: Iterable[AreaValue], regions: Mapping[str, str],
            peers: Mapping[str, Collection[str]] | None = None) -> Comparison:
    """Every area of `regions` (area -> its region) compared on the values given (one per
    area at most; an area not in `regions` is left out). `peers`: each area's peer group
    (without itself); none given, no peer standing."""
    by_area = {v.area: v for v in values if v.area in regions}
    multiplier = rate_multiplier(by_area.values()) if measure.unit == "rate" else None
    figures = {a: v.value for a, v in by_area.items() if v.value is not None}
    england = reference("England", measure, list(by_area.values()), multiplier)
    members: dict[str, list[str]] = {}
    for area, region in regions.items():
        members.setdefault(region, []).append(area)
    region_refs = {r: reference(r, measure, [by_area[a] for a in areas if a in by_area], multiplier)
                   for r, areas in members.items()}
    overall = standings(measure.polarity, figures)
    in_region = {r: standings(measure.polarity, {a: figures[a] for a in areas if a in figures})
                 for r, areas in members.items()}
    out = []
    for area, region in regions.items():
        v = by_area.get(area)
        if v is None or v.value is None:
            out.append(AreaComparison(area, region, v))
            continue
        interval = interval_of(measure, v, multiplier)
        peer = None
        if peers is not None:
            others = [figures[a] for a in peers.get(area, ()) if a in figures and a != area]
            peer = standing_of(measure.polarity, v.value, others)
        out.append(AreaComparison(
            area, region, v, interval, overall.get(area), in_region[region].get(area), peer,
            significance(measure, interval, england), significance(measure, interval, region_refs[region])))
    out.sort(key=lambda c: (c.england is None, c.england.rank if c.england else 0, c.area))
    return Comparison(measure, england, region_refs, tuple(out))
