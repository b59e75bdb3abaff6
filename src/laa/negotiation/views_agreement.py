"""The pages of one agreement's negotiation: the reader's own agreements ("mine"), an agreement's
overview of every thread with its timetable, and appointing a Whitehall champion."""

from __future__ import annotations

from collections import Counter

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from laa import clock
from laa.catalogue.models import IndicatorDefinition
from laa.negotiation import actions, presenters, presenters_timetable
from laa.negotiation import actions_records as records
from laa.negotiation.models import Champion, Meeting, NegotiationThread
from laa.negotiation.presenters import link
from laa.negotiation.progress import progress_for
from laa.negotiation.scopes import (
    agreements_visible_to,
    outcomes_visible_to,
    targets_visible_to,
)
from laa.negotiation.views import agreement_in_scope, crumbs, error_list, page
from laa.presentation.presenters import govuk_date


@page
def mine(request):
    """The navigation's "Negotiation": a partnership officer or partner authority goes to
    their area's negotiation; anyone else to the dashboard of their scope."""
    user = request.user
    area = getattr(user, "area", None)
    if area is not None and agreements_visible_to(user).filter(area=area).exists():
        return redirect("negotiation:agreement", area.code)
    raise Http404("You have no area's negotiation: use the dashboards")


@page
def agreement_overview(request, area_code: str):
    agreement = agreement_in_scope(request, area_code)
    return render(request, "negotiation/agreement.html", overview_context(request, agreement))


def overview_context(request, agreement, champion_errors=None, champion_values=None) -> dict:
    user = request.user
    targets = list(targets_visible_to(user).filter(agreement=agreement).select_related("indicator")
                   .order_by("position", "id"))
    outcomes = list(outcomes_visible_to(user).filter(agreement=agreement).order_by("position", "id"))
    by_target, by_outcome = {}, {}
    for t in NegotiationThread.objects.visible_to(user).filter(agreement=agreement).only(
            "id", "target_id", "outcome_id", "status", "turn", "dispute_open", "escalation_level", "last_at"):
        if t.target_id:
            by_target[t.target_id] = t
        elif t.outcome_id:
            by_outcome[t.outcome_id] = t
    titles = dict(IndicatorDefinition.objects.visible_to(user).filter(is_current=True, indicator_id__in={t.indicator_id for t in targets})
                  .values_list("indicator_id", "title"))
    area = agreement.area

    def row(thread, href, first, second):
        return {
            "href": href, "first": first, "second": second,
            "status": presenters.status_tag(thread.status if thread else ""),
            "dispute": presenters.dispute_tag(thread.escalation_level if thread and thread.dispute_open else ""),
            "turn": ("the partnership" if thread.turn == "partnership" else "government") if thread and thread.turn else "–",
            "last": govuk_date(thread.last_at) if thread and thread.last_at else "–",
        }

    target_rows = [
        row(by_target.get(t.pk), link("negotiation:target", area.code, t.pk),
            f"{t.indicator.code}: {titles.get(t.indicator_id, '')}",
            presenters.CATEGORY_TEXT.get(t.category, t.category))
        for t in targets
    ]
    outcome_rows = [
        row(by_outcome.get(o.pk), link("negotiation:outcome", area.code, o.pk), o.title, o.theme or "–")
        for o in outcomes
    ]
    counts = Counter((by_target[t.pk].status if t.pk in by_target else "") for t in targets)
    round_ = agreement.round
    progress = progress_for([area.pk], round_, clock.today())
    champions = list(Champion.objects.visible_to(user).filter(agreement=agreement))
    return {
        "title": f"Negotiation: {area.name}",
        "area": area,
        "agreement": agreement,
        "stage": presenters.stage_tag(agreement.state),
        "counts": [{"tag": presenters.status_tag(s), "count": counts[s]} for s in presenters.STATUS_ORDER if counts[s]],
        "disputes": sum(1 for t in list(by_target.values()) + list(by_outcome.values()) if t.dispute_open),
        "target_rows": target_rows,
        "outcome_rows": outcome_rows,
        "warnings": presenters_timetable.deadline_warnings(progress.by_area, {area.pk: area.name}),
        "progress": presenters_timetable.progress_summary(progress.of(area.pk)),
        "meetings": Meeting.objects.visible_to(user).filter(agreement=agreement).count(),
        "champions": champions,
        "can_appoint": rules.has_perm("negotiation.appoint_champion", user, agreement),
        "champion_errors": champion_errors or {},
        "champion_error_list": error_list(champion_errors or {}),
        "champion_values": champion_values or {},
        "today": presenters_timetable.today_text(clock.today(), clock.fixed_day() is not None),
        "agreement_href": reverse("agreements:detail", args=[area.code]),
        "signoff_href": reverse("signoff:agreement", args=[area.code]),
        "breadcrumbs": crumbs(),
    }


@page
@require_POST
def appoint_champion(request, area_code: str):
    agreement = agreement_in_scope(request, area_code)
    if not rules.has_perm("negotiation.appoint_champion", request.user, agreement):
        raise PermissionDenied("The regional director or CLG appoints a negotiating champion")
    try:
        champion = records.appoint_champion(actor=request.user, agreement=agreement, name=request.POST.get("name", ""),
                                            organisation=request.POST.get("organisation", ""))
    except actions.NegotiationError as exc:
        context = overview_context(request, agreement, exc.problems, request.POST)
        return render(request, "negotiation/agreement.html", context, status=400)
    messages.success(request, f"{champion.name} is the negotiating champion for {agreement.area.name}.")
    return redirect("negotiation:agreement", area_code)
