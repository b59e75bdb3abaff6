"""Writes on a negotiation's records beside its threads (D10, D11): meetings with their
decisions, Whitehall champions, and an area's completion of a round event. Each a
keyword-only function, in one transaction, with its audit event; bad input raises
`NegotiationError` naming the field, and nothing is saved."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from laa import clock
from laa.audit.trail import record
from laa.domain.timetable import RoundEvent
from laa.negotiation.actions import MAX_TEXT, NegotiationError, _name, _text
from laa.negotiation.models import (
    Champion,
    Meeting,
    MeetingDecision,
    MeetingKind,
    MilestoneCompletion,
    RoundMilestone,
)
from laa.permissions import require

# ---- meetings, champions -----------------------------------------------------------------


def _day(value: Any, field: str, label: str, problems: dict[str, str]) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = _text(value)
    if not text:
        problems[field] = f"Enter the {label}"
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems[field] = f"The {label} must be a real date, like 2008-03-12"
        return None


def record_meeting(
    *, actor, agreement, kind: str, held_on: Any, attendees: str, notes: str = "",
    decisions: list[dict[str, Any]] | None = None,
) -> Meeting:
    """A case conference or bilateral, with its attendees and its decisions, each on a
    target or priority outcome of the agreement: {"target": id | None, "outcome": id | None, "text": ...}."""
    require(actor, "negotiation.record_meeting", agreement,
            refusal="The partnership officer or the area's Government Office records its meetings")
    problems: dict[str, str] = {}
    if kind not in MeetingKind.values:
        problems["kind"] = "Choose case conference or bilateral meeting"
    day = _day(held_on, "held_on", "day the meeting was held", problems)
    if day is not None and day > clock.today():
        problems["held_on"] = "The day the meeting was held must be today or in the past"
    people = [line.strip() for line in _text(attendees).splitlines() if line.strip()]
    if not people:
        problems["attendees"] = "List who attended, one a line"
    elif len(attendees) > MAX_TEXT:
        problems["attendees"] = f"The attendees can have at most {MAX_TEXT} characters"
    if len(_text(notes)) > MAX_TEXT:
        problems["notes"] = f"The notes can have at most {MAX_TEXT} characters"
    targets = {t.pk: t for t in agreement.targets.all()}
    outcomes = {o.pk: o for o in agreement.outcomes.all()}
    rows = []
    for i, decision in enumerate(decisions or []):
        text = _text(decision.get("text"))
        target_id, outcome_id = decision.get("target"), decision.get("outcome")
        if not text and not target_id and not outcome_id:
            continue
        where = f"decisions[{i}]"
        subject = None
        try:
            if target_id:
                subject = targets.get(int(target_id))
            elif outcome_id:
                subject = outcomes.get(int(outcome_id))
        except (TypeError, ValueError):
            subject = None
        if subject is None:
            problems[f"{where}.subject"] = "Choose a target or priority outcome of this agreement"
        if not text:
            problems[f"{where}.text"] = "Say what the meeting decided"
        elif len(text) > MAX_TEXT:
            problems[f"{where}.text"] = f"A decision can have at most {MAX_TEXT} characters"
        rows.append((subject, text))
    if problems:
        raise NegotiationError(problems)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            agreement=agreement, kind=kind, held_on=day, attendees="\n".join(people), notes=_text(notes),
            recorded_by=actor, recorded_by_name=_name(actor), recorded_at=clock.now(),
        )
        for position, (subject, text) in enumerate(rows):
            is_target = subject in targets.values()
            MeetingDecision.objects.create(
                meeting=meeting, target=subject if is_target else None, outcome=None if is_target else subject,
                subject=(subject.key if is_target else subject.title)[:300], text=text, position=position,
            )
        record(actor=actor, action="negotiation-meeting", instance=meeting, before=None,
               reason=f"{len(rows)} decisions")
    return meeting


def appoint_champion(*, actor, agreement, name: str, organisation: str = "") -> Champion:
    require(actor, "negotiation.appoint_champion", agreement,
            refusal="The area's regional director or CLG appoints a negotiating champion")
    problems: dict[str, str] = {}
    name, organisation = _text(name), _text(organisation)
    if not name:
        problems["name"] = "Enter the champion's name"
    elif len(name) > 200:
        problems["name"] = "The name can have at most 200 characters"
    if len(organisation) > 200:
        problems["organisation"] = "The organisation can have at most 200 characters"
    if problems:
        raise NegotiationError(problems)
    with transaction.atomic():
        champion = Champion.objects.create(
            agreement=agreement, name=name, organisation=organisation, appointed_by=actor,
            appointed_by_name=_name(actor), appointed_at=clock.now(),
        )
        record(actor=actor, action="negotiation-champion", instance=champion, before=None)
    return champion


# ---- the timetable -----------------------------------------------------------------------


def record_milestone(*, actor, area, milestone: RoundMilestone | None, completed_on: Any, note: str = "") -> MilestoneCompletion:
    """An area's completion of a round event (a milestone no sign-off state records)."""
    require(actor, "negotiation.record_milestone", area,
            refusal="The partnership officer or the area's Government Office records the timetable")
    problems: dict[str, str] = {}
    if milestone is None:
        problems["milestone"] = "Choose the milestone completed"
    elif milestone.completed_by not in {e.value for e in RoundEvent}:
        problems["milestone"] = "This milestone is completed by the agreement's sign-off, not recorded by hand"
    day = _day(completed_on, "completed_on", "day it was completed", problems)
    if day is not None and day > clock.today():
        problems["completed_on"] = "The day it was completed must be today or in the past"
    if len(_text(note)) > MAX_TEXT:
        problems["note"] = f"The note can have at most {MAX_TEXT} characters"
    if problems:
        raise NegotiationError(problems)
    assert milestone is not None
    with transaction.atomic():
        existing = MilestoneCompletion.objects.filter(area=area, milestone=milestone).first()
        if existing is not None:
            raise NegotiationError({"milestone": f"{area.name} already completed this on "
                                    f"{existing.completed_on.day} {existing.completed_on:%B %Y} "
                                    f"(recorded by {existing.recorded_by_name})"})
        try:
            with transaction.atomic():
                completion = MilestoneCompletion.objects.create(
                    area=area, milestone=milestone, completed_on=day, note=_text(note), recorded_by=actor,
                    recorded_by_name=_name(actor), recorded_at=clock.now(),
                )
        except IntegrityError:
            raise NegotiationError({"milestone": f"{area.name} already completed this milestone"}) from None
        record(actor=actor, action="negotiation-milestone", instance=completion, before=None,
               reason=f"{area.name}: {milestone.code}")
    return completion
