"""Writes on negotiations (D10, D11): each a keyword-only function, in one transaction,
with its audit event. Views, the API and commands call these; they hold no rules.

An entry names the last sequence its author saw (`seen`). The thread row is locked
(select_for_update) and its `last_sequence` compared: an answer to an older state of the
thread raises `StaleAnswer`, saying who did what at what time, and saves nothing. The
unique (thread, sequence) constraint is the second guard, for databases without row
locks. Whether an entry may be added at all is the domain's (`laa.domain.negotiation.
decide`); an accepted proposal's values are written to the target (or outcome) through
`laa.agreements.actions`, in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from laa import clock
from laa.agreements.models import Agreement
from laa.audit.trail import record
from laa.domain.composition import agreement_years
from laa.domain.negotiation import (
    PROPOSAL_KINDS,
    ChallengeReason,
    Entry,
    EntryKind,
    EscalationLevel,
    Side,
    ThreadKind,
    side_name,
)
from laa.domain.negotiation_thread import decide, derive
from laa.domain.signoff_locks import (
    content_editable,
    content_locked_message,
    frozen,
    negotiation_locked_message,
)
from laa.negotiation.actions_content import apply_settled_entry
from laa.negotiation.entries import champion_since, domain_entries, escalated, stale_message
from laa.negotiation.errors import NegotiationError, Refused, StaleAnswer
from laa.negotiation.models import Advice, Meeting, NegotiationEntry, NegotiationThread
from laa.negotiation.scopes import Subject, advising_department, speaking_side
from laa.negotiation.values import ValuesError, outcome_values, target_values
from laa.permissions import require

MAX_TEXT = 5000


def _name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return user.get_full_name() or user.get_username()


def _text(value: Any) -> str:
    return str(value or "").strip()


# ---- threads -----------------------------------------------------------------------------


def _read_thread(lookup: dict[str, Any]) -> NegotiationThread | None:
    """The subject's thread as it is now, unlocked (the concurrency tests hold both writers here)."""
    return NegotiationThread.objects.filter(**lookup).first()


def _locked_thread(subject: Subject) -> NegotiationThread:
    lookup = {"target": subject.target} if subject.target is not None else {"outcome": subject.outcome}
    thread = _read_thread(lookup)
    if thread is None:
        try:
            with transaction.atomic():
                thread = NegotiationThread.objects.create(
                    agreement=subject.agreement, kind=subject.kind, subject=subject.label[:300], **lookup
                )
        except IntegrityError:
            thread = NegotiationThread.objects.get(**lookup)  # opened by someone else meanwhile
    return NegotiationThread.objects.select_for_update().get(pk=thread.pk)


# Entries that write into the agreement's content (`apply_settled_entry`): refused outside draft,
# where the content cannot change (laa.domain.signoff_locks.content_editable).
WRITES_CONTENT = frozenset({EntryKind.ACCEPT, EntryKind.MOVE_TO_LOCAL, EntryKind.PLACEHOLDER})
# Entries that open a negotiation again: refused outside draft too (ADR 0007: every
# negotiation is settled before submission, so from then on a thread only closes).
OPENS_NEGOTIATION = frozenset({EntryKind.PROPOSAL, EntryKind.COUNTER_PROPOSAL, EntryKind.REOPEN})
DRAFT_ONLY = WRITES_CONTENT | OPENS_NEGOTIATION


def _check_open_agreement(subject: Subject, kind: EntryKind | None = None) -> None:
    """An approved agreement's negotiation is over; out of draft (submitted, agreed with
    the GO, approved by the council, recommended) the entries that would change its
    content (accept, move to local, placeholder) or open a negotiation again (proposal,
    counter-proposal, reopen) are refused, and others (those that close) may continue."""
    state = Agreement.objects.filter(pk=subject.agreement.pk).values_list("state", flat=True).first()
    if state is None:
        return
    if frozen(state):
        raise Refused(
            f"The agreement for {subject.agreement.area.name} is approved: its targets change only "
            "through a revision, not by negotiation."
        )
    if kind in WRITES_CONTENT and not content_editable(state):
        raise Refused(content_locked_message(state, subject.agreement.area.name))
    if kind in OPENS_NEGOTIATION and not content_editable(state):
        raise Refused(negotiation_locked_message(state, subject.agreement.area.name))


def _parse(kind: EntryKind, thread_kind: ThreadKind, subject: Subject, fields: dict[str, Any]) -> dict[str, Any]:
    """The entry's fields, checked; field problems raise NegotiationError."""
    problems: dict[str, str] = {}
    out: dict[str, Any] = {"values": None, "rationale": "", "challenge_reason": "", "level": "", "text": ""}
    text = _text(fields.get("text"))
    if len(text) > MAX_TEXT:
        problems["text"] = f"The text can have at most {MAX_TEXT} characters"
    out["text"] = text
    if kind in PROPOSAL_KINDS:
        try:
            if thread_kind is ThreadKind.PRIORITY_OUTCOME:
                out["values"] = outcome_values(fields.get("values") or {})
            else:
                agreement = subject.agreement
                years = agreement_years(agreement.period_start, agreement.period_end) or ("2008/09", "2009/10", "2010/11")
                out["values"] = target_values(fields.get("values") or {}, years=years, kind=thread_kind)
        except ValuesError as exc:
            problems.update(exc.problems)
        rationale = _text(fields.get("rationale"))
        if not rationale:
            problems["rationale"] = "Give the rationale for the proposal: the evidence and why this level"
        elif len(rationale) > MAX_TEXT:
            problems["rationale"] = f"The rationale can have at most {MAX_TEXT} characters"
        out["rationale"] = rationale
    elif kind is EntryKind.CHALLENGE:
        reason = _text(fields.get("challenge_reason"))
        if reason not in {r.value for r in ChallengeReason}:
            problems["challenge_reason"] = "Choose the kind of challenge: evidence, ambition, affordability or other"
        out["challenge_reason"] = reason
        if not text:
            problems["text"] = "Say what is challenged and why"
    elif kind is EntryKind.ESCALATE:
        level = _text(fields.get("level"))
        if level not in {lv.value for lv in EscalationLevel}:
            problems["level"] = "Choose who the dispute goes to"
        out["level"] = level
        if not text:
            problems["text"] = "Say what is in dispute"
    elif kind is EntryKind.RESOLVE and not text:
        problems["text"] = "Record what was decided"
    elif kind is EntryKind.REOPEN and not text:
        problems["text"] = "Give the reason for reopening the negotiation"
    if problems:
        raise NegotiationError(problems)
    return out


NOT_A_SIDE = "You do not speak for either side in this negotiation"


def add_entry(
    *,
    actor,
    subject: Subject,
    kind: EntryKind | str,
    seen: int,
    proposal: int | None = None,
    on_behalf_of=None,
    meeting: Meeting | int | str | None = None,
    **fields: Any,
) -> NegotiationEntry:
    """Add one entry to the subject's thread (opening the thread with its first proposal).

    `seen`: the thread's last sequence the author read (0 for a thread not yet opened).
    `proposal`: for an acceptance, the sequence of the proposal accepted.
    `meeting`: the meeting (or its id) of the agreement where this was settled, if any.
    `fields`: values, rationale, challenge_reason, level, text."""
    try:
        kind = EntryKind(kind)
    except ValueError:
        raise NegotiationError({"kind": f"{kind!r} is not something a negotiation records"}) from None
    if on_behalf_of is not None and kind not in {EntryKind.CHALLENGE, EntryKind.COUNTER_PROPOSAL}:
        raise NegotiationError({"on_behalf_of": "Only a challenge or a counter-proposal is put forward for a department"})
    require(actor, "negotiation.speak", subject, refusal=NOT_A_SIDE)
    with transaction.atomic():
        _check_open_agreement(subject, kind)
        thread = _locked_thread(subject)
        thread_kind = ThreadKind(thread.kind)
        # The side is the thread's: a thread keeps the kind it was opened with.
        side = speaking_side(actor, subject, thread_kind)
        if side is None:
            raise PermissionDenied(NOT_A_SIDE)
        if kind is EntryKind.RESOLVE and side is not Side.GOVERNMENT:
            raise Refused(
                f"{side_name(Side.GOVERNMENT, thread_kind)[0].upper()}{side_name(Side.GOVERNMENT, thread_kind)[1:]} "
                "records a dispute's resolution, whoever settled it."
            )
        if on_behalf_of is not None and side is not Side.GOVERNMENT:
            raise NegotiationError({"on_behalf_of": "Only the government side puts forward a department's view"})
        rows = list(thread.entries.order_by("sequence"))
        if thread.last_sequence != seen:
            if thread.last_sequence > seen and rows:
                raise StaleAnswer(stale_message(rows[-1], thread.last_sequence - seen), rows[-1])
            raise StaleAnswer(
                f"The thread has {thread.last_sequence} entries, not {seen}: reload it and answer again. "
                "Your answer was not saved."
            )
        parsed = _parse(kind, thread_kind, subject, fields)
        settled_at = _meeting_of(subject, meeting)
        since = champion_since(subject.agreement.pk) if (kind is EntryKind.ESCALATE or escalated(rows)) else None
        entries = domain_entries(rows)
        state = derive(entries, kind=thread_kind, champion_since=since)
        by_sequence = {r.sequence: r for r in rows}
        refers_to = None
        if kind is EntryKind.ACCEPT:
            if proposal is None:
                raise NegotiationError({"proposal": "Say which proposal is accepted"})
            refers_to = by_sequence.get(proposal)
            if refers_to is None or refers_to.kind not in PROPOSAL_KINDS:
                raise Refused(f"There is no proposal #{proposal} in this thread.")
        elif kind in {EntryKind.COUNTER_PROPOSAL, EntryKind.CHALLENGE} and state.open_proposal is not None:
            refers_to = by_sequence.get(int(state.open_proposal.entry_id[1:]))
        at = clock.now()
        if thread.last_at is not None and at < thread.last_at:
            at = thread.last_at  # a replayed day (LAA_TODAY) earlier than the thread's last entry
        entry = Entry(
            entry_id=f"#{seen + 1}",
            kind=kind,
            side=side,
            at=at,
            values=parsed["values"],
            rationale=parsed["rationale"],
            proposal_id=f"#{proposal}" if kind is EntryKind.ACCEPT else None,
            challenge_reason=ChallengeReason(parsed["challenge_reason"]) if parsed["challenge_reason"] else None,
            level=EscalationLevel(parsed["level"]) if parsed["level"] else None,
            text=parsed["text"],
            by=_name(actor),
        )
        decision = decide(entries, entry, kind=thread_kind, champion_since=since)
        if not decision.allowed:
            raise Refused(decision.reason)
        row = NegotiationEntry(
            thread=thread, sequence=seen + 1, kind=kind, side=side, author=actor, author_name=_name(actor),
            role=getattr(actor, "role", "") or "", on_behalf_of=on_behalf_of, at=at,
            values=parsed["values"], rationale=parsed["rationale"], refers_to=refers_to,
            challenge_reason=parsed["challenge_reason"], escalation_level=parsed["level"], text=parsed["text"],
            meeting=settled_at,
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            latest = thread.entries.order_by("-sequence").first()
            raise StaleAnswer(stale_message(latest, 1) if latest else "The thread changed.", latest) from None
        after = decision.state
        assert after is not None
        updated = NegotiationThread.objects.filter(pk=thread.pk, last_sequence=seen).update(
            status=after.status.value if after.status else "",
            turn=after.turn.value if after.turn else "",
            dispute_open=after.dispute_open,
            escalation_level=after.escalation_level.value if after.escalation_level else "",
            last_sequence=row.sequence,
            last_at=row.at,
        )
        if updated != 1:  # pragma: no cover - the row lock and the unique constraint prevent it
            raise StaleAnswer("Someone answered at the same moment: your answer was not saved.")
        # What the person must restate after the agreed values were written (D20: a reward
        # element that no longer fits them), for the page or the API to say.
        row.notices = apply_settled_entry(actor=actor, subject=subject, kind=kind, row=row, refers_to=refers_to)
        record(actor=actor, action=f"negotiation-{kind.value.replace('_', '-')}", instance=row, before=None,
               reason=f"{subject.agreement.area.name}: {subject.label}")
    return row


def _meeting_of(subject: Subject, meeting: Meeting | int | str | None) -> Meeting | None:
    """The agreement's meeting where an entry was settled; any other is a field error."""
    if meeting is None or meeting == "":
        return None
    if isinstance(meeting, Meeting):
        if meeting.agreement_id == subject.agreement.pk:
            return meeting
        found = None
    else:
        try:
            number = int(str(meeting).strip())
            found = (Meeting.objects.filter(agreement=subject.agreement, pk=number).first()
                     if 0 < number < 2**63 else None)
        except (TypeError, ValueError):
            raise NegotiationError({"meeting": "Choose one of the agreement's meetings, by its number"}) from None
    if found is None:
        raise NegotiationError({"meeting": f"There is no meeting {getattr(meeting, 'pk', meeting)} of "
                                           f"{subject.agreement.area.name}'s agreement: choose one of its meetings"})
    return found


# ---- department advice -------------------------------------------------------------------


def give_advice(*, actor, subject: Subject, text: str) -> Advice:
    require(actor, "negotiation.advise", subject,
            refusal="Only the department whose indicator the target is on advises on it")
    department = advising_department(actor, subject)
    text = _text(text)
    if not text:
        raise NegotiationError({"advice": "Enter your advice to the Government Office"})
    if len(text) > MAX_TEXT:
        raise NegotiationError({"advice": f"The advice can have at most {MAX_TEXT} characters"})
    with transaction.atomic():
        thread = _locked_thread(subject)
        advice = Advice.objects.create(
            thread=thread, department=department, author=actor, author_name=_name(actor), at=clock.now(), text=text,
        )
        record(actor=actor, action="negotiation-advice", instance=advice, before=None,
               reason=f"{subject.agreement.area.name}: {subject.label}")
    return advice
