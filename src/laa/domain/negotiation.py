"""Negotiation of each priority outcome and each target (DOMAIN.md D11), as append-only threads.

A thread is a tuple of `Entry` values in order. The partnership and the government side
(the Government Office, speaking for the departments; DCSF for the statutory education and
early-years targets) propose, counter-propose, challenge, accept, escalate and resolve.

`laa.domain.negotiation_thread` derives a thread's state from its entries (`derive`) and
says whether one more entry may be added (`decide`); this module names what a thread is
made of: sides, kinds, statuses, entries, the escalation ladder.

Terms used here:
- open proposal: the latest proposal or counter-proposal, not yet accepted, withdrawn or
  closed. A later proposal or counter-proposal supersedes it.
- dispute: opened by an escalation to the Government Office, closed only by `resolve` (the
  resolution is always recorded). While a dispute is open the thread cannot be closed:
  accept, move to local, placeholder and withdraw are refused until it is resolved.
- escalation ladder: go -> department -> whitehall_champion -> ministers, one step at a
  time. The Whitehall champion's rung exists only once the agreement has a champion
  (`champion_since`, the time of the first appointment, compared with the escalation's
  time): without one, the department's next step is ministers; with one, nobody skips
  the champion, and nobody reaches the champion without going through the department.
- closed statuses (agreed, moved_to_local, placeholder, withdrawn): only `reopen` (with a
  reason) may follow (`resolve` is offered too, but a closed thread has no open dispute).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from laa.domain.roles import Role


class Side(StrEnum):
    PARTNERSHIP = "partnership"
    GOVERNMENT = "government"

    @property
    def other(self) -> Side:
        return Side.GOVERNMENT if self is Side.PARTNERSHIP else Side.PARTNERSHIP


class ThreadKind(StrEnum):
    PRIORITY_OUTCOME = "priority_outcome"
    TARGET = "target"  # a designated or local target
    STATUTORY_TARGET = "statutory_target"  # education and early years, agreed with DCSF (D3)


class NegotiationStatus(StrEnum):
    PROPOSED = "proposed"
    UNDER_NEGOTIATION = "under_negotiation"
    AGREED = "agreed"
    MOVED_TO_LOCAL = "moved_to_local"
    PLACEHOLDER = "placeholder"
    WITHDRAWN = "withdrawn"


STATUS_LABELS: Mapping[NegotiationStatus, str] = MappingProxyType(
    {
        NegotiationStatus.PROPOSED: "Proposed",
        NegotiationStatus.UNDER_NEGOTIATION: "Under negotiation",
        NegotiationStatus.AGREED: "Agreed",
        NegotiationStatus.MOVED_TO_LOCAL: "Moved to local targets",
        NegotiationStatus.PLACEHOLDER: "Placeholder: target set at the first annual review",
        NegotiationStatus.WITHDRAWN: "Withdrawn",
    }
)

CLOSED_STATUSES: frozenset[NegotiationStatus] = frozenset(
    {
        NegotiationStatus.AGREED,
        NegotiationStatus.MOVED_TO_LOCAL,
        NegotiationStatus.PLACEHOLDER,
        NegotiationStatus.WITHDRAWN,
    }
)


class EntryKind(StrEnum):
    PROPOSAL = "proposal"
    COUNTER_PROPOSAL = "counter_proposal"
    ACCEPT = "accept"
    CHALLENGE = "challenge"
    MOVE_TO_LOCAL = "move_to_local"
    PLACEHOLDER = "placeholder"
    WITHDRAW = "withdraw"
    ESCALATE = "escalate"
    RESOLVE = "resolve"
    REOPEN = "reopen"


PROPOSAL_KINDS = frozenset({EntryKind.PROPOSAL, EntryKind.COUNTER_PROPOSAL})


class ChallengeReason(StrEnum):
    EVIDENCE = "evidence"
    AMBITION = "ambition"
    AFFORDABILITY = "affordability"
    OTHER = "other"


class EscalationLevel(StrEnum):
    """Declared lowest first: the order is the escalation ladder."""

    GO = "go"
    DEPARTMENT = "department"
    WHITEHALL_CHAMPION = "whitehall_champion"
    MINISTERS = "ministers"

    @property
    def rank(self) -> int:
        return ESCALATION_LADDER.index(self)


ESCALATION_LADDER: tuple[EscalationLevel, ...] = tuple(EscalationLevel)
# Without a Whitehall negotiating champion appointed, the dispute goes from the department
# straight to ministers.
LADDER_WITHOUT_CHAMPION: tuple[EscalationLevel, ...] = tuple(
    level for level in ESCALATION_LADDER if level is not EscalationLevel.WHITEHALL_CHAMPION
)


def escalation_ladder(champion: bool) -> tuple[EscalationLevel, ...]:
    """The rungs a dispute climbs, one at a time: the champion's only if one is appointed."""
    return ESCALATION_LADDER if champion else LADDER_WITHOUT_CHAMPION


def next_escalation(current: EscalationLevel | None, *, champion: bool) -> EscalationLevel | None:
    """The one level a dispute may be escalated to next; None when it is with ministers."""
    ladder = escalation_ladder(champion)
    if current is None:
        return ladder[0]
    if current not in ladder:  # cannot happen: a champion, once appointed, stays appointed
        ladder = ESCALATION_LADDER
    index = ladder.index(current) + 1
    return ladder[index] if index < len(ladder) else None


def champion_at(champion_since: datetime | None, at: datetime) -> bool:
    """Had the agreement a Whitehall negotiating champion at `at`?"""
    return champion_since is not None and champion_since <= at

ESCALATION_LABELS: Mapping[EscalationLevel, str] = MappingProxyType(
    {
        EscalationLevel.GO: "the Government Office",
        EscalationLevel.DEPARTMENT: "the department",
        EscalationLevel.WHITEHALL_CHAMPION: "the Whitehall negotiating champion",
        EscalationLevel.MINISTERS: "ministers",
    }
)

# What a proposal on a target must state (values may be None, e.g. a baseline to be confirmed).
TARGET_VALUE_KEYS: tuple[str, ...] = ("baseline", "targets", "category", "partners")


@dataclass(frozen=True)
class Entry:
    """One line of a thread. Fields beyond the first four are used by some kinds only."""

    entry_id: str
    kind: EntryKind
    side: Side
    at: datetime
    values: Mapping[str, object] | None = None  # proposal, counter_proposal
    rationale: str = ""  # proposal, counter_proposal
    proposal_id: str | None = None  # accept
    challenge_reason: ChallengeReason | None = None  # challenge
    level: EscalationLevel | None = None  # escalate
    text: str = ""  # challenge, escalate, resolve (the resolution), reopen; optional elsewhere
    by: str = ""  # who, for display


@dataclass(frozen=True)
class ThreadState:
    status: NegotiationStatus | None  # None: nothing proposed yet
    open_proposal: Entry | None = None
    turn: Side | None = None  # the side expected to answer; None when either or neither may
    open_challenge: Entry | None = None  # a challenge to the open proposal, not yet answered
    dispute_open: bool = False
    escalation_level: EscalationLevel | None = None  # of the open dispute
    agreed_values: Mapping[str, object] | None = None
    accepted_proposal_id: str | None = None
    started_by: Side | None = None
    last_resolution: str = ""
    last_at: datetime | None = None
    # history, for messages and display
    proposals: Mapping[str, Entry] = field(default_factory=dict, repr=False)
    superseded_by: Mapping[str, str] = field(default_factory=dict, repr=False)
    entry_ids: frozenset[str] = field(default_factory=frozenset, repr=False)
    contested: bool = field(default=False, repr=False)


EMPTY = ThreadState(status=None)


@dataclass(frozen=True)
class NegotiationDecision:
    kind: EntryKind
    reason: str = ""  # plain English, when refused
    state: ThreadState | None = None  # the thread after the entry, when allowed

    @property
    def allowed(self) -> bool:
        return not self.reason


class InvalidThread(ValueError):
    """A stored thread holds an entry its rules would have refused."""


class NegotiationRefused(ValueError):
    """Raised by `record` only; `decide` returns the refusal instead."""


# ---- who speaks for which side ------------------------------------------------------------


def side_for_role(role: Role | str | None, kind: ThreadKind) -> Side | None:
    """The side a role negotiates for on this kind of thread, or None if it does not negotiate.

    Departments speak through the Government Office; statutory targets are agreed with DCSF.
    """
    if role == Role.PARTNERSHIP_OFFICER:
        return Side.PARTNERSHIP
    if kind is ThreadKind.STATUTORY_TARGET:
        return Side.GOVERNMENT if role == Role.DCSF else None
    if role in (Role.GO_OFFICER, Role.GO_DIRECTOR):
        return Side.GOVERNMENT
    return None


def side_name(side: Side, kind: ThreadKind) -> str:
    if side is Side.PARTNERSHIP:
        return "the partnership"
    return "DCSF" if kind is ThreadKind.STATUTORY_TARGET else "the Government Office"
