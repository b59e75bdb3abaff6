"""The performance app's background tasks (django-tasks; README "Background tasks").

`print_board_report.enqueue(agreement_id, period, reader_id)` asks for the partnership
board's report for a quarter, printed as that reader reads it. The worker runs it."""

from __future__ import annotations

from django_tasks import task

from laa import clock
from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.performance.board import NoSuchPeriod, chosen
from laa.performance.board_printing import kept_pdf, print_html, print_pdf


@task()
def print_board_report(agreement_id: int, period: str, reader_id: int) -> str:
    """Print the board report to PDF unless the PDF of its current HTML is kept. Returns
    the HTML's fingerprint ("" if the agreement, the reader or the period is gone)."""
    agreement = Agreement.objects.select_related("area").filter(pk=agreement_id).first()
    reader = User.objects.filter(pk=reader_id).first()
    if agreement is None or reader is None:
        return ""
    today = clock.today()
    try:
        found, periods = chosen(agreement, period, today)
    except NoSuchPeriod:
        return ""
    if found is None:
        return ""
    printed = print_html(reader, agreement, found, periods, today)
    if kept_pdf(agreement, printed.fingerprint) is None:
        print_pdf(agreement, found, printed)
    return printed.fingerprint
