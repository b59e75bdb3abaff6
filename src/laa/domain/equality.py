"""Equality breakdowns (issue 13; DOMAIN.md D18: "some with disaggregation by group"): for
an indicator, an area and a period, each group's value with its 95% interval, its gap to
the whole population's value, and whether the gap is significant, by whether the group's
interval and the whole population's overlap (the comparison's rule, `laa.domain.comparison`:
intervals as given, Wilson for a proportion, Byar's for a rate; the whole population
without an interval: whether the group's interval holds its value). Polarity decides
"better" and "worse"; an indicator with no better direction is "higher" or "lower".

Per dimension (sex, age...), the gap between the highest and the lowest group, and whether
their intervals overlap; over periods, that gap's trend (the gap of each period, oldest first).

    group_gaps(measure, whole, groups) -> tuple[GroupGap, ...]
    dimension_gaps(measure, whole, groups) -> tuple[DimensionGap, ...]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from laa.domain.comparison import (
    AreaValue,
    Interval,
    Measure,
    Reference,
    Significance,
    interval_of,
    significance,
)
from laa.domain.hub.groups import ALL, GROUPS, group_dimension

WHOLE = "the whole population"


@dataclass(frozen=True, slots=True)
class GroupGap:
    group: str  # "sex:female"
    value: AreaValue
    interval: Interval | None
    gap: Decimal | None  # the group's value minus the whole population's; None: either has none
    significance: Significance  # against the whole population


@dataclass(frozen=True, slots=True)
class DimensionGap:
    dimension: str  # "sex"
    highest: str | None  # the group with the highest value; None: fewer than two groups with values
    lowest: str | None
    gap: Decimal | None  # highest minus lowest
    significant: bool | None  # their intervals do not overlap; None: an interval missing


def _order(group: str) -> tuple[int, int, str]:
    dimension = group_dimension(group) or ""
    names = list(GROUPS)
    values = GROUPS.get(dimension, ())
    value = group.partition(":")[2]
    return (names.index(dimension) if dimension in names else len(names),
            values.index(value) if value in values else len(values), group)


def whole_reference(measure: Measure, whole: AreaValue | None) -> tuple[Reference, Interval | None]:
    """The whole population's value as the reference the groups are compared with."""
    if whole is None or whole.value is None:
        return Reference(WHOLE, None, None, "", 0), None
    interval = interval_of(measure, whole)
    return Reference(WHOLE, whole.value, interval, "as given", 1), interval


def group_gaps(measure: Measure, whole: AreaValue | None, groups: Mapping[str, AreaValue]) -> tuple[GroupGap, ...]:
    """Each group's gap to the whole population, in the groups' order (age, sex, ethnicity,
    disability, as `GROUPS`; each dimension's groups in their order). The whole population ("all") is
    never one of the groups."""
    ref, _ = whole_reference(measure, whole)
    found = []
    for group in sorted((g for g in groups if g != ALL), key=_order):
        value = groups[group]
        interval = interval_of(measure, value)
        gap = value.value - ref.value if value.value is not None and ref.value is not None else None
        found.append(GroupGap(group, value, interval, gap, significance(measure, interval, ref)))
    return tuple(found)


def dimension_gaps(measure: Measure, gaps: tuple[GroupGap, ...]) -> tuple[DimensionGap, ...]:
    """Per dimension, the gap between its highest and lowest group and whether it is
    significant (their intervals do not overlap)."""
    by_dimension: dict[str, list[GroupGap]] = {}
    for g in gaps:
        by_dimension.setdefault(group_dimension(g.group) or "", []).append(g)
    found = []
    for dimension, items in by_dimension.items():
        valued = [g for g in items if g.value.value is not None]
        if len(valued) < 2:
            found.append(DimensionGap(dimension, None, None, None, None))
            continue
        high = max(valued, key=lambda g: (g.value.value, g.group))
        low = min(valued, key=lambda g: (g.value.value, g.group))
        assert high.value.value is not None and low.value.value is not None
        significant = None
        if high.interval is not None and low.interval is not None:
            significant = high.interval.lower > low.interval.upper
        found.append(DimensionGap(dimension, high.group, low.group, high.value.value - low.value.value, significant))
    return tuple(found)


def gap_says(gap: GroupGap, places: int = 1) -> str:
    """ "3.2 above the whole population: significantly better than the whole population"."""
    if gap.value.value is None:
        return "Suppressed (small numbers): no gap"
    if gap.gap is None:
        return "No value for the whole population: no gap"
    size = abs(gap.gap).quantize(Decimal(1).scaleb(-max(places, 0)))
    side = "above" if gap.gap > 0 else "below" if gap.gap < 0 else "level with"
    where = f"{size:,f} {side} {WHOLE}" if gap.gap != 0 else f"Level with {WHOLE}"
    return f"{where}: {gap.significance.says(WHOLE).lower()}"
