"""Delivery's pages (issue 13): a target's commentary and actions (the partnership officer
and the partner authorities signed up to it write them; whoever reads the area's progress
reads them), and the area's exceptions with the board's challenges of its themes. Forms
work without JavaScript; an error is shown beside its field (400), nothing saved."""

from __future__ import annotations

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laa import clock
from laa.domain.progress import Judgement
from laa.performance import delivery_actions, presenters
from laa.performance.delivery import (
    TargetOf,
    challenges_of,
    exceptions_of,
    is_done,
    is_overdue,
    periods_of,
    themes_of,
    words_of,
)
from laa.performance.delivery_models import DeliveryAction
from laa.performance.reading import area_progress, progress_agreement
from laa.presentation.presenters import date_input, error_list, govuk_date

_ANCHORS = {"due": "due-day", "held": "held-day"}


def _progress(request, area_code: str):
    agreement = progress_agreement(request.user, area_code)
    day = clock.today()
    return area_progress(request.user, agreement, day), day


def _crumbs(agreement) -> list[dict[str, str]]:
    return [{"text": "Home", "href": reverse("home")},
            {"text": agreement.area.name, "href": reverse("agreements:detail", args=[agreement.area.code])},
            {"text": "Progress", "href": reverse("performance:area", args=[agreement.area.code])}]


def words_href(area_code: str, key: str) -> str:
    return reverse("performance:target_words", args=[area_code]) + "?" + urlencode({"target": key})


@login_required
@require_http_methods(["GET", "POST"])
def target_words(request, area_code: str):
    found, day = _progress(request, area_code)
    key = (request.POST if request.method == "POST" else request.GET).get("target", "")[:200]
    index, item = next(((i, t) for i, t in enumerate(found.targets, start=1) if t.target.key == key), (0, None))
    if item is None:
        raise Http404("The agreement in force has no such target")
    values, errors, status = request.POST if request.method == "POST" else {}, {}, 200
    if request.method == "POST":
        form = values.get("form", "")
        try:
            if form == "commentary":
                delivery_actions.add_commentary(actor=request.user, found=found, item=item,
                                                period=values.get("period", ""), why=values.get("why", ""),
                                                next_steps=values.get("next_steps", ""))
                said = "Your commentary is recorded."
            elif form == "action":
                delivery_actions.add_action(actor=request.user, found=found, item=item, text=values.get("text", ""),
                                            owner=values.get("owner", ""), due=date_input(values, "due"))
                said = "The action is recorded."
            elif form == "done":
                action = (DeliveryAction.objects.visible_to(request.user)
                          .filter(agreement=found.agreement, target=key, pk=values.get("action", "0")[:12] or 0)
                          .first() if values.get("action", "").isdigit() else None)
                if action is None:
                    raise Http404("No such action on this target")
                delivery_actions.mark_done(actor=request.user, found=found, item=item, action=action)
                said = "The action is marked done."
            else:
                raise Http404("No such form")
        except delivery_actions.DeliveryRefused as refused:
            errors, status = refused.problems, 400
        else:
            messages.success(request, said)
            return redirect(words_href(area_code, key) + ("#actions" if form != "commentary" else "#commentary"))
    words = words_of(request.user, found.agreement).get(key)
    row = presenters.target_row(item, index)
    periods = periods_of(item)
    latest_period = row["period"] or row["year"]
    may_write = rules.has_perm("performance.comment", request.user, TargetOf(found.agreement, item.target))
    return render(request, "performance/target_words.html", {
        "title": f"{key}: commentary and actions", "agreement": found.agreement, "row": row, "key": key,
        "commentary": [{"period": c.period, "why": c.why, "next_steps": c.next_steps, "by": c.by_name,
                        "at": govuk_date(c.at)} for c in (words.commentary if words else [])],
        "actions": [{"id": a.pk, "text": a.text, "owner": a.owner, "due": govuk_date(a.due_on), "done": is_done(a),
                     "done_on": govuk_date(a.done.at) if is_done(a) else "", "overdue": is_overdue(a, day)}
                    for a in (words.actions if words else [])],
        "may_write": may_write, "form": values.get("form", ""), "values": values,
        "period_items": [{"value": p, "text": p, "selected": p == values.get("period", latest_period)}
                         for p in periods],
        "errors": errors, "error_list": error_list(errors, _ANCHORS), "back": reverse("performance:area", args=[area_code]) + f"#{row['anchor']}",
        "breadcrumbs": _crumbs(found.agreement),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exceptions(request, area_code: str):
    found, day = _progress(request, area_code)
    themes = themes_of(request.user, found)
    values, errors, status = request.POST if request.method == "POST" else {}, {}, 200
    if request.method == "POST":
        try:
            delivery_actions.record_challenge(actor=request.user, found=found, themes=themes,
                                              theme=values.get("theme", ""), held=date_input(values, "held"),
                                              decisions=values.get("decisions", ""))
        except delivery_actions.DeliveryRefused as refused:
            errors, status = refused.problems, 400
        else:
            messages.success(request, "The board's challenge is recorded.")
            return redirect(reverse("performance:exceptions", args=[area_code]) + "#challenges")
    words = words_of(request.user, found.agreement)
    found_exceptions = exceptions_of(found, words, day)
    return render(request, "performance/exceptions.html", {
        "title": f"{found.agreement.area.name}: exceptions for the board", "agreement": found.agreement,
        "day": govuk_date(day),
        "exceptions": [{"key": e.target, "tag": presenters.judgement_tag(e.judgement), "reasons": e.reasons,
                        "href": words_href(area_code, e.target), "off_track": e.judgement is Judgement.OFF_TRACK}
                       for e in found_exceptions],
        "challenges": [{"theme": c.theme, "held": govuk_date(c.held_on), "decisions": c.decisions, "by": c.by_name}
                       for c in challenges_of(request.user, found.agreement)],
        "may_challenge": rules.has_perm("performance.challenge", request.user, found.agreement),
        "theme_items": [{"value": "", "text": "Choose a theme"}] + [
            {"value": t, "text": t, "selected": t == values.get("theme")} for t in themes],
        "values": values, "errors": errors, "error_list": error_list(errors, _ANCHORS),
        "breadcrumbs": _crumbs(found.agreement),
    }, status=status)
