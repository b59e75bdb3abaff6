"""What a sign-off state allows to change (DOMAIN.md D12, D14, D15; ADR 0007).

The content (targets, outcomes, story of place) changes only in draft (`content_editable`):
once submitted it is with the GO, the council, the Regional Director or the Secretary of
State, and must be returned (referred back) to draft to change. Approval by the Secretary
of State freezes it for good (`frozen`): later changes are revisions. Negotiation opens
only in draft too (every negotiation is settled before submission).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from laa.domain.signoff import EDITABLE_STATES, FROZEN_STATES, STATE_LABELS, SignOffState

# Where the agreement is, for the refusal of an edit outside draft.
_WHERE: Mapping[SignOffState, str] = MappingProxyType(
    {
        SignOffState.SUBMITTED: "with the Government Office (submitted for agreement)",
        SignOffState.AGREED_WITH_GO: (
            "agreed with the Government Office and with the council for approval"
        ),
        SignOffState.COUNCIL_APPROVED: (
            "approved by the council and with the Government Office Regional Director"
        ),
        SignOffState.RECOMMENDED: (
            "with the Secretary of State (recommended by the Government Office Regional Director)"
        ),
    }
)



def frozen(state: SignOffState | str) -> bool:
    """Approval by the Secretary of State, and every later state, freeze the content."""
    return SignOffState(state) in FROZEN_STATES


def content_editable(state: SignOffState | str) -> bool:
    """Whether the agreement's content may change: only in draft (from submission on it is
    with the GO, the council or the Secretary of State; approval freezes it for good)."""
    return SignOffState(state) in EDITABLE_STATES


def content_locked_message(state: SignOffState | str, area: str) -> str:
    """Why the content of `area`'s agreement cannot change now ("" when it can)."""
    s = SignOffState(state)
    if s in EDITABLE_STATES:
        return ""
    if s in FROZEN_STATES:
        return (
            f"The agreement for {area} is {s.value.replace('_', ' ')}: its content is "
            "frozen and changes only through a revision."
        )
    who = (
        "the Secretary of State refers it back"
        if s is SignOffState.RECOMMENDED
        else "the partnership officer or the Government Office returns it"
    )
    return (
        f"The agreement for {area} is {_WHERE[s]}, so its content cannot be changed now: "
        f"it must be referred back to draft to change it ({who})."
    )


def negotiation_locked_message(state: SignOffState | str, area: str) -> str:
    """Why no negotiation may open (a proposal, a counter-proposal, a reopening) or change
    the agreement now ("" in draft). ADR 0007: every negotiation is settled before
    submission, so from submission on a negotiation only closes."""
    s = SignOffState(state)
    if s in EDITABLE_STATES:
        return ""
    if s in FROZEN_STATES:
        return (
            f"The agreement for {area} is {STATE_LABELS[s].lower()}: its negotiation is over "
            "and its targets change only through a revision."
        )
    who = (
        "the Secretary of State refers it back"
        if s is SignOffState.RECOMMENDED
        else "the partnership officer or the Government Office returns it"
    )
    return (
        f"The agreement for {area} is {_WHERE[s]}, so its negotiation is over: to negotiate "
        f"again it must be returned to draft ({who})."
    )

