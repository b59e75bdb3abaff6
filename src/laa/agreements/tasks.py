"""The agreements app's background tasks (django-tasks; README "Background tasks").

`print_document.enqueue(agreement_id)` asks for the whole agreement's PDF;
`print_document.enqueue(agreement_id, reader_id)` for the PDF of the targets that
reader may see (a department sees its own). The worker (`laa db-worker`) runs it.
"""

from __future__ import annotations

from django_tasks import task

from laa.accounts.models import User
from laa.agreements.models import Target
from laa.agreements.printing import agreement_for_printing, kept_pdf, print_html, print_pdf


@task()
def print_document(agreement_id: int, reader_id: int | None = None) -> str:
    """Print the agreement document to PDF, unless the PDF of its current HTML is kept
    already. Returns the HTML's fingerprint ("" if the agreement or reader is gone)."""
    agreement = agreement_for_printing(agreement_id)
    reader = User.objects.filter(pk=reader_id).first() if reader_id is not None else None
    if agreement is None or (reader_id is not None and reader is None):
        return ""
    printed = print_html(agreement, Target.objects.visible_to(reader) if reader is not None else None)
    if kept_pdf(agreement, printed.fingerprint) is None:
        print_pdf(agreement, printed)
    return printed.fingerprint
