"""When a target counts as agreed (DOMAIN.md D3, D10), once for sign-off, the timetable and
the dashboards.

- A **statutory** education or early-years target is agreed only by DCSF (submitted 31
  January, agreed 31 March): its negotiation thread must be agreed (or agreed as a
  placeholder). The Government Office's agreement of the whole agreement does not agree
  it, and the GO cannot agree the agreement while a statutory target still waits for DCSF.
- A **designated or local** target is agreed when its own negotiation thread is, or when
  the Government Office agrees the agreement as a whole (every state from "agreed with the
  GO" on), which settles the targets nobody negotiated.
- The timetable's milestone "statutory targets agreed with DCSF" is done on the day the
  last of the agreement's statutory targets was agreed, never merely because the
  agreement moved on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from laa.domain.negotiation import NegotiationStatus
from laa.domain.signoff import SignOffState

__all__ = [
    "AGREED_BY_NEGOTIATION",
    "STATES_AGREED_WITH_GO",
    "TargetStanding",
    "agreed_with_go",
    "statutory_agreed_on",
    "statutory_waiting",
    "target_agreed",
]

# A thread closed by both sides agreeing the values (or agreeing to set them at the first
# annual review). Moved to local and withdrawn are settled but not agreed as they stand.
AGREED_BY_NEGOTIATION: frozenset[str] = frozenset(
    {NegotiationStatus.AGREED.value, NegotiationStatus.PLACEHOLDER.value}
)

_CHAIN = list(SignOffState)
# The states in which the Government Office has agreed the agreement (and has not since
# returned it to draft): "agreed with the GO" and every later state of the chain.
STATES_AGREED_WITH_GO: frozenset[SignOffState] = frozenset(
    _CHAIN[_CHAIN.index(SignOffState.AGREED_WITH_GO):]
)


@dataclass(frozen=True)
class TargetStanding:
    """What is known of one target for deciding whether it is agreed."""

    key: str  # the target's key, to name it ("NI 72")
    statutory: bool
    negotiation: str = ""  # its negotiation thread's status; "" when never negotiated
    settled_on: date | None = None  # the day its thread last changed (when it was agreed, if so)


def agreed_with_go(state: SignOffState | str | None) -> bool:
    """Whether the GO has agreed the agreement in this sign-off state."""
    return state is not None and SignOffState(state) in STATES_AGREED_WITH_GO


def target_agreed(*, statutory: bool, negotiation: str, agreement_state: SignOffState | str | None) -> bool:
    """Whether one target counts as agreed (D3: a statutory target only by DCSF)."""
    if negotiation in AGREED_BY_NEGOTIATION:
        return True
    return not statutory and agreed_with_go(agreement_state)


def statutory_waiting(targets: Iterable[TargetStanding]) -> tuple[str, ...]:
    """The keys of the statutory targets DCSF has not agreed, in the order given."""
    return tuple(
        t.key for t in targets if t.statutory and t.negotiation not in AGREED_BY_NEGOTIATION
    )


def statutory_agreed_on(targets: Iterable[TargetStanding]) -> date | None:
    """The day DCSF's agreement of the statutory targets was complete (the last one's),
    or None while any waits, or when there are none to agree (nothing shows it done)."""
    statutory = [t for t in targets if t.statutory]
    if not statutory or any(t.negotiation not in AGREED_BY_NEGOTIATION for t in statutory):
        return None
    days = [t.settled_on for t in statutory if t.settled_on is not None]
    return max(days) if days else None
