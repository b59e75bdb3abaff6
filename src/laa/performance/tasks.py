"""The performance app's background tasks (django-tasks; ADR 0013, ADR 0026 "Later").

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

from laa.accounts.models import User
from laa.agreements.printing import kept_pdf, print_pdf
from laa.domain.roles import Role
from laa.performance import comparing
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
    if kept_pdf(claim.agreement, printed.fingerprint) is None:
        print_pdf(claim.agreement, printed)
    return printed.fingerprint


@task()
def compare_after_import() -> str:
    computed = compare_now()
    return f"Compared every national indicator for {computed} kinds of reader"
