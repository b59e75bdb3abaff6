"""Sign-off writes: each a keyword-only function, in one transaction, with its audit event.

`transition` asks the domain (`laa.domain.signoff.decide`) whether the person's role may
take the step from the state they saw and whether its guards pass, then moves the
agreement by a compare-and-set on (state, version): of two people approving at once,
exactly one update matches; the other gets `TransitionConflict` saying who moved the
agreement and when, and nothing of theirs is half-written.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.db import IntegrityError, transaction
from django.utils import timezone

from laa import clock
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.agreements.tasks import print_document
from laa.audit.trail import record, snapshot
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.roles import ROLE_LABELS, Role
from laa.domain.signoff import (
    STATE_LABELS,
    TRANSITIONS,
    Decision,
    Refusal,
    SignOffState,
    Transition,
    decide,
)
from laa.domain.signoff_guards import Guard, long_date, parse_council_body
from laa.domain.signoff_locks import content_editable
from laa.signoff.checks import approved_content_of, context_for, cycle_of, rule_check
from laa.signoff.models import (
    DistrictAdoption,
    SignOffStatus,
    WarningAcknowledgement,
)
from laa.signoff.versions import record_version

# Which form field a refused guard is about (for error messages next to the field).
GUARD_FIELDS = {
    Guard.COUNCIL_BODY: "council_body",
    Guard.REASON_GIVEN: "reason",
    Guard.DISTRICT_OF_TWO_TIER_AREA: "district",
}
# Kinds of refusal, and the HTTP status the API answers each with.
STATUS_FOR = {"unknown": 404, "role": 403, "scope": 403, "state": 409, "guard": 422, "input": 422}


class SignOffError(Exception):
    """A sign-off step that did not happen. Nothing was written."""


class TransitionRefused(SignOffError):
    """Refused by role, scope, state, a guard or bad input: `kind` says which, `field`
    names the input concerned (if any), the message says why in plain English."""

    def __init__(self, message: str, kind: str, *, field: str = "", decision: Decision | None = None):
        super().__init__(message)
        self.message, self.kind, self.field, self.decision = message, kind, field, decision

    @property
    def status(self) -> int:
        return STATUS_FOR[self.kind]

    @classmethod
    def from_decision(cls, decision: Decision) -> TransitionRefused:
        kind = {
            Refusal.UNKNOWN_TRANSITION: "unknown",
            Refusal.ROLE: "role",
            Refusal.STATE: "state",
            Refusal.GUARD: "guard",
        }[decision.refusal]  # type: ignore[index]
        field = ""
        t = TRANSITIONS.get(decision.transition)
        if kind == "guard" and t is not None:
            field = next((GUARD_FIELDS[g] for g in t.guards if g in GUARD_FIELDS), "")
        return cls(decision.reason, kind, field=field, decision=decision)


class TransitionConflict(SignOffError):
    """Someone else moved (or changed) the agreement since the person looked at it."""

    def __init__(self, message: str, *, current_state: str, last_row: SignOffStatus | None):
        super().__init__(message)
        self.message, self.current_state, self.last_row = message, current_state, last_row

    status = 409


class AcknowledgementError(SignOffError):
    """Bad input for an acknowledgement: each problem names the field. Nothing was saved."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems

    status = 422


@dataclass
class TransitionResult:
    agreement: Agreement
    transition: Transition
    status: SignOffStatus | None = None  # the new status row (state-changing steps)
    adoption: DistrictAdoption | None = None  # the district's adoption (adopt_district)

    @property
    def message(self) -> str:
        if self.adoption is not None:
            return f"{self.adoption.district.name}'s adoption of its targets has been recorded."
        return f"The agreement is now '{STATE_LABELS[SignOffState(self.agreement.state)]}'."


def _name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if getattr(actor, "is_authenticated", False) else "system"


def _when(row) -> str:
    at = timezone.localtime(row.at)
    return f"{long_date(at.date())} at {at:%H:%M}"


def last_status(agreement: Agreement) -> SignOffStatus | None:
    return SignOffStatus.objects.filter(agreement=agreement).order_by("-id").first()


def _conflict(agreement_id: int, seen_state: SignOffState, seen_version: int | None, t: Transition) -> TransitionConflict:
    current = Agreement.objects.get(pk=agreement_id)
    last = last_status(current)
    state_label = STATE_LABELS[SignOffState(current.state)]
    yours = f"Your request to {t.label[0].lower() + t.label[1:]} was not recorded and nothing else was changed"
    if current.state != seen_state:
        if last is not None and last.to_state == current.state:
            role = ROLE_LABELS.get(Role(last.role), last.role) if last.role else ""
            by = f"{last.by_name}, {role}" if role else last.by_name
            happened = f"The agreement was {TRANSITIONS[last.transition].past} on {_when(last)} (recorded by {by})"
        else:
            happened = "Someone else moved the agreement"
        message = (
            f"{happened}, so it is now '{state_label}', not '{STATE_LABELS[seen_state]}' as when you "
            f"looked. {yours}: check the agreement and try again if you still need to."
        )
    else:
        message = (
            f"The agreement was changed (version {seen_version}, now {current.version}) while you were "
            f"taking this step. {yours}: check the changes and try again."
        )
    return TransitionConflict(message, current_state=current.state, last_row=last)


def may_act(actor, agreement: Agreement) -> bool:
    """Whether the person's scope covers the agreement (their area, region, or national)."""
    return rules.has_perm("signoff.act_on_agreement", actor, agreement)


def transition(
    *,
    actor,
    agreement: Agreement,
    transition: str,
    expected_state: str,
    reason: str = "",
    council_body: str = "",
    district: str = "",
    note: str = "",
) -> TransitionResult:
    """Take one sign-off step on the agreement, from `expected_state` (the state the person
    saw). Raises `TransitionRefused` or `TransitionConflict`; writes nothing then."""
    role = role_of(actor)
    for name, value in (("reason", reason), ("note", note)):
        if len(value or "") > MAX_TEXT_CHARS:
            raise TransitionRefused(
                f"The {name} must be {MAX_TEXT_CHARS:,} characters or fewer (it has {len(value):,}).",
                "input", field=name,
            )
    try:
        seen = SignOffState(expected_state)
    except ValueError:
        states = ", ".join(s.value for s in SignOffState)
        raise TransitionRefused(
            f"expected_state must be the state you saw, one of: {states}; not '{expected_state}'.",
            "input", field="expected_state",
        ) from None
    first = decide(transition, current_state=seen, role=role)
    if first.refusal in {Refusal.UNKNOWN_TRANSITION, Refusal.ROLE}:
        raise TransitionRefused.from_decision(first)
    t = TRANSITIONS[transition]
    if not may_act(actor, agreement):
        raise TransitionRefused(
            f"You can {t.label[0].lower() + t.label[1:]} only for agreements within your own "
            f"{'area' if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY} else 'region'}.",
            "scope",
        )
    if council_body:  # one spelling stored, whichever was typed (laa.domain.signoff_guards.parse_council_body)
        parsed_body = parse_council_body(council_body)
        council_body = parsed_body.value if parsed_body is not None else council_body
    with transaction.atomic():
        current = Agreement.objects.select_related("area", "round").get(pk=agreement.pk)
        if current.state != seen:
            raise _conflict(current.pk, seen, None, t)
        context = context_for(current, t, reason=reason, council_body=council_body, district=district)
        decision = decide(transition, current_state=seen, role=role, context=context)
        if not decision.allowed:
            raise TransitionRefused.from_decision(decision)
        adopted_district = None
        if Guard.DISTRICT_OF_TWO_TIER_AREA in t.guards:
            adopted_district = current.area.districts.get(name=context.district)
            if not rules.has_perm("signoff.record_district_adoption", actor, adopted_district):
                raise TransitionRefused(
                    f"Only the partnership officer, or a partner authority user of "
                    f"{adopted_district.name}'s own council, can record {adopted_district.name}'s adoption.",
                    "scope", field="district",
                )
        before = snapshot(current)
        new_state = SignOffState(decision.to_state)  # type: ignore[arg-type]
        # The compare-and-set: only one of two concurrent steps finds the state (and the
        # content's version) it saw. For a record that keeps the state (a district's
        # adoption) it still locks the agreement, so it cannot slip past an approval.
        moved = Agreement.objects.filter(pk=current.pk, state=seen, version=current.version).update(state=new_state)
        if moved == 0:
            raise _conflict(current.pk, seen, current.version, t)
        now = clock.now()
        changes: dict[str, object] = {}
        approved_document = ""
        if new_state == SignOffState.APPROVED and t.changes_state:
            approved_document, changes["content_hash"] = approved_content_of(current)
        if new_state == SignOffState.PUBLISHED and t.changes_state:
            changes["published_at"] = now
        if changes:
            Agreement.objects.filter(pk=current.pk).update(**changes)
        current.refresh_from_db()
        result = TransitionResult(current, t)
        by = actor if getattr(actor, "is_authenticated", False) else None
        if t.changes_state:
            result.status = SignOffStatus.objects.create(
                agreement=current, from_state=seen, to_state=new_state, transition=t.name,
                by=by, by_name=_name(actor), role=role or "", at=now, reason=reason.strip(),
                council_body=council_body if Guard.COUNCIL_BODY in t.guards else "",
                content_hash=str(changes.get("content_hash", "")), agreement_version=current.version,
            )
            if approved_document:  # version 1: the agreement as approved, in force from today
                record_version(agreement=current, status=result.status, document=approved_document,
                               content_hash=current.content_hash, in_force_from=clock.today())
        if adopted_district is not None:
            try:
                with transaction.atomic():
                    result.adoption = DistrictAdoption.objects.create(
                        agreement=current, district=adopted_district, by=by, by_name=_name(actor),
                        role=role or "", at=now, note=note.strip(), cycle=cycle_of(current),
                    )
            except IntegrityError:
                raise TransitionConflict(
                    f"{adopted_district.name}'s adoption was recorded by someone else a moment ago; "
                    "yours was not recorded and nothing else was changed.",
                    current_state=current.state, last_row=last_status(current),
                ) from None
        if t.changes_state and not content_editable(new_state):
            # The content is now fixed (submitted, agreed ... approved, frozen for good): the
            # worker prints its PDF once this step is committed, before anyone asks for it.
            transaction.on_commit(lambda: print_document.enqueue(current.pk))
        record(
            actor=actor, action=f"sign-off-{t.name.replace('_', '-')}", instance=current, before=before,
            reason=" ".join(p for p in (t.label, adopted_district.name if adopted_district else "",
                                        council_body, reason.strip(), note.strip()) if p),
        )
    return result


def acknowledge_warning(*, actor, agreement: Agreement, rule: str, target: str = "", reason: str) -> list[WarningAcknowledgement]:
    """Acknowledge, with a reason, the agreement's current warning(s) of `rule` on `target`
    (blank: the agreement as a whole), so that it can be submitted (D12)."""
    if not rules.has_perm("signoff.acknowledge_warnings", actor, agreement):
        raise TransitionRefused(
            "Only the partnership officer of the agreement's area can acknowledge its warnings.", "role"
        )
    problems: dict[str, str] = {}
    reason, rule, target = (reason or "").strip(), (rule or "").strip(), (target or "").strip()
    if not reason:
        problems["reason"] = "Give a reason for going ahead despite the warning"
    elif len(reason) > MAX_TEXT_CHARS:
        problems["reason"] = f"The reason must be {MAX_TEXT_CHARS:,} characters or fewer (it has {len(reason):,})"
    with transaction.atomic():
        current = Agreement.objects.select_for_update().select_related("area", "round").get(pk=agreement.pk)
        if current.state != SignOffState.DRAFT:
            raise TransitionRefused(
                f"Warnings are acknowledged before the agreement is submitted; it is now "
                f"'{STATE_LABELS[SignOffState(current.state)]}'.", "state",
            )
        matching = [w for w in rule_check(current).warnings
                    if w.finding.rule == rule and (w.finding.target or "") == target]
        if not matching:
            where = f" on {target}" if target else ""
            problems["rule"] = (
                f"The agreement has no warning {rule or '(no rule given)'}{where} now: it may have been corrected."
            )
        if problems:
            raise AcknowledgementError(problems)
        now = clock.now()
        made = []
        for w in matching:
            ack = WarningAcknowledgement.objects.create(
                agreement=current, rule=rule, target_key=target, message=w.finding.message, reason=reason,
                agreement_version=current.version, by=actor, by_name=_name(actor), at=now,
            )
            record(actor=actor, action="acknowledge-warning", instance=ack, before=None, reason=reason)
            made.append(ack)
    return made
