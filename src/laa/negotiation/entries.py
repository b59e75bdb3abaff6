"""A thread's stored entries as the domain sees them (its derived state), and what an entry
did, in words (for the loser of a race)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from laa.domain.negotiation import (
    ESCALATION_LABELS,
    PROPOSAL_KINDS,
    ChallengeReason,
    Entry,
    EntryKind,
    EscalationLevel,
    Side,
    ThreadKind,
    ThreadState,
)
from laa.domain.negotiation_thread import derive
from laa.negotiation.models import Champion, NegotiationEntry, NegotiationThread

# ---- the domain's view of a thread -----------------------------------------------------


def domain_entries(rows: list[NegotiationEntry]) -> tuple[Entry, ...]:
    sequence_of = {r.pk: r.sequence for r in rows}
    return tuple(
        Entry(
            entry_id=r.entry_id,
            kind=EntryKind(r.kind),
            side=Side(r.side),
            at=r.at,
            values=r.values,
            rationale=r.rationale,
            proposal_id=f"#{sequence_of[r.refers_to_id]}" if r.kind == EntryKind.ACCEPT and r.refers_to_id else None,
            challenge_reason=ChallengeReason(r.challenge_reason) if r.challenge_reason else None,
            level=EscalationLevel(r.escalation_level) if r.escalation_level else None,
            text=r.text,
            by=r.author_name,
        )
        for r in rows
    )


def champion_since(agreement_id: int | None) -> datetime | None:
    """When the agreement's first Whitehall negotiating champion was appointed (None: never):
    the champion's rung of the escalation ladder exists from then on."""
    if agreement_id is None:
        return None
    return (Champion.objects.filter(agreement_id=agreement_id).order_by("appointed_at")
            .values_list("appointed_at", flat=True).first())


def escalated(rows: list[NegotiationEntry]) -> bool:
    return any(r.kind == EntryKind.ESCALATE for r in rows)


def thread_state(thread: NegotiationThread | None, rows: list[NegotiationEntry],
                 since: datetime | None = None) -> ThreadState:
    if thread is None:
        return derive(())
    if since is None and escalated(rows):  # only escalations depend on the champion
        since = champion_since(thread.agreement_id)
    return derive(domain_entries(rows), kind=ThreadKind(thread.kind), champion_since=since)


# ---- what happened, in words (for the loser of a race) -----------------------------------

_DID = {
    EntryKind.PROPOSAL: "made proposal {id}",
    EntryKind.COUNTER_PROPOSAL: "counter-proposed ({id})",
    EntryKind.ACCEPT: "accepted proposal {ref}",
    EntryKind.CHALLENGE: "challenged proposal {ref}",
    EntryKind.MOVE_TO_LOCAL: "moved the target to the local targets",
    EntryKind.PLACEHOLDER: "agreed the target as a placeholder",
    EntryKind.WITHDRAW: "withdrew it from the negotiation",
    EntryKind.ESCALATE: "escalated the dispute to {level}",
    EntryKind.RESOLVE: "recorded the dispute's resolution",
    EntryKind.REOPEN: "reopened the negotiation",
}


def describe(entry: NegotiationEntry, refs: dict[int, int] | None = None) -> str:
    """"Gil Locality Manager accepted proposal #1" (no time)."""
    # Proposals are numbered in their thread (1, 2, 3), as the thread page shows them.
    numbers = {seq: n for n, seq in enumerate(
        NegotiationEntry.objects.filter(thread_id=entry.thread_id, kind__in=[k.value for k in PROPOSAL_KINDS])
        .order_by("sequence").values_list("sequence", flat=True), start=1)}
    ref = ""
    if entry.refers_to_id:
        seq = (refs or {}).get(entry.refers_to_id)
        if seq is None:
            seq = NegotiationEntry.objects.filter(pk=entry.refers_to_id).values_list("sequence", flat=True).first()
        ref = f"#{numbers.get(seq, seq)}"
    level = ESCALATION_LABELS.get(EscalationLevel(entry.escalation_level), "") if entry.escalation_level else ""
    did = _DID[EntryKind(entry.kind)].format(id=f"#{numbers.get(entry.sequence, entry.sequence)}", ref=ref,
                                             level=level)
    return f"{entry.author_name} {did}"


def stale_message(latest: NegotiationEntry, missed: int) -> str:
    at = timezone.localtime(latest.at)
    more = f" (and {missed - 1} other {'entry' if missed == 2 else 'entries'} before it)" if missed > 1 else ""
    return (
        f"{describe(latest)} at {at:%H:%M} on {at.day} {at:%B %Y}{more}: your answer was not saved. "
        "Read the thread as it is now and answer again."
    )
