"""Annual reviews in the API (ADR 0018), read only: the reviews a person may read (their
area's, their region's, or every one for national readers), and one review with its
assessments (current and earlier), agreed actions, refresh proposals and steps. The
writes are the pages' (and the actions'); signed in only (401 otherwise), 403 for a
department, 404 outside one's scope or for a review not started."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema, Status
from pydantic import Field

from laa import clock
from laa.accounts.api_auth import signed_in
from laa.domain.reviews import review_year
from laa.presentation.api_lists import Limit, Offset, Page, paginate
from laa.presentation.api_schemas import ERRORS
from laa.reviews import presenters
from laa.reviews.actions import reviewed_targets
from laa.reviews.models import Review
from laa.reviews.reading import agreement_year, records, review_agreement, visible_review

router = Router(tags=["annual reviews"])


class ReviewOut(Schema):
    area_code: str
    area: str
    year: str = Field(description='The agreement year reviewed, "2008/09"')
    state: str = Field(description="in_progress or completed")
    standing: str = Field(description="due, overdue, in_progress or completed (today, by the service's clock)")
    started_on: date
    reviewed_version: int = Field(description="The agreement's version whose targets are reviewed")


class ReviewPage(Page):
    items: list[ReviewOut]


class ReviewQuery(Schema):
    area: str = Field("", max_length=20, description="An area's code, e.g. E2221")
    region: str = Field("", max_length=8, description="A region's code, e.g. SE")
    year: str = Field("", max_length=7, description='e.g. "2008/09"')
    state: str = Field("", max_length=16, description="in_progress or completed")
    offset: Offset = 0
    limit: Limit = 100


class AssessmentOut(Schema):
    id: int
    target: str
    indicator: str
    rating: str = Field(description="on_track, at_risk or off_track")
    commentary: str
    by: str
    at: datetime
    replaces: int | None = Field(description="The earlier assessment of the target this one changed")
    current: bool


class ActionOut(Schema):
    text: str
    owner: str
    due_on: date
    by: str
    at: datetime


class ProposalOut(Schema):
    target: str = Field(description='The target it is for; "" for the agreement as a whole')
    text: str
    by: str
    at: datetime


class StepOut(Schema):
    step: str
    from_state: str
    to_state: str
    by: str
    at: datetime
    reason: str


class ReviewDetailOut(ReviewOut):
    targets: list[str] = Field(description="The keys of the targets the review covers")
    assessments: list[AssessmentOut]
    actions: list[ActionOut]
    proposals: list[ProposalOut]
    steps: list[StepOut]


def _out(review: Review) -> dict:
    year = review_year(review.year)
    return {"area_code": review.agreement.area.code, "area": review.agreement.area.name, "year": review.year,
            "state": review.state, "standing": presenters.standing_of(year, review, clock.today()).value,
            "started_on": review.started_on, "reviewed_version": review.reviewed_version.number}


@router.get("/", response={200: ReviewPage, **ERRORS}, auth=signed_in,
            summary="The annual reviews you may read, newest year first")
def list_reviews(request, query: Query[ReviewQuery]):
    qs = (Review.objects.visible_to(request.user).select_related("agreement__area", "reviewed_version")
          .order_by("-year", "agreement__area__name"))
    if query.area:
        qs = qs.filter(agreement__area__code=query.area)
    if query.region:
        qs = qs.filter(agreement__area__region__code=query.region)
    if query.year:
        qs = qs.filter(year=query.year.replace("-", "/"))
    if query.state:
        qs = qs.filter(state=query.state)
    window, page = paginate(qs, query.offset, query.limit)
    return {**page, "items": [_out(r) for r in window]}


@router.get("/{area_code}/{year}", response={200: ReviewDetailOut, **ERRORS}, auth=signed_in,
            summary='One annual review (year as "2008-09"), with its assessments, actions, proposals and steps')
def get_review(request, area_code: str, year: str):
    try:
        agreement = review_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    found_year = agreement_year(agreement, year)
    review = visible_review(request.user, agreement, found_year)
    if review is None:
        return Status(404, {"detail": f"The {found_year.label} review of {agreement.area.name}'s agreement has not "
                                      "been started"})
    rows = records(request.user, review)
    current = {a.pk for a in rows["current"]}
    return {
        **_out(review),
        "targets": [k for k, _ in reviewed_targets(review)],
        "assessments": [{"id": a.pk, "target": a.target_key, "indicator": a.indicator, "rating": a.rating,
                         "commentary": a.commentary, "by": a.by_name, "at": a.at, "replaces": a.replaces_id,
                         "current": a.pk in current} for a in rows["assessments"]],
        "actions": [{"text": a.text, "owner": a.owner, "due_on": a.due_on, "by": a.by_name, "at": a.at}
                    for a in rows["actions"]],
        "proposals": [{"target": p.target_key, "text": p.text, "by": p.by_name, "at": p.at} for p in rows["proposals"]],
        "steps": [{"step": s.step, "from_state": s.from_state, "to_state": s.to_state, "by": s.by_name, "at": s.at,
                   "reason": s.reason} for s in rows["statuses"]],
    }

