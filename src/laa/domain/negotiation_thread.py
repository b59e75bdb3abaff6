"""The rules of a negotiation thread (DOMAIN.md D11): derive its state, decide an entry.

A thread is a tuple of `Entry` values in order (`laa.domain.negotiation` names the sides,
kinds, statuses and the escalation ladder). Everything about a thread (its status, the
open proposal, whose turn it is, the open dispute and its level, the agreed values) is
derived from the entries by `derive`; `decide` says whether one more entry may be added,
and why not, without raising; `record` appends it or raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from laa.domain.negotiation import (
    CLOSED_STATUSES,
    EMPTY,
    ESCALATION_LABELS,
    PROPOSAL_KINDS,
    STATUS_LABELS,
    TARGET_VALUE_KEYS,
    Entry,
    EntryKind,
    EscalationLevel,
    InvalidThread,
    NegotiationDecision,
    NegotiationRefused,
    NegotiationStatus,
    Side,
    ThreadKind,
    ThreadState,
    champion_at,
    next_escalation,
    side_name,
)


def derive(
    entries: Sequence[Entry],
    *,
    kind: ThreadKind = ThreadKind.TARGET,
    champion_since: datetime | None = None,
) -> ThreadState:
    """The state of a thread; raises InvalidThread if a stored entry breaks the rules.

    `champion_since`: when the agreement's first Whitehall negotiating champion was
    appointed (None: never), which decides whether the champion's rung of the ladder exists
    at the time of each escalation."""
    state = EMPTY
    for index, entry in enumerate(entries, start=1):
        problem = _check(state, entry, kind, champion_since)
        if problem:
            raise InvalidThread(f"Entry {index} ({entry.entry_id}, {entry.kind}): {problem}")
        state = _apply(state, entry)
    return state


def decide(
    entries: Sequence[Entry],
    entry: Entry,
    *,
    kind: ThreadKind = ThreadKind.TARGET,
    champion_since: datetime | None = None,
) -> NegotiationDecision:
    """May `entry` be added to the thread? Never raises for an ordinary refusal."""
    state = derive(entries, kind=kind, champion_since=champion_since)
    problem = _check(state, entry, kind, champion_since)
    if problem:
        return NegotiationDecision(entry.kind, reason=problem)
    return NegotiationDecision(entry.kind, state=_apply(state, entry))


def record(
    entries: Sequence[Entry],
    entry: Entry,
    *,
    kind: ThreadKind = ThreadKind.TARGET,
    champion_since: datetime | None = None,
) -> tuple[Entry, ...]:
    """The thread with `entry` appended; raises NegotiationRefused with the reason if refused."""
    decision = decide(entries, entry, kind=kind, champion_since=champion_since)
    if not decision.allowed:
        raise NegotiationRefused(decision.reason)
    return (*entries, entry)


# ---- the rules ----------------------------------------------------------------------------


def _check(
    state: ThreadState, entry: Entry, kind: ThreadKind, champion_since: datetime | None = None
) -> str:
    if entry.entry_id in state.entry_ids:
        return f"Entry {entry.entry_id} is already in this thread."
    if state.last_at is not None and entry.at < state.last_at:
        return "An entry cannot be dated before the entry it follows."
    missing = _missing_fields(entry, kind)
    if missing:
        return missing
    if state.status is None:
        return "" if entry.kind is EntryKind.PROPOSAL else "Start the negotiation with a proposal."
    if state.status in CLOSED_STATUSES:
        if entry.kind in (EntryKind.RESOLVE, EntryKind.REOPEN):
            return _check_resolve(state) if entry.kind is EntryKind.RESOLVE else ""
        return (
            f"This negotiation is {STATUS_LABELS[state.status].lower()}: it must be "
            "reopened, with a reason, before anything else is recorded."
        )
    if entry.kind is EntryKind.ESCALATE:
        return _check_escalate(state, entry, kind, champion=champion_at(champion_since, entry.at))
    return _OPEN_CHECKS[entry.kind](state, entry, kind) or _check_dispute_settled(state, entry, kind)


def _missing_fields(entry: Entry, kind: ThreadKind) -> str:
    k = entry.kind
    if k in PROPOSAL_KINDS:
        if not entry.values:
            return "A proposal must state its values."
        if kind is not ThreadKind.PRIORITY_OUTCOME:
            absent = [key for key in TARGET_VALUE_KEYS if key not in entry.values]
            if absent:
                return f"A target proposal must state {_and(absent)}."
        if not entry.rationale.strip():
            return "A proposal must give its rationale."
    elif k is EntryKind.ACCEPT and not entry.proposal_id:
        return "Say which proposal is accepted."
    elif k is EntryKind.CHALLENGE and (entry.challenge_reason is None or not entry.text.strip()):
        return "A challenge needs a kind of reason (evidence, ambition, affordability, other) and a text."
    elif k is EntryKind.ESCALATE and (entry.level is None or not entry.text.strip()):
        return "An escalation needs a level and a text saying what is in dispute."
    elif k is EntryKind.RESOLVE and not entry.text.strip():
        return "A resolution needs a text recording what was decided."
    elif k is EntryKind.REOPEN and not entry.text.strip():
        return "Give a reason for reopening the negotiation."
    return ""


def _check_proposal(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    open_ = state.open_proposal
    if open_ is not None and open_.side is not entry.side:
        return (
            f"{_cap(side_name(open_.side, kind))} has an open proposal ({open_.entry_id}); "
            "answer it with a counter-proposal, a challenge or an acceptance."
        )
    return ""


def _check_counter(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    open_ = state.open_proposal
    if open_ is None:
        return "There is no open proposal to counter; make a proposal instead."
    if open_.side is entry.side:
        return "You cannot counter your own side's proposal; make a new proposal to revise it."
    return ""


def _check_accept(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    target_id = entry.proposal_id or ""
    proposal = state.proposals.get(target_id)
    open_ = state.open_proposal
    if proposal is None:
        return f"There is no proposal {target_id} in this thread."
    if target_id in state.superseded_by:
        successor = state.superseded_by[target_id]
        latest = (
            f", and the latest open proposal is {open_.entry_id}"
            if (open_ is not None and open_.entry_id != successor)
            else ""
        )
        return (
            f"Proposal {target_id} was superseded by proposal {successor}"
            f"{latest}: only the latest open proposal can be accepted."
        )
    if open_ is None or open_.entry_id != target_id:
        return f"Proposal {target_id} is no longer open."
    if proposal.side is entry.side:
        return "You cannot accept your own side's proposal; the other side must accept it."
    return ""


def _check_challenge(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    open_ = state.open_proposal
    if open_ is None:
        return "There is no open proposal to challenge."
    if open_.side is entry.side:
        return "You cannot challenge your own side's proposal."
    return ""


def _check_move_to_local(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    if kind is ThreadKind.PRIORITY_OUTCOME:
        return "Only a target can move to the local targets."
    if kind is ThreadKind.STATUTORY_TARGET:
        return (
            "Statutory education and early-years targets are agreed with DCSF "
            "and cannot become local targets."
        )
    if entry.side is not Side.PARTNERSHIP:
        return "Only the partnership can move a target to its local targets."
    return ""


def _check_placeholder(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    if kind is ThreadKind.PRIORITY_OUTCOME:
        return "Only a target can be a placeholder."
    if entry.side is not Side.GOVERNMENT:
        return (
            f"Only {side_name(Side.GOVERNMENT, kind)} can agree that a target is a "
            "placeholder, to be set at the first annual review."
        )
    return ""


def _check_withdraw(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    if kind is ThreadKind.STATUTORY_TARGET:
        return "Statutory education and early-years targets cannot be withdrawn."
    if state.started_by is not None and entry.side is not state.started_by:
        return (
            f"Only the side that opened this negotiation "
            f"({side_name(state.started_by, kind)}) can withdraw it."
        )
    return ""


_CLOSING_WHAT: Mapping[EntryKind, str] = MappingProxyType(
    {
        EntryKind.ACCEPT: "a proposal is accepted",
        EntryKind.MOVE_TO_LOCAL: "the target moves to the local targets",
        EntryKind.PLACEHOLDER: "the target is agreed as a placeholder",
        EntryKind.WITHDRAW: "the negotiation is withdrawn",
    }
)


def _check_dispute_settled(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    """A move that closes the thread waits for the open dispute's resolution to be recorded."""
    what = _CLOSING_WHAT.get(entry.kind)
    if what is None or not state.dispute_open:
        return ""
    level = state.escalation_level
    where = f" escalated to {ESCALATION_LABELS[level]}" if level is not None else ""
    return (
        f"The dispute{where} is still open: {side_name(Side.GOVERNMENT, kind)} must record "
        f"its resolution before {what}."
    )


def _check_escalate(state: ThreadState, entry: Entry, kind: ThreadKind, *, champion: bool) -> str:
    level, current = entry.level, state.escalation_level
    if level is None:
        return ""  # reported as a missing field
    expected = next_escalation(current, champion=champion)
    if level is expected:
        return ""
    if expected is None:
        return "This dispute is already with ministers; it cannot be escalated further."
    if level is EscalationLevel.WHITEHALL_CHAMPION and not champion:
        return (
            "This agreement has no Whitehall negotiating champion: a dispute goes from "
            f"the department to ministers. Escalate to {ESCALATION_LABELS[expected]}."
        )
    if current is None:
        return (
            f"A dispute is escalated one step at a time, starting with "
            f"{ESCALATION_LABELS[expected]}: escalate to {ESCALATION_LABELS[expected]} first."
        )
    if level.rank <= current.rank:
        return (
            f"Escalation goes upward only: this dispute is already with "
            f"{ESCALATION_LABELS[current]}; escalate to {ESCALATION_LABELS[expected]} next."
        )
    return (
        f"Escalation climbs one step at a time: this dispute is with "
        f"{ESCALATION_LABELS[current]}; escalate to {ESCALATION_LABELS[expected]} next."
    )


def _check_resolve(
    state: ThreadState, entry: Entry | None = None, kind: ThreadKind = ThreadKind.TARGET
) -> str:
    return "" if state.dispute_open else "There is no open dispute to resolve."


def _check_reopen(state: ThreadState, entry: Entry, kind: ThreadKind) -> str:
    return "The negotiation is still open; there is nothing to reopen."


_OPEN_CHECKS: Mapping[EntryKind, Callable[[ThreadState, Entry, ThreadKind], str]] = {
    EntryKind.PROPOSAL: _check_proposal,
    EntryKind.COUNTER_PROPOSAL: _check_counter,
    EntryKind.ACCEPT: _check_accept,
    EntryKind.CHALLENGE: _check_challenge,
    EntryKind.MOVE_TO_LOCAL: _check_move_to_local,
    EntryKind.PLACEHOLDER: _check_placeholder,
    EntryKind.WITHDRAW: _check_withdraw,
    EntryKind.RESOLVE: _check_resolve,
    EntryKind.REOPEN: _check_reopen,
}


def _apply(state: ThreadState, entry: Entry) -> ThreadState:
    s = replace(state, entry_ids=state.entry_ids | {entry.entry_id}, last_at=entry.at)
    k = entry.kind
    if k in PROPOSAL_KINDS:
        superseded = dict(s.superseded_by)
        if s.open_proposal is not None:
            superseded[s.open_proposal.entry_id] = entry.entry_id
        contested = s.contested or k is EntryKind.COUNTER_PROPOSAL
        return replace(
            s,
            open_proposal=entry,
            proposals={**s.proposals, entry.entry_id: entry},
            superseded_by=superseded,
            turn=entry.side.other,
            open_challenge=None,
            started_by=s.started_by or entry.side,
            contested=contested,
            status=(
                NegotiationStatus.UNDER_NEGOTIATION if contested else NegotiationStatus.PROPOSED
            ),
        )
    if k is EntryKind.ACCEPT:
        accepted = s.proposals[entry.proposal_id or ""]
        return replace(
            s,
            status=NegotiationStatus.AGREED,
            agreed_values=accepted.values,
            accepted_proposal_id=accepted.entry_id,
            open_proposal=None,
            open_challenge=None,
            turn=None,
            dispute_open=False,
            escalation_level=None,
        )
    if k is EntryKind.CHALLENGE:
        return replace(
            s,
            open_challenge=entry,
            turn=entry.side.other,
            contested=True,
            status=NegotiationStatus.UNDER_NEGOTIATION,
        )
    if k in _CLOSING:
        return replace(s, status=_CLOSING[k], open_proposal=None, open_challenge=None, turn=None)
    if k is EntryKind.ESCALATE:
        return replace(
            s,
            dispute_open=True,
            escalation_level=entry.level,
            contested=True,
            status=NegotiationStatus.UNDER_NEGOTIATION,
        )
    if k is EntryKind.RESOLVE:
        return replace(s, dispute_open=False, escalation_level=None, last_resolution=entry.text)
    # reopen
    return replace(
        s,
        status=NegotiationStatus.UNDER_NEGOTIATION,
        contested=True,
        agreed_values=None,
        accepted_proposal_id=None,
        turn=None,
    )


_CLOSING: Mapping[EntryKind, NegotiationStatus] = MappingProxyType(
    {
        EntryKind.MOVE_TO_LOCAL: NegotiationStatus.MOVED_TO_LOCAL,
        EntryKind.PLACEHOLDER: NegotiationStatus.PLACEHOLDER,
        EntryKind.WITHDRAW: NegotiationStatus.WITHDRAWN,
    }
)


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
