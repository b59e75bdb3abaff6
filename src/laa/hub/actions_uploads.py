"""The web's uploads of values (ADR 0017): an upload is kept and checked by a background
task; its confirmation asks for its import, once. Each checks the permission
(`laa.permissions.require`); the tasks then import as the uploader, through
`laa.hub.actions.import_values`, which checks it again."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from laa.audit.trail import record
from laa.domain.hub.datafile import check_file
from laa.hub.actions import may_import
from laa.hub.models import Upload
from laa.hub.tasks import check_upload, import_upload
from laa.hub.uploads import discard, keep, progress_file, report_of


class NotConfirmable(Exception):
    """The upload is not a checked file with values to write (or it was confirmed already)."""


def start_upload(*, actor, name: str, size: int, chunks: Iterable[bytes]) -> Upload:
    """Keep an uploaded file and ask the worker to check it (a dry run). A file that its
    name or size refuses (laa.domain.hub.datafile.check_file: LayoutError, LimitExceeded)
    is refused before anything is kept."""
    may_import(actor)
    _a_person(actor)
    layout = check_file(name, size)
    upload = None
    try:
        with transaction.atomic():
            upload = Upload.objects.create(by=actor, file_name=name[:300], layout=layout, size=size)
            upload.file_hash = keep(upload, chunks)
            upload.save(update_fields=["file_hash"])
            record(actor=actor, action="hub.upload", instance=upload, before=None)
            transaction.on_commit(lambda: _enqueue(check_upload, upload.pk))
    except BaseException:
        if upload is not None:
            discard(upload)
        raise
    return upload


def confirm_upload(*, actor, upload: Upload) -> Upload:
    """Ask the worker to import a checked upload (`upload` read through the actor's scope)."""
    may_import(actor)
    _a_person(actor)
    report = report_of(upload)
    if upload.state in (Upload.State.IMPORTING, Upload.State.IMPORTED):
        raise NotConfirmable(f"{upload.file_name} was confirmed already")
    if upload.state != Upload.State.CHECKED or not report.accepted or not (report.created or report.changed):
        raise NotConfirmable(f"{upload.file_name} has nothing to import")
    with transaction.atomic():
        if not Upload.objects.filter(pk=upload.pk, state=Upload.State.CHECKED).update(state=Upload.State.IMPORTING):
            raise NotConfirmable(f"{upload.file_name} was confirmed already")
        before = {"state": Upload.State.CHECKED.value}
        upload.state = Upload.State.IMPORTING
        record(actor=actor, action="hub.confirm_upload", instance=upload, before=before)
        progress_file(upload).unlink(missing_ok=True)  # the import's progress starts again
        transaction.on_commit(lambda: _enqueue(import_upload, upload.pk))
    return upload


def _a_person(actor) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("An upload is a signed-in person's: the command line imports with `laa hub import`")


def _enqueue(task, upload_id: int) -> None:
    result = task.enqueue(upload_id)
    Upload.objects.filter(pk=upload_id).update(task_id=str(result.id))
