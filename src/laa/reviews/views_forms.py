"""The review's forms, for the area's Government Office while the review is in progress:
a target's assessment (rating and commentary; a change replaces the current one), an
agreed action (what, owner, due date) and a refresh proposal (for a target or the
agreement). Each problem is shown beside its field; nothing is saved then."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from laa import clock
from laa.domain.reviews import RATING_LABELS, ReviewState
from laa.presentation.presenters import date_input, error_list
from laa.reviews import actions, presenters
from laa.reviews.reading import records
from laa.reviews.views import crumbs, find_review
from laa.signoff.versions import version_draft


def _writer(request, area_code: str, year: str):
    agreement, found_year, review = find_review(request, area_code, year)
    if not rules.has_perm("reviews.write_review", request.user, agreement):
        raise PermissionDenied(actions.WRITE_REFUSAL)
    if review.state != ReviewState.IN_PROGRESS:
        raise PermissionDenied(f"The {found_year.label} review is completed: reopen it to change it")
    return agreement, found_year, review


def _page(request, template: str, agreement, year, review, title: str, values, errors, status: int = 200, **more):
    href = presenters.review_href(agreement.area.code, year)
    return render(request, template, {
        "title": title, "agreement": agreement, "year": year, "review": review, "values": values,
        "errors": errors, "error_list": error_list(errors, {"due": "due-day"}), "back": href,
        "breadcrumbs": crumbs(agreement, {"text": year.label, "href": href}), **more,
    }, status=status)


@login_required
def assess(request, area_code: str, year: str, key: str):
    agreement, found_year, review = _writer(request, area_code, year)
    target = next((t for t in version_draft(review.reviewed_version).targets if t.key == key), None)
    if target is None:
        raise Http404(f"The {found_year.label} review does not cover a target {key[:60]}")
    found = records(request.user, review)
    current = next((a for a in found["current"] if a.target_key == key), None)
    earlier = [a for a in found["assessments"] if a.target_key == key and a is not current]
    values = request.POST if request.method == "POST" else (
        {"rating": current.rating, "commentary": current.commentary, "replaces": str(current.pk)} if current else {})
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        seen = values.get("replaces", "").strip()
        try:
            actions.assess_target(actor=request.user, review=review, target=key, rating=values.get("rating", ""),
                                  commentary=values.get("commentary", ""),
                                  replaces=int(seen) if seen.isdigit() else None)
        except actions.ReviewError as refused:
            errors, status = (refused.problems or {"rating": refused.message}), refused.status
        else:
            messages.success(request, f"{key} is assessed.")
            return redirect(presenters.review_href(agreement.area.code, found_year) + "#targets")
    figures = presenters.figures(request.user, agreement.area, [target.indicator], clock.today())
    return _page(request, "reviews/assess.html", agreement, found_year, review, f"Assess {key}", values, errors,
                 status, target=target, figures=figures.get(target.indicator, []), current=current, earlier=earlier,
                 rating_items=[{"value": r.value, "text": label, "checked": values.get("rating") == r.value}
                               for r, label in RATING_LABELS.items()])


@login_required
def add_action(request, area_code: str, year: str):
    agreement, found_year, review = _writer(request, area_code, year)
    values = request.POST if request.method == "POST" else {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        due = date_input(values, "due")
        try:
            actions.add_action(actor=request.user, review=review, text=values.get("text", ""),
                               owner=values.get("owner", ""), due=due)
        except actions.ReviewError as refused:
            errors, status = (refused.problems or {"text": refused.message}), refused.status
        else:
            messages.success(request, "The agreed action is recorded.")
            return redirect(presenters.review_href(agreement.area.code, found_year) + "#actions")
    return _page(request, "reviews/action_form.html", agreement, found_year, review, "Record an agreed action",
                 values, errors, status)


@login_required
def add_proposal(request, area_code: str, year: str):
    agreement, found_year, review = _writer(request, area_code, year)
    targets = version_draft(review.reviewed_version).targets
    values = request.POST if request.method == "POST" else {"target": request.GET.get("target", "")}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            actions.add_proposal(actor=request.user, review=review, text=values.get("text", ""),
                                 target=values.get("target", ""))
        except actions.ReviewError as refused:
            errors, status = (refused.problems or {"text": refused.message}), refused.status
        else:
            messages.success(request, "The refresh proposal is recorded.")
            return redirect(presenters.review_href(agreement.area.code, found_year) + "#proposals")
    items = [{"value": "", "text": "The agreement as a whole"}] + [
        {"value": t.key, "text": f"{t.key}" if t.key == t.indicator else f"{t.key} ({t.indicator})",
         "selected": values.get("target") == t.key} for t in targets]
    return _page(request, "reviews/proposal_form.html", agreement, found_year, review, "Propose a change for the refresh",
                 values, errors, status, target_items=items)
