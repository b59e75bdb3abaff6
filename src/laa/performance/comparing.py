"""Comparisons of areas on a national indicator, and hotspots, computed once per hub import
(issue 13, ADR 0026): kept in the process's cache (`laa.presentation.fragments.cached`),
and every indicator's comparison and placings also in the database for the service's
other processes (`laa.performance.shared`; computed in the background after each import,
`performance.tasks`), under the stamps of what they are computed from: the hub's latest ledger entry
(`hub_stamp`: values come in, and are superseded, only by imports), the catalogue's and the
places' stamps, the nearest-neighbours file's; and whether the reader sees final values
only (a resident). Nothing is computed per request. The values are read through the hub's scope (`Observation.objects.visible_to`), of
periods ended by the service's day (as progress reads them).
The rules are `laa.domain.comparison`, `comparison_trend` and `hotspots`."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.http import Http404

from laa import clock
from laa.catalogue.models import IndicatorDefinition
from laa.catalogue.queries import catalogue_stamp
from laa.domain.comparison import AreaComparison, AreaValue, Comparison, Measure, compare
from laa.domain.comparison_trend import Trend, TrendPoint, trend
from laa.domain.hotspots import DEFAULT_HOTSPOT_RULES, Hotspot, HotspotRules, Placing, hotspots
from laa.domain.hub.groups import ALL
from laa.domain.hub.periods import PeriodKind
from laa.domain.roles import role_of
from laa.hub.models import Observation
from laa.hub.stamps import hub_stamp
from laa.performance.peers import SAME_TYPE, neighbours_stamp, peer_groups
from laa.performance.shared import keep, shared
from laa.places.models import Area
from laa.places.stamps import places_stamp
from laa.presentation.fragments import cached


@dataclass(frozen=True)
class PlaceFacts:
    code: str
    name: str
    type: str
    region: str  # the region's name
    region_code: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    title: str
    theme: str  # the catalogue's theme, or its annex when it has none
    department: str  # the department's code, "" when none
    measure: Measure
    decimal_places: int


@dataclass(frozen=True)
class PeriodChoice:
    code: str
    kind: str
    start: date
    end: date
    areas: int  # how many areas have a value


@dataclass(frozen=True)
class IndicatorComparison:
    indicator: IndicatorFacts
    period: PeriodChoice | None  # None: the hub holds no value of the indicator
    periods: tuple[PeriodChoice, ...]  # latest first
    comparison: Comparison | None
    trends: dict[str, Trend]  # by area code
    places: dict[str, PlaceFacts]  # by area code
    peers_kind: str
    peers: dict[str, tuple[str, ...]]
    peers_problem: str = ""


def stamps(user) -> tuple[object, ...]:
    """What every comparison and hotspot is computed from; a change of any computes afresh
    (the service's day too: values of periods ended by it are compared, as progress reads them)."""
    return (hub_stamp(), catalogue_stamp(), places_stamp(), neighbours_stamp(), role_of(user) is None,
            clock.today())


def _definitions(user, codes: Iterable[str] | None = None) -> list[IndicatorFacts]:
    rows = (IndicatorDefinition.objects.visible_to(user)
            .filter(is_current=True, indicator__partnership__isnull=True)
            .order_by("indicator__number", "indicator__code"))
    if codes is not None:
        rows = rows.filter(indicator__code__in=list(codes))
    return [IndicatorFacts(
        code=code, title=title, theme=theme or annex, department=department or "",
        measure=Measure(code, polarity, unit, survey), decimal_places=places)
        for code, title, theme, annex, department, polarity, unit, survey, places in rows.values_list(
            "indicator__code", "title", "theme", "annex", "department__code", "polarity", "unit", "place_survey",
            "decimal_places")]


def definition_of(user, code: str) -> IndicatorFacts | None:
    """A national indicator's facts as comparisons use them; None if there is none."""
    found = _definitions(user, [code])
    return found[0] if found else None


def _places(user) -> dict[str, PlaceFacts]:
    rows = Area.objects.visible_to(user).values_list(
        "code", "name", "type", "region__name", "region__code", "valid_from", "valid_to")
    return {r[0]: PlaceFacts(*r) for r in rows}


def _current(user):
    """The current area-level values of periods ended by the service's day."""
    return Observation.objects.visible_to(user).current().filter(
        district__isnull=True, group=ALL, period_end__lte=clock.today())


_VALUE_COLUMNS = ("area__code", "value", "status", "numerator", "denominator", "ci_lower", "ci_upper", "sample_size")


def _area_value(row) -> AreaValue:
    code, value, status, numerator, denominator, lower, upper, size = row
    return AreaValue(code, _d(value), status, _d(numerator), _d(denominator), _d(lower), _d(upper), size)


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _periods(rows: Iterable[tuple[str, str, date, date, int]]) -> tuple[PeriodChoice, ...]:
    found = [PeriodChoice(code, kind, start, end, n) for code, kind, start, end, n in rows]
    found.sort(key=lambda p: (p.end, -p.start.toordinal()), reverse=True)
    return tuple(found)


def default_period(periods: tuple[PeriodChoice, ...]) -> PeriodChoice | None:
    """The latest period most areas have a value for (at least half as many as the best
    covered), the longer of two ending together (a year before its fourth quarter)."""
    if not periods:
        return None
    most = max(p.areas for p in periods)
    return next(p for p in periods if p.areas * 2 >= most)


def _in_place(places: dict[str, PlaceFacts], held: set[str], period: PeriodChoice) -> dict[str, str]:
    """The areas compared (area -> its region): those holding a value, and those that
    existed at the period's end."""
    return {code: p.region for code, p in sorted(places.items())
            if code in held or ((p.valid_from is None or p.valid_from <= period.end)
                                and (p.valid_to is None or p.valid_to > period.end))}


def indicator_comparison(user, code: str, period_code: str = "", peers_kind: str = SAME_TYPE) -> IndicatorComparison:
    """The comparison of every area on a national indicator for a period (its default when
    none or an unknown one is asked), with each area's trend: 404 for an indicator that is
    not a national one."""
    found = _definitions(user, [code])
    if not found:
        raise Http404("There is no national indicator with that code")
    key = ("comparison", code, period_code, peers_kind, *stamps(user))
    return cached(key, lambda: _compute(user, found[0], period_code, peers_kind))


def _compute(user, facts: IndicatorFacts, period_code: str, peers_kind: str) -> IndicatorComparison:
    places = _places(user)
    groups = peer_groups(peers_kind, {c: p.type for c, p in places.items()})
    rows = list(_current(user).filter(indicator__code=facts.code)
                .order_by("period_end", "period_start", "id")
                .values_list("period", "period_kind", "period_start", "period_end", *_VALUE_COLUMNS))
    counts: dict[tuple[str, str, date, date], int] = {}
    for period, kind, start, end, *_ in rows:
        counts[(period, kind, start, end)] = counts.get((period, kind, start, end), 0) + 1
    periods = _periods((*k, n) for k, n in counts.items())
    chosen = next((p for p in periods if p.code == period_code), None) or default_period(periods)
    if chosen is None:
        return IndicatorComparison(facts, None, periods, None, {}, places, groups.kind, groups.peers, groups.problem)
    values = [_area_value(r[4:]) for r in rows if r[0] == chosen.code]
    regions = _in_place(places, {v.area for v in values}, chosen)
    comparison = compare(facts.measure, values, regions, groups.peers)
    series: dict[str, list[TrendPoint]] = {}
    for period, kind, _start, end, *value in rows:
        if kind == chosen.kind and end <= chosen.end:
            v = _area_value(value)
            series.setdefault(v.area, []).append(
                TrendPoint(period, v.value, v.numerator, v.denominator, v.sample_size))
    trends = {area: trend(points, facts.measure.polarity, facts.measure.unit) for area, points in series.items()}
    return IndicatorComparison(facts, chosen, periods, comparison, trends, places, groups.kind, groups.peers,
                               groups.problem)


@dataclass(frozen=True)
class Placings:
    """Every area's quartile on every national indicator, at the indicator's default period."""

    placings: tuple[Placing, ...]
    indicators: dict[str, IndicatorFacts]
    periods: dict[str, str]  # indicator -> the period compared
    places: dict[str, PlaceFacts]


@dataclass(frozen=True)
class AreasCompared:
    """What the CAA view reads of every national indicator's comparison (see `area_compared`)."""

    indicators: dict[str, IndicatorFacts]
    periods: dict[str, str]  # indicator -> the period compared
    areas: dict[str, bytes]  # area -> its rows (indicator -> AreaComparison), pickled apart


def national_placings(user) -> Placings:
    now = stamps(user)
    return shared(("placings", *now), lambda: compared(user, now)[0])


def area_compared(user, area_code: str) -> tuple[AreasCompared, dict[str, AreaComparison]]:
    """The area's row of every national indicator's comparison at the indicator's default
    period (indicator -> row): the comparisons the placings are computed from, kept beside
    them, each area's rows pickled apart so that reading one area's does not unpickle all
    150 areas' (the cache pickles what it keeps); the CAA view reads them."""
    now = stamps(user)
    found = shared(("areas-compared", *now), lambda: compared(user, now)[1])
    kept = found.areas.get(area_code)
    return found, pickle.loads(kept) if kept else {}  # noqa: S301 - bytes this process pickled itself


def compared(user, now: tuple[object, ...]) -> tuple[Placings, AreasCompared]:
    """Every national indicator compared at its default period: the placings and each area's
    rows, both kept under `now` (the reader's `stamps`) for every process of the service
    (whichever is asked for first computes and keeps the two; the background task after an
    import computes them before anyone asks)."""
    indicators = {d.code: d for d in _definitions(user)}
    places = _places(user)
    columns = ("indicator__code", "period", "period_kind", "period_start", "period_end")
    tally = (_current(user).filter(indicator__code__in=list(indicators), value__isnull=False)
             .exclude(period_kind=PeriodKind.QUARTER).order_by().values(*columns)
             .annotate(n=Count("id")).values_list(*columns, "n"))
    by_indicator: dict[str, list[tuple[str, str, date, date, int]]] = {}
    for code, period, kind, start, end, n in tally:
        by_indicator.setdefault(code, []).append((period, kind, start, end, n))
    chosen = {code: p for code, rows in by_indicator.items() if (p := default_period(_periods(rows)))}
    wanted = {p.code for p in chosen.values()}
    values: dict[str, list[AreaValue]] = {}
    for code, period, *value in (_current(user).filter(indicator__code__in=list(chosen), period__in=wanted)
                                 .values_list("indicator__code", "period", *_VALUE_COLUMNS).order_by()):
        if chosen[code].code == period:
            values.setdefault(code, []).append(_area_value(value))
    placings: list[Placing] = []
    by_area: dict[str, dict[str, AreaComparison]] = {}
    for code, found in values.items():
        facts = indicators[code]
        regions = _in_place(places, {v.area for v in found}, chosen[code])
        comparison = compare(facts.measure, found, regions)
        for area, quartile in comparison.quartiles().items():
            placings.append(Placing(area, code, facts.theme, quartile))
        for row in comparison.areas:
            by_area.setdefault(row.area, {})[code] = row
    result = Placings(tuple(placings), indicators, {c: p.code for c, p in chosen.items()}, places)
    rows = AreasCompared(indicators, result.periods,
                         {area: pickle.dumps(rows, pickle.HIGHEST_PROTOCOL) for area, rows in by_area.items()})
    keep(("placings", *now), result)
    keep(("areas-compared", *now), rows)
    return result, rows


def hotspots_for(user, *, region_code: str | None = None, department: str | None = None,
                 rules: HotspotRules = DEFAULT_HOTSPOT_RULES) -> tuple[Placings, tuple[Hotspot, ...]]:
    """The hotspots of a region's areas (a Government Office) or of a department's
    indicators (its code), or of every area and indicator; with what their rows name (the
    places, indicators and periods, without the 30,000 placings: kept per region and
    department under the stamps, so that a page reads a few hundred facts, not every
    placing, on each request)."""
    now = stamps(user)
    return cached(("hotspots", region_code, department, rules, *now),
                  lambda: _hotspots(user, now, region_code, department, rules))


def _hotspots(user, now: tuple[object, ...], region_code: str | None, department: str | None,
              rules: HotspotRules) -> tuple[Placings, tuple[Hotspot, ...]]:
    found = shared(("placings", *now), lambda: compared(user, now)[0])
    areas = {c for c, p in found.places.items() if p.region_code == region_code} if region_code else None
    indicators = {c for c, d in found.indicators.items() if d.department == department} if department else None
    return replace(found, placings=()), hotspots(found.placings, rules, areas=areas, indicators=indicators)
