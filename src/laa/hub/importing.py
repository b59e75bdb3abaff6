"""Importing a file of values into the hub, whole or not at all (issue 11).

    report = import_file(actor=user, name="ni-2008.csv", stream=f, size=n, dry_run=True)
    report.created, report.changed, report.unchanged, report.rejected, report.rejections

The whole file is checked before anything is written: every row against the catalogue,
the places, the indicator's reporting and supplier (laa.domain.hub.rows), the rows
against each other (a value given twice), and against the hub's current values (new,
changed or unchanged). Any rejected row, or a file that cannot be read at all, writes
nothing. Otherwise, unless it is a dry run, the new and changed values are written in
one transaction with a ledger entry and an audit event; a changed value supersedes the
one before. The same file twice changes nothing the second time.

A plain function with a progress callback, so the command line, a web request or a
background task can run it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.db import IntegrityError, transaction

from laa.audit.trail import record
from laa.domain.hub.datafile import DataFile, check_file, json_rows, open_data_file
from laa.domain.hub.layout import LayoutError
from laa.domain.hub.rows import CheckedRow, Rejection, check_row
from laa.domain.input_limits import LimitExceeded
from laa.hub.lookups import DatabaseLookups
from laa.hub.models import LedgerEntry
from laa.hub.permissions import submitter_of
from laa.hub.staging import Staging

MAX_REJECTIONS_SHOWN = 1000
PROGRESS_EVERY = 5000
KEY_COLUMNS = "indicator, area, district, group and period"

Progress = Callable[[float, int], None]


@dataclass
class ImportReport:
    file_name: str
    file_hash: str = ""
    layout: str = ""
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    refused: str = ""  # why the file as a whole cannot be read
    dry_run: bool = False
    written: bool = False
    ledger_id: int | None = None

    @property
    def accepted(self) -> bool:
        return not self.refused and not self.rejected

    def summary(self) -> str:
        if self.refused:
            return f"{self.file_name} refused: {self.refused}. Nothing was written."
        counts = (f"{self.rows:,} rows: {self.created:,} new, {self.changed:,} changed, "
                  f"{self.unchanged:,} unchanged, {self.rejected:,} rejected")
        if self.rejected:
            return f"{self.file_name}: {counts}. Nothing was written: correct the rejected rows and send it again."
        if self.dry_run:
            return f"{self.file_name}: {counts}. A dry run: nothing was written."
        return f"{self.file_name}: {counts}. Written (ledger entry {self.ledger_id})."


class _Refused(Exception):
    """Ends the transaction of an import that writes nothing."""


def import_file(*, actor, name: str, stream: IO[bytes], size: int, dry_run: bool = False,
                progress: Progress | None = None) -> ImportReport:
    """Import a CSV, XLSX or JSON file (by its name); `actor` None is the system."""
    report = ImportReport(file_name=name, dry_run=dry_run)
    try:
        check_file(name, size)  # before a byte is read
        report.file_hash = _hash(stream)
        data = open_data_file(name, stream, size)
    except (LayoutError, LimitExceeded) as exc:
        report.refused = str(exc)
        return report
    return _run(actor, data, report, progress)


def import_json(*, actor, name: str, body: bytes, dry_run: bool = False) -> ImportReport:
    """Import a JSON body of values (the API)."""
    report = ImportReport(file_name=name, dry_run=dry_run, file_hash=hashlib.sha256(body).hexdigest())
    try:
        data = json_rows(name, body)
    except (LayoutError, LimitExceeded) as exc:
        report.refused = str(exc)
        return report
    return _run(actor, data, report, None)


def _hash(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _run(actor, data: DataFile, report: ImportReport, progress: Progress | None) -> ImportReport:
    report.layout = data.layout
    lookups = DatabaseLookups()
    submitter = submitter_of(actor)
    try:
        with transaction.atomic():
            staging = Staging()
            try:
                _stage(data, staging, lookups, submitter, report, progress)
            except (LayoutError, LimitExceeded) as exc:
                staging.abandon()
                report.refused = str(exc)
                raise _Refused from None
            staging.finish_loading()
            count, repeats = staging.duplicates(MAX_REJECTIONS_SHOWN)
            if count:
                report.rejected += count
                report.rejections = sorted(
                    report.rejections + [
                        Rejection(row, KEY_COLUMNS, f"repeats row {first}: the same {KEY_COLUMNS}")
                        for row, first in repeats
                    ],
                    key=lambda r: r.row,
                )[:MAX_REJECTIONS_SHOWN]
            counts = staging.compare()
            report.created, report.changed, report.unchanged = counts["new"], counts["changed"], counts["unchanged"]
            if report.rejected or report.dry_run:
                raise _Refused
            _write(actor, data, report, staging)
            staging.close()
    except _Refused:
        pass
    except IntegrityError:
        report.refused = ("another import changed some of these values at the same moment; "
                          "nothing was written: send the file again")
    if progress:
        progress(1.0, report.rows)
    return report


def _stage(data: DataFile, staging: Staging, lookups, submitter, report: ImportReport,
           progress: Progress | None) -> None:
    shown = report.rejections
    for number, cells in data.rows:
        report.rows += 1
        checked = check_row(number, cells, lookups, submitter)
        if isinstance(checked, CheckedRow):
            staging.add(checked)
        else:
            report.rejected += 1
            if len(shown) < MAX_REJECTIONS_SHOWN:
                shown.extend(checked[: MAX_REJECTIONS_SHOWN - len(shown)])
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(data.fraction(), report.rows)


def _write(actor, data: DataFile, report: ImportReport, staging: Staging) -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user else "system"  # the command line's SystemActor
    entry = LedgerEntry.objects.create(
        by=user, by_label=label,
        by_department_id=getattr(user, "department_id", None),
        by_area_id=getattr(user, "area_id", None),
        file_name=report.file_name[:300], file_hash=report.file_hash, layout=data.layout,
        rows=report.rows, created=report.created, changed=report.changed, unchanged=report.unchanged,
    )
    staging.write(
        ledger_id=entry.id, supplied_at=entry.at, by_id=user.id if user else None, by_label=label,
        default_reason=f"Corrected by the import of {report.file_name} (ledger entry {entry.id})",
    )
    record(actor=actor, action="hub.import", instance=entry, before=None)
    report.written = True
    report.ledger_id = entry.id
