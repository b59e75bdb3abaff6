"""A reward claim's steps (DOMAIN.md D20; issue 14, ADR 0024).

The responsible authority (its partnership officer) claims; the Government Office checks
the claim and either returns it to the authority, saying what to put right (the
authority amends it and claims again), or recommends it; CLG determines the grant (the
figure calculated, or another figure with its reason) or refuses it, with its reason. The
authority may withdraw its claim at any step before CLG decides. A determined, refused
or withdrawn claim moves no more.

    step = STEPS["return"]; step.from_states, step.to_state, step.by
    refusal(step, state)        # why the step cannot be taken from the state, or None
    determined(policy, calculation, amount, period_end=..., reason=...)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from laa.domain.reward import Calculation, instalments, percent, pounds
from laa.domain.reward_policy import Policy

ClaimState = Literal["claimed", "returned", "recommended", "determined", "refused", "withdrawn"]
By = Literal["authority", "go", "clg"]
STATE_LABELS: dict[str, str] = {
    "claimed": "Claimed", "returned": "Returned to the authority", "recommended": "Recommended by the Government Office",
    "determined": "Determined by CLG", "refused": "Refused by CLG", "withdrawn": "Withdrawn by the authority"}
DECIDED: frozenset[str] = frozenset({"determined", "refused", "withdrawn"})
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    from_states: frozenset[str]
    to_state: ClaimState
    by: By  # the responsible authority (its partnership officer), the area's GO, or CLG
    label: str  # the button
    done: str  # "returned": the claim is ... now
    note_label: str
    note_needed: str  # the message when a needed note is missing ("": the note is optional)


STEPS: dict[str, Step] = {s.name: s for s in (
    Step("return", frozenset({"claimed"}), "returned", "go", "Return the claim to the authority", "returned",
         "What the authority must put right", "Say what the authority must put right"),
    Step("amend", frozenset({"returned"}), "claimed", "authority", "Claim again", "claimed again",
         "What you changed", "Say what you changed"),
    Step("recommend", frozenset({"claimed"}), "recommended", "go", "Recommend the claim", "recommended",
         "What the Government Office checked", "Say what you checked"),
    Step("determine", frozenset({"recommended"}), "determined", "clg", "Determine the grant", "determined",
         "Note (needed when you determine a figure other than the one calculated)", ""),
    Step("refuse", frozenset({"recommended"}), "refused", "clg", "Refuse the claim", "refused",
         "Why CLG refuses the claim", "Say why the claim is refused"),
    Step("withdraw", frozenset({"claimed", "returned", "recommended"}), "withdrawn", "authority",
         "Withdraw the claim", "withdrawn", "Why the authority withdraws the claim", "Say why the claim is withdrawn"),
)}


def refusal(step: Step, state: str) -> str | None:
    """Why the step cannot be taken from the claim's state (None: it can)."""
    if state in step.from_states:
        return None
    where = STATE_LABELS.get(state, state).lower()
    if state in DECIDED:
        return f"The claim is {where}: it moves no more, so it cannot be {step.done}"
    return f"The claim is {where}: it cannot be {step.done} from there"


def steps_from(state: str) -> list[Step]:
    """The steps that may follow the state, in the table's order."""
    return [s for s in STEPS.values() if state in s.from_states]


def determined(policy: Policy, calculation: Calculation, amount: Decimal | None, *, period_end: str,
               reason: str) -> Calculation:
    """The calculation as CLG determines it: unchanged when no other figure is given (or
    the same one); else the grant earned is the figure determined (to the policy's
    rounding, at most the potential grant), the payments on account set against it again,
    the instalments and their capital and revenue split again, each explained. Raises
    ValueError naming the problem (a figure below nothing or above the potential)."""
    if amount is None:
        return calculation
    total = policy.round_amount(amount)
    if total < _ZERO:
        raise ValueError("The grant determined cannot be below £0")
    if total > calculation.potential:
        raise ValueError(f"The grant determined cannot be more than the potential grant, "
                         f"{pounds(calculation.potential)}")
    if total == calculation.total:
        return calculation
    if not reason.strip():
        raise ValueError(f"Say why CLG determines {pounds(total)} rather than the {pounds(calculation.total)} "
                         "calculated")
    paid = instalments(policy, total, calculation.on_account, period_end)
    share = (total / calculation.potential) if calculation.potential else _ZERO
    said = (f"CLG determined a grant of {pounds(total)} rather than the {pounds(calculation.total)} calculated "
            f"({percent(share)} of the potential grant): {reason.strip()}")
    recovered = max(calculation.on_account - total, _ZERO)
    return replace(calculation, total=total, percent_of_potential=(share * 100).quantize(Decimal("0.01")),
                   recovered=recovered, instalments=paid, payable=sum((i.payable for i in paid), _ZERO),
                   explanations=(*calculation.explanations, said))
