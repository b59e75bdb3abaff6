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

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from laa import clock
from laa.audit.trail import record
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
    decide,
    derive,
    side_name,
)
from laa.domain.signoff import (
    content_editable,
    content_locked_message,
    frozen,
    negotiation_locked_message,
)
from laa.negotiation.models import (
    Advice,
    Champion,
    Meeting,
    NegotiationEntry,
    NegotiationThread,
)
from laa.negotiation.scopes import Subject, advising_department, speaking_side
from laa.negotiation.values import ValuesError, outcome_values, target_values
from laa.permissions import AgreedInNegotiation

MAX_TEXT = 5000


class NegotiationError(ValueError):
    """Bad input: each problem names its field. Nothing was saved."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


class Refused(Exception):
    """The negotiation's rules refuse the entry (the reason says why). Nothing was saved."""


class StaleAnswer(Exception):
    """Someone wrote to the thread after the author last read it. Nothing was saved."""

    def __init__(self, message: str, latest: NegotiationEntry | None = None):
        self.latest = latest
        super().__init__(message)


def _name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return user.get_full_name() or user.get_username()


def _text(value: Any) -> str:
    return str(value or "").strip()


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


def _escalated(rows: list[NegotiationEntry]) -> bool:
    return any(r.kind == EntryKind.ESCALATE for r in rows)


def thread_state(thread: NegotiationThread | None, rows: list[NegotiationEntry],
                 since: datetime | None = None) -> ThreadState:
    if thread is None:
        return derive(())
    if since is None and _escalated(rows):  # only escalations depend on the champion
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


# Entries that write into the agreement's content (`_apply`): refused outside draft,
# where the content cannot change (laa.domain.signoff.content_editable).
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
    from laa.agreements.models import Agreement

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
                from laa.domain.composition import agreement_years

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
    with transaction.atomic():
        _check_open_agreement(subject, kind)
        thread = _locked_thread(subject)
        thread_kind = ThreadKind(thread.kind)
        side = speaking_side(actor, subject, thread_kind)
        if side is None:
            raise PermissionDenied("You do not speak for either side in this negotiation")
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
        since = champion_since(subject.agreement.pk) if (kind is EntryKind.ESCALATE or _escalated(rows)) else None
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
        row.notices = _apply(actor=actor, subject=subject, kind=kind, row=row, refers_to=refers_to)
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


def _apply(*, actor, subject: Subject, kind: EntryKind, row: NegotiationEntry, refers_to) -> list[str]:
    """Write what was agreed into the agreement's content (same transaction); the notices
    of the target written (what must be restated), if any."""
    if kind is EntryKind.ACCEPT:
        values = refers_to.values or {}
        if subject.target is not None:
            return _apply_to_target(actor, subject, lambda draft: _with_values(draft, values, subject))
        _apply_to_outcome(actor, subject, values)
    elif kind is EntryKind.MOVE_TO_LOCAL and subject.target is not None:
        return _apply_to_target(actor, subject, lambda draft: replace(draft, category="local"))
    elif kind is EntryKind.PLACEHOLDER and subject.target is not None:
        from laa.domain.composition import Placeholder

        reason = row.text or "Agreed in negotiation: the target is set at the first annual review."
        return _apply_to_target(
            actor, subject,
            lambda draft: replace(draft, placeholder=Placeholder(reason=reason, set_at="the first annual review")),
        )
    return []


def _problem_text(exc: Exception) -> str:
    problems = getattr(exc, "problems", None)
    if problems:
        return "; ".join(f"{k.removeprefix('target.')}: {v}" for k, v in problems.items())
    return str(exc)


def _apply_to_target(actor, subject: Subject, change) -> list[str]:
    from laa.agreements.actions import AgreementError, FrozenAgreement, StaleEdit, save_target
    from laa.agreements.convert import target_to_draft
    from laa.agreements.models import Target

    target = Target.objects.select_related("indicator", "agreement", "agreement__area").get(pk=subject.target.pk)
    outcome_keys = dict(target.agreement.outcomes.values_list("id", "key"))
    draft = change(target_to_draft(target, outcome_keys))
    try:
        saved = save_target(actor=AgreedInNegotiation(actor, target.agreement_id), agreement=target.agreement,
                            draft=draft, target=target)
    except (AgreementError, StaleEdit, FrozenAgreement) as exc:
        raise Refused(f"The agreed values could not be written to the target ({_problem_text(exc)}). "
                      "Nothing was saved.") from exc
    return list(saved.notices)


def _with_values(draft, values: dict[str, Any], subject: Subject):
    from laa.domain.composition import PartnerSignUp
    from laa.places.models import Organisation

    baseline = values.get("baseline") or {}
    value = baseline.get("value")
    existing = {p.organisation: p for p in draft.partners}
    names = list(values.get("partners") or [])
    found = Organisation.objects.filter(Q(area__isnull=True) | Q(area=subject.agreement.area), name__in=names)
    known = {o.name: o for o in sorted(found, key=lambda o: o.area_id is not None)}  # the area's own wins
    partners = []
    for name in names:
        if name in existing:
            partners.append(existing[name])
            continue
        org = known.get(name)
        duty = "have_regard" if org is not None and org.is_partner_authority else "voluntary"
        partners.append(PartnerSignUp(organisation=name, duty=duty, lead=False))  # type: ignore[arg-type]
    return replace(
        draft,
        category=values.get("category") or draft.category,
        baseline=replace(draft.baseline, value=None if value in (None, "") else Decimal(str(value)),
                         period=baseline.get("period") or None),
        yearly={year: Decimal(str(v)) for year, v in (values.get("targets") or {}).items() if v not in (None, "")},
        partners=tuple(partners),
    )


def _apply_to_outcome(actor, subject: Subject, values: dict[str, Any]) -> None:
    from laa.agreements.actions import AgreementError, FrozenAgreement, StaleEdit, save_outcome
    from laa.agreements.models import Agreement, Outcome

    outcome = Outcome.objects.get(pk=subject.outcome.pk)
    agreement = Agreement.objects.select_for_update().select_related("area").get(pk=outcome.agreement_id)
    try:
        save_outcome(
            actor=AgreedInNegotiation(actor, agreement.pk), agreement=agreement, version=agreement.version, key=outcome.key,
            title=values.get("title") or outcome.title, theme=values.get("theme", outcome.theme) or "",
            evidence=outcome.evidence, criteria=outcome.criteria, assessment=outcome.assessment, outcome=outcome,
        )
    except (AgreementError, StaleEdit, FrozenAgreement) as exc:
        raise Refused(f"The agreed outcome could not be written to the agreement ({_problem_text(exc)}). "
                      "Nothing was saved.") from exc


# ---- department advice -------------------------------------------------------------------


def give_advice(*, actor, subject: Subject, text: str) -> Advice:
    department = advising_department(actor, subject)
    if department is None:
        raise PermissionDenied("Only the department whose indicator the target is on advises on it")
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
