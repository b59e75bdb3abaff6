"""The hub's import and export of a million values (issue 11), on SQLite (a fresh
database in a temporary directory) or PostgreSQL (`--database-url`, a database it may
empty: its tables are migrated and its observations deleted).

    .venv/bin/python benchmarks/bench_hub_import.py [--rows 1000000] [--database-url postgres://...]

1. writes a CSV of `--rows` valid values (every indicator, at its own periods, for the
   150 areas) to a temporary directory;
2. imports it with `laa.hub.importing.import_file` (every row checked, staged, compared
   with the current values, written with its ledger entry), timed, with the process's
   peak memory (ru_maxrss) after it;
3. imports it again (every value unchanged: nothing written);
4. deletes the values and inserts the same rows into the same table raw (COPY through
   psycopg 3 on PostgreSQL, executemany in batches of 5,000 on SQLite), timed;
5. exports every value as CSV (streamed), timed, with the peak memory after it.

Prints both rates and their ratio. Targets: the import within 3x of the raw insert,
peak memory under 300 MB, the export in constant memory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ.update({"LAA_VAR_DIR": var, "LAA_TESTING": "true", "DJANGO_SETTINGS_MODULE": "laa.settings"})
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        else:
            os.environ.pop("DATABASE_URL", None)
        run(Path(var), args.rows)


def run(var: Path, count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from laa.catalogue.reference import load_catalogue
    from laa.permissions import SystemActor
    from laa.places.models import Area

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hub_observation")
        cursor.execute("DELETE FROM hub_ledgerentry")
    if not Area.objects.exists():
        from laa.places.reference import load_places

        load_places(actor=SystemActor("benchmarks/bench_hub_import.py"))
        load_catalogue(actor=SystemActor("benchmarks/bench_hub_import.py"))
    print(f"{connection.vendor}, {count:,} values; peak memory after setting up {peak_mb():.0f} MB")

    path = var / "values.csv"
    start = time.perf_counter()
    write_values(path, count)
    print(f"CSV written: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s")

    from laa.hub.importing import import_file

    def imported(label: str) -> float:
        with path.open("rb") as stream:
            start = time.perf_counter()
            report = import_file(actor=SystemActor("benchmarks/bench_hub_import.py"), name=path.name, stream=stream, size=path.stat().st_size)
            took = time.perf_counter() - start
        assert report.accepted, (report.refused, report.rejections[:5])
        print(f"{label}: {took:.1f} s, {count / took:,.0f} values/s ({report.created:,} new, "
              f"{report.unchanged:,} unchanged); peak memory {peak_mb():.0f} MB")
        return took

    took_import = imported("import (checked, staged, compared, written)")
    imported("the same file again")

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hub_observation")
    took_raw = raw_insert(path, count)
    print(f"raw bulk insert of the same rows: {took_raw:.1f} s, {count / took_raw:,.0f} values/s")
    print(f"ratio: the import takes {took_import / took_raw:.2f}x the raw insert (target: within 3x)")

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hub_observation")
    imported("import again into the empty table (for the export)")
    from laa.hub.export import ExportFilter, csv_chunks, export_rows, observations_for
    from laa.hub.scopes import COMMAND_LINE

    start = time.perf_counter()
    size = 0
    for chunk in csv_chunks(export_rows(observations_for(COMMAND_LINE, ExportFilter()))):
        size += len(chunk)
    took = time.perf_counter() - start
    print(f"export as CSV: {took:.1f} s, {count / took:,.0f} values/s, {size / 1e6:.0f} MB; "
          f"peak memory {peak_mb():.0f} MB")


def plan(count: int):
    """(indicator code, definition id, indicator id, supplier, period) for `count` values: each
    indicator at the periods it reports, for every area, until there are enough."""
    from laa.catalogue.models import IndicatorDefinition
    from laa.domain.hub.periods import PeriodKind, fy_code
    from laa.hub.lookups import definition_facts, reporting_of

    years = range(1990, 2030)
    periods = {
        PeriodKind.FINANCIAL_YEAR: [fy_code(y) for y in years],
        PeriodKind.QUARTER: [f"{fy_code(y)} Q{q}" for y in years for q in (1, 2, 3, 4)],
        PeriodKind.ACADEMIC_YEAR: [f"AY {fy_code(y)}" for y in years],
        PeriodKind.CALENDAR_YEAR: [str(y) for y in years],
        PeriodKind.ROLLING: [f"{y} to {y + 2}" for y in years[:-2]],
        PeriodKind.PLACE_SURVEY: ["Place Survey 2008", "Place Survey 2010"],
        PeriodKind.TELLUS_SURVEY: [f"TellUs {y}" for y in years],
    }
    series = []
    for d in IndicatorDefinition.objects.filter(is_current=True, indicator__partnership__isnull=True).select_related(
        "indicator", "department"
    ):
        reporting = reporting_of(d, None)
        supplier = reporting.supplier_label
        for kind in sorted(reporting.period_kinds):
            for period in periods[kind]:
                series.append((d.indicator.code, d.id, d.indicator_id, supplier, period, definition_facts(d)))
    return series


def write_values(path: Path, count: int) -> None:
    from laa.places.models import Area

    areas = list(Area.objects.order_by("code").values_list("code", flat=True))
    written = 0
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["indicator", "area", "period", "value", "status"])
        for code, _, _, _, period, facts in plan(count):
            for n, area in enumerate(areas):
                if written == count:
                    return
                value = n % 100 if facts.decimal_places == 0 else f"{n % 100}.{n % 10}"
                writer.writerow([code, area, period, value, "final"])
                written += 1
    assert written == count, f"only {written:,} distinct values to write"


def raw_insert(path: Path, count: int) -> float:
    """The same rows straight into hub_observation: ids resolved, nothing checked."""
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from laa.domain.hub.periods import parse_period
    from laa.places.models import Area

    areas = dict(Area.objects.values_list("code", "id"))
    series = {(code, period): (definition, indicator, supplier) for code, definition, indicator, supplier, period, _
              in plan(count)}
    now = timezone.now()
    columns = ("definition_id, indicator_id, area_id, district_id, \"group\", period, period_kind, period_start, "
               "period_end, value, status, supplier, supplied_at, supplied_by_label, reason")

    def rows():
        with path.open(newline="") as stream:
            reader = csv.reader(stream)
            next(reader)
            for code, area, period, value, status in reader:
                definition, indicator, supplier = series[(code, period)]
                p = parse_period(period)
                yield (definition, indicator, areas[area], None, "all", period, p.kind.value, p.start, p.end,
                       Decimal(value), status, supplier, now, "system", "")

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY hub_observation ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * 15)
            batch = []
            for row in rows():
                batch.append(tuple(
                    v.isoformat() if isinstance(v, dt.date | dt.datetime) else str(v) if isinstance(v, Decimal) else v
                    for v in row
                ))
                if len(batch) == 5000:
                    cursor.executemany(f"INSERT INTO hub_observation ({columns}) VALUES ({marks})", batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO hub_observation ({columns}) VALUES ({marks})", batch)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
