"""A reward claim's steps after it is made (issue 14, ADR 0024): the Government Office
returns it to the authority (saying what to put right) or recommends it; the authority
claims again with amended values, or withdraws the claim before CLG decides; CLG
determines the grant (the figure calculated, or another with its reason) or refuses it.
The table of steps is `laa.domain.reward_claims.STEPS`.

Each step: permission first (`require`), then one transaction: a compare-and-set on the
claim's state and the `version` the person saw, the append-only status row keeping the
calculation of the step, and the audit event. Of two steps on one claim at the same
moment (two determinations; a withdrawal and a determination), one moves it and the other
is refused (`ClaimConflict`, 409), nothing of its own written. A determination's figures
are its own: a later policy or a corrected input never changes them.
"""

from __future__ import annotations

from decimal import Decimal

import rules
from django.db import transaction
from django.db.models import F

from laa.audit.trail import record, snapshot
from laa.domain.figures import FigureError, parse_figure
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.reward_claims import STATE_LABELS, STEPS, determined, refusal
from laa.performance.models import RewardClaim
from laa.performance.reward_actions import (
    ClaimConflict,
    ClaimError,
    claim_calculation,
    claimed_values,
    status,
    write_values,
)
from laa.performance.reward_figures import figures_of
from laa.permissions import require

PERMISSIONS = {  # who takes a step (the domain's `Step.by`) -> the permission that says so
    "authority": ("performance.claim_reward",
                  "Only the partnership officer of the agreement's area claims, claims again or withdraws its "
                  "reward claim."),
    "go": ("performance.recommend_reward",
           "Only the area's Government Office checks a reward claim: it returns or recommends it."),
    "clg": ("performance.determine_reward", "Only CLG determines or refuses a reward claim."),
}


def may_take(user, claim: RewardClaim, step: str) -> bool:
    """The person may take the step on the claim now (its state allows it, their role too)."""
    found = STEPS.get(step)
    return (found is not None and refusal(found, claim.state) is None
            and rules.has_perm(PERMISSIONS[found.by][0], user, claim.agreement))


def _amount(text: str | None) -> Decimal | None:
    """A figure CLG determines, in pounds (blank: the figure calculated)."""
    try:
        return parse_figure(text or "", places=2)
    except FigureError as refused:
        raise ClaimError(f"The grant determined {refused}", {"amount": f"The grant determined {refused}"}) from None


def take_step(*, actor, claim: RewardClaim, step: str, seen_version: int, note: str = "",
              amount: str | None = None, values: dict[tuple[str, str], str] | None = None,
              evidence: str = "") -> RewardClaim:
    """Take the step on the claim as the person saw it (`seen_version`). `note`: what the
    GO checked, what to put right, why it is refused or withdrawn, what changed; `amount`:
    the grant CLG determines when not the figure calculated; `values` and `evidence`: the
    claim made again ("amend"). Refused naming the field, or 409 if the claim moved."""
    found = STEPS.get(step)
    if found is None:
        raise ClaimError(f"There is no step {step!r} of a reward claim", {"step": "No such step"}, status=404)
    permission, refused = PERMISSIONS[found.by]
    require(actor, permission, claim.agreement, refusal=refused)
    if len(note) > MAX_TEXT_CHARS:
        raise ClaimError("The note is too long", {"note": f"The note must be {MAX_TEXT_CHARS:,} characters or fewer"})
    if found.note_needed and not note.strip():
        raise ClaimError(found.note_needed, {"note": found.note_needed})
    parsed = claimed_values(actor, claim.agreement, values or {}, evidence) if step == "amend" else {}
    figure = _amount(amount) if step == "determine" else None
    with transaction.atomic():
        before, from_state = snapshot(claim), claim.state  # the state of the version read
        changes: dict = {"state": found.to_state, "version": F("version") + 1}
        if step == "amend":
            changes["evidence"] = evidence.strip()
        moved = 0 if from_state not in found.from_states else RewardClaim.objects.filter(
            pk=claim.pk, state=from_state, version=seen_version).update(**changes)
        current = RewardClaim.objects.select_related("agreement__area").get(pk=claim.pk)
        if moved == 0:
            why = refusal(found, current.state)
            raise ClaimConflict(f"Claim {current.number} is {STATE_LABELS[current.state].lower()} now"
                                + (" (it moved since you saw it)" if why is None else "")
                                + f": it cannot be {found.done}.")
        if step == "amend":
            last = max((v.amendment for v in current.values.all()), default=0)
            write_values(actor, current, parsed, final=True, amendment=last + 1)
        policy, calculation = claim_calculation(actor, current)
        if figure is not None:
            try:
                calculation = determined(policy, calculation, figure, period_end=current.agreement.period_end,
                                         reason=note)
            except ValueError as wrong:
                raise ClaimError(str(wrong), {"amount" if "Say why" not in str(wrong) else "note": str(wrong)}) from None
        status(actor, current, step, from_state, found.to_state, note, figures_of(policy, calculation))
        record(actor=actor, action=f"reward-{step}", instance=current, before=before, reason=note.strip())
    return current
