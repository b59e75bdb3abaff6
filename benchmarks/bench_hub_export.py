"""The hub's export as the command line runs it (issue 11: "export of one million rows as
CSV: constant memory, throughput reported"), on SQLite (a fresh database in a temporary
directory) or PostgreSQL (`--database-url`, a database it may empty: its tables are
migrated and its observations deleted).

    .venv/bin/python benchmarks/bench_hub_export.py [--rows 100000] [--database-url postgres://...]

1. loads the places and the catalogue, and puts `--rows` values in hub_observation with
   the raw insert of bench_hub_import.py (each national indicator at its own periods, for
   the 150 areas);
2. runs `laa hub export --format csv` (the real command, in a process of its own, its
   standard output to a file), first for no value (a group with none: the command's own
   start, subtracted from the rates below), then for one region's values (`--region SE`:
   19 of the 150 areas, about an eighth of the values), then for all of them;
3. prints, for each, the rows written, the seconds, rows/s, and the process's peak
   resident memory (its own `ru_maxrss`, from `os.wait4`): constant memory means the
   peak does not grow with the rows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

LAA = str(Path(sys.executable).with_name("laa"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ.update({"LAA_VAR_DIR": var, "LAA_TESTING": "true", "DJANGO_SETTINGS_MODULE": "laa.settings",
                           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])})
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

    from benchmarks.bench_hub_import import raw_insert, write_values
    from laa.catalogue.reference import load_catalogue
    from laa.permissions import SystemActor
    from laa.places.models import Area
    from laa.places.reference import load_places

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hub_observation")
    if not Area.objects.exists():
        load_places(actor=SystemActor("benchmarks/bench_hub_export.py"))
        load_catalogue(actor=SystemActor("benchmarks/bench_hub_export.py"))
    values = var / "values.csv"
    write_values(values, count)
    took = raw_insert(values, count)
    values.unlink()
    print(f"{connection.vendor}: {count:,} values put in hub_observation (raw insert, {took:.1f} s)")
    connection.close()  # the export's process reads the database on its own

    region = "SE"  # the South East: 19 of the 150 areas, about an eighth of the values
    runs = (("no value (the command's start: Django, the query)", ["--group", "sex:female"]),
            (f"one region, --region {region}", ["--region", region]), ("every value", []))
    start_up = None
    for label, extra in runs:
        rows, seconds, peak = export(var / "export.csv", extra)
        start_up = seconds if start_up is None else start_up
        rate = f"{rows / (seconds - start_up):,.0f} rows/s after the start" if rows and seconds > start_up else ""
        print(f"laa hub export --format csv {' '.join(extra)}: {rows:,} rows in {seconds:.1f} s "
              f"({rows / seconds:,.0f} rows/s{'; ' + rate if rate else ''}); peak memory of the process "
              f"{peak:.0f} MB ({label})")


def export(path: Path, extra: list[str]) -> tuple[int, float, float]:
    """(rows written, seconds, the process's peak resident memory in MB)."""
    with path.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen([LAA, "hub", "export", "--format", "csv", *extra], stdout=out)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"laa hub export failed ({process.returncode})")
    with path.open("rb") as f:
        rows = sum(1 for _ in f) - 1  # the header
    return rows, seconds, usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
