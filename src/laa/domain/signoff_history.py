"""The sign-off history (D12): the append-only status rows of an agreement, the state
they lead to, and when each state was entered. The transitions themselves are declared
in `laa.domain.signoff`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from laa.domain.signoff import _BY_EDGE, INITIAL_STATE, SignOffState, Transition


class StatusRow(NamedTuple):
    from_state: SignOffState | str
    to_state: SignOffState | str
    at: datetime


class InvalidStatusChain(ValueError):
    """The stored status rows do not form a chain of declared transitions."""


def derive_state(
    rows: Iterable[tuple[SignOffState | str, SignOffState | str, datetime]],
) -> SignOffState:
    """The current state from status rows in order; raises InvalidStatusChain if they are corrupt."""
    state = INITIAL_STATE
    last_at: datetime | None = None
    for index, (source, target, at) in enumerate(rows, start=1):
        try:
            source_state, target_state = SignOffState(source), SignOffState(target)
        except ValueError as error:
            raise InvalidStatusChain(f"Row {index}: {error}.") from None
        if source_state != state:
            raise InvalidStatusChain(
                f"Row {index} starts from '{source_state}' but the agreement was '{state}'."
            )
        if (source_state, target_state) not in _BY_EDGE:
            raise InvalidStatusChain(
                f"Row {index}: no declared transition leads from '{source_state}' to '{target_state}'."
            )
        if last_at is not None and at < last_at:
            raise InvalidStatusChain(f"Row {index} is dated before the row it follows.")
        state, last_at = target_state, at
    return state


def transition_between(source: SignOffState | str, target: SignOffState | str) -> Transition | None:
    """The declared transition a status row (from, to) records, if any."""
    return _BY_EDGE.get((SignOffState(source), SignOffState(target)))


def entered_at(
    rows: Iterable[tuple[SignOffState | str, SignOffState | str, datetime]],
    state: SignOffState | str,
) -> datetime | None:
    """When the agreement last entered `state` (e.g. the approval date designation counts from)."""
    found: datetime | None = None
    for _source, target, at in rows:
        if SignOffState(target) == SignOffState(state):
            found = at
    return found


def returns_to_draft(
    rows: Iterable[tuple[SignOffState | str, SignOffState | str, datetime]],
) -> int:
    """How many times the agreement went back to draft (returned or referred back).

    District adoptions are counted per sign-off cycle: an adoption recorded in an earlier
    cycle (before the latest return to draft) no longer counts, since the targets the
    district adopted may change in draft."""
    return sum(
        1
        for source, target, _at in rows
        if SignOffState(target) is INITIAL_STATE and SignOffState(source) is not INITIAL_STATE
    )
