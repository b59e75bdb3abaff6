"""Loading the catalogue's reference data, idempotently: loading twice changes
nothing; a changed definition becomes a new version and the old one is kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from laa.audit.trail import record, snapshot
from laa.catalogue.datafile import (
    DATA_DIR,
    DataFileError,
    read_departments,
    read_indicators,
    read_rounds,
    read_statutory,
)
from laa.catalogue.models import (
    Department,
    Indicator,
    IndicatorDefinition,
    Round,
    StatutoryIndicator,
)
from laa.permissions import require


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, what: str) -> None:
        bucket = self.created if kind == "created" else self.changed
        bucket[what] = bucket.get(what, 0) + 1

    def lines(self) -> list[str]:
        out = [f"created {n} {what}" for what, n in sorted(self.created.items())]
        out += [f"new version of {n} {what}" for what, n in sorted(self.changed.items())]
        return out or ["nothing changed"]


def load_catalogue(data_dir: Path = DATA_DIR, *, actor, report: LoadReport | None = None) -> LoadReport:
    require(actor, "catalogue.load_reference", refusal="The reference data is loaded by `laa load-reference`")
    report = report or LoadReport()
    # Read and check everything before writing anything.
    departments = read_departments(data_dir / "departments.csv")
    indicators = read_indicators(data_dir / "national-indicators.csv", {d.code for d in departments})
    statutory_path = data_dir / "statutory-targets.csv"
    statutory = read_statutory(statutory_path, {i.number for i in indicators})
    round_rows = read_rounds(data_dir / "rounds.csv")
    years = {r.year for r in round_rows}
    for line, row in enumerate(statutory, start=2):
        if row.round not in years:
            raise DataFileError(statutory_path, line, "round", f"round {row.round} is not in rounds.csv")

    with transaction.atomic():
        by_code: dict[str, Department] = {}
        for row in departments:
            dept, created = Department.objects.get_or_create(
                code=row.code, defaults={"name": row.name, "provenance": row.provenance}
            )
            if created:
                report.count("created", "departments")
                record(actor=actor, action="load-reference", instance=dept, before=None)
            elif (dept.name, dept.provenance) != (row.name, row.provenance):
                before = snapshot(dept)
                dept.name, dept.provenance = row.name, row.provenance
                dept.save()
                report.count("changed", "departments")
                record(actor=actor, action="load-reference", instance=dept, before=before)
            by_code[row.code] = dept

        rounds: dict[int, Round] = {}
        for round_row in round_rows:
            values = round_row.fields()
            rnd, created = Round.objects.get_or_create(year=round_row.year, defaults=values)
            if created:
                report.count("created", "rounds")
                record(actor=actor, action="load-reference", instance=rnd, before=None)
            elif any(getattr(rnd, k) != v for k, v in values.items()):
                before = snapshot(rnd)
                for k, v in values.items():
                    setattr(rnd, k, v)
                rnd.save()
                report.count("changed", "rounds")
                record(actor=actor, action="load-reference", instance=rnd, before=before)
            rounds[round_row.year] = rnd

        existing = {
            d.indicator.number: d
            for d in IndicatorDefinition.objects.filter(is_current=True, indicator__number__isnull=False)
            .select_related("indicator")
        }
        indicators_by_number: dict[int, Indicator] = {
            i.number: i for i in Indicator.objects.filter(number__isnull=False)
        }
        for row in indicators:
            digest = row.content_hash()
            current = existing.get(row.number)
            if current is not None and current.content_hash == digest:
                continue
            indicator = indicators_by_number.get(row.number)
            if indicator is None:
                indicator = Indicator.objects.create(code=row.code, number=row.number)
                indicators_by_number[row.number] = indicator
            version = 1
            if current is not None:
                version = current.version + 1
                IndicatorDefinition.objects.filter(pk=current.pk).update(is_current=False)
            definition = IndicatorDefinition.objects.create(
                indicator=indicator,
                version=version,
                is_current=True,
                title=row.title,
                annex=row.annex,
                theme=row.theme,
                department=by_code[row.department],
                polarity=row.polarity,
                unit=row.unit,
                decimal_places=row.decimal_places,
                data_source=row.data_source,
                frequency=row.frequency,
                first_year=row.first_year,
                place_survey=row.place_survey,
                tellus_survey=row.tellus_survey,
                provenance=row.provenance,
                note=row.note,
                content_hash=digest,
            )
            report.count("changed" if current else "created", "indicator definitions")
            record(
                actor=actor, action="load-reference", instance=definition,
                before=snapshot(current) if current else None,
            )

        for row in statutory:
            values = {"provenance": row.provenance, "until": row.until, "source": row.source}
            statutory_row, created = StatutoryIndicator.objects.get_or_create(
                round=rounds[row.round], indicator=indicators_by_number[row.number], defaults=values,
            )
            if created:
                report.count("created", "statutory indicators")
            elif (statutory_row.until, statutory_row.source) != (row.until, row.source):
                # The file says when a statutory target ends (Key Stage 3: October 2008).
                before = snapshot(statutory_row)
                statutory_row.until, statutory_row.source = row.until, row.source
                statutory_row.save(update_fields=["until", "source"])
                report.count("changed", "statutory indicators")
                record(actor=actor, action="load-reference", instance=statutory_row, before=before)
    return report
