"""Reading one negotiation: the subject (a target or an outcome) found through the scopes,
its thread, entries and derived state, and the moves open to the reader's side (asked of
the domain's `decide` with a probe entry, so the pages offer exactly what it allows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from laa import clock
from laa.domain.negotiation import (
    ChallengeReason,
    Entry,
    EntryKind,
    EscalationLevel,
    Side,
    ThreadKind,
    ThreadState,
    champion_at,
    next_escalation,
)
from laa.domain.negotiation_thread import decide
from laa.domain.signoff_locks import content_editable, frozen
from laa.negotiation.actions import DRAFT_ONLY
from laa.negotiation.entries import champion_since, domain_entries, thread_state
from laa.negotiation.models import NegotiationEntry, NegotiationThread
from laa.negotiation.scopes import Subject, speaking_side

# Policy beside the domain's rules (docs/adr/0004-negotiation.md): the government side
# records a dispute's resolution, whoever settled it.
RESOLVED_BY = Side.GOVERNMENT


def probe_time(state: ThreadState):
    """When an entry written now would be dated (as `actions.add_entry` dates it)."""
    now = clock.now()
    return max(now, state.last_at) if state.last_at is not None else now


def thread_champion_since(rows: list[NegotiationEntry]):
    """When the thread's agreement got its first champion; only read once a dispute has
    climbed past the Government Office (below that the champion changes nothing)."""
    if not any(r.kind == EntryKind.ESCALATE and r.escalation_level not in ("", EscalationLevel.GO) for r in rows):
        return None
    return champion_since(rows[0].thread.agreement_id)


def next_level(rows: list[NegotiationEntry], state: ThreadState) -> EscalationLevel | None:
    """The one level the thread's dispute may be escalated to now (None: with ministers)."""
    return next_escalation(state.escalation_level,
                           champion=champion_at(thread_champion_since(rows), probe_time(state)))


def allowed_moves(rows: list[NegotiationEntry], state: ThreadState, side: Side | None,
                  kind: ThreadKind) -> set[EntryKind]:
    if side is None:
        return set()
    entries = domain_entries(rows)
    at = probe_time(state)
    since = thread_champion_since(rows)
    values: dict[str, object] = (
        {"title": "probe"} if kind is ThreadKind.PRIORITY_OUTCOME
        else {"baseline": None, "targets": {}, "category": "", "partners": []}
    )
    level = next_escalation(state.escalation_level, champion=champion_at(since, at))
    moves = set()
    for move in EntryKind:
        if move is EntryKind.RESOLVE and side is not RESOLVED_BY:
            continue
        probe = Entry(
            entry_id="#probe", kind=move, side=side, at=at, values=values, rationale="probe",
            proposal_id=state.open_proposal.entry_id if state.open_proposal else None,
            challenge_reason=ChallengeReason.OTHER, level=level, text="probe",
        )
        if move is EntryKind.ESCALATE and level is None:
            continue  # already with ministers
        if decide(entries, probe, kind=kind, champion_since=since).allowed:
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
    # Out of draft, the moves that would write into its content are not offered.
    moves = set() if frozen(subject.agreement.state) else allowed_moves(rows, state, side, kind)
    if not content_editable(subject.agreement.state):
        moves -= DRAFT_ONLY
    return ThreadView(subject, thread, rows, state, kind, side, moves)
