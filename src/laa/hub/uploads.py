"""An upload on the web, checked and imported by background tasks (ADR 0017).

The file waits on disk under LAA_VAR_DIR, in its uploader's own folder, beside what its
tasks write for the page:

    hub-uploads/<account id>/<upload id>.<csv|xlsx|json>   the file as received
    hub-uploads/<account id>/<upload id>.progress.json     rows read so far, the share of the file
    hub-uploads/<account id>/<upload id>.rejected.csv      the rejected rows, each with its problem

`run_upload` is what the tasks (laa.hub.tasks) do: the dry run, or the confirmed import,
through `laa.hub.actions.import_values` (the uploader's permission checked again then),
then the outcome kept on the `Upload` row for the page. A written import removes the
files. The progress is a file, not a row: the import holds its transaction (on SQLite
the database's one write lock) until it ends, so a row written meanwhile could be seen
by no one, or wait for that lock.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied

from laa.domain.hub.datafile import open_data_file
from laa.domain.hub.layout import COLUMNS, PROBLEM, LayoutError
from laa.domain.hub.rows import Rejection
from laa.domain.input_limits import LimitExceeded
from laa.domain.text import spreadsheet_safe
from laa.hub.actions import import_values
from laa.hub.importing import ImportReport
from laa.hub.models import Upload

logger = logging.getLogger(__name__)
SHOWN_REJECTIONS = 100  # kept on the row for the page; the download has all the report names


def folder(user_id: int) -> Path:
    return Path(settings.VAR_DIR) / "hub-uploads" / str(user_id)


def kept_file(upload: Upload) -> Path:
    return folder(upload.by_id) / f"{upload.pk}.{upload.layout}"


def progress_file(upload: Upload) -> Path:
    return folder(upload.by_id) / f"{upload.pk}.progress.json"


def rejected_file(upload: Upload) -> Path:
    return folder(upload.by_id) / f"{upload.pk}.rejected.csv"


def keep(upload: Upload, chunks: Iterable[bytes]) -> str:
    """Write the uploaded file where its tasks read it; its SHA-256."""
    digest = hashlib.sha256()
    path = kept_file(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        for chunk in chunks:
            digest.update(chunk)
            f.write(chunk)
    return digest.hexdigest()


def discard(upload: Upload) -> None:
    for path in (kept_file(upload), progress_file(upload), rejected_file(upload)):
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Progress:
    rows: int  # rows read and checked so far
    percent: int  # of the file read


def progress_of(upload: Upload) -> Progress | None:
    try:
        data = json.loads(progress_file(upload).read_text())
        return Progress(rows=int(data["rows"]), percent=int(data["percent"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _progress_writer(upload: Upload):
    path = progress_file(upload)
    partial = path.with_suffix(".part")

    def write(fraction: float, rows: int) -> None:
        partial.write_text(json.dumps({"rows": rows, "percent": int(fraction * 100)}))
        os.replace(partial, path)  # the page never reads half a file

    return write


def report_json(report: ImportReport, **extra: object) -> dict:
    """What the page shows of a report: the counts, the first rejections, why refused."""
    return {
        "rows": report.rows, "created": report.created, "changed": report.changed,
        "unchanged": report.unchanged, "rejected": report.rejected, "refused": report.refused,
        "written": report.written, "ledger_id": report.ledger_id, "dry_run": report.dry_run,
        "rejections": [[r.row, r.column, r.reason] for r in report.rejections[:SHOWN_REJECTIONS]],
        "listed": len(report.rejections), **extra,
    }


def report_of(upload: Upload) -> ImportReport:
    data = upload.report
    return ImportReport(
        file_name=upload.file_name, file_hash=upload.file_hash, layout=upload.layout,
        rows=data.get("rows", 0), created=data.get("created", 0), changed=data.get("changed", 0),
        unchanged=data.get("unchanged", 0), rejected=data.get("rejected", 0), refused=data.get("refused", ""),
        dry_run=data.get("dry_run", True), written=data.get("written", False), ledger_id=data.get("ledger_id"),
        rejections=[Rejection(row, column, reason) for row, column, reason in data.get("rejections", [])],
    )


def run_upload(upload_id: int, *, dry_run: bool) -> str:
    """Check (dry run) or import the upload, if it still waits for that; its state after.
    Safe to run twice: a second run finds the state moved on and does nothing."""
    waiting = Upload.State.CHECKING if dry_run else Upload.State.IMPORTING
    upload = Upload.objects.select_related("by").filter(pk=upload_id, state=waiting).first()
    if upload is None:
        return ""
    path = kept_file(upload)
    try:
        with path.open("rb") as f:
            report = import_values(actor=upload.by, name=upload.file_name, stream=f, size=path.stat().st_size,
                                   dry_run=dry_run, progress=_progress_writer(upload))
        if report.rejected:
            _write_rejected_rows(upload, report)
    except PermissionDenied:
        _failed(upload, waiting, "Your account may no longer import values, so the file was not read.")
        return Upload.State.FAILED
    except Exception:
        logger.exception("The %s of upload %s failed", "check" if dry_run else "import", upload_id)
        _failed(upload, waiting, "The service could not finish reading the file. Nothing was written: "
                                 "upload it again, and if this happens again, tell the service's administrator.")
        raise
    state = Upload.State.IMPORTED if report.written else Upload.State.CHECKED
    Upload.objects.filter(pk=upload.pk, state=waiting).update(
        state=state, report=report_json(report, stale=not dry_run and not report.written),
        ledger_id=report.ledger_id,
    )
    if report.written:
        discard(upload)
    return state


def _failed(upload: Upload, waiting: str, why: str) -> None:
    Upload.objects.filter(pk=upload.pk, state=waiting).update(
        state=Upload.State.FAILED, report={"failed": why, "dry_run": waiting == Upload.State.CHECKING},
    )
    progress_file(upload).unlink(missing_ok=True)


def _write_rejected_rows(upload: Upload, report: ImportReport) -> None:
    """The rejected rows as CSV in the hub's row layout, each with a last column `problem`
    saying what is wrong; an import ignores that column (laa.domain.hub.layout), so the
    rows, corrected, go back as they are."""
    problems: dict[int, list[str]] = {}
    for r in report.rejections:
        problems.setdefault(r.row, []).append(f"{r.column}: {r.reason}")
    path = kept_file(upload)
    partial = rejected_file(upload).with_suffix(".part")
    with partial.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*COLUMNS, PROBLEM])
        try:
            with path.open("rb") as f:
                for number, cells in open_data_file(upload.file_name, f, path.stat().st_size).rows:
                    if number in problems:
                        writer.writerow([_cell(cells.get(c)) for c in COLUMNS]
                                        + [f"row {number}: " + "; ".join(problems[number])])
        except (LayoutError, LimitExceeded) as exc:
            writer.writerow([""] * len(COLUMNS) + [str(exc)])
    os.replace(partial, rejected_file(upload))


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return spreadsheet_safe(text)
