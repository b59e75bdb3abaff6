"""MAAs in the API (ADR 0028): the MAAs a person may read (everyone the published ones:
no sign-in needed), one MAA with its councils, partners, outcomes, targets by kind (with
each measure's definition and a moved target's origin) and signatures; and the writes the
pages offer: a step (`expected_state` as last seen), a signature, and moving a designated
target of the caller's approved LAA to a published MAA (a revision of kind `maa`).
403 when the role or scope may not, 404 outside one's scope, 409 for a conflict or a step
the state does not allow, 422 naming the field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status
from pydantic import Field

from laa.accounts.api_auth import public, signed_in
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.maa import actions, presenters
from laa.maa.models import MaaTarget, MultiAreaAgreement, Signature
from laa.maa.views import find_maa, undesignation_choices
from laa.permissions import ActionError
from laa.presentation.api_schemas import ERRORS

router = Router(tags=["multi-area agreements"])


class MaaSummaryOut(Schema):
    code: str
    name: str
    region: str
    state: str = Field(description="draft, submitted, agreed (being signed) or published")


class MeasureOut(Schema):
    name: str
    unit: str
    polarity: str
    source: str


class OriginOut(Schema):
    area: str = Field(description="The constituent area whose LAA the target was un-designated from")
    revision: int = Field(description="The revision of that LAA that moves it")
    state: str = Field(description="The revision's state: the target is the MAA's once approved")
    review_year: str = Field(description='The year of the LAA\'s annual review the move is made at ("2008/09"); '
                                         '"" for a revision between reviews')
    text: str


class MaaTargetOut(Schema):
    key: str
    kind: str = Field(description="designated (NIS, counts in each constituent LAA's 35), national (NIS, not "
                                  "designated) or other (a measure outside the NIS, defined here)")
    outcome: str
    indicator: str
    measure: MeasureOut | None
    targets: dict[str, str]
    origin: OriginOut | None


class SignatoryOut(Schema):
    name: str
    kind: str = Field(description="council, government or partner")
    signed: bool
    signed_by: str
    signed_on: date | None


class MaaOut(MaaSummaryOut):
    period_start: str
    period_end: str
    summary: str
    version: int = Field(description="Counts the MAA's changes; send it back as expected_version")
    councils: list[str]
    partners: list[dict[str, str]] = Field(description="Each partner and what it contributes")
    outcomes: list[dict[str, str]]
    targets: list[MaaTargetOut]
    signatories: list[SignatoryOut]


class StepIn(Schema):
    expected_state: str = Field(max_length=12)
    expected_version: int | None = None
    reason: str = Field("", max_length=MAX_TEXT_CHARS)


class SignatureIn(Schema):
    signatory: str = Field(max_length=200, description="A signatory's name, as the MAA lists it")
    signed_by: str = Field(max_length=200, description='Who signed for it: "Cllr Jane Doe, Leader"')


class UndesignationIn(Schema):
    target: str = Field(max_length=200, description="The key of a designated target of your area's approved LAA")
    outcome: str = Field(max_length=60, description="The key of the MAA's outcome it serves")
    reason: str = Field("", max_length=MAX_TEXT_CHARS)


def _summary(m: MultiAreaAgreement) -> dict:
    return {"code": m.code, "name": m.name, "region": m.region.name, "state": m.state}


def maa_data(m: MultiAreaAgreement, user) -> dict:
    targets = MaaTarget.objects.visible_to(user).filter(maa=m).select_related(
        "indicator", "outcome", "moved_by__revision__agreement__area", "moved_by__revision__made",
        "moved_by__revision__based_on").order_by("id")
    signatures = {s.signatory: s for s in Signature.objects.visible_to(user).filter(maa=m)}
    return {**_summary(m), "period_start": m.period_start, "period_end": m.period_end, "summary": m.summary,
            "version": m.version,
            "councils": [p.organisation.name for p in m.participants.select_related("organisation")],
            "partners": [{"name": c.organisation.name, "contribution": c.contribution}
                         for c in m.contributors.select_related("organisation")],
            "outcomes": [{"key": o.key, "title": o.title} for o in m.outcomes.all()],
            "targets": [{"key": t.key, "kind": t.kind, "outcome": t.outcome.key,
                         "indicator": t.indicator.code if t.indicator else "",
                         "measure": {"name": t.measure_name, "unit": t.measure_unit, "polarity": t.measure_polarity,
                                     "source": t.measure_source} if t.kind == "other" else None,
                         "targets": dict(t.yearly), "origin": presenters.origin(t)} for t in targets],
            "signatories": [{"name": s.name, "kind": s.kind.value, "signed": s.name in signatures,
                             "signed_by": signatures[s.name].signed_by if s.name in signatures else "",
                             "signed_on": signatures[s.name].signed_on if s.name in signatures else None}
                            for s in actions.required_signatories(m)]}


def _refused(exc: ActionError):
    if exc.status == 422:
        return Status(422, {"detail": exc.message,
                            "errors": [{"field": k, "message": v} for k, v in (exc.problems or {"": exc.message}).items()]})
    return Status(exc.status, {"detail": exc.message})


@router.get("/", response={200: list[MaaSummaryOut], **ERRORS}, auth=public,
            summary="The multi-area agreements you may read (everyone: the published ones)")
def maa_list(request):
    return [_summary(m) for m in MultiAreaAgreement.objects.visible_to(request.user).select_related("region")
            .order_by("name")]


@router.get("/{code}", response={200: MaaOut, **ERRORS}, auth=public,
            summary="One MAA: councils, partners, outcomes, targets by kind, signatories and signatures")
def maa_detail(request, code: str):
    return maa_data(find_maa(request.user, code), request.user)


@router.post("/{code}/steps/{step}", response={200: MaaOut, **ERRORS}, auth=signed_in,
             summary="Submit, refer back, agree or publish the MAA (send the state you last saw)")
def maa_step(request, code: str, step: str, payload: StepIn):
    maa = find_maa(request.user, code)
    try:
        done = actions.take_step(actor=request.user, maa=maa, step=step, **payload.dict())
    except ActionError as exc:
        return _refused(exc)
    return maa_data(done, request.user)


@router.post("/{code}/signatures", response={201: MaaOut, **ERRORS}, auth=signed_in,
             summary="Record a signatory's signature of the agreed MAA")
def maa_sign(request, code: str, payload: SignatureIn):
    maa = find_maa(request.user, code)
    try:
        actions.sign(actor=request.user, maa=maa, **payload.dict())
    except ActionError as exc:
        return _refused(exc)
    maa.refresh_from_db()
    return Status(201, maa_data(maa, request.user))


@router.post("/{code}/undesignations", response={201: MaaOut, **ERRORS}, auth=signed_in,
             summary="Move a designated target of your area's approved LAA to this published MAA (a revision)")
def maa_undesignate(request, code: str, payload: UndesignationIn):
    maa = find_maa(request.user, code)
    agreement, _ = undesignation_choices(request.user, maa)
    if agreement is None:
        raise PermissionDenied("Only the partnership officer of a participating area with an approved agreement "
                               "moves its designated targets to the published MAA.")
    try:
        actions.propose_undesignation(actor=request.user, maa=maa, agreement=agreement, key=payload.target,
                                      outcome=payload.outcome, reason=payload.reason)
    except ActionError as exc:
        return _refused(exc)
    return Status(201, maa_data(maa, request.user))
