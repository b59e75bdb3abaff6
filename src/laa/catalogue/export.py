"""The catalogue as CSV or JSON, for the command line and the API."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from laa.catalogue.datafile import PROVENANCE_FIELDS
from laa.catalogue.models import IndicatorDefinition
from laa.catalogue.queries import current_round, statutory_indicator_ids
from laa.presentation.api_lists import csv_value

FORMATS = {"csv", "json"}
COLUMNS = [
    "code", "number", "version", "title", "annex", "theme", "department", "polarity", "unit",
    "decimal_places", "data_source", "frequency", "first_year", "deferred", "place_survey",
    "tellus_survey", "statutory", *(f"{f}_provenance" for f in PROVENANCE_FIELDS), "note",
]


def indicator_record(d: IndicatorDefinition, statutory_ids: set[int]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "code": d.indicator.code,
        "number": d.indicator.number,
        "version": d.version,
        "title": d.title,
        "annex": d.annex,
        "theme": d.theme,
        "department": d.department.code if d.department else "",
        "polarity": d.polarity,
        "unit": d.unit,
        "decimal_places": d.decimal_places,
        "data_source": d.data_source,
        "frequency": d.frequency,
        "first_year": d.first_year,
        "deferred": d.deferred,
        "place_survey": d.place_survey,
        "tellus_survey": d.tellus_survey,
        "statutory": d.indicator_id in statutory_ids,
        "note": d.note,
    }
    for f in PROVENANCE_FIELDS:
        record[f"{f}_provenance"] = d.provenance.get(f, "")
    return record


def indicator_records(*, all_versions: bool = False) -> list[dict[str, Any]]:
    qs = IndicatorDefinition.objects.filter(indicator__partnership__isnull=True)
    if not all_versions:
        qs = qs.filter(is_current=True)
    qs = qs.select_related("indicator", "department").order_by("indicator__number", "version")
    statutory = statutory_indicator_ids(current_round())
    return [indicator_record(d, statutory) for d in qs]


def write_indicators(out: IO[str], fmt: str, *, all_versions: bool = False) -> None:
    records = indicator_records(all_versions=all_versions)
    if fmt == "json":
        json.dump(records, out, indent=2)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        # Booleans "true"/"false", as in the API's CSV (laa.presentation.api_lists.csv_value).
        writer.writerow({k: csv_value(v) for k, v in r.items()})
