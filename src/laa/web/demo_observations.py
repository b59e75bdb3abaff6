"""`laa demo`'s synthetic observations: every national indicator, for all 150 areas, at
its own periods from 2006/07 (the baselines) to 2010/11, written in bulk and labelled
as synthetic (`supplied_by_label`). Survey values carry their confidence interval and
sample size; survey indicators have breakdowns by sex (and the 2008 Place Survey by
age); indicators reported for districts have a value for each district of a two-tier
area; some values came provisional and were superseded by the final figure, some of
the last year are still provisional, some are suppressed for small numbers. Kent's
values meet its agreement: its baseline and, year by year, its targets.

Seeded: the same seed gives the same observations (`laa.web.demo_series`). Written
once: if synthetic observations are already there, nothing is written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from laa.agreements.models import Target
from laa.catalogue.models import IndicatorDefinition
from laa.domain.hub.groups import ALL
from laa.domain.hub.reporting import Definition, Reporting, SupplierKind, inferred_reporting
from laa.domain.hub.values import Status
from laa.hub.models import Observation, Supplier
from laa.places.models import Area
from laa.web.demo import DEMO_AREA
from laa.web.demo_series import PlannedPeriod, Series, periods_for

DEMO_LABEL = "Synthetic demonstration data (laa demo)"
SEED = 2008
REVISED = "Synthetic: the provisional figure, revised when the final figures were published"
SEXES = ("sex:female", "sex:male")
AGES = ("age:16-24", "age:25-49", "age:50-64", "age:65+")
BATCH = 5_000


@dataclass
class Generated:
    observations: int = 0
    superseded: int = 0
    provisional: int = 0
    suppressed: int = 0
    areas: int = 0
    indicators: int = 0


def definition_of(d: IndicatorDefinition) -> Definition:
    number = re.fullmatch(r"NI (\d+)", d.indicator.code)
    return Definition(
        code=d.indicator.code, number=int(number[1]) if number else None, unit=d.unit,
        decimal_places=d.decimal_places, data_source=d.data_source, frequency=d.frequency,
        department=d.department.code if d.department_id else None,
        place_survey=d.place_survey, tellus_survey=d.tellus_survey,
    )


def _first_year(d: IndicatorDefinition) -> int:
    return int(d.first_year[:4]) if d.deferred else 2006


def kent_anchors() -> dict[str, dict[int, Decimal]]:
    """Kent's agreement, by indicator: its baseline's year and each year's target, so that
    its data meets its targets (Place Survey baselines are the 2008 survey)."""
    anchors: dict[str, dict[int, Decimal]] = {}
    for t in Target.objects.filter(agreement__area__code=DEMO_AREA, sub_areas=[], group="").select_related("indicator"):
        years: dict[int, Decimal] = {}
        if t.baseline_value is not None:
            match = re.search(r"(\d{4})", t.baseline_period or "")
            years[int(match[1]) if match else 2007] = Decimal(t.baseline_value).normalize()
        for year, value in (t.yearly or {}).items():
            if value not in (None, ""):
                years[int(year[:4])] = Decimal(str(value))
        anchors.setdefault(t.indicator.code, years)
    return anchors


@dataclass
class _Plan:
    firsts: list[Observation] = field(default_factory=list)
    finals: list[tuple[int, Observation]] = field(default_factory=list)  # (index in firsts, replacing row)


def _supplied(period_end, days: int) -> datetime:
    return timezone.make_aware(datetime.combine(period_end + timedelta(days=days), time(12)))


class _Writer:
    def __init__(self, d: IndicatorDefinition, definition: Definition, reporting: Reporting, plan: _Plan,
                 counts: Generated) -> None:
        self.d, self.definition, self.reporting, self.plan, self.counts = d, definition, reporting, plan, counts

    def supplier(self, area: Area) -> str:
        if self.reporting.supplier_kind == SupplierKind.AREA:
            return area.name
        return self.reporting.supplier_label

    def add(self, series: Series, area: Area, planned: PlannedPeriod, level: Decimal, *, district=None,
            group: str = ALL, share: float = 1.0, jitter: float = 0.0, may_revise: bool = False) -> None:
        p = planned.period
        exact = share == 1.0 and not jitter and series.anchored(planned.year)
        figures = series.figures(level, share=share, jitter=jitter, exact=exact)
        status = Status.FINAL
        if share < 1 and self.definition.unit in {"count", "percentage"} and series.chance(0.02):
            status = Status.SUPPRESSED
        revise = may_revise and status == Status.FINAL and planned.year >= 2009 and series.chance(0.06)
        if may_revise and not revise and planned.year == 2010 and series.chance(0.04):
            status = Status.PROVISIONAL
        first_figures = series.figures(level, share=share, jitter=0.02) if revise else figures
        row = self.row(area, p, first_figures, Status.PROVISIONAL if revise else status, district, group,
                       days=90 if revise or status == Status.PROVISIONAL else 270)
        self.plan.firsts.append(row)
        self.counts.observations += 1
        self.counts.suppressed += status == Status.SUPPRESSED
        self.counts.provisional += status == Status.PROVISIONAL or revise
        if revise:
            final = self.row(area, p, figures, Status.FINAL, district, group, days=270)
            final.reason = REVISED
            self.plan.finals.append((len(self.plan.firsts) - 1, final))
            self.counts.observations += 1
            self.counts.superseded += 1

    def row(self, area: Area, p, f, status: Status, district, group: str, *, days: int) -> Observation:
        suppressed = status == Status.SUPPRESSED
        return Observation(
            definition_id=self.d.pk, indicator_id=self.d.indicator_id, area_id=area.pk,
            district_id=district.pk if district is not None else None, group=group,
            period=p.code, period_kind=p.kind.value, period_start=p.start, period_end=p.end,
            value=None if suppressed else f.value, numerator=None if suppressed else f.numerator,
            denominator=None if suppressed else f.denominator,
            ci_lower=None if suppressed else f.ci_lower, ci_upper=None if suppressed else f.ci_upper,
            sample_size=f.sample_size, status=status.value, supplier=self.supplier(area),
            supplied_at=_supplied(p.end, days), supplied_by_label=DEMO_LABEL,
        )


def _write(plan: _Plan) -> None:
    Observation.objects.bulk_create(plan.firsts, batch_size=BATCH)
    for index, final in plan.finals:
        final.replaces_id = plan.firsts[index].pk
    Observation.objects.bulk_create([final for _, final in plan.finals], batch_size=BATCH)


def _definitions(indicator_codes: Iterable[str] | None):
    qs = (IndicatorDefinition.objects.filter(is_current=True, indicator__partnership__isnull=True)
          .select_related("indicator", "department").order_by("indicator__code"))
    return qs.filter(indicator__code__in=list(indicator_codes)) if indicator_codes is not None else qs


@transaction.atomic
def generate_observations(*, seed: int = SEED, area_codes: Iterable[str] | None = None,
                          indicator_codes: Iterable[str] | None = None) -> Generated:
    """Write the synthetic observations (all areas and indicators unless narrowed)."""
    counts = Generated()
    if Observation.objects.filter(supplied_by_label=DEMO_LABEL).exists():
        return counts
    areas = list(Area.objects.prefetch_related("districts").order_by("code"))
    if area_codes is not None:
        wanted = set(area_codes)
        areas = [a for a in areas if a.code in wanted]
    suppliers = {s.indicator_id: s.reporting() for s in Supplier.objects.select_related("department")}
    anchors = kent_anchors()
    plan = _Plan()
    definitions = list(_definitions(indicator_codes))
    for d in definitions:
        definition = definition_of(d)
        reporting = suppliers.get(d.indicator_id) or inferred_reporting(definition)
        writer = _Writer(d, definition, reporting, plan, counts)
        planned = periods_for(definition, reporting, first_year=_first_year(d))
        for area in areas:
            kent = anchors.get(definition.code) if area.code == DEMO_AREA else None
            series = Series(seed, definition, area.code, polarity=d.polarity, anchors=kent)
            _area_series(writer, series, area, planned, reporting)
        if len(plan.firsts) >= 50_000:  # bounded memory: write as it goes
            _write(plan)
            plan = _Plan()
    _write(plan)
    counts.areas, counts.indicators = len(areas), len(definitions)
    return counts


def _area_series(writer: _Writer, series: Series, area: Area, planned: list[PlannedPeriod],
                 reporting: Reporting) -> None:
    survey = writer.definition.is_survey
    districts = list(area.districts.all()) if reporting.reports_districts and area.two_tier else []
    for pp in planned:
        level = series.level(pp.year)
        if pp.quarter is not None:
            writer.add(series, area, pp, level, share=0.25, jitter=0.05)
            continue
        writer.add(series, area, pp, level, may_revise=not survey)
        if survey and reporting.group_dimensions and pp.year >= 2008:
            for group in SEXES:
                writer.add(series, area, pp, level, group=group, share=0.5, jitter=0.04)
            if pp.period.code == "Place Survey 2008":
                for group in AGES:
                    writer.add(series, area, pp, level, group=group, share=0.25, jitter=0.08)
        if districts and pp.year >= 2008:
            for district in districts:
                writer.add(series, area, pp, level, district=district, share=1 / len(districts), jitter=0.1)
