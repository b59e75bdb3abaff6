"""Revisions in the API (ADR 0021), read only: the revisions a person may read (their
area's, their region's, or every one for national readers), and one revision with its
changes, the consents needed and given, the consultation and its steps. The writes are
the pages' (and the actions'); signed in only (401 otherwise), 403 for a department,
404 outside one's scope or for a revision that does not exist."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from laa.accounts.api_auth import signed_in
from laa.presentation.api_lists import Limit, Offset, Page, paginate
from laa.presentation.api_schemas import ERRORS
from laa.revisions import presenters
from laa.revisions.actions import needed_consents
from laa.revisions.models import Consent, Consultation, Revision, RevisionStatus
from laa.revisions.views import find_revision

router = Router(tags=["revisions"])
MAX_NUMBER = 1_000_000


class RevisionOut(Schema):
    area_code: str
    area: str
    number: int
    kind: str = Field(description="local (s110: the responsible authority approves), designated (s111: the "
                                  "Secretary of State approves) or refresh (after the annual review: the GO agrees, "
                                  "the Secretary of State approves)")
    review_year: str = Field(description='A refresh, or an un-designation made at the annual review: the year of '
                                         'the annual review ("2008/09"); "" for a revision between reviews')
    state: str = Field(description="proposed, consented, approved, withdrawn or refused")
    standing: str = Field(description="The state, or in_force once an approved revision's version is in force")
    proposed_on: date
    reason: str
    based_on: int = Field(description="The agreement's version the revision changes")
    made: int | None = Field(description="The version its approval wrote")
    changes: list[str] = Field(description="Each change in words")


class RevisionPage(Page):
    items: list[RevisionOut]


class RevisionQuery(Schema):
    area: str = Field("", max_length=20, description="An area's code, e.g. E2221")
    state: str = Field("", max_length=12, description="proposed, consented, approved, withdrawn or refused")
    offset: Offset = 0
    limit: Limit = 100


class ConsentOut(Schema):
    organisation: str = Field(description="A partner authority; for a refresh, first the Government Office")
    answer: str = Field(description="consents, refuses or waiting")
    by: str
    at: datetime | None
    note: str


class ConsultationOut(Schema):
    held_on: date
    summary: str
    by: str


class StepOut(Schema):
    step: str
    from_state: str
    to_state: str
    by: str
    at: datetime
    reason: str


class RevisionDetailOut(RevisionOut):
    consents: list[ConsentOut]
    consultations: list[ConsultationOut]
    steps: list[StepOut]


@router.get("/", response={200: RevisionPage, **ERRORS}, auth=signed_in,
            summary="The revisions of agreements you may read, newest first")
def list_revisions(request, query: Query[RevisionQuery]):
    qs = (Revision.objects.visible_to(request.user).select_related("agreement__area", "based_on", "made", "review")
          .order_by("-proposed_on", "-id"))
    if query.area:
        qs = qs.filter(agreement__area__code=query.area)
    if query.state:
        qs = qs.filter(state=query.state)
    window, page = paginate(qs, query.offset, query.limit)
    return {**page, "items": [presenters.summary(r) for r in window]}


@router.get("/{area_code}/{number}", response={200: RevisionDetailOut, **ERRORS}, auth=signed_in,
            summary="One revision of an agreement, with its consents, consultation and steps")
def get_revision(request, area_code: str, number: int = Path(..., ge=1, le=MAX_NUMBER)):
    try:
        _, revision = find_revision(request.user, area_code, number)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    except Http404 as missing:
        return Status(404, {"detail": str(missing)})
    user = request.user
    given = {c.organisation: c for c in Consent.objects.visible_to(user).filter(revision=revision)}
    consents = []
    for name in needed_consents(revision):
        c = given.get(name)
        consents.append({"organisation": name, "answer": ("consents" if c.consents else "refuses") if c else "waiting",
                         "by": c.by_name if c else "", "at": c.at if c else None, "note": c.note if c else ""})
    return {
        **presenters.summary(revision), "consents": consents,
        "consultations": [{"held_on": c.held_on, "summary": c.summary, "by": c.by_name}
                          for c in Consultation.objects.visible_to(user).filter(revision=revision)],
        "steps": [{"step": s.step, "from_state": s.from_state, "to_state": s.to_state, "by": s.by_name, "at": s.at,
                   "reason": s.reason} for s in RevisionStatus.objects.visible_to(user).filter(revision=revision)],
    }
