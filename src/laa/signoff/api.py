"""Sign-off in the API (D12): each step a council's own systems can drive, and the
published agreements with their s113 memoranda (public).

A step is `POST /api/v1/sign-off/agreements/{area_code}/transitions/{transition}` with the
state the caller last saw (`expected_state`): 200 with the new sign-off status; 403 if the
role or scope may not take it; 404 if the agreement is not visible or the step unknown;
409 if the agreement is not in a state the step starts from or someone moved it first
(the message says who and when); 422 if a guard refuses (rule errors, unacknowledged
warnings, no council body, approval not yet open, designation too late, no reason).
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status
from pydantic import Field

from laa.accounts.api_auth import public, signed_in
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.signoff import STATE_LABELS, TRANSITIONS, SignOffState, available_transitions
from laa.domain.signoff_locks import frozen
from laa.presentation.api_schemas import ERRORS
from laa.signoff import actions
from laa.signoff.checks import current_adoptions, precheck, rule_check, status_rows
from laa.signoff.memorandum import memorandum
from laa.signoff.scopes import published_agreement, published_agreements, visible_agreement

router = Router(tags=["sign-off"])


class TransitionDef(Schema):
    name: str
    label: str
    from_states: list[str]
    to_state: str | None
    roles: list[str]
    guards: list[str]


class StatusRowOut(Schema):
    transition: str
    from_state: str
    to_state: str
    by: str
    role: str
    at: datetime
    reason: str
    council_body: str
    content_hash: str


class StepOut(Schema):
    name: str
    label: str
    allowed_now: bool
    message: str


class WarningOut(Schema):
    rule: str
    target: str | None
    message: str
    acknowledged: bool
    reason: str


class DistrictOut(Schema):
    name: str
    adopted: bool
    by: str
    at: datetime | None
    note: str


class SignOffOut(Schema):
    area: str
    area_name: str
    round: int
    state: str
    state_label: str
    version: int
    frozen: bool
    content_hash: str
    published_at: datetime | None
    approval_opens: date
    rule_errors: int
    warnings: list[WarningOut]
    history: list[StatusRowOut]
    your_steps: list[StepOut]
    districts: list[DistrictOut]


class AgreementStateOut(Schema):
    area: str
    area_name: str
    round: int
    state: str
    state_label: str


class TransitionIn(Schema):
    expected_state: str
    reason: str = Field("", max_length=MAX_TEXT_CHARS)
    council_body: str = ""
    district: str = ""
    note: str = Field("", max_length=MAX_TEXT_CHARS)


class AcknowledgementIn(Schema):
    rule: str
    target: str = ""
    reason: str = Field(max_length=MAX_TEXT_CHARS)


class AcknowledgementOut(Schema):
    rule: str
    target: str
    message: str
    reason: str
    agreement_version: int
    by: str
    at: datetime


class PublishedOut(Schema):
    area: str
    area_name: str
    region: str
    round: int
    period_start: str
    period_end: str
    published_at: datetime | None


class MemorandumTargetOut(Schema):
    key: str
    indicator: str
    title: str
    category: str
    designated: bool
    outcome: str
    baseline: str
    targets: dict[str, str]
    placeholder: str
    have_regard: list[str]
    voluntary: list[str]
    lead: str


class RegardOut(Schema):
    organisation: str
    targets: list[str]


class MemorandumOut(Schema):
    area: str
    area_name: str
    region: str
    partnership: str
    responsible_authority: str
    round: int
    period_start: str
    period_end: str
    approved_on: date | None
    designated_on: date | None
    published_at: datetime | None
    content_hash: str
    version: int | None = Field(description="The version in force today, which this memorandum reads")
    in_force_from: date | None
    targets: list[MemorandumTargetOut]
    must_have_regard: list[RegardOut]


def _status(agreement: Agreement, user) -> dict:
    state = SignOffState(agreement.state)
    role = role_of(user)
    checked = None if frozen(state) else rule_check(agreement)
    steps = []
    if actions.may_act(user, agreement):
        for t in available_transitions(state, role):
            d = precheck(agreement, t, role, checked=checked)
            steps.append({"name": t.name, "label": t.label, "allowed_now": d.allowed,
                          "message": "" if d.allowed else d.reason})
    adoptions = {a.district_id: a for a in current_adoptions(agreement)}
    return {
        "area": agreement.area.code,
        "area_name": agreement.area.name,
        "round": agreement.round.year,
        "state": state.value,
        "state_label": STATE_LABELS[state],
        "version": agreement.version,
        "frozen": frozen(state),
        "content_hash": agreement.content_hash,
        "published_at": agreement.published_at,
        "approval_opens": agreement.round.approval_opens,
        "rule_errors": len(checked.errors) if checked else 0,
        "warnings": [
            {"rule": w.finding.rule, "target": w.finding.target, "message": w.finding.message,
             "acknowledged": w.acknowledged, "reason": w.acknowledgement.reason if w.acknowledgement else ""}
            for w in (checked.warnings if checked else [])
        ],
        "history": [
            {"transition": r.transition, "from_state": r.from_state, "to_state": r.to_state, "by": r.by_name,
             "role": r.role, "at": r.at, "reason": r.reason, "council_body": r.council_body,
             "content_hash": r.content_hash}
            for r in status_rows(agreement)
        ],
        "your_steps": steps,
        "districts": [
            {"name": d.name, "adopted": d.id in adoptions,
             "by": adoptions[d.id].by_name if d.id in adoptions else "",
             "at": adoptions[d.id].at if d.id in adoptions else None,
             "note": adoptions[d.id].note if d.id in adoptions else ""}
            for d in agreement.area.districts.order_by("name")
        ] if agreement.area.two_tier else [],
    }


def _refused(exc: actions.TransitionRefused):
    if exc.status == 422:
        return Status(422, {"detail": exc.message, "errors": [{"field": exc.field or "transition", "message": exc.message}]})
    return Status(exc.status, {"detail": exc.message})


@router.get("/transitions", response={200: list[TransitionDef], **ERRORS}, auth=public,
            summary="The sign-off steps: from which states, to which, by which roles, with which checks")
def signoff_transitions(request):
    return [
        {"name": t.name, "label": t.label, "from_states": sorted(s.value for s in t.from_states),
         "to_state": t.to_state.value if t.to_state else None, "roles": sorted(r.value for r in t.roles),
         "guards": [g.value for g in t.guards]}
        for t in TRANSITIONS.values()
    ]


@router.get("/agreements", response={200: list[AgreementStateOut], **ERRORS}, auth=signed_in,
            summary="The agreements you can see, with their sign-off state")
def signoff_agreements(request):
    return [
        {"area": a.area.code, "area_name": a.area.name, "round": a.round.year, "state": a.state,
         "state_label": STATE_LABELS[SignOffState(a.state)]}
        for a in Agreement.objects.visible_to(request.user).select_related("area", "round").order_by("area__name")
    ]


@router.get("/agreements/{area_code}", response={200: SignOffOut, **ERRORS}, auth=signed_in,
            summary="An agreement's sign-off: state, history, warnings, districts and the steps you may take")
def signoff_status(request, area_code: str):
    return _status(visible_agreement(request.user, area_code), request.user)


@router.post("/agreements/{area_code}/transitions/{transition}", response={200: SignOffOut, **ERRORS},
             auth=signed_in, summary="Take a sign-off step (send the state you last saw as expected_state)")
def signoff_transition(request, area_code: str, transition: str, payload: TransitionIn):
    agreement = visible_agreement(request.user, area_code)
    try:
        result = actions.transition(actor=request.user, agreement=agreement, transition=transition, **payload.dict())
    except actions.TransitionRefused as exc:
        return _refused(exc)
    except actions.TransitionConflict as exc:
        return Status(409, {"detail": exc.message})
    return _status(result.agreement, request.user)


@router.post("/agreements/{area_code}/acknowledgements", response={201: list[AcknowledgementOut], **ERRORS},
             auth=signed_in, summary="Acknowledge a rule warning with a reason, before submitting")
def signoff_acknowledge(request, area_code: str, payload: AcknowledgementIn):
    agreement = visible_agreement(request.user, area_code)
    try:
        made = actions.acknowledge_warning(actor=request.user, agreement=agreement, **payload.dict())
    except actions.TransitionRefused as exc:
        return _refused(exc)
    except actions.AcknowledgementError as exc:
        return Status(422, {"detail": str(exc), "errors": [{"field": k, "message": v} for k, v in exc.problems.items()]})
    return Status(201, [
        {"rule": a.rule, "target": a.target_key, "message": a.message, "reason": a.reason,
         "agreement_version": a.agreement_version, "by": a.by_name, "at": a.at}
        for a in made
    ])


@router.get("/published", response={200: list[PublishedOut], **ERRORS}, auth=public,
            summary="Published agreements (public)")
def signoff_published(request):
    return [
        {"area": a.area.code, "area_name": a.area.name, "region": a.area.region.name, "round": a.round.year,
         "period_start": a.period_start, "period_end": a.period_end, "published_at": a.published_at}
        for a in published_agreements().order_by("area__name", "-round__year")
    ]


@router.get("/published/{area_code}", response={200: MemorandumOut, **ERRORS}, auth=public,
            summary="A published agreement's s113 memorandum: period, targets, designated, who must have regard",
            description="The memorandum of the version in force today, or on the day `on` (YYYY-MM-DD); before "
                        "the first version's day, the first version's.")
def signoff_published_agreement(request, area_code: str, on: date | None = None):
    memo = memorandum(published_agreement(area_code), on=on)
    return {
        "area": memo.area_code, "area_name": memo.area_name, "region": memo.region,
        "partnership": memo.partnership, "responsible_authority": memo.responsible_authority,
        "round": memo.round, "period_start": memo.period_start, "period_end": memo.period_end,
        "approved_on": memo.approved_on, "designated_on": memo.designated_on,
        "published_at": memo.published_at, "content_hash": memo.content_hash,
        "version": memo.version, "in_force_from": memo.in_force_from,
        "targets": [
            {"key": t.key, "indicator": t.indicator, "title": t.title, "category": t.category,
             "designated": t.designated, "outcome": t.outcome, "baseline": t.baseline,
             "targets": dict(t.yearly), "placeholder": t.placeholder, "have_regard": t.have_regard,
             "voluntary": t.voluntary, "lead": t.lead}
            for t in memo.targets
        ],
        "must_have_regard": [{"organisation": o, "targets": keys} for o, keys in memo.regard],
    }
