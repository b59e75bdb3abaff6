"""The performance app's background tasks (django-tasks; ADR 0013, ADR 0026 "Later").

`print_board_report.enqueue(agreement_id, period, reader_id)` asks for the partnership
board's report for a quarter, printed as that reader reads it (ADR 0022's addendum).

`compare_after_import` is asked for when a hub import commits (a new `LedgerEntry`, the
receiver in `apps.py`): it computes every national indicator's comparison and placings
for the two kinds of reader (residents, who compare final values only, and those signed
in) and keeps them for every process (`laa.performance.shared`), so that no reader of the
CAA view, the hotspots or the comparison pages waits for them. Safe to run twice: what
is kept already is not computed again.

`print_determination` prints a reward claim's grant determination to PDF when CLG's
determination commits (`reward_steps`), or when a reader asks for one no longer kept
(`reward_views.determination_pdf`); it prints nothing if that PDF is kept already.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django_tasks import task

from laa import clock
from laa.accounts.models import User
from laa.agreements import printing as agreement_printing
from laa.agreements.models import Agreement
from laa.domain.roles import Role
from laa.performance import board_printing, comparing
from laa.performance.board import NoSuchPeriod, chosen
from laa.performance.models import ClaimState, RewardClaim
from laa.performance.reward_printing import determination_print
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
def print_determination(claim_id: int) -> str:
    """Print the claim's determination unless its PDF is kept; its HTML's fingerprint ("" if
    the claim is gone or not determined)."""
    # read as CLG, who determined it (the worker is no one signed in)
    claim = (RewardClaim.objects.visible_to(User(username="printer", role=Role.CLG))
             .select_related("agreement__area", "agreement__round").filter(pk=claim_id).first())
    row = claim.status_rows.filter(to_state=ClaimState.DETERMINED).first() if claim else None
    if claim is None or row is None:
        return ""
    printed = determination_print(claim.agreement, claim, row)
    if agreement_printing.kept_pdf(claim.agreement, printed.fingerprint) is None:
        agreement_printing.print_pdf(claim.agreement, printed)
    return printed.fingerprint


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
    printed = board_printing.print_html(reader, agreement, found, periods, today)
    if board_printing.kept_pdf(agreement, printed.fingerprint) is None:
        board_printing.print_pdf(agreement, found, printed)
    return printed.fingerprint
