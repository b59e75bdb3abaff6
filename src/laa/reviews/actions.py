"""The annual review's writes (ADR 0018): each a keyword-only function, permission first
(`reviews.write_review`: the area's own Government Office), then one transaction with
its audit event. The rules are the domain's (`laa.domain.reviews`).

A review's state moves by a compare-and-set on the state the person saw, beside an
append-only status row: of two people completing at once, one update matches, the other
gets `ReviewConflict` and nothing of theirs is written. Every record added to a review
(an assessment, an action, a proposal) first moves the review's `version` on by an
update that matches only while it is in progress, so nothing is added to a review that
was completed meanwhile. A target's assessment is changed by adding one that replaces
the one the person saw; two changes of the same one cannot both be kept (the database's
unique `replaces`, and one first assessment per target).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from laa import clock
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.audit.trail import record, snapshot
from laa.domain.reviews import (
    STEPS,
    AssessmentInput,
    ReviewState,
    action_problems,
    assessment_problems,
    completion_problems,
    completion_refusal,
    proposal_problems,
    refuse_start,
    refuse_step,
    review_year,
    review_years,
)
from laa.domain.signoff_guards import long_date
from laa.permissions import ActionError, actor_name, require
from laa.reviews.models import AgreedAction, Assessment, RefreshProposal, Review, ReviewStatus
from laa.signoff.versions import version_draft, version_on

WRITE_REFUSAL = "Only the Government Office of the agreement's area writes its annual review."


class ReviewError(ActionError):
    """A review step or record that did not happen. Nothing was written."""


class ReviewRefused(ReviewError):
    """Refused by the review's state or the agreement's (409), or bad input (422, by field)."""

    def __init__(self, message: str, problems: dict[str, str] | None = None, *, status: int = 422):
        super().__init__(message, problems)
        self.status = status


class ReviewConflict(ReviewError):
    """Someone else moved the review (or changed the same assessment) meanwhile."""

    status = 409


def reviewed_targets(review: Review) -> list[tuple[str, str]]:
    """(key, indicator) of each target the review covers: those of the version in force
    on the day it was started, in the agreement's order."""
    return [(t.key, t.indicator) for t in version_draft(review.reviewed_version).targets]


def current_assessments(review: Review) -> dict[str, Assessment]:
    """Each target's current assessment (the one nothing replaces), by target key."""
    rows = Assessment.objects.filter(review=review, replaced_by__isnull=True)
    return {a.target_key: a for a in rows}


def start_review(*, actor, agreement: Agreement, year: str) -> Review:
    """Start the year's review of the agreement (e.g. "2008/09"): it reviews the targets of
    the version in force today."""
    require(actor, "reviews.write_review", agreement, refusal=WRITE_REFUSAL)
    found = review_year(year or "")
    today = clock.today()
    in_force = version_on(agreement, today)
    refusal = refuse_start(
        agreement_state=agreement.state, year=found,
        period_years=[y.label for y in review_years(agreement.period_start, agreement.period_end)],
        today=today, version_in_force=in_force.number if in_force else None, area=agreement.area.name,
    )
    if refusal:
        raise ReviewRefused(refusal, {"year": refusal}, status=422 if found is None else 409)
    assert found is not None and in_force is not None
    existing = Review.objects.filter(agreement=agreement, year=found.label).first()
    if existing is not None:
        raise ReviewRefused(f"The {found.label} review of {agreement.area.name}'s agreement was started on "
                            f"{long_date(existing.started_on)}.", {"year": "That review is already started"}, status=409)
    try:
        with transaction.atomic():
            review = Review.objects.create(agreement=agreement, year=found.label, state=ReviewState.IN_PROGRESS,
                                           reviewed_version=in_force, started_on=today)
            _status(actor, review, "start", None, reason="")
            record(actor=actor, action="review-start", instance=review, before=None,
                   reason=f"{found.label} annual review of version {in_force.number}")
    except IntegrityError:
        raise ReviewConflict(
            f"The {found.label} review of {agreement.area.name}'s agreement was started by someone else a moment "
            "ago; open it from the list of reviews."
        ) from None
    return review


def _status(actor, review: Review, step: str, from_state: str | None, *, reason: str) -> ReviewStatus:
    return ReviewStatus.objects.create(
        review=review, step=step, from_state=from_state or "", to_state=STEPS[step].to_state, role=role_of(actor) or "",
        reason=reason.strip(), by=actor, by_name=actor_name(actor), at=clock.now(),
    )


def _conflict(review: Review, seen: str, step: str) -> ReviewConflict:
    last = ReviewStatus.objects.filter(review=review).order_by("-id").first()
    happened = (f"The review was {STEPS[last.step].past} by {last.by_name} meanwhile"
                if last is not None else "Someone else moved the review meanwhile")
    return ReviewConflict(f"{happened}, so it is no longer {seen.replace('_', ' ')} as when you looked. "
                          f"Your request to {STEPS[step].label.lower()} was not recorded.")


def take_step(*, actor, review: Review, step: str, expected_state: str, reason: str = "") -> Review:
    """Complete or reopen the review, from the state the person saw."""
    require(actor, "reviews.write_review", review.agreement, refusal=WRITE_REFUSAL)
    try:
        seen = ReviewState(expected_state)
    except ValueError:
        raise ReviewRefused(f"expected_state must be in_progress or completed, not '{expected_state[:30]}'.",
                            {"expected_state": "Give the state you saw"}) from None
    if step == "start":
        raise ReviewRefused("A review is started with start_review.", {"step": "Choose complete or reopen"})
    refusal = refuse_step(step, seen, reason=reason)
    if refusal:
        raise ReviewRefused(refusal, {"reason" if "reason" in refusal else "step": refusal})
    with transaction.atomic():
        before = snapshot(Review.objects.get(pk=review.pk))
        to_state = STEPS[step].to_state
        moved = Review.objects.filter(pk=review.pk, state=seen).update(state=to_state, version=F("version") + 1)
        if moved == 0:
            raise _conflict(review, seen, step)
        if step == "complete":
            problems = completion_problems([k for k, _ in reviewed_targets(review)],
                                           {k: (a.rating, a.commentary) for k, a in current_assessments(review).items()})
            if problems:
                raise ReviewRefused(completion_refusal(problems), {"assessments": completion_refusal(problems)})
        review.refresh_from_db()
        _status(actor, review, step, seen, reason=reason)
        record(actor=actor, action=f"review-{step}", instance=review, before=before, reason=reason.strip())
    return review


def _lock_in_progress(review: Review, what: str) -> Review:
    """Move the review's version on while it is in progress (and hold its row); refuse otherwise."""
    moved = Review.objects.filter(pk=review.pk, state=ReviewState.IN_PROGRESS).update(version=F("version") + 1)
    if moved == 0:
        raise ReviewRefused(f"The review is completed: reopen it to {what}.", status=409)
    return Review.objects.get(pk=review.pk)


def assess_target(*, actor, review: Review, target: str, rating: str, commentary: str = "",
                  replaces: int | None = None) -> Assessment:
    """Record the GO's assessment of one target. `replaces`: the id of the target's current
    assessment the person saw (None if it had none): the new row replaces it."""
    require(actor, "reviews.write_review", review.agreement, refusal=WRITE_REFUSAL)
    keys = [k for k, _ in reviewed_targets(review)]
    problems = assessment_problems(AssessmentInput(target, rating, commentary), keys)
    if problems:
        raise ReviewRefused("; ".join(problems.values()), problems)
    indicator = dict(reviewed_targets(review))[target]
    with transaction.atomic():
        current = _lock_in_progress(review, "change an assessment")
        now_current = current_assessments(current).get(target)
        if (now_current.pk if now_current else None) != replaces:
            by = f" by {now_current.by_name}" if now_current else ""
            raise ReviewConflict(f"{target}'s assessment was changed{by} since you looked; yours was not recorded. "
                                 "Read the latest and assess it again if you still need to.")
        try:
            with transaction.atomic():
                made = Assessment.objects.create(
                    review=current, target_key=target, indicator=indicator, rating=rating,
                    commentary=commentary.strip(), replaces=now_current, by=actor, by_name=actor_name(actor), at=clock.now(),
                )
        except IntegrityError:
            raise ReviewConflict(f"{target} was assessed by someone else a moment ago; yours was not recorded.") from None
        record(actor=actor, action="review-assess", instance=made, before=snapshot(now_current),
               reason=f"{target}: {made.get_rating_display()}")
    return made


def add_action(*, actor, review: Review, text: str, owner: str, due: date | str | None) -> AgreedAction:
    """Record an action agreed at the review: what, who owns it, by when (a date, or its
    ISO text as a form gives it)."""
    require(actor, "reviews.write_review", review.agreement, refusal=WRITE_REFUSAL)
    due_text = due if isinstance(due, str) else ""
    due_on = due if isinstance(due, date) else _date(due_text)
    problems = action_problems(text=text or "", owner=owner or "", due=due_on, due_text=due_text)
    if problems:
        raise ReviewRefused("; ".join(problems.values()), problems)
    with transaction.atomic():
        current = _lock_in_progress(review, "add an action")
        made = AgreedAction.objects.create(review=current, text=text.strip(), owner=owner.strip(), due_on=due_on,
                                           by=actor, by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="review-add-action", instance=made, before=None)
    return made


def add_proposal(*, actor, review: Review, text: str, target: str = "") -> RefreshProposal:
    """Record a proposal for the refresh: for one reviewed target, or ("") the agreement."""
    require(actor, "reviews.write_review", review.agreement, refusal=WRITE_REFUSAL)
    target = (target or "").strip()
    problems = proposal_problems(text=text or "", target=target, reviewed=[k for k, _ in reviewed_targets(review)])
    if problems:
        raise ReviewRefused("; ".join(problems.values()), problems)
    with transaction.atomic():
        current = _lock_in_progress(review, "add a refresh proposal")
        made = RefreshProposal.objects.create(review=current, target_key=target, text=text.strip(),
                                              by=actor, by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="review-add-proposal", instance=made, before=None)
    return made


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
