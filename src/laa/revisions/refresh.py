"""The refresh after the annual review (D16; ADR 0025): a revision of kind "refresh",
proposed by the partnership from the area's completed review of the year, by its
proposals' day (31 March), limited to what `laa.domain.refresh` allows. It then goes the
revisions' way (`laa.revisions.actions`): the Government Office records its agreement
(the negotiation) beside the consents of the partner authorities concerned, and the
Secretary of State (CLG) approves it, which writes the agreement's next version and so
its s113 memorandum, the old ones kept."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from laa import clock
from laa.audit.trail import record
from laa.catalogue.facts import indicator_facts
from laa.domain.composition import IndicatorFacts
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.refresh import includes_local, refresh_problems, timing_refusal
from laa.domain.reviews import APPROVED_STATES, ReviewState, review_year
from laa.domain.revisions import OPEN_STATES, Item, RevisionKind, RevisionState
from laa.permissions import require
from laa.reviews.models import Review
from laa.revisions.actions import (
    PROPOSERS,
    RevisionConflict,
    RevisionError,
    add_status,
    month_refusal,
)
from laa.revisions.changes import item_row, unknown_indicators
from laa.revisions.models import Revision
from laa.signoff.versions import latest_version, version_draft

HELD = OPEN_STATES | {RevisionState.APPROVED}


def refresh_of(review: Review) -> Revision | None:
    """The review's refresh that is open or approved (at most one)."""
    return Revision.objects.filter(review=review, kind=RevisionKind.REFRESH, state__in=HELD).order_by("-number").first()


def facts_for(review: Review) -> dict[str, IndicatorFacts]:
    agreement = review.agreement
    partnership = getattr(agreement.area, "partnership", None)
    return indicator_facts(agreement.round, partnership_id=partnership.pk if partnership else None)


def refusal_to_propose(review: Review) -> str:
    """Why the refresh of the review's year cannot be proposed today ("" if it can)."""
    year = review_year(review.year)
    assert year is not None
    held = refresh_of(review)
    return timing_refusal(year, review_completed=review.state == ReviewState.COMPLETED, today=clock.today(),
                          area=review.agreement.area.name, open_or_approved=held.number if held else None)


def propose_refresh(*, actor, review: Review, items: list[Item], reason: str) -> Revision:
    """Propose the refresh of the agreement after its completed review of the year."""
    agreement = review.agreement
    require(actor, "revisions.propose_revision", agreement, refusal=PROPOSERS)
    if agreement.state not in APPROVED_STATES:
        raise RevisionError(f"{agreement.area.name}'s agreement is not approved: it has no refresh.", status=409)
    refusal = refusal_to_propose(review)
    if refusal:
        raise RevisionError(refusal, {"items": refusal}, status=409)
    year = review_year(review.year)
    base = latest_version(agreement)
    assert year is not None and base is not None
    draft = version_draft(base)
    problems = refresh_problems(items, draft, facts_for(review), year) or unknown_indicators(items, agreement)
    if not reason.strip():
        problems["reason"] = "Say what the refresh does, for the Secretary of State"
    elif len(reason) > MAX_TEXT_CHARS:
        problems["reason"] = f"The summary must be {MAX_TEXT_CHARS:,} characters or fewer"
    if problems:
        raise RevisionError("; ".join(problems.values()), problems)
    local = includes_local(items, draft)
    refusal = month_refusal(agreement, RevisionKind.LOCAL if local else None, clock.today())
    if refusal:
        raise RevisionError(refusal, {"items": refusal}, status=409)
    try:
        with transaction.atomic():
            # hold the review's row: of two refreshes proposed at once, the second finds the first
            Review.objects.select_for_update().filter(pk=review.pk).first()
            held = refresh_of(review)
            if held is not None:
                raise RevisionConflict(f"Revision {held.number} was proposed as the {year.label} refresh meanwhile: "
                                       "yours was not recorded.")
            last = Revision.objects.filter(agreement=agreement).aggregate(last=Max("number"))["last"] or 0
            revision = Revision.objects.create(
                agreement=agreement, number=last + 1, kind=RevisionKind.REFRESH, state=RevisionState.PROPOSED,
                reason=reason.strip(), proposed_on=clock.today(), based_on=base, review=review, includes_local=local)
            for i, item in enumerate(items):
                item_row(revision, item, i).save()
            add_status(actor, revision, "propose", None, reason=reason)
            record(actor=actor, action="revision-propose-refresh", instance=revision, before=None,
                   reason=f"The {year.label} refresh: " + "; ".join(f"{i.ground} {i.target}" for i in items))
    except IntegrityError:
        raise RevisionConflict("Another revision of the agreement was proposed at the same moment; "
                               "yours was not recorded: propose it again.") from None
    return revision
