"""The annual review's pages (ADR 0018): the region's reviews (due, in progress,
completed), an area's reviews by year (the GO starts one), a review (targets with the
hub's figures beside them, assessments, agreed actions, refresh proposals, its history),
and its steps (complete, reopen). The forms of assessments, actions and proposals are
`views_forms`. The partnership and national readers read; the area's GO writes."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from laa import clock
from laa.agreements.models import Agreement
from laa.domain.reviews import (
    APPROVED_STATES,
    RATING_LABELS,
    ReviewState,
    Standing,
    completion_problems,
    review_year,
    review_years,
    year_of_day,
)
from laa.places.models import Region
from laa.presentation.presenters import error_list, govuk_date
from laa.reviews import actions, presenters
from laa.reviews.models import Review
from laa.reviews.reading import agreement_year, records, review_agreement, visible_review
from laa.signoff.versions import version_draft

REGION_SECTIONS = (
    ("due", "Due", (Standing.DUE, Standing.OVERDUE, Standing.NOT_YET_DUE)),
    ("in-progress", "In progress", (Standing.IN_PROGRESS,)),
    ("completed", "Completed", (Standing.COMPLETED,)),
)


def crumbs(agreement: Agreement, *more: dict) -> list[dict]:
    code = agreement.area.code
    return [{"text": "Home", "href": reverse("home")},
            {"text": agreement.area.name, "href": reverse("agreements:detail", args=[code])},
            {"text": "Annual reviews", "href": reverse("reviews:area", args=[code])}, *more]


@login_required
@require_GET
def region(request):
    user = request.user
    if not rules.has_perm("reviews.view_region_reviews", user):
        raise PermissionDenied("The region's annual reviews are for the Government Office and national readers")
    regions = list(Region.objects.visible_to(user).order_by("name"))
    if user.region_id:  # the Government Office: its own region
        chosen = next((r for r in regions if r.pk == user.region_id), None)
    else:
        code = request.GET.get("region", "").strip()[:8]
        chosen = next((r for r in regions if r.code == code), None) if code else (regions[0] if regions else None)
    if chosen is None:
        raise Http404("There is no such region")
    today = clock.today()
    wanted = request.GET.get("year", "").strip()[:7] or year_of_day(today)
    year = review_year(wanted)
    errors = {} if year else {"year": f"Choose a year like 2008/09: not '{wanted}'"}
    year = year or review_year(year_of_day(today))
    agreements = (Agreement.objects.visible_to(user).filter(area__region=chosen, state__in=APPROVED_STATES)
                  .select_related("area").order_by("area__name"))
    found = {r.agreement_id: r for r in Review.objects.visible_to(user).filter(agreement__in=agreements, year=year.label)}
    sections: dict[str, list[dict]] = {key: [] for key, _, _ in REGION_SECTIONS}
    for agreement in agreements:
        if year.label not in {y.label for y in review_years(agreement.period_start, agreement.period_end)}:
            continue
        review = found.get(agreement.pk)
        s = presenters.standing_of(year, review, today)
        key = next(k for k, _, members in REGION_SECTIONS if s in members)
        sections[key].append({"area": agreement.area.name, "tag": presenters.standing_tag(s),
                              "href": presenters.review_href(agreement.area.code, year) if review
                              else reverse("reviews:area", args=[agreement.area.code]),
                              "started": govuk_date(review.started_on) if review else ""})
    not_approved = Agreement.objects.visible_to(user).filter(area__region=chosen).exclude(
        state__in=APPROVED_STATES).count()
    return render(request, "reviews/region.html", {
        "title": f"{chosen.government_office}: annual reviews {year.label}",
        "region": chosen, "year": year, "errors": errors, "error_list": error_list(errors),
        "sections": [{"id": key, "heading": heading, "rows": sections[key]} for key, heading, _ in REGION_SECTIONS],
        "region_items": [{"value": r.code, "text": r.name, "selected": r.pk == chosen.pk} for r in regions]
        if not user.region_id else [],
        "not_approved": not_approved, "today": govuk_date(today),
    }, status=400 if errors else 200)


def _area_context(request, agreement: Agreement, errors: dict[str, str] | None = None) -> dict:
    today = clock.today()
    may_write = rules.has_perm("reviews.write_review", request.user, agreement)
    found = {r.year: r for r in Review.objects.visible_to(request.user).filter(agreement=agreement)}
    rows = []
    for year in review_years(agreement.period_start, agreement.period_end):
        review = found.get(year.label)
        s = presenters.standing_of(year, review, today)
        rows.append({"year": year, "tag": presenters.standing_tag(s),
                     "href": presenters.review_href(agreement.area.code, year) if review else "",
                     "started": govuk_date(review.started_on) if review else "",
                     "may_start": may_write and review is None and s in {Standing.DUE, Standing.OVERDUE}
                     and agreement.state in APPROVED_STATES})
    return {
        "title": f"Annual reviews of {agreement.area.name}'s agreement", "agreement": agreement, "rows": rows,
        "approved": agreement.state in APPROVED_STATES, "errors": errors or {},
        "error_list": error_list(errors, {"year": "start"}), "breadcrumbs": crumbs(agreement)[:2],
    }


@login_required
@require_GET
def area(request, area_code: str):
    agreement = review_agreement(request.user, area_code)
    return render(request, "reviews/area.html", _area_context(request, agreement))


@login_required
@require_POST
def start(request, area_code: str):
    agreement = review_agreement(request.user, area_code)
    if not rules.has_perm("reviews.write_review", request.user, agreement):
        raise PermissionDenied(actions.WRITE_REFUSAL)
    year = request.POST.get("year", "")
    try:
        review = actions.start_review(actor=request.user, agreement=agreement, year=year)
    except actions.ReviewError as refused:
        return render(request, "reviews/area.html", _area_context(request, agreement, {"year": refused.message}),
                      status=refused.status)
    messages.success(request, f"The {review.year} annual review has started: assess each target.")
    return redirect("reviews:review", area_code, review.year.replace("/", "-"))


def review_context(request, agreement: Agreement, year, review: Review, errors: dict[str, str] | None = None) -> dict:
    """The review page's content (also shown again with the errors of a refused step)."""
    found = records(request.user, review)
    current = {a.target_key: a for a in found["current"]}
    targets = version_draft(review.reviewed_version).targets
    may_write = rules.has_perm("reviews.write_review", request.user, agreement)
    in_progress = review.state == ReviewState.IN_PROGRESS
    links = {t.key: reverse("reviews:assess", args=[agreement.area.code, year.slug, t.key])
             for t in targets} if may_write and in_progress else {}
    rows = presenters.target_rows(targets, current,
                                  presenters.figures(request.user, agreement.area, [t.indicator for t in targets], clock.today()), links)
    history = {}
    for a in found["assessments"]:
        history[a.target_key] = history.get(a.target_key, 0) + 1
    for row in rows:
        row["changes"] = history.get(row["key"], 0) - 1
    missing = completion_problems([t.key for t in targets],
                                  {k: (a.rating, a.commentary) for k, a in current.items()})
    counts = ", ".join(f"{label.lower()} {sum(1 for a in current.values() if a.rating == r)}"
                       for r, label in RATING_LABELS.items())
    return {
        "title": f"{agreement.area.name}: annual review {year.label}", "agreement": agreement, "year": year,
        "review": review, "rows": rows, "actions": found["actions"], "proposals": found["proposals"],
        "statuses": found["statuses"], "counts": counts, "assessed": len(current), "missing": missing,
        "tag": presenters.standing_tag(presenters.standing_of(year, review, clock.today())),
        "may_write": may_write, "in_progress": in_progress,
        # the refresh (ADR 0025) is the revisions' (above this layer): linked by URL name only
        "may_propose_refresh": review.state == ReviewState.COMPLETED
        and rules.has_perm("revisions.propose_revision", request.user, agreement),
        "reads_revisions": rules.has_perm("revisions.read_revision", request.user, agreement), "started_on": govuk_date(review.started_on),
        "version_href": reverse("signoff:version", args=[agreement.area.code, review.reviewed_version.number]),
        "any_figures": any(r["figures"] for r in rows), "errors": errors or {},
        "error_list": error_list(errors, {"assessments": "targets", "reason": "reason", "step": "steps"}),
        "breadcrumbs": crumbs(agreement),
    }


def find_review(request, area_code: str, year_slug: str):
    agreement = review_agreement(request.user, area_code)
    year = agreement_year(agreement, year_slug)
    review = visible_review(request.user, agreement, year)
    if review is None:
        raise Http404(f"The {year.label} review of {agreement.area.name}'s agreement has not been started")
    return agreement, year, review


@login_required
@require_GET
def review_page(request, area_code: str, year: str):
    agreement, found_year, review = find_review(request, area_code, year)
    return render(request, "reviews/review.html", review_context(request, agreement, found_year, review))


@login_required
@require_POST
def step(request, area_code: str, year: str, step: str):
    agreement, found_year, review = find_review(request, area_code, year)
    if not rules.has_perm("reviews.write_review", request.user, agreement):
        raise PermissionDenied(actions.WRITE_REFUSAL)
    try:
        actions.take_step(actor=request.user, review=review, step=step,
                          expected_state=request.POST.get("expected_state", ""), reason=request.POST.get("reason", ""))
    except actions.ReviewError as refused:
        errors = refused.problems or {"step": refused.message}
        review.refresh_from_db()
        return render(request, "reviews/review.html",
                      review_context(request, agreement, found_year, review, errors), status=refused.status)
    review.refresh_from_db()
    messages.success(request, "The review is completed." if review.state == ReviewState.COMPLETED
                     else "The review is reopened: it is in progress again.")
    return redirect("reviews:review", area_code, found_year.slug)

