"""Finding a review for the person asking (404 outside their scope, 403 if they see the
agreement but not its reviews: a department) and what its pages and the API read of it,
always through the scopes (`visible_to`)."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from laa.agreements.models import Agreement
from laa.domain.reviews import ReviewYear, review_year, review_years
from laa.reviews.models import AgreedAction, Assessment, RefreshProposal, Review, ReviewStatus
from laa.signoff.scopes import visible_agreement


def review_agreement(user, area_code: str) -> Agreement:
    """The area's latest agreement, for its reviews: 404 outside the person's scope, 403
    for one who sees the agreement but not its reviews."""
    agreement = visible_agreement(user, area_code)
    if not rules.has_perm("reviews.read_review", user, agreement):
        raise PermissionDenied(f"The annual reviews of {agreement.area.name}'s agreement are for its partnership, "
                               "its Government Office and national readers")
    return agreement


def agreement_year(agreement: Agreement, year: str) -> ReviewYear:
    """A year of the agreement's period ("2008-09" or "2008/09"); 404 naming its years otherwise."""
    found = review_year(year)
    labels = [y.label for y in review_years(agreement.period_start, agreement.period_end)]
    if found is None or found.label not in labels:
        raise Http404(f"{agreement.area.name}'s agreement has reviews for {', '.join(labels)}: not for {year[:20]}")
    return found


def visible_review(user, agreement: Agreement, year: ReviewYear) -> Review | None:
    """The year's review, or None if it is not started."""
    return (Review.objects.visible_to(user).filter(agreement=agreement, year=year.label)
            .select_related("reviewed_version", "agreement__area").first())


def records(user, review: Review) -> dict[str, list]:
    """The review's rows as the person sees them: current assessments (by target), every
    assessment (history), actions, proposals and status rows."""
    assessments = list(Assessment.objects.visible_to(user).filter(review=review).order_by("id"))
    replaced = {a.replaces_id for a in assessments if a.replaces_id}
    return {
        "current": [a for a in assessments if a.pk not in replaced],
        "assessments": assessments,
        "actions": list(AgreedAction.objects.visible_to(user).filter(review=review)),
        "proposals": list(RefreshProposal.objects.visible_to(user).filter(review=review)),
        "statuses": list(ReviewStatus.objects.visible_to(user).filter(review=review)),
    }
