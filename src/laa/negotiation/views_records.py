"""The pages of a negotiation's records beside its threads: the agreement's meetings (list
and record) and the area's timetable (progress, and recording a round event). Found
through the scopes like every negotiation page; written through `actions_records`."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laa import clock
from laa.accounts.scopes import area_filter
from laa.catalogue.queries import current_round
from laa.domain.composition import default_period
from laa.domain.reviews import milestones as review_milestones
from laa.domain.timetable import RoundEvent
from laa.negotiation import actions, presenters_timetable
from laa.negotiation import actions_records as records
from laa.negotiation.models import Meeting, MeetingKind, MilestoneCompletion
from laa.negotiation.presenters import link
from laa.negotiation.progress import milestones_of, progress_for
from laa.negotiation.scopes import agreements_visible_to
from laa.negotiation.views import agreement_in_scope, crumbs, page
from laa.places.models import Area
from laa.presentation.presenters import govuk_date

# ---- meetings ----------------------------------------------------------------------------

DECISION_ROWS = 3


@page
@require_http_methods(["GET", "POST"])
def meetings(request, area_code: str):
    agreement = agreement_in_scope(request, area_code)
    can_record = rules.has_perm("negotiation.record_meeting", request.user, agreement)
    errors: dict[str, str] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("The partnership officer or the area's Government Office records meetings")
        held_on = "-".join(values.get(f"held_on-{p}", "").strip() for p in ("year", "month", "day"))
        if held_on.strip("-"):
            parts = held_on.split("-")
            held_on = "-".join([parts[0], parts[1].zfill(2), parts[2].zfill(2)]) if all(parts) else held_on
        decisions = []
        for i in range(DECISION_ROWS):
            choice = values.get(f"decisions-{i}-subject", "")
            kind, _, pk = choice.partition(":")
            decisions.append({"target": pk if kind == "t" else None, "outcome": pk if kind == "o" else None,
                              "text": values.get(f"decisions-{i}-text", "")})
        try:
            meeting = records.record_meeting(
                actor=request.user, agreement=agreement, kind=values.get("kind", ""), held_on=held_on,
                attendees=values.get("attendees", ""), notes=values.get("notes", ""), decisions=decisions,
            )
        except actions.NegotiationError as exc:
            errors = exc.problems
        else:
            messages.success(request, f"The {str(meeting).lower()} was recorded.")
            return redirect("negotiation:meetings", area_code)
    area = agreement.area
    found = (Meeting.objects.visible_to(request.user).filter(agreement=agreement)
             .prefetch_related("decisions").order_by("-held_on", "-id"))
    targets = list(agreement.targets.select_related("indicator").order_by("position", "id"))
    outcomes = list(agreement.outcomes.order_by("position", "id"))
    subject_choices = ([("", "Choose a target or outcome")] + [(f"o:{o.pk}", f"Outcome: {o.title}") for o in outcomes]
                       + [(f"t:{t.pk}", f"{t.indicator.code} ({t.key})") for t in targets])
    decision_rows = []
    for i in range(DECISION_ROWS):
        chosen = values.get(f"decisions-{i}-subject", "")
        decision_rows.append({
            "index": i,
            "items": [{"value": v, "text": t, "selected": v == chosen} for v, t in subject_choices],
            "text": values.get(f"decisions-{i}-text", ""),
            "subject_error": errors.get(f"decisions[{i}].subject"),
            "text_error": errors.get(f"decisions[{i}].text"),
        })
    rows = []
    for m in found:
        rows.append({
            "heading": f"{m.get_kind_display()}, {govuk_date(m.held_on)}",
            "attendees": m.attendee_list,
            "notes": m.notes,
            "recorded": f"Recorded by {m.recorded_by_name} on {govuk_date(m.recorded_at)}",
            "decisions": [
                {"subject": d.subject, "text": d.text,
                 "href": link("negotiation:target", area.code, d.target_id) if d.target_id
                 else link("negotiation:outcome", area.code, d.outcome_id) if d.outcome_id else None}
                for d in m.decisions.all()
            ],
        })
    return render(request, "negotiation/meetings.html", {
        "title": f"Meetings: {area.name}",
        "area": area,
        "rows": rows,
        "can_record": can_record,
        "kind_items": [{"value": v, "text": t, "checked": values.get("kind") == v} for v, t in MeetingKind.choices],
        "values": values,
        "decision_rows": decision_rows,
        "errors": errors,
        "error_list": [{"text": m, "href": "#" + ("held_on-day" if k == "held_on" else
                                                  k.replace("[", "-").replace("].", "-"))}
                       for k, m in errors.items()],
        "breadcrumbs": crumbs(agreement),
    }, status=400 if errors else 200)


# ---- the area's timetable ----------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def timetable(request, area_code: str):
    area = Area.objects.visible_to(request.user).select_related("region").filter(area_filter(request.user), code=area_code).first()
    round_ = current_round()
    if area is None or round_ is None:
        raise Http404("No area you may see")
    can_record = rules.has_perm("negotiation.record_milestone", request.user, area)
    milestones = milestones_of(round_)
    errors: dict[str, str] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("The partnership officer or the area's Government Office records the timetable")
        milestone = next((m for m in milestones if m.code == values.get("milestone")), None)
        day = "-".join(values.get(f"completed_on-{p}", "").strip() for p in ("year", "month", "day"))
        parts = day.split("-")
        if all(parts):
            day = "-".join([parts[0], parts[1].zfill(2), parts[2].zfill(2)])
        try:
            records.record_milestone(actor=request.user, area=area, milestone=milestone,
                                     completed_on=day if day.strip("-") else "", note=values.get("note", ""))
        except actions.NegotiationError as exc:
            errors = exc.problems
        else:
            messages.success(request, f"Recorded: {milestone.title}.")
            return redirect("negotiation:timetable", area_code)
    today = clock.today()
    progress = progress_for([area.pk], round_, today, milestones=milestones).of(area.pk)
    recorded = {c.milestone.code: f"{govuk_date(c.completed_on)} (recorded by {c.recorded_by_name})"
                for c in MilestoneCompletion.objects.visible_to(request.user).filter(area=area, milestone__round=round_).select_related("milestone")}
    done = {m.code for m, s in progress.statuses if s.value in ("done", "done_late")}
    for m, _s in progress.statuses:
        if m.code in done and m.code not in recorded:
            recorded[m.code] = "By the agreement's sign-off"
    events = {e.value for e in RoundEvent}
    pending = [m for m in milestones if m.code not in done and m.completed_by in events]
    agreement = agreements_visible_to(request.user).filter(area=area, round=round_).first()
    return render(request, "negotiation/timetable.html", {
        "title": f"Timetable: {area.name}",
        "area": area,
        "round": round_,
        "rows": presenters_timetable.milestone_rows(progress, recorded),
        "summary": presenters_timetable.progress_summary(progress),
        "warnings": presenters_timetable.deadline_warnings({area.pk: progress}, {area.pk: area.name}),
        "today": presenters_timetable.today_text(today, clock.fixed_day() is not None),
        "can_record": can_record and bool(pending),
        "milestone_items": [{"value": "", "text": "Choose a milestone"}] + [
            {"value": m.code, "text": m.title, "selected": values.get("milestone") == m.code} for m in pending],
        "values": values,
        "errors": errors,
        "error_list": [{"text": m, "href": "#" + ("completed_on-day" if k == "completed_on" else k)}
                       for k, m in errors.items()],
        "breadcrumbs": crumbs(agreement) if agreement else crumbs(),
        # After approval: each year's annual review and refresh (D16; laa.domain.reviews).
        "after_approval": [{"title": m.title, "day": govuk_date(m.day), "past": m.day < today}
                           for m in review_milestones(*(
                               (agreement.period_start, agreement.period_end) if agreement
                               else default_period(round_.year)))],
    }, status=400 if errors else 200)
