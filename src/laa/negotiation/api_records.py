"""Negotiation in the API, continued: an agreement's meetings (list and record), its
Whitehall champion, and an area's timetable (read, and record a round event). The paths
are added to the negotiation router (`laa.negotiation.api.router`)."""

from typing import Any

import rules
from django.http import Http404
from ninja import Status

from laa import clock
from laa.accounts.api_auth import signed_in
from laa.accounts.scopes import area_filter
from laa.catalogue.queries import current_round
from laa.negotiation import actions
from laa.negotiation import actions_records as records
from laa.negotiation.api import _agreement, _invalid, router
from laa.negotiation.api_schemas import (
    ChampionIn,
    ChampionOut,
    MeetingIn,
    MeetingOut,
    MilestoneIn,
    TimetableOut,
)
from laa.negotiation.models import Meeting, MilestoneCompletion
from laa.negotiation.progress import milestones_of, progress_for
from laa.places.models import Area
from laa.presentation.api_schemas import ERRORS

# ---- meetings and champions --------------------------------------------------------------


def meeting_out(m) -> dict[str, Any]:
    return {"id": m.pk, "kind": m.kind, "held_on": m.held_on, "attendees": m.attendee_list, "notes": m.notes,
            "recorded_by": m.recorded_by_name,
            "decisions": [{"subject": d.subject, "target_id": d.target_id, "outcome_id": d.outcome_id, "text": d.text}
                          for d in m.decisions.all()]}


@router.get("/agreements/{area_code}/meetings", response={200: list[MeetingOut], **ERRORS}, auth=signed_in,
            summary="The case conferences and bilateral meetings of an agreement's negotiation")
def negotiation_meetings(request, area_code: str):
    agreement = _agreement(request.user, area_code)
    return [meeting_out(m) for m in Meeting.objects.visible_to(request.user).filter(agreement=agreement)
            .prefetch_related("decisions").order_by("-held_on", "-id")]


@router.post("/agreements/{area_code}/meetings", response={201: MeetingOut, **ERRORS}, auth=signed_in,
             summary="Record a meeting: attendees and the decisions on targets or outcomes it settled")
def negotiation_record_meeting(request, area_code: str, payload: MeetingIn):
    agreement = _agreement(request.user, area_code)
    if not rules.has_perm("negotiation.record_meeting", request.user, agreement):
        return Status(403, {"detail": "The partnership officer or the area's Government Office records meetings"})
    try:
        meeting = records.record_meeting(actor=request.user, agreement=agreement, kind=payload.kind,
                                         held_on=payload.held_on, attendees="\n".join(payload.attendees),
                                         notes=payload.notes, decisions=payload.decisions)
    except actions.NegotiationError as exc:
        return _invalid(exc)
    return Status(201, meeting_out(meeting))


@router.post("/agreements/{area_code}/champions", response={201: ChampionOut, **ERRORS}, auth=signed_in,
             summary="Appoint a Whitehall negotiating champion for the area (regional director or CLG)")
def negotiation_appoint_champion(request, area_code: str, payload: ChampionIn):
    agreement = _agreement(request.user, area_code)
    if not rules.has_perm("negotiation.appoint_champion", request.user, agreement):
        return Status(403, {"detail": "The regional director or CLG appoints a negotiating champion"})
    try:
        champion = records.appoint_champion(actor=request.user, agreement=agreement, name=payload.name,
                                            organisation=payload.organisation)
    except actions.NegotiationError as exc:
        return _invalid(exc)
    return Status(201, {"name": champion.name, "organisation": champion.organisation,
                        "appointed_by": champion.appointed_by_name, "appointed_at": champion.appointed_at})


# ---- the timetable -----------------------------------------------------------------------


def _area(user, area_code: str):
    area = Area.objects.visible_to(user).filter(area_filter(user), code=area_code).first()
    if area is None:
        raise Http404("No area you may see")
    return area


def timetable_out(user, area) -> dict[str, Any]:
    round_ = current_round()
    if round_ is None:
        raise Http404("No round is loaded")
    milestones = milestones_of(round_)
    today = clock.today()
    progress = progress_for([area.pk], round_, today, milestones=milestones).of(area.pk)
    recorded = dict(MilestoneCompletion.objects.visible_to(user).filter(area=area, milestone__round=round_)
                    .values_list("milestone__code", "completed_on"))
    by_code = {m.code: m for m in milestones}
    return {
        "area": area.code, "round": round_.year, "today": today,
        "milestones": [
            {"code": m.code, "title": m.title, "starts": m.starts, "due": m.due, "who": m.who,
             "completed_by": by_code[m.code].completed_by, "status": status.value,
             "completed_on": recorded.get(m.code)}
            for m, status in progress.statuses
        ],
    }


@router.get("/areas/{area_code}/timetable", response={200: TimetableOut, **ERRORS}, auth=signed_in,
            summary="An area's progress against the round's milestones (D10)")
def negotiation_timetable(request, area_code: str):
    return timetable_out(request.user, _area(request.user, area_code))


@router.post("/areas/{area_code}/milestones", response={201: TimetableOut, **ERRORS}, auth=signed_in,
             summary="Record that the area completed a milestone of the round (a round event)")
def negotiation_record_milestone(request, area_code: str, payload: MilestoneIn):
    area = _area(request.user, area_code)
    if not rules.has_perm("negotiation.record_milestone", request.user, area):
        return Status(403, {"detail": "The partnership officer or the area's Government Office records the timetable"})
    round_ = current_round()
    milestone = next((m for m in milestones_of(round_) if m.code == payload.milestone), None) if round_ else None
    try:
        records.record_milestone(actor=request.user, area=area, milestone=milestone,
                                 completed_on=payload.completed_on, note=payload.note)
    except actions.NegotiationError as exc:
        return _invalid(exc)
    return Status(201, timetable_out(request.user, area))
