"""The performance app's background tasks (django-tasks; ADR 0013, ADR 0026 "Later").

`print_board_report.enqueue(agreement_id, period, reader_id)` asks for the partnership
board's report for a quarter, printed as that reader reads it (ADR 0022's addendum).

`compare_after_import` is asked for when a hub import commits (a new `LedgerEntry`, the
receiver in `apps.py`): it computes every national indicator's comparison and placings
for the two kinds of reader (residents, who compare final values only, and those signed
in) and keeps them for every process (`laa.performance.shared`), so that no reader of the
CAA view, the hotspots or the comparison pages waits for them. Safe to run twice: what
is kept already is not computed again.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django_tasks import task

from laa import clock
from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.domain.roles import Role
from laa.performance import comparing
from laa.performance.board import NoSuchPeriod, chosen
from laa.performance.board_printing import kept_pdf, print_html, print_pdf
from laa.performance.shared import is_kept


def readers() -> tuple[object, ...]:
    """One reader of each kind the comparisons are kept for (`comparing.stamps`): a resident,
    and someone signed in (every signed-in role reads the same national values)."""
    return AnonymousUser(), User(username="comparisons", role=Role.CLG)


def compare_now() -> int:
    """Compute and keep what is not kept yet; how many readers' comparisons were computed."""
    computed = 0
    for reader in readers():
        now = comparing.stamps(reader)
        if not (is_kept(("placings", *now)) and is_kept(("areas-compared", *now))):
            comparing.compared(reader, now)
            computed += 1
    return computed


@task()
def compare_after_import() -> str:
    computed = compare_now()
    return f"Compared every national indicator for {computed} kinds of reader"


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
