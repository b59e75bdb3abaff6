"""`laa demo`'s synthetic observations: every national indicator, for the 150 areas of
2008, at its own periods from 2006/07 (the baselines) to 2010/11, labelled as synthetic.
Survey values carry their confidence interval and sample size; survey indicators have
breakdowns by sex from 2008 (and the 2008 Place Survey by age), and for the baseline year's
last period ended by 1 July 2008 (the demonstration's day); indicators reported for districts
have a value for each district of a two-tier area; some values came provisional and
were superseded by the final figure, some of the last year are still provisional, some
are suppressed for small numbers. Kent's values meet its agreement: its baseline and,
year by year, its targets.

They go in as a supplier's would, through the hub's own import (`laa.hub.actions`):
one file of first values, then one of corrections superseding the provisional ones, each
with its ledger entry named as synthetic. Seeded: the same seed gives the same file
(`laa.web.demo_series`). Loaded once: if the ledger has the first file, nothing is done."""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from laa.agreements.models import Target
from laa.catalogue.models import IndicatorDefinition
from laa.domain.hub.groups import ALL
from laa.domain.hub.layout import COLUMNS
from laa.domain.hub.reporting import Definition, Reporting
from laa.domain.hub.values import Status
from laa.hub.actions import import_values
from laa.hub.importing import ImportReport
from laa.hub.lookups import definition_facts, reporting_of
from laa.hub.models import LedgerEntry, Supplier
from laa.hub.presenters import SYNTHETIC
from laa.places.models import Area
from laa.web.demo import DEMO_AREA, SYSTEM
from laa.web.demo_series import PlannedPeriod, Series, periods_for

SEED = 2008
ROUND_STARTS = date(2008, 4, 1)
DEMO_DAY = date(2008, 7, 1)  # the demonstration's day (`make run`'s LAA_TODAY)
REVISED = "Synthetic: the provisional figure, revised when the final figures were published"
SEXES = ("sex:female", "sex:male")
AGES = ("age:16-24", "age:25-49", "age:50-64", "age:65+")


def file_names(seed: int) -> tuple[str, str]:
    return (f"{SYNTHETIC} demonstration values (laa demo, seed {seed}).csv",
            f"{SYNTHETIC} demonstration corrections (laa demo, seed {seed}).csv")


@dataclass
class Generated:
    rows: int = 0
    corrections: int = 0
    provisional: int = 0
    suppressed: int = 0
    areas: int = 0
    indicators: int = 0
    reports: tuple[ImportReport, ...] = ()


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


Row = dict[str, object]


class _Rows:
    """The rows of one indicator for one area, as the hub's row layout names them."""

    def __init__(self, d: Definition, reporting: Reporting, counts: Generated) -> None:
        self.d, self.reporting, self.counts = d, reporting, counts
        self.corrections: list[Row] = []

    def value(self, series: Series, area: Area, planned: PlannedPeriod, level: Decimal, *, district: str = "",
              group: str = ALL, share: float = 1.0, jitter: float = 0.0, may_revise: bool = False) -> Row:
        exact = share == 1.0 and not jitter and series.anchored(planned.year)
        figures = series.figures(level, share=share, jitter=jitter, exact=exact)
        status = Status.FINAL
        if share < 1 and self.d.unit in {"count", "percentage"} and series.chance(0.02):
            status = Status.SUPPRESSED
        revise = may_revise and planned.year >= 2009 and series.chance(0.06)
        if may_revise and not revise and planned.year == 2010 and series.chance(0.04):
            status = Status.PROVISIONAL
        self.counts.rows += 1
        self.counts.suppressed += status == Status.SUPPRESSED
        self.counts.provisional += status == Status.PROVISIONAL or revise
        key = {"indicator": self.d.code, "area": area.code, "district": district, "group": group,
               "period": planned.period.code}
        if revise:
            self.corrections.append(_row(key, figures, Status.FINAL, REVISED))
            self.counts.corrections += 1
            figures = series.figures(level, share=share, jitter=0.02)
            status = Status.PROVISIONAL
        return _row(key, figures, status, "")


def _row(key: Row, f, status: Status, reason: str) -> Row:
    suppressed = status == Status.SUPPRESSED
    return {**key, "value": None if suppressed else f.value, "status": status.value,
            "numerator": None if suppressed else f.numerator, "denominator": None if suppressed else f.denominator,
            "ci_lower": None if suppressed else f.ci_lower, "ci_upper": None if suppressed else f.ci_upper,
            "sample_size": f.sample_size, "reason": reason}


def _area_rows(rows: _Rows, series: Series, area: Area, planned: list[PlannedPeriod], districts: list) -> Iterator[Row]:
    survey = rows.d.is_survey
    for pp in planned:
        level = series.level(pp.year)
        if pp.quarter is not None:
            yield rows.value(series, area, pp, level, share=0.25, jitter=0.05)
            continue
        yield rows.value(series, area, pp, level, may_revise=not survey)
        if survey and rows.reporting.group_dimensions and pp.year >= 2008:
            for group in SEXES:
                yield rows.value(series, area, pp, level, group=group, share=0.5, jitter=0.04)
            if pp.period.code == "Place Survey 2008":
                for group in AGES:
                    yield rows.value(series, area, pp, level, group=group, share=0.25, jitter=0.08)
        if districts and pp.year >= 2008:
            for district in districts:
                yield rows.value(series, area, pp, level, district=district.name, share=1 / len(districts),
                                 jitter=0.1)
    # The baseline year's values by sex too (the last period of 2007 ended by the round's
    # start: TellUs 2008, 2007/08...), so that equality breakdowns have something to show on
    # the demonstration's day. Drawn after the area's other values: none of those changes.
    baseline = [pp for pp in planned if pp.year == 2007 and pp.quarter is None and pp.period.end <= DEMO_DAY]
    if survey and rows.reporting.group_dimensions and baseline:
        pp = baseline[-1]
        for group in SEXES:
            yield rows.value(series, area, pp, series.level(pp.year), group=group, share=0.5, jitter=0.04)


def areas_of_2008():
    """The 150 areas of the 2008 round (not the unitary councils that followed in 2009)."""
    return Area.objects.filter(valid_from__lte=ROUND_STARTS).prefetch_related("districts").order_by("code")


def synthetic_rows(*, seed: int, counts: Generated, corrections: list[Row],
                   area_codes: Iterable[str] | None = None, indicator_codes: Iterable[str] | None = None) -> Iterator[Row]:
    """Every synthetic value, indicator by indicator and area by area; the corrections of
    the provisional values they supersede are collected in `corrections`."""
    areas = list(areas_of_2008())
    if area_codes is not None:
        wanted = set(area_codes)
        areas = [a for a in areas if a.code in wanted]
    definitions = (IndicatorDefinition.objects.filter(is_current=True, indicator__partnership__isnull=True)
                   .select_related("indicator", "department").order_by("indicator__number"))
    if indicator_codes is not None:
        definitions = definitions.filter(indicator__code__in=list(indicator_codes))
    suppliers = {s.indicator_id: s for s in Supplier.objects.select_related("department")}
    anchors = kent_anchors()
    counts.areas = len(areas)
    for d in definitions:
        counts.indicators += 1
        facts = definition_facts(d)
        reporting = reporting_of(d, suppliers.get(d.indicator_id))
        rows = _Rows(facts, reporting, counts)
        planned = periods_for(facts, reporting, first_year=_first_year(d))
        for area in areas:
            kent = anchors.get(facts.code) if area.code == DEMO_AREA else None
            series = Series(seed, facts, area.code, polarity=d.polarity, anchors=kent)
            districts = list(area.districts.all()) if reporting.reports_districts and area.two_tier else []
            yield from _area_rows(rows, series, area, planned, districts)
        corrections.extend(rows.corrections)


def _write_csv(path: Path, rows: Iterable[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[c for c in COLUMNS if c != "supplier"])
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)


def _import(path: Path, name: str) -> ImportReport:
    with path.open("rb") as f:
        report = import_values(actor=SYSTEM, name=name, stream=f, size=path.stat().st_size)
    if not report.written:
        problems = "; ".join(f"row {r.row}, {r.column}: {r.reason}" for r in report.rejections[:5])
        raise RuntimeError(f"The synthetic values were refused by the hub: {report.summary()} {problems}")
    return report


def generate_observations(*, seed: int = SEED, area_codes: Iterable[str] | None = None,
                          indicator_codes: Iterable[str] | None = None) -> Generated:
    """Import the synthetic values (all areas and indicators unless narrowed), then their
    corrections; nothing if the ledger already has this seed's file."""
    counts = Generated()
    first, second = file_names(seed)
    if LedgerEntry.objects.filter(file_name=first).exists():
        return counts
    corrections: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="laa-demo-") as folder:
        values, fixes = Path(folder) / "values.csv", Path(folder) / "corrections.csv"
        _write_csv(values, synthetic_rows(seed=seed, counts=counts, corrections=corrections,
                                          area_codes=area_codes, indicator_codes=indicator_codes))
        _write_csv(fixes, corrections)
        reports = [_import(values, first)]
        if corrections:
            reports.append(_import(fixes, second))
    counts.reports = tuple(reports)
    return counts
