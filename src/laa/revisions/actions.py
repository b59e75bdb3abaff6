"""Revisions' writes (ADR 0021): each a keyword-only function, permission first
(`laa.permissions.require`), then one transaction with its audit event. The rules are
the domain's (`laa.domain.revisions`).

A revision's state moves by a compare-and-set on the state the person saw, beside an
append-only status row; a consent or a consultation first moves the revision's
`version` on by an update that matches only while it is open, so nothing is added to a
revision that was approved, refused or withdrawn meanwhile. Approval also locks the
agreement's row and writes its next version only if the revision changes the agreement's
last version: of two revisions approved at once, one writes version N+1; the other finds
it and is refused, saying which revision made it, with nothing of its own lost.
"""

from __future__ import annotations

from datetime import date

import rules
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q

from laa import clock
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.audit.trail import record, snapshot
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.refresh import refresh_consents
from laa.domain.reviews import APPROVED_STATES
from laa.domain.revisions import (
    OPEN_STATES,
    STEPS,
    Item,
    RevisionKind,
    RevisionState,
    apply_items,
    approval_refusal,
    approver_words,
    consents_needed,
    item_problems,
    needs_consultation,
    one_month_refusal,
    refuse_step,
    revision_kind,
)
from laa.domain.signoff_guards import long_date
from laa.permissions import ActionError, actor_name, require
from laa.revisions.changes import apply_to_rows, item_row, items_of, unknown_indicators
from laa.revisions.models import Consent, Consultation, Revision, RevisionStatus
from laa.signoff.versions import (
    approved_content,
    latest_version,
    record_version,
    version_draft,
    versions_of,
)

PROPOSERS = "Only the partnership officer of the agreement's area proposes, consults on and withdraws its revisions."
CONSENTERS = "Only a partner authority of the agreement's area records its organisation's consent."


class RevisionError(ActionError):
    """A revision step or record that did not happen. Nothing was written."""


class RevisionConflict(RevisionError):
    """Someone else moved the revision, or the agreement, meanwhile."""

    status = 409


def approval_days(agreement: Agreement) -> tuple[date | None, list[date]]:
    """The day the agreement was approved (its first version's) and the days its approved
    revisions that included local targets were made (the versions they wrote)."""
    first = versions_of(agreement).first()
    including_local = Q(kind=RevisionKind.LOCAL) | Q(kind=RevisionKind.REFRESH, includes_local=True)
    local = Revision.objects.filter(including_local, agreement=agreement, state=RevisionState.APPROVED,
                                    made__isnull=False).values_list("made__in_force_from", flat=True)
    return (first.in_force_from if first else None), list(local)


def month_refusal(agreement: Agreement, kind: RevisionKind | None, today: date) -> str:
    approved_on, local_days = approval_days(agreement)
    return one_month_refusal(kind, today, approved_on, local_days) if approved_on else ""


def add_status(actor, revision: Revision, step: str, from_state: str | None, *, reason: str = "") -> RevisionStatus:
    return RevisionStatus.objects.create(
        revision=revision, step=step, from_state=from_state or "", to_state=STEPS[step].to_state,
        role=role_of(actor) or "", reason=reason.strip(), by=actor, by_name=actor_name(actor), at=clock.now())


def propose_revision(*, actor, agreement: Agreement, items: list[Item], reason: str, review=None) -> Revision:
    """Propose changes to the approved agreement's targets (its last version), with the reason;
    `review`: the agreement's annual review it is made at (an un-designation, ADR 0028)."""
    require(actor, "revisions.propose_revision", agreement, refusal=PROPOSERS)
    if agreement.state not in APPROVED_STATES:
        raise RevisionError(f"{agreement.area.name}'s agreement is not approved yet: until it is, its targets "
                            "change through negotiation.", {"items": "The agreement is not approved"}, status=409)
    base = latest_version(agreement)
    assert base is not None  # an approved agreement has its first version
    draft = version_draft(base)
    problems = item_problems(items, draft) or unknown_indicators(items, agreement)
    if not reason.strip():
        problems["reason"] = "Give the reason for the change"
    elif len(reason) > MAX_TEXT_CHARS:
        problems["reason"] = f"The reason must be {MAX_TEXT_CHARS:,} characters or fewer"
    if problems:
        raise RevisionError("; ".join(problems.values()), problems)
    kind = revision_kind(items, draft)
    assert kind is not None
    refusal = month_refusal(agreement, kind, clock.today())
    if refusal:
        raise RevisionError(refusal, {"items": refusal}, status=409)
    try:
        with transaction.atomic():
            last = Revision.objects.filter(agreement=agreement).aggregate(last=Max("number"))["last"] or 0
            revision = Revision.objects.create(agreement=agreement, number=last + 1, kind=kind,
                                               state=RevisionState.PROPOSED, reason=reason.strip(),
                                               proposed_on=clock.today(), based_on=base, review=review)
            for i, item in enumerate(items):
                item_row(revision, item, i).save()
            add_status(actor, revision, "propose", None, reason=reason)
            record(actor=actor, action="revision-propose", instance=revision, before=None,
                   reason=f"{kind.label}: " + "; ".join(f"{i.kind.label} {i.target}" for i in items))
            if not consents_needed(items, draft):  # nobody's consent to wait for
                Revision.objects.filter(pk=revision.pk).update(state=RevisionState.CONSENTED)
                add_status(actor, revision, "consents_complete", RevisionState.PROPOSED,
                        reason="No partner authority is signed up to the targets changed")
                revision.refresh_from_db()
    except IntegrityError:
        raise RevisionConflict("Another revision of the agreement was proposed at the same moment; "
                               "yours was not recorded: propose it again.") from None
    return revision


def needed_consents(revision: Revision) -> tuple[str, ...]:
    """The partner authorities concerned; for a refresh, the Government Office's agreement first."""
    if revision.kind == RevisionKind.REFRESH:
        return refresh_consents(items_of(revision), version_draft(revision.based_on), government_office(revision))
    return consents_needed(items_of(revision), version_draft(revision.based_on))


def government_office(revision: Revision) -> str:
    return revision.agreement.area.region.government_office


def month_kind(revision: Revision) -> RevisionKind:
    """The kind s110(3) sees: a refresh that changes a local target counts as local."""
    kind = RevisionKind(revision.kind)
    return RevisionKind.LOCAL if kind is RevisionKind.REFRESH and revision.includes_local else kind


def answering_for(actor, revision: Revision) -> str:
    """The organisation the person answers for: the Government Office, for a refresh it
    negotiates; otherwise their own organisation (a partner authority)."""
    if revision.kind == RevisionKind.REFRESH and rules.has_perm("revisions.agree_refresh", actor, revision.agreement):
        return government_office(revision)
    require(actor, "revisions.record_consent", revision.agreement, refusal=CONSENTERS)
    return actor.organisation.name if getattr(actor, "organisation", None) else ""


def _lock_open(revision: Revision, what: str) -> Revision:
    """Move the revision's version on while it is open (and hold its row); refuse otherwise."""
    moved = Revision.objects.filter(pk=revision.pk, state__in=OPEN_STATES).update(version=F("version") + 1)
    current = Revision.objects.select_related("agreement__area", "based_on").get(pk=revision.pk)
    if moved == 0:
        raise RevisionConflict(f"Revision {current.number} is {current.get_state_display().lower()}: "
                               f"{what} is no longer possible.")
    return current


def record_consent(*, actor, revision: Revision, consents: bool | None, note: str = "") -> Consent:
    """The partner authority's consent (True) or refusal (False) for its own organisation.
    A refusal refuses the revision (it needs every consent); the last consent completes them."""
    organisation = answering_for(actor, revision)
    needed = needed_consents(revision)
    if organisation not in needed:
        raise RevisionError(f"{organisation or 'Your organisation'} is not signed up to the targets this revision "
                            f"changes: the consents needed are {', '.join(needed) or 'none'}.",
                            {"consents": "Your organisation's consent is not needed"}, status=403)
    if consents is None:
        raise RevisionError("Choose whether your organisation consents", {"consents": "Choose consent or refuse"})
    if not consents and not note.strip():
        raise RevisionError("Give the reason your organisation refuses", {"note": "Give the reason for refusing"})
    if len(note) > MAX_TEXT_CHARS:
        raise RevisionError("The note is too long", {"note": f"At most {MAX_TEXT_CHARS:,} characters"})
    with transaction.atomic():
        current = _lock_open(revision, "recording a consent")
        try:
            with transaction.atomic():
                made = Consent.objects.create(revision=current, organisation=organisation, consents=consents,
                                              note=note.strip(), by=actor, by_name=actor_name(actor), at=clock.now())
        except IntegrityError:
            raise RevisionConflict(f"{organisation}'s answer to revision {current.number} is already recorded.") from None
        record(actor=actor, action="revision-consent", instance=made, before=None,
               reason=f"{organisation} {'consents' if consents else 'refuses'}")
        given = set(Consent.objects.filter(revision=current, consents=True).values_list("organisation", flat=True))
        step = None
        if not consents:
            step, why = "refuse", f"{organisation} refuses its consent: {note.strip()}"
        elif current.state == RevisionState.PROPOSED and set(needed) <= given:
            step, why = "consents_complete", f"Every consent needed is given ({', '.join(needed)})"
        if step is not None:
            before = snapshot(current)
            Revision.objects.filter(pk=current.pk).update(state=STEPS[step].to_state)
            add_status(actor, current, step, current.state, reason=why)
            current.refresh_from_db()
            record(actor=actor, action=f"revision-{step.replace('_', '-')}", instance=current, before=before, reason=why)
    return made


def record_consultation(*, actor, revision: Revision, held_on: date | None, summary: str) -> Consultation:
    """The record that the voluntary partners were consulted (a local revision, or a
    refresh that changes a local target)."""
    require(actor, "revisions.propose_revision", revision.agreement, refusal=PROPOSERS)
    problems = {}
    if not needs_consultation(RevisionKind(revision.kind), includes_local=revision.includes_local):
        problems["summary"] = ("This revision changes no local target, so the voluntary partners are not consulted "
                               "on it here: the Secretary of State approves it")
    if held_on is None:
        problems["held_on"] = "Give the day the voluntary partners were consulted, like 20 8 2008"
    elif held_on > clock.today():
        problems["held_on"] = "The day of the consultation must be today or in the past"
    if not summary.strip():
        problems["summary"] = "Say who was consulted and what they said"
    elif len(summary) > MAX_TEXT_CHARS:
        problems["summary"] = f"At most {MAX_TEXT_CHARS:,} characters"
    if problems:
        raise RevisionError("; ".join(problems.values()), problems)
    assert held_on is not None
    with transaction.atomic():
        current = _lock_open(revision, "recording the consultation")
        made = Consultation.objects.create(revision=current, held_on=held_on, summary=summary.strip(),
                                           by=actor, by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="revision-consultation", instance=made, before=None)
    return made


def _step_permission(actor, revision: Revision, step: str) -> None:
    if step == "withdraw":
        require(actor, "revisions.propose_revision", revision.agreement, refusal=PROPOSERS)
    else:
        require(actor, "revisions.approve_revision", revision,
                refusal=f"Only {approver_words(RevisionKind(revision.kind))} approves or refuses this revision.")


def take_step(*, actor, revision: Revision, step: str, expected_state: str, reason: str = "") -> Revision:
    """Approve, refuse or withdraw the revision, from the state the person saw."""
    if step not in {"approve", "refuse", "withdraw"}:
        raise RevisionError(f"There is no step '{step[:30]}': approve, refuse or withdraw.", {"step": "Choose a step"})
    _step_permission(actor, revision, step)
    try:
        seen = RevisionState(expected_state)
    except ValueError:
        raise RevisionError(f"expected_state must be the state you saw, not '{expected_state[:30]}'.",
                            {"expected_state": "Give the state you saw"}) from None
    refusal = refuse_step(step, seen, reason=reason)
    if refusal:
        raise RevisionError(refusal, {"reason" if "reason" in refusal else "step": refusal}, status=409
                            if "cannot be" in refusal else 422)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related("area").get(pk=revision.agreement_id)
        before = snapshot(Revision.objects.get(pk=revision.pk))
        moved = Revision.objects.filter(pk=revision.pk, state=seen).update(state=STEPS[step].to_state,
                                                                           version=F("version") + 1)
        current = Revision.objects.select_related("based_on").get(pk=revision.pk)
        if moved == 0:
            last = RevisionStatus.objects.filter(revision=current).order_by("-id").first()
            who = f" by {last.by_name}" if last else ""
            raise RevisionConflict(f"Revision {current.number} was {STEPS[last.step].past if last else 'moved'}{who} "
                                   f"meanwhile, so it is no longer {seen.value} as when you looked. "
                                   f"Your request to {step} it was not recorded.")
        if step == "approve":
            _approve(actor, agreement, current)
        add_status(actor, current, step, seen, reason=reason)
        current.refresh_from_db()
        record(actor=actor, action=f"revision-{step}", instance=current, before=before, reason=reason.strip())
    return current


def _approve(actor, agreement: Agreement, revision: Revision) -> None:
    """Write the agreement's next version (in force from today) with the changes made, and
    make the live targets say the same. Inside the step's transaction, the agreement locked."""
    kind = RevisionKind(revision.kind)
    last = latest_version(agreement)
    assert last is not None
    if last.pk != revision.based_on_id:
        made_by = getattr(last, "made_by_revision", None)
        how = f"by revision {made_by.number}" if made_by else "at the refresh"
        raise RevisionConflict(
            f"Version {last.number} of the agreement was approved {how} on {long_date(last.in_force_from)}, after "
            f"revision {revision.number} was proposed on version {revision.based_on.number}: it was not approved "
            f"and stays {revision.get_state_display().lower()} as it was. Propose its change again on version "
            f"{last.number}.")
    today = clock.today()
    refusal = month_refusal(agreement, month_kind(revision), today)
    consented = Consent.objects.filter(revision=revision, consents=True).values_list("organisation", flat=True)
    refusal = refusal or approval_refusal(kind, needed=needed_consents(revision), consented=list(consented),
                                          voluntary_consulted=Consultation.objects.filter(revision=revision).exists(),
                                          includes_local=revision.includes_local)
    if refusal:
        raise RevisionError(refusal, {"step": refusal}, status=409)
    items = items_of(revision)
    revised = apply_items(version_draft(last), items)
    document, fingerprint = approved_content(revised)
    version = record_version(agreement=agreement, status=None, document=document, content_hash=fingerprint,
                             in_force_from=today, approved_by_name=actor_name(actor), approved_role=role_of(actor) or "",
                             approved_at=clock.now())
    Revision.objects.filter(pk=revision.pk).update(made=version)
    apply_to_rows(agreement, items, revised)
    Agreement.objects.filter(pk=agreement.pk).update(content_hash=fingerprint, version=F("version") + 1)
