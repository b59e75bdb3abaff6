"""Negotiation in the API (D10, D11): every step a council's own systems can drive.

A thread is the negotiation of one target or one priority outcome of an agreement:
`/api/v1/negotiation/agreements/{area_code}/targets/{target_id}` (or `/outcomes/{outcome_id}`).
Each step is a POST to it with the thread's last sequence the caller saw
(`expected_sequence`, 0 for a thread not yet opened):

- `.../proposals`, `.../counter-proposals`: values and a rationale;
- `.../acceptances`: the sequence of the proposal accepted (its values are written to
  the agreement);
- `.../challenges` (reason: evidence, ambition, affordability, other), `.../escalations`
  (level: go, department, whitehall_champion, ministers), `.../resolutions`;
- `.../decisions`: move_to_local, placeholder, withdraw or reopen.

An acceptance, a resolution or a decision may name the `meeting` (its id, one of the
agreement's meetings) where it was settled; any other id is a 422 naming `meeting`.

201 with the entry and the thread's state; 400 if the negotiation's rules refuse the step
(the message says why); 403 if the caller does not speak for a side here; 404 outside the
caller's scope; 409 if someone wrote to the thread since `expected_sequence` (the message
says who did what, when; nothing was saved); 422 if a field is wrong (each named).
Meetings, champions, departments' advice and the area's timetable have their own paths.
"""


from typing import Any

import rules
from django.http import Http404
from ninja import Router, Status

from laa.accounts.api_auth import signed_in
from laa.catalogue.models import Department
from laa.catalogue.queries import current_round
from laa.negotiation import actions
from laa.negotiation.api_schemas import (
    AcceptIn,
    AdviceIn,
    AdviceOut,
    ChallengeIn,
    DecisionIn,
    EscalateIn,
    OutcomeProposalIn,
    ResolveIn,
    StepOut,
    TargetProposalIn,
    TargetValuesIn,
    ThreadOut,
    ThreadSummaryOut,
)
from laa.negotiation.models import NegotiationEntry, NegotiationThread
from laa.negotiation.scopes import (
    Subject,
    agreements_visible_to,
    outcomes_visible_to,
    reads_advice,
    targets_visible_to,
)
from laa.negotiation.threads import load
from laa.presentation.api_schemas import ERRORS

router = Router(tags=["negotiation"])


# ---- finding things ----------------------------------------------------------------------


def _agreement(user, area_code: str):
    agreement = (agreements_visible_to(user).select_related("area", "area__region", "round")
                 .filter(area__code=area_code, round=current_round()).first())
    if agreement is None:
        raise Http404("No agreement in negotiation that you may see for this area")
    return agreement


def _target_subject(user, area_code: str, target_id: int) -> Subject:
    agreement = _agreement(user, area_code)
    target = targets_visible_to(user).select_related("indicator").filter(pk=target_id, agreement=agreement).first()
    if target is None:
        raise Http404("No target you may see in this agreement")
    return Subject(agreement, target=target)


def _outcome_subject(user, area_code: str, outcome_id: int) -> Subject:
    agreement = _agreement(user, area_code)
    outcome = outcomes_visible_to(user).filter(pk=outcome_id, agreement=agreement).first()
    if outcome is None:
        raise Http404("No priority outcome you may see in this agreement")
    return Subject(agreement, outcome=outcome)


def entry_out(row: NegotiationEntry, sequence_of: dict[int, int] | None = None) -> dict[str, Any]:
    refers = None
    if row.refers_to_id:
        refers = (sequence_of or {}).get(row.refers_to_id) or row.refers_to.sequence
    return {
        "sequence": row.sequence, "kind": row.kind, "side": row.side, "author": row.author_name,
        "on_behalf_of": row.on_behalf_of.code if row.on_behalf_of_id else None, "at": row.at,
        "values": row.values, "rationale": row.rationale, "refers_to": refers,
        "challenge_reason": row.challenge_reason, "escalation_level": row.escalation_level, "text": row.text,
        "meeting": row.meeting_id,
    }


def thread_out(user, subject: Subject) -> dict[str, Any]:
    view = load(user, subject)
    state = view.state
    sequence_of = {r.pk: r.sequence for r in view.rows}
    advice = []
    if view.thread is not None and reads_advice(user, subject):
        advice = [{"department": a.department.code, "author": a.author_name, "at": a.at, "text": a.text}
                  for a in view.thread.advice.select_related("department")]
    return {
        "area": subject.agreement.area.code,
        "subject": subject.label,
        "kind": view.kind.value,
        "status": state.status.value if state.status else None,
        "turn": state.turn.value if state.turn else None,
        "open_proposal": int(state.open_proposal.entry_id[1:]) if state.open_proposal else None,
        "dispute_open": state.dispute_open,
        "escalation_level": state.escalation_level.value if state.escalation_level else None,
        "agreed_values": dict(state.agreed_values) if state.agreed_values else None,
        "last_sequence": view.seen,
        "your_side": view.side.value if view.side else None,
        "your_moves": sorted(m.value for m in view.moves),
        "entries": [entry_out(r, sequence_of) for r in view.rows],
        "advice": advice,
    }


def _department(user, code: str | None):
    if not code:
        return None
    found = Department.objects.visible_to(user).filter(code=code).first()
    if found is None:
        raise actions.NegotiationError({"on_behalf_of": f"There is no department {code}"})
    return found


def _step(request, subject: Subject, kind: str, seen: int, **fields: Any):
    if not rules.has_perm("negotiation.speak", request.user, subject):
        return Status(403, {"detail": "You do not speak for either side in this negotiation"})
    try:
        on_behalf_of = _department(request.user, fields.pop("on_behalf_of", None))
        row = actions.add_entry(actor=request.user, subject=subject, kind=kind, seen=seen,
                                on_behalf_of=on_behalf_of, **fields)
    except actions.NegotiationError as exc:
        return _invalid(exc)
    except actions.Refused as exc:
        return Status(400, {"detail": str(exc)})
    except actions.StaleAnswer as exc:
        return Status(409, {"detail": str(exc)})
    return Status(201, {"entry": entry_out(row), "thread": thread_out(request.user, subject)})


def _invalid(exc: actions.NegotiationError):
    return Status(422, {"detail": "The request is not valid",
                        "errors": [{"field": k, "message": v} for k, v in exc.problems.items()]})


def _values(values: TargetValuesIn) -> dict[str, Any]:
    return {"baseline": {"value": values.baseline.value, "period": values.baseline.period},
            "targets": dict(values.targets), "category": values.category, "partners": list(values.partners)}


# ---- the agreement's threads -------------------------------------------------------------


@router.get("/agreements/{area_code}/threads", response={200: list[ThreadSummaryOut], **ERRORS}, auth=signed_in,
            summary="The negotiation threads of an agreement you can see, with their status")
def negotiation_threads(request, area_code: str):
    agreement = _agreement(request.user, area_code)
    targets = set(targets_visible_to(request.user).filter(agreement=agreement).values_list("pk", flat=True))
    out = []
    for t in NegotiationThread.objects.visible_to(request.user).filter(agreement=agreement).order_by("id"):
        if t.target_id is not None and t.target_id not in targets:
            continue
        if t.target_id is None and t.outcome_id is None:
            continue
        out.append({"subject": t.subject, "kind": t.kind, "target_id": t.target_id, "outcome_id": t.outcome_id,
                    "status": t.status or None, "turn": t.turn or None, "dispute_open": t.dispute_open,
                    "escalation_level": t.escalation_level or None, "last_sequence": t.last_sequence,
                    "last_at": t.last_at})
    return out


def _register(subject_path: str, find, name: str, proposal_in) -> None:
    """The thread's paths for one kind of subject (targets or outcomes)."""
    base = f"/agreements/{{area_code}}/{subject_path}"

    @router.get(base, response={200: ThreadOut, **ERRORS}, auth=signed_in, url_name=f"negotiation_{name}_thread",
                operation_id=f"negotiation_{name}_thread", summary=f"The negotiation of a {name}: entries and state")
    def get_thread(request, area_code: str, subject_id: int):
        return thread_out(request.user, find(request.user, area_code, subject_id))

    @router.post(f"{base}/proposals", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_propose", operation_id=f"negotiation_{name}_propose",
                 summary=f"Propose values for a {name}, with a rationale")
    def propose(request, area_code: str, subject_id: int, payload: proposal_in):
        subject = find(request.user, area_code, subject_id)
        values = payload.values.dict() if name == "outcome" else _values(payload.values)
        return _step(request, subject, "proposal", payload.expected_sequence, values=values,
                     rationale=payload.rationale)

    @router.post(f"{base}/counter-proposals", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_counter", operation_id=f"negotiation_{name}_counter",
                 summary="Answer the other side's open proposal with other values")
    def counter(request, area_code: str, subject_id: int, payload: proposal_in):
        subject = find(request.user, area_code, subject_id)
        values = payload.values.dict() if name == "outcome" else _values(payload.values)
        extra = {"on_behalf_of": getattr(payload, "on_behalf_of", None)}
        return _step(request, subject, "counter_proposal", payload.expected_sequence, values=values,
                     rationale=payload.rationale, **extra)

    @router.post(f"{base}/acceptances", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_accept", operation_id=f"negotiation_{name}_accept",
                 summary="Accept the other side's open proposal: its values are written to the agreement")
    def accept(request, area_code: str, subject_id: int, payload: AcceptIn):
        subject = find(request.user, area_code, subject_id)
        return _step(request, subject, "accept", payload.expected_sequence, proposal=payload.proposal,
                     meeting=payload.meeting)

    @router.post(f"{base}/challenges", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_challenge", operation_id=f"negotiation_{name}_challenge",
                 summary="Challenge the other side's open proposal, with a reason")
    def challenge(request, area_code: str, subject_id: int, payload: ChallengeIn):
        subject = find(request.user, area_code, subject_id)
        return _step(request, subject, "challenge", payload.expected_sequence, challenge_reason=payload.reason,
                     text=payload.text, on_behalf_of=payload.on_behalf_of)

    @router.post(f"{base}/escalations", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_escalate", operation_id=f"negotiation_{name}_escalate",
                 summary="Escalate a dispute one step up: GO, department, Whitehall champion (if the area "
                         "has one), ministers")
    def escalate(request, area_code: str, subject_id: int, payload: EscalateIn):
        subject = find(request.user, area_code, subject_id)
        return _step(request, subject, "escalate", payload.expected_sequence, level=payload.level, text=payload.text)

    @router.post(f"{base}/resolutions", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_resolve", operation_id=f"negotiation_{name}_resolve",
                 summary="Record an open dispute's resolution (the government side records it)")
    def resolve(request, area_code: str, subject_id: int, payload: ResolveIn):
        subject = find(request.user, area_code, subject_id)
        return _step(request, subject, "resolve", payload.expected_sequence, text=payload.text,
                     meeting=payload.meeting)

    @router.post(f"{base}/decisions", response={201: StepOut, **ERRORS}, auth=signed_in,
                 url_name=f"negotiation_{name}_decide", operation_id=f"negotiation_{name}_decide",
                 summary="Move to the local targets, agree as a placeholder, withdraw, or reopen")
    def decide(request, area_code: str, subject_id: int, payload: DecisionIn):
        subject = find(request.user, area_code, subject_id)
        return _step(request, subject, payload.kind, payload.expected_sequence, text=payload.text,
                     meeting=payload.meeting)


def _find_target(user, area_code: str, subject_id: int) -> Subject:
    return _target_subject(user, area_code, subject_id)


def _find_outcome(user, area_code: str, subject_id: int) -> Subject:
    return _outcome_subject(user, area_code, subject_id)


_register("targets/{subject_id}", _find_target, "target", TargetProposalIn)
_register("outcomes/{subject_id}", _find_outcome, "outcome", OutcomeProposalIn)


@router.post("/agreements/{area_code}/targets/{target_id}/advice", response={201: AdviceOut, **ERRORS},
             auth=signed_in, summary="A department's advice to the Government Office on a target of its indicator")
def negotiation_advise(request, area_code: str, target_id: int, payload: AdviceIn):
    subject = _target_subject(request.user, area_code, target_id)
    if not rules.has_perm("negotiation.advise", request.user, subject):
        return Status(403, {"detail": "Only the department whose indicator the target is on advises on it"})
    try:
        advice = actions.give_advice(actor=request.user, subject=subject, text=payload.text)
    except actions.NegotiationError as exc:
        return _invalid(exc)
    return Status(201, {"department": advice.department.code, "author": advice.author_name, "at": advice.at,
                        "text": advice.text})


# The records beside the threads (meetings, champions, the timetable) add their paths here.
from laa.negotiation import api_records  # noqa: E402, F401
