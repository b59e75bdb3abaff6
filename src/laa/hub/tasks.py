"""The hub's background tasks (django-tasks; README "Background tasks", ADR 0017).

`check_upload.enqueue(upload_id)` runs the dry run of a file uploaded on the web;
`import_upload.enqueue(upload_id)` its confirmed import. Each reads the upload afresh,
does nothing if it has moved on (safe to run twice), writes its progress where the page
reads it and keeps its outcome on the upload (laa.hub.uploads.run_upload).
"""

from __future__ import annotations

from django_tasks import task

from laa.hub.uploads import run_upload


@task()
def check_upload(upload_id: int) -> str:
    """The dry run: what the file would create, change, leave unchanged, and its rejected rows."""
    return run_upload(upload_id, dry_run=True)


@task()
def import_upload(upload_id: int) -> str:
    """The confirmed import: all or nothing, with its ledger entry."""
    return run_upload(upload_id, dry_run=False)
