"""What the sign-off guards need to know about an agreement (rule findings, acknowledged
warnings, districts, dates), gathered for `laa.domain.signoff.decide`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from laa import clock
from laa.agreements.convert import agreement_to_draft
from laa.agreements.findings import findings_for
from laa.agreements.models import Agreement
from laa.domain.negotiation import NegotiationStatus
from laa.domain.rules import Finding
from laa.domain.signoff import Guard, SignOffContext, SignOffState, Transition, decide
from laa.domain.signoff_history import entered_at, returns_to_draft
from laa.domain.target_agreement import TargetStanding, statutory_waiting
from laa.negotiation.models import NegotiationThread
from laa.signoff.models import DistrictAdoption, SignOffStatus, WarningAcknowledgement
from laa.signoff.versions import approved_content


@dataclass(frozen=True)
class WarningState:
    finding: Finding
    acknowledgement: WarningAcknowledgement | None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None


@dataclass(frozen=True)
class RuleCheck:
    errors: list[Finding]
    warnings: list[WarningState]

    @property
    def unacknowledged(self) -> int:
        return sum(1 for w in self.warnings if not w.acknowledged)


def _key(rule: str, target: str | None, message: str) -> tuple[str, str, str]:
    return rule, target or "", message


def rule_check(agreement: Agreement) -> RuleCheck:
    """The agreement's rule errors, and its warnings each with the acknowledgement that
    still applies to it (same rule, target and wording), if any."""
    findings = findings_for(agreement)
    acks: dict[tuple[str, str, str], WarningAcknowledgement] = {}
    for ack in WarningAcknowledgement.objects.filter(agreement=agreement).order_by("id"):
        if ack.reason.strip():
            acks[_key(ack.rule, ack.target_key, ack.message)] = ack
    errors = [f for f in findings if f.severity == "error"]
    warnings = [
        WarningState(f, acks.get(_key(f.rule, f.target, f.message)))
        for f in findings if f.severity == "warning"
    ]
    return RuleCheck(errors, warnings)


def status_rows(agreement: Agreement) -> list[SignOffStatus]:
    return list(SignOffStatus.objects.filter(agreement=agreement).select_related("by").order_by("id"))


def chain(rows: list[SignOffStatus]) -> list[tuple[str, str, object]]:
    return [(r.from_state, r.to_state, r.at) for r in rows]


def approved_on(agreement: Agreement):
    at = entered_at(chain(status_rows(agreement)), SignOffState.APPROVED)
    return timezone.localdate(at) if at is not None else None


def cycle_of(agreement: Agreement) -> int:
    """The agreement's sign-off cycle: how many times it has gone back to draft."""
    return returns_to_draft(chain(status_rows(agreement)))


def current_adoptions(agreement: Agreement):
    """The district adoptions that count: those recorded since the agreement last went
    back to draft (the targets adopted before may have changed)."""
    return DistrictAdoption.objects.filter(agreement=agreement, cycle=cycle_of(agreement))


def open_negotiations(agreement: Agreement) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The agreement's negotiation threads still open (proposed or under negotiation), and
    those with a dispute open, each named by its target's key or its outcome's title.
    Read from the status each thread keeps as derived from its entries; threads whose
    target or outcome has since been removed from the agreement do not count."""
    open_statuses = {NegotiationStatus.PROPOSED.value, NegotiationStatus.UNDER_NEGOTIATION.value}
    still_open: list[str] = []
    disputed: list[str] = []
    threads = (
        NegotiationThread.objects.filter(agreement=agreement)
        .filter(Q(target__isnull=False) | Q(outcome__isnull=False))
        .filter(Q(status__in=open_statuses) | Q(dispute_open=True))
        .select_related("target", "outcome")
        .order_by("id")
    )
    for thread in threads:
        name = thread.target.key if thread.target is not None else thread.outcome.title
        if thread.status in open_statuses:
            still_open.append(name)
        if thread.dispute_open:
            disputed.append(name)
    return tuple(still_open), tuple(disputed)


def target_standings(agreement: Agreement) -> list:
    """Each target of the agreement, whether statutory, with its negotiation's status and
    the day that status was reached (for `laa.domain.target_agreement`)."""
    rows = (agreement.targets.order_by("position", "id")
            .values_list("key", "category", "thread__status", "thread__last_at"))
    return [TargetStanding(key, category == "statutory", status or "",
                           timezone.localdate(at) if at is not None else None)
            for key, category, status, at in rows]


def unsettled_threads(agreement: Agreement) -> list[dict[str, str]]:
    """The threads the NEGOTIATION_SETTLED guard names, each with its page: what a refusal
    offers so the person can settle them ({"text", "href"})."""
    open_statuses = {NegotiationStatus.PROPOSED.value, NegotiationStatus.UNDER_NEGOTIATION.value}
    code = agreement.area.code
    out = []
    for thread in (NegotiationThread.objects.filter(agreement=agreement)
                   .filter(Q(target__isnull=False) | Q(outcome__isnull=False))
                   .filter(Q(status__in=open_statuses) | Q(dispute_open=True))
                   .select_related("target", "outcome").order_by("id")):
        if thread.target is not None:
            name, href = thread.target.key, reverse("negotiation:target", args=[code, thread.target_id])
        else:
            name, href = thread.outcome.title, reverse("negotiation:outcome", args=[code, thread.outcome_id])
        what = "a dispute is open" if thread.dispute_open else "still open"
        out.append({"text": f"Settle the negotiation of {name} ({what})", "href": href})
    return out


def context_for(
    agreement: Agreement,
    transition: Transition,
    *,
    reason: str = "",
    council_body: str = "",
    district: str = "",
    checked: RuleCheck | None = None,
) -> SignOffContext:
    """The context the transition's guards read; only what they need is computed."""
    values: dict[str, object] = {"reason": reason or "", "council_body": council_body or None}
    guards = set(transition.guards)
    if Guard.RULES_CLEAN in guards:
        checked = checked or rule_check(agreement)
        values["rule_errors"] = len(checked.errors)
        values["unacknowledged_warnings"] = checked.unacknowledged
    if Guard.APPROVAL_WINDOW_OPEN in guards:
        values["today"] = clock.today()
        values["approval_opens_on"] = agreement.round.approval_opens
    if Guard.WITHIN_MONTH_OF_APPROVAL in guards:
        values["today"] = clock.today()
        values["approved_on"] = approved_on(agreement)
    if Guard.DISTRICT_OF_TWO_TIER_AREA in guards:
        values["two_tier"] = agreement.area.two_tier
        values["district"] = (district or "").strip() or None
        values["area_districts"] = frozenset(agreement.area.districts.values_list("name", flat=True))
        values["adopted_districts"] = frozenset(current_adoptions(agreement).values_list("district__name", flat=True))
    if Guard.NEGOTIATION_SETTLED in guards:
        values["open_negotiations"], values["open_disputes"] = open_negotiations(agreement)
    if Guard.STATUTORY_TARGETS_AGREED in guards:
        values["statutory_waiting"] = statutory_waiting(target_standings(agreement))
    return SignOffContext(**values)  # type: ignore[arg-type]


def content_hash_of(agreement: Agreement) -> str:
    """The hash of the agreement's canonical content (the agreement file's data)."""
    return approved_content_of(agreement)[1]


def approved_content_of(agreement: Agreement) -> tuple[str, str]:
    """The agreement's content as the agreement file in JSON, and the hash of its canonical
    data: what the approval step stores."""
    return approved_content(agreement_to_draft(agreement))


def precheck(agreement: Agreement, transition: Transition, role, *, checked: RuleCheck | None = None):
    """Would the step pass now, leaving aside what the person types on the form (a reason,
    the council body, which district)? For showing the steps a person may take."""
    district = ""
    if Guard.DISTRICT_OF_TWO_TIER_AREA in transition.guards:
        adopted = set(current_adoptions(agreement).values_list("district__name", flat=True))
        district = next((n for n in agreement.area.districts.order_by("name").values_list("name", flat=True)
                         if n not in adopted), "")
    context = context_for(agreement, transition, reason="given", council_body="executive",
                          district=district, checked=checked)
    return decide(transition.name, current_state=agreement.state, role=role, context=context)
