"""`laa hub`: the Data Interchange Hub from the command line, as the system actor.

    laa hub import FILE [--dry-run]      check a CSV, XLSX or JSON file of values, and write it
                                         (all or nothing) unless --dry-run; a progress bar on
                                         standard error; exit status 1 if rows are rejected,
                                         2 if the file cannot be read at all,
                                         3 if the database was busy (nothing imported)
    laa hub export [--format csv|json] [--indicator NI 20] [--area E2221] [--region ..]
                   [--period 2008/09] [--group ..] [--supplier HO] [--history]
                                         the values to standard output, in the layout import reads
    laa hub suppliers                    record each national indicator's supplier, as inferred
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from laa.database import BUSY_MESSAGE, is_busy
from laa.hub.actions import import_values, load_suppliers
from laa.hub.export import (
    ExportFilter,
    FilterError,
    csv_chunks,
    export_rows,
    json_chunks,
    observations_for,
)
from laa.hub.scopes import COMMAND_LINE
from laa.permissions import SystemActor

SYSTEM = SystemActor("laa hub")

BAR = 30


class Command(BaseCommand):
    help = "The Data Interchange Hub: `laa hub import FILE [--dry-run]`, `laa hub export`, `laa hub suppliers`."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        importing = commands.add_parser("import", help="import a file of values")
        importing.add_argument("file")
        importing.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
        importing.add_argument("--quiet", action="store_true", help="no progress bar")
        exporting = commands.add_parser("export", help="export values to standard output")
        exporting.add_argument("--format", choices=["csv", "json"], default="csv")
        for name in ("indicator", "area", "region", "period", "group", "supplier"):
            exporting.add_argument(f"--{name}", default="")
        exporting.add_argument("--history", action="store_true", help="superseded values too")
        commands.add_parser("suppliers", help="record each national indicator's supplier")

    def handle(self, *args, command, **options):
        if command == "import":
            self._import(options["file"], options["dry_run"], options["quiet"])
        elif command == "export":
            self._export(options)
        else:
            made = load_suppliers(actor=SYSTEM)
            self.stdout.write(f"{made} suppliers recorded.")

    def _import(self, file: str, dry_run: bool, quiet: bool) -> None:
        path = Path(file)
        try:
            stream = path.open("rb")
        except OSError as exc:
            raise CommandError(f"{file} cannot be read ({exc.strerror})") from None
        try:
            with stream:
                report = import_values(
                    actor=SYSTEM, name=path.name, stream=stream, size=path.stat().st_size, dry_run=dry_run,
                    progress=None if quiet else self._bar,
                )
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            self.stderr.write(f"\n{file}: nothing was imported. {BUSY_MESSAGE}")
            raise SystemExit(3) from None
        self.stderr.write("")
        for rejection in report.rejections:
            self.stdout.write(f"row {rejection.row}, column {rejection.column}: {rejection.reason}")
        if report.rejected > len(report.rejections):
            self.stdout.write(f"... and {report.rejected - len(report.rejections):,} more rows rejected")
        self.stdout.write(report.summary())
        if report.refused:
            raise SystemExit(2)  # the file cannot be read at all (as `laa agreement import`)
        if report.rejected:
            raise SystemExit(1)

    def _bar(self, fraction: float, rows: int) -> None:
        filled = int(fraction * BAR)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {fraction:4.0%} {rows:,} rows", ending="")
        self.stderr.flush()

    def _export(self, options) -> None:
        f = ExportFilter(
            indicator=options["indicator"], area=options["area"], region=options["region"],
            period=options["period"], group=options["group"], supplier=options["supplier"],
            history=options["history"],
        )
        try:
            values = observations_for(COMMAND_LINE, f)
        except FilterError as exc:
            raise CommandError(str(exc)) from None
        chunks = csv_chunks if options["format"] == "csv" else json_chunks
        for chunk in chunks(export_rows(values)):
            self.stdout.write(chunk, ending="")
