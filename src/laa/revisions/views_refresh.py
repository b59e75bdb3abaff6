"""The refresh's proposal page (ADR 0025): `/revisions/AREA/refresh/2008-09`, reached
from the completed annual review's page ("Propose the refresh"). The partnership officer
proposes; the page shows the review's proposals for the refresh beside the form, and why
a refresh cannot be proposed (the review not completed, March passed, one already open).
Once proposed, the refresh is a revision: its page, consents and steps are the revisions'."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from laa.domain.refresh import GROUND_LABELS, years_refreshed
from laa.domain.reviews import review_year
from laa.presentation.presenters import error_list, govuk_date
from laa.reviews.models import RefreshProposal, Review
from laa.revisions import actions, presenters
from laa.revisions.refresh import facts_for, propose_refresh, refresh_of, refusal_to_propose
from laa.revisions.refresh_form import read_refresh, sections, slug
from laa.revisions.views import crumbs, revision_agreement
from laa.signoff.versions import latest_version, version_draft


def _review(user, area_code: str, year_slug: str):
    agreement = revision_agreement(user, area_code)
    year = review_year(year_slug)
    review = Review.objects.visible_to(user).filter(agreement=agreement, year=year.label).first() if year else None
    if year is None or review is None:
        raise Http404(f"{agreement.area.name}'s agreement has no {year_slug[:10]} annual review: the refresh "
                      "follows one")
    return agreement, year, review


def _beside_fields(problems: dict[str, str], fields: dict[str, str], found, years) -> dict[str, str]:
    """The domain's problems (by target) moved beside the form's fields; any other under "items"."""
    known = {"reason", "renegotiate", "renegotiate-reason", "withdraw", "items", "exchange", "exchange-indicator",
             "exchange-reason"}
    known |= {f"fill-{i}-{slug(y)}" for i, _, _ in found.fill for y in years} | {f"baseline-{i}" for i, _ in found.baseline}
    known |= {f"renegotiate-{slug(y)}" for y in years} | {f"exchange-{slug(y)}" for y in years}
    errors: dict[str, str] = {}
    for key, message in problems.items():
        field = fields.get(key, key)
        field = field if field in known else "items"
        errors[field] = f"{errors[field]} {message}" if field in errors else message
    return errors


@login_required
def propose(request, area_code: str, year: str):
    agreement, reviewed, review = _review(request.user, area_code, year)
    if not rules.has_perm("revisions.propose_revision", request.user, agreement):
        raise PermissionDenied(actions.PROPOSERS)
    base = latest_version(agreement)
    if base is None:
        raise Http404(f"{agreement.area.name}'s agreement is not approved: it has no refresh")
    draft = version_draft(base)
    years = years_refreshed(reviewed, draft.period_start, draft.period_end)
    found = sections(draft, facts_for(review), reviewed)
    values = request.POST if request.method == "POST" else {}
    errors: dict[str, str] = {}
    status = 200
    refusal = refusal_to_propose(review)
    if request.method == "POST":
        items, errors, fields = read_refresh(values, found, years)
        if not errors:
            try:
                revision = propose_refresh(actor=request.user, review=review, items=items,
                                           reason=values.get("reason", ""))
            except actions.RevisionError as refused:
                errors = _beside_fields(refused.problems or {"items": refused.message}, fields, found, years)
                status = refused.status
            else:
                messages.success(request, f"The {reviewed.label} refresh is proposed as revision {revision.number}: "
                                          "the Government Office and the partner authorities concerned are asked "
                                          "for their agreement.")
                return redirect(presenters.href(revision))
        else:
            status = 422
    held = refresh_of(review)
    by_target = [{"target": p.target_key or "The agreement", "text": p.text}
                 for p in RefreshProposal.objects.visible_to(request.user).filter(review=review)]
    return render(request, "revisions/refresh.html", {
        "title": f"Propose the {reviewed.label} refresh", "agreement": agreement, "year": reviewed, "review": review,
        "base": base, "values": values, "errors": errors, "refusal": refusal if not errors else "",
        "error_list": error_list(errors),
        "held_href": presenters.href(held) if held else "", "proposals": by_target,
        "years": [{"label": y, "slug": slug(y)} for y in years],
        "fill": [{"i": i, "key": t.key, "why": GROUND_LABELS[g], "reason": t.placeholder.reason if t.placeholder else ""}
                 for i, t, g in found.fill],
        "baseline": [{"i": i, "key": t.key, "percent": t.improvement_percent} for i, t in found.baseline],
        "withdrawn": [{"value": t.key, "text": f"Drop {t.key}", "checked": t.key in (
            values.getlist("withdraw") if hasattr(values, "getlist") else [])} for _, t in found.withdrawn],
        "renegotiate_items": [{"value": "", "text": "None"}] + [
            {"value": t.key, "text": t.key + (" (reward element)" if t.reward else ""),
             "selected": values.get("renegotiate") == t.key} for t in draft.targets],
        "exchange_items": [{"value": "", "text": "None"}] + [
            {"value": t.key, "text": t.key + (" (reward element)" if t.reward else ""),
             "selected": values.get("exchange") == t.key} for t in draft.targets if t.category == "designated"],
        "review_href": reverse("reviews:review", args=[agreement.area.code, reviewed.slug]),
        "proposals_due": govuk_date(reviewed.proposals_due),
        "breadcrumbs": crumbs(agreement),
    }, status=status)
