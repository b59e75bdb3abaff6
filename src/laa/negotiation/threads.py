"""Reading one negotiation: the subject (a target or an outcome) found through the scopes,
its thread, entries and derived state, and the moves open to the reader's side (asked of
the domain's `decide` with a probe entry, so the pages offer exactly what it allows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from laa.domain.negotiation import (
    ESCALATION_LADDER,
    ChallengeReason,
    Entry,
    EntryKind,
    Side,
    ThreadKind,
    ThreadState,
    decide,
)
from laa.domain.signoff import frozen
from laa.negotiation.actions import domain_entries, thread_state
from laa.negotiation.models import NegotiationEntry, NegotiationThread
from laa.negotiation.scopes import Subject, speaking_side

# Policy beside the domain's rules (docs/adr/0004-negotiation.md): the government side
# records a dispute's resolution, whoever settled it.
RESOLVED_BY = Side.GOVERNMENT


def allowed_moves(rows: list[NegotiationEntry], state: ThreadState, side: Side | None,
                  kind: ThreadKind) -> set[EntryKind]:
    if side is None:
        return set()
    entries = domain_entries(rows)
    at = state.last_at or timezone.now()
    values: dict[str, object] = (
        {"title": "probe"} if kind is ThreadKind.PRIORITY_OUTCOME
        else {"baseline": None, "targets": {}, "category": "", "partners": []}
    )
    current = state.escalation_level
    level = ESCALATION_LADDER[0] if current is None else ESCALATION_LADDER[min(current.rank + 1, len(ESCALATION_LADDER) - 1)]
    moves = set()
    for move in EntryKind:
        if move is EntryKind.RESOLVE and side is not RESOLVED_BY:
            continue
        probe = Entry(
            entry_id="#probe", kind=move, side=side, at=at, values=values, rationale="probe",
            proposal_id=state.open_proposal.entry_id if state.open_proposal else None,
            challenge_reason=ChallengeReason.OTHER, level=level, text="probe",
        )
        if decide(entries, probe, kind=kind).allowed:
            moves.add(move)
    return moves


@dataclass
class ThreadView:
    subject: Subject
    thread: NegotiationThread | None
    rows: list[NegotiationEntry]
    state: ThreadState
    kind: ThreadKind
    side: Side | None
    moves: set[EntryKind] = field(default_factory=set)

    @property
    def seen(self) -> int:
        return self.thread.last_sequence if self.thread else 0


def load(user, subject: Subject) -> ThreadView:
    lookup = {"target": subject.target} if subject.target is not None else {"outcome": subject.outcome}
    thread = NegotiationThread.objects.filter(**lookup).first()
    rows = list(thread.entries.select_related("on_behalf_of", "meeting").order_by("sequence")) if thread else []
    kind = ThreadKind(thread.kind) if thread else subject.kind
    state = thread_state(thread, rows)
    side = speaking_side(user, subject, kind)
    # An approved agreement is frozen: its negotiation is over (changes go by revision).
    moves = set() if frozen(subject.agreement.state) else allowed_moves(rows, state, side, kind)
    return ThreadView(subject, thread, rows, state, kind, side, moves)
