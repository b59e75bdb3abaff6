"""The annual review's actions (ADR 0018): each refuses what the rules refuse with nothing
written, appends its rows with an audit event, and completes a review only when every
target is assessed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.reviews import actions
from laa.reviews.models import AgreedAction, Assessment, RefreshProposal, Review, ReviewStatus
from laa.signoff.models import AgreementVersion

from .reviews_support import AUTUMN_DAY, YEAR, assess_all, go, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent(published_kent_once, db, settings):
    """Kent's published agreement, built once for the module, on the autumn's day."""
    settings.LAA_TODAY = AUTUMN_DAY
    return Agreement.objects.get(area__code="E2221")


def counts() -> tuple[int, ...]:
    return (Review.objects.count(), ReviewStatus.objects.count(), Assessment.objects.count(),
            AgreedAction.objects.count(), RefreshProposal.objects.count(), AuditEvent.objects.count())


def test_the_go_starts_the_review_of_the_version_in_force(kent):
    review = start(kent)
    assert (review.year, review.state, review.started_on) == (YEAR, "in_progress", date(2008, 10, 15))
    assert review.reviewed_version == AgreementVersion.objects.get(agreement=kent, number=1)
    keys = [k for k, _ in actions.reviewed_targets(review)]
    assert keys == [t.key for t in kent.targets.order_by("position", "id")]
    row = ReviewStatus.objects.get(review=review)
    assert (row.step, row.to_state, row.by_name) == ("start", "in_progress", go().get_full_name())
    assert AuditEvent.objects.filter(action="review-start", record_id=str(review.pk)).exists()


@pytest.mark.parametrize("username", ["officer", "partner", "department", "clg", "admin", "inspector"])
def test_only_the_areas_government_office_starts_a_review(kent, username):
    before = counts()
    with pytest.raises(PermissionDenied):
        actions.start_review(actor=User.objects.get(username=username), agreement=kent, year=YEAR)
    assert counts() == before


def test_another_regions_government_office_is_refused(kent):
    from laa.domain.roles import Role
    from laa.places.models import Region

    north_east = User.objects.create_user("go-ne", password="x", role=Role.GO_OFFICER,
                                          region=Region.objects.get(code="NE"))
    before = counts()
    with pytest.raises(PermissionDenied):
        actions.start_review(actor=north_east, agreement=kent, year=YEAR)
    assert counts() == before


@pytest.mark.parametrize(("today", "year", "says"), [
    ("2008-08-31", YEAR, "The 2008/09 review opens on 1 September 2008."),
    ("2008-10-15", "2011/12", "there is no 2011/12 review"),
    ("2008-10-15", "next year", "Choose a year of the agreement"),
])
def test_a_review_is_refused_outside_its_agreements_years_and_season(kent, settings, today, year, says):
    settings.LAA_TODAY = today
    before = counts()
    with pytest.raises(actions.ReviewRefused) as refused:
        actions.start_review(actor=go(), agreement=kent, year=year)
    assert says in refused.value.message and "year" in refused.value.problems
    assert counts() == before


def test_a_years_review_is_started_once(kent):
    start(kent)
    with pytest.raises(actions.ReviewRefused, match="was started on 15 October 2008"):
        start(kent)
    assert Review.objects.count() == 1


def test_an_assessment_is_appended_and_a_change_replaces_it(kent):
    review = start(kent)
    key = actions.reviewed_targets(review)[0][0]
    first = actions.assess_target(actor=go(), review=review, target=key, rating="on_track")
    second = actions.assess_target(actor=go(), review=review, target=key, rating="at_risk",
                                   commentary="The recession", replaces=first.pk)
    assert second.replaces == first and Assessment.objects.filter(review=review, target_key=key).count() == 2
    assert actions.current_assessments(review)[key] == second
    first.refresh_from_db()
    assert first.rating == "on_track"  # never overwritten


def test_a_change_from_an_assessment_no_longer_current_is_a_conflict(kent):
    review = start(kent)
    key = actions.reviewed_targets(review)[0][0]
    first = actions.assess_target(actor=go(), review=review, target=key, rating="on_track")
    actions.assess_target(actor=go(), review=review, target=key, rating="at_risk", commentary="x", replaces=first.pk)
    before = counts()
    with pytest.raises(actions.ReviewConflict, match="was changed by"):
        actions.assess_target(actor=go(), review=review, target=key, rating="off_track", commentary="y",
                              replaces=first.pk)
    with pytest.raises(actions.ReviewConflict):  # a second "first" assessment
        actions.assess_target(actor=go(), review=review, target=key, rating="on_track")
    assert counts() == before


@pytest.mark.parametrize(("target", "rating", "commentary", "field"), [
    ("NI 999", "on_track", "", "target"),
    (None, "great", "", "rating"),
    (None, "off_track", "", "commentary"),
])
def test_a_bad_assessment_names_its_field_and_writes_nothing(kent, target, rating, commentary, field):
    review = start(kent)
    before = counts()
    with pytest.raises(actions.ReviewRefused) as refused:
        actions.assess_target(actor=go(), review=review, target=target or actions.reviewed_targets(review)[0][0],
                              rating=rating, commentary=commentary)
    assert field in refused.value.problems
    assert counts() == before


def test_completion_names_the_targets_missing_and_writes_nothing(kent):
    review = start(kent)
    keys = assess_all(review, but=2)
    before = counts()
    with pytest.raises(actions.ReviewRefused) as refused:
        actions.take_step(actor=go(), review=review, step="complete", expected_state="in_progress")
    assert f"{keys[-2]} has no assessment" in refused.value.message and f"{keys[-1]} has no assessment" in refused.value.message
    assert counts() == before
    review.refresh_from_db()
    assert review.state == "in_progress"


def test_a_review_is_completed_then_reopened_with_a_reason(kent):
    review = start(kent)
    assess_all(review)
    actions.add_action(actor=go(), review=review, text="Recovery plan for NI 152", owner="Kent Police",
                       due="2009-01-31")
    actions.add_proposal(actor=go(), review=review, text="Renegotiate 2009/10 for the recession",
                         target=actions.reviewed_targets(review)[0][0])
    actions.add_proposal(actor=go(), review=review, text="Un-designate NI 171 into the MAA")
    actions.take_step(actor=go(), review=review, step="complete", expected_state="in_progress")
    assert review.state == "completed"
    with pytest.raises(actions.ReviewRefused, match="reopen it to add an action"):
        actions.add_action(actor=go(), review=review, text="Late", owner="GO", due=date(2009, 2, 1))
    with pytest.raises(actions.ReviewRefused, match="reason"):
        actions.take_step(actor=go(), review=review, step="reopen", expected_state="completed")
    actions.take_step(actor=go(), review=review, step="reopen", expected_state="completed",
                      reason="The Place Survey's results came in")
    assert [r.step for r in ReviewStatus.objects.filter(review=review)] == ["start", "complete", "reopen"]
    assert AuditEvent.objects.filter(action__startswith="review-").count() >= 6


def test_a_completion_from_a_state_no_longer_current_is_a_conflict(kent):
    review = start(kent)
    assess_all(review)
    actions.take_step(actor=go(), review=review, step="complete", expected_state="in_progress")
    before = counts()
    with pytest.raises(actions.ReviewConflict, match="was completed by"):
        actions.take_step(actor=go(), review=Review.objects.get(pk=review.pk), step="complete",
                          expected_state="in_progress")
    assert counts() == before


@pytest.mark.parametrize(("fields", "bad"), [
    ({"text": "", "owner": "Kent Police", "due": "2009-01-31"}, "text"),
    ({"text": "Plan", "owner": "", "due": "2009-01-31"}, "owner"),
    ({"text": "Plan", "owner": "Kent Police", "due": "2009-02-30"}, "due"),
])
def test_a_bad_action_names_its_field(kent, fields, bad):
    review = start(kent)
    before = counts()
    with pytest.raises(actions.ReviewRefused) as refused:
        actions.add_action(actor=go(), review=review, **fields)
    assert set(refused.value.problems) == {bad}
    assert counts() == before


@pytest.mark.parametrize("username", ["officer", "partner", "clg"])
def test_the_partnership_and_national_readers_do_not_write_a_review(kent, username):
    review = start(kent)
    who = User.objects.get(username=username)
    key = actions.reviewed_targets(review)[0][0]
    before = counts()
    for call in (
        lambda: actions.assess_target(actor=who, review=review, target=key, rating="on_track"),
        lambda: actions.add_action(actor=who, review=review, text="x", owner="y", due="2009-01-01"),
        lambda: actions.add_proposal(actor=who, review=review, text="x"),
        lambda: actions.take_step(actor=who, review=review, step="complete", expected_state="in_progress"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == before
