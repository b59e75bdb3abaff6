"""Display values for the sign-off pages: state tags, the history, the steps a person may
take now (with what would stop them), warnings and districts. Templates hold no logic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import rules
from django.urls import reverse

from laa import clock
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.domain.reviews import APPROVED_STATES
from laa.domain.roles import ROLE_LABELS, Role
from laa.domain.signoff import (
    IRREVERSIBLE,
    STATE_LABELS,
    TRANSITIONS,
    Guard,
    SignOffState,
    available_transitions,
)
from laa.domain.signoff_guards import COUNCIL_BODY_LABELS, long_date, one_month_after
from laa.domain.signoff_locks import frozen
from laa.presentation.presenters import govuk_date, state_tag
from laa.signoff.actions import may_act
from laa.signoff.checks import (
    approved_on,
    current_adoptions,
    precheck,
    rule_check,
    status_rows,
    unsettled_threads,
)

# The main line of the chain, for the progress list.
MAIN_LINE = [
    SignOffState.DRAFT, SignOffState.SUBMITTED, SignOffState.AGREED_WITH_GO, SignOffState.COUNCIL_APPROVED,
    SignOffState.RECOMMENDED, SignOffState.APPROVED, SignOffState.DESIGNATED, SignOffState.PUBLISHED,
]
# Guards that ask for input on the form; the others are conditions shown before the button.
INPUT_GUARDS = {Guard.COUNCIL_BODY, Guard.REASON_GIVEN, Guard.DISTRICT_OF_TWO_TIER_AREA}


def role_label(code: str) -> str:
    try:
        return ROLE_LABELS[Role(code)]
    except ValueError:
        return code


def field_id(transition: str, name: str) -> str:
    return f"{transition}-{name.replace('_', '-')}"


def ack_id(rule: str, target: str | None) -> str:
    return "ack-" + re.sub(r"[^a-z0-9]+", "-", f"{rule} {target or ''}".lower()).strip("-")


@dataclass
class StepForm:
    name: str
    label: str
    action: str
    blocked: str = ""  # what stops it now, for conditions the person cannot fix on the form
    asks_reason: bool = False
    asks_council_body: bool = False
    reason_id: str = ""
    council_body_id: str = ""
    warning: bool = False  # a step back (return, refer back)
    settle: list[dict[str, str]] = field(default_factory=list)  # a refusal's next steps: the threads to settle
    confirm: bool = False  # an irreversible step: the button leads to a confirmation page


@dataclass
class SignOffPage:
    agreement: Agreement
    state: str
    tag: dict[str, str]
    summary: list[dict[str, Any]]
    progress: list[dict[str, str]]
    history: list[dict[str, str]]
    steps: list[StepForm]
    rule_errors: int
    warnings: list[dict[str, Any]]
    can_acknowledge: bool
    districts: list[dict[str, str]]
    adoptable: list[dict[str, str]]
    links: list[dict[str, str]] = field(default_factory=list)


def signoff_page(agreement: Agreement, user) -> SignOffPage:
    role = role_of(user)
    state = SignOffState(agreement.state)
    rows = status_rows(agreement)
    acting = may_act(user, agreement)
    checked = rule_check(agreement) if not frozen(state) else None

    reached: dict[str, str] = {}
    for r in rows:
        reached[r.to_state] = govuk_date(r.at)
    progress = []
    position = MAIN_LINE.index(state)
    for i, s in enumerate(MAIN_LINE):
        status = "done" if i < position else "current" if i == position else "to do"
        progress.append({"label": STATE_LABELS[s], "status": status,
                         "when": reached.get(s.value, "") if i <= position and s != SignOffState.DRAFT else ""})

    history = [
        {
            "when": govuk_date(r.at),
            "step": TRANSITIONS[r.transition].label if r.transition in TRANSITIONS else r.transition,
            "from": STATE_LABELS[SignOffState(r.from_state)],
            "to": STATE_LABELS[SignOffState(r.to_state)],
            "by": f"{r.by_name} ({role_label(r.role)})" if r.role else r.by_name,
            "detail": "; ".join(p for p in (
                f"by {COUNCIL_BODY_LABELS.get(r.council_body, r.council_body)}" if r.council_body else "",
                r.reason,
                f"content hash {r.content_hash[:12]}…" if r.content_hash else "",
            ) if p),
        }
        for r in reversed(rows)
    ]

    steps = []
    if acting:
        for t in available_transitions(state, role):
            if Guard.DISTRICT_OF_TWO_TIER_AREA in t.guards:
                continue  # the district section has its own form
            decision = precheck(agreement, t, role, checked=checked)
            steps.append(StepForm(
                name=t.name, label=t.label,
                action=reverse("signoff:confirm" if t.name in IRREVERSIBLE else "signoff:take",
                               args=[agreement.area.code, t.name]),
                blocked="" if decision.allowed else decision.reason,
                settle=(unsettled_threads(agreement)
                        if not decision.allowed and Guard.NEGOTIATION_SETTLED in t.guards else []),
                confirm=t.name in IRREVERSIBLE,
                asks_reason=Guard.REASON_GIVEN in t.guards,
                asks_council_body=Guard.COUNCIL_BODY in t.guards,
                reason_id=field_id(t.name, "reason"), council_body_id=field_id(t.name, "council_body"),
                warning=t.to_state == SignOffState.DRAFT,
            ))

    steps.sort(key=lambda s: s.warning)  # steps forward first, steps back last
    approval_opens = agreement.round.approval_opens
    today = clock.today()
    summary = [
        {"key": {"text": "Area"}, "value": {"text": f"{agreement.area.name} ({agreement.area.code}), {agreement.area.region.name}"}},
        {"key": {"text": "Period"}, "value": {"text": f"{agreement.period_start} to {agreement.period_end}"}},
        {"key": {"text": "Content version"}, "value": {"text": str(agreement.version)}},
        {"key": {"text": "Approval by the Secretary of State"}, "value": {"text": (
            f"Opens on {long_date(approval_opens)}: "
            + ("open now" if today >= approval_opens else f"not yet open (today is {long_date(today)})")
        )}},
    ]
    approved = approved_on(agreement)
    if approved is not None:
        summary.append({"key": {"text": "Approved"}, "value": {"text": long_date(approved)}})
        if state == SignOffState.APPROVED:
            summary.append({"key": {"text": "Targets to be designated by"},
                            "value": {"text": long_date(one_month_after(approved))}})
    if agreement.content_hash:
        summary.append({"key": {"text": "Content hash (frozen)"},
                        "value": {"html": f'<code class="laa-hash">{agreement.content_hash}</code>'}})
    if agreement.published_at:
        summary.append({"key": {"text": "Published"}, "value": {"text": govuk_date(agreement.published_at)}})

    can_ack = state == SignOffState.DRAFT and rules.has_perm("signoff.acknowledge_warnings", user, agreement)
    warnings = []
    for w in (checked.warnings if checked else []):
        ack = w.acknowledgement
        warnings.append({
            "rule": w.finding.rule, "target": w.finding.target or "", "message": w.finding.message,
            "id": ack_id(w.finding.rule, w.finding.target),
            "acknowledged": ack is not None,
            "ack": f"{ack.reason} ({ack.by_name}, {govuk_date(ack.at)}, version {ack.agreement_version})" if ack else "",
        })

    districts, adoptable = [], []
    if agreement.area.two_tier:
        adoptions = {a.district_id: a for a in current_adoptions(agreement).select_related("district")}
        adopt_allowed = (
            not frozen(state) and acting
            and any(Guard.DISTRICT_OF_TWO_TIER_AREA in t.guards for t in available_transitions(state, role))
        )
        for d in agreement.area.districts.select_related("council").order_by("name"):
            a = adoptions.get(d.id)
            districts.append({
                "name": d.name,
                "status": f"Adopted: {a.note or 'no note'} ({a.by_name}, {govuk_date(a.at)})" if a else "Not recorded",
                "adopted": bool(a),
            })
            if adopt_allowed and a is None and rules.has_perm("signoff.record_district_adoption", user, d):
                adoptable.append({"value": d.name, "text": d.name})

    links = [{"href": reverse(name, args=[agreement.area.code]), "text": text}
             for name, text in (("agreements:detail", "The agreement"),
                                ("negotiation:agreement", "The agreement's negotiation"),
                                ("agreements:document", "The agreement document"))]
    if agreement.published_at:
        links.append({"href": reverse("signoff:public_agreement", args=[agreement.area.code]),
                      "text": "The published agreement and its s113 memorandum"})
    # the annual reviews (ADR 0018), once approved
    if state in APPROVED_STATES and rules.has_perm("reviews.read_review", user, agreement):
        links.append({"href": reverse("reviews:area", args=[agreement.area.code]),
                      "text": "The agreement's annual reviews"})
    # progress against trajectory (ADR 0022), once approved
    if state in APPROVED_STATES and rules.has_perm("performance.read_progress", user, agreement):
        links.append({"href": reverse("performance:area", args=[agreement.area.code]),
                      "text": "Progress against the agreement's targets"})

    return SignOffPage(
        agreement=agreement, state=state.value, tag=state_tag(state), summary=summary, progress=progress,
        history=history, steps=steps, rule_errors=len(checked.errors) if checked else 0, warnings=warnings,
        can_acknowledge=can_ack, districts=districts, adoptable=adoptable, links=links,
    )


def next_steps_label(agreement: Agreement, user) -> str:
    """For lists: the steps this person could take on the agreement now."""
    if not may_act(user, agreement):
        return ""
    return ", ".join(t.label for t in available_transitions(agreement.state, role_of(user)))
