"""The annual review's pages and API (ADR 0018), as the people who use them see them: the
GO starts Kent's 2008/09 review, assesses targets (the hub's figures beside each, or "No
figures yet"), records an action and a proposal, completes it; errors are named beside
their fields; the partnership reads it without the forms; the region lists it."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest

from laa.agreements.models import Agreement
from laa.hub import actions as hub
from laa.permissions import SystemActor
from laa.reviews import actions
from laa.reviews.models import AgreedAction, Assessment, RefreshProposal, Review

from .reviews_support import AUTUMN_DAY, YEAR, assess_all, go, start

pytestmark = pytest.mark.django_db

REVIEW = "/reviews/E2221/2008-09"


@pytest.fixture
def kent(published_kent_once, db, settings):
    """Kent's published agreement, built once for the module, on the autumn's day."""
    settings.LAA_TODAY = AUTUMN_DAY
    return Agreement.objects.get(area__code="E2221")


def text(response) -> str:
    """The page's text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_go_starts_the_review_from_the_areas_page(kent, client_for):
    go_client = client_for("go-manager")
    page = text(go_client.get("/reviews/E2221"))
    assert "Annual reviews of Kent's agreement" in page
    assert "2008/09 1 September 2008 to 28 February 2009 Due Start the 2008/09 review" in page
    assert "2009/10 1 September 2009 to 28 February 2010 Not yet due" in page
    response = go_client.post("/reviews/E2221/start", {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == REVIEW
    page = text(go_client.get(REVIEW))
    assert "Kent: annual review 2008/09" in page and "In progress" in page
    assert "Started 15 October 2008" in page
    assert "Not assessed yet" in page and "Assess NI 20" in page
    assert "Complete the review" in page


def test_the_partnership_reads_the_area_page_without_a_start_button(kent, client_for):
    page = text(client_for("officer").get("/reviews/E2221"))
    assert "2008/09" in page and "Due" in page and "Start the" not in page


def test_the_hubs_figures_appear_beside_a_target_and_no_figures_yet_otherwise(kent, client_for):
    review = start(kent)
    page = text(client_for("go-manager").get(REVIEW))
    assert "No figures yet" in page
    assert "The Data Interchange Hub has no figures for these indicators yet" in page
    values = b"indicator,area,period,value,status\nNI 20,E2221,2007/08,12.34,final\nNI 20,E2221,2008/09,99.9,final\n"
    report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(values),
                               size=len(values))
    assert not report.rejected, report
    page = text(client_for("go-manager").get(REVIEW))
    assert "2007/08: 12.34 (final)" in page
    assert "99.9" not in page  # 2008/09 has not ended on 15 October 2008
    assert review.state == "in_progress"


def test_an_assessment_with_its_errors_named_beside_the_fields(kent, client_for):
    start(kent)
    go_client = client_for("go-manager")
    form = text(go_client.get(f"{REVIEW}/assess/NI 20"))
    assert "Assess NI 20" in form and "How is the target going?" in form and "On track At risk Off track" in form
    response = go_client.post(f"{REVIEW}/assess/NI 20", {"rating": "off_track", "commentary": " "})
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page and 'href="#commentary"' in response.content.decode()
    assert "Error: Say why the target is off track" in page
    assert not Assessment.objects.exists()
    response = go_client.post(f"{REVIEW}/assess/NI 20", {"rating": "", "commentary": ""})
    assert "Error: Choose on track, at risk or off track." in text(response)
    response = go_client.post(f"{REVIEW}/assess/NI 20", {"rating": "off_track", "commentary": "Rising with the recession"})
    assert response.status_code == 302
    page = text(go_client.get(REVIEW))
    assert "Off track Rising with the recession" in page
    # A change: the form carries the assessment it changes, and the earlier one is kept.
    first = Assessment.objects.get()
    form = go_client.get(f"{REVIEW}/assess/NI 20").content.decode()
    assert f'name="replaces" value="{first.pk}"' in form
    go_client.post(f"{REVIEW}/assess/NI 20", {"rating": "at_risk", "commentary": "Better", "replaces": first.pk})
    assert Assessment.objects.count() == 2
    assert "changed 1 time" in text(go_client.get(REVIEW))


def test_a_stale_change_is_a_conflict_saying_so(kent, client_for):
    review = start(kent)
    first = actions.assess_target(actor=go(), review=review, target="NI 20", rating="on_track")
    actions.assess_target(actor=go(), review=review, target="NI 20", rating="at_risk", commentary="x", replaces=first.pk)
    response = client_for("go-director").post(f"{REVIEW}/assess/NI 20",
                                              {"rating": "off_track", "commentary": "y", "replaces": first.pk})
    assert response.status_code == 409
    assert "NI 20's assessment was changed by" in text(response)


def test_an_action_and_a_proposal_with_their_errors(kent, client_for):
    start(kent)
    go_client = client_for("go-manager")
    response = go_client.post(f"{REVIEW}/actions", {"text": "", "owner": "Kent Police", "due-day": "30",
                                                   "due-month": "2", "due-year": "2009"})
    page = text(response)
    assert response.status_code == 422
    assert "Error: Say what action was agreed." in page and "Error: The due date must be a real date" in page
    assert 'href="#due-day"' in response.content.decode() and not AgreedAction.objects.exists()
    response = go_client.post(f"{REVIEW}/actions", {"text": "Recovery plan for NI 20", "owner": "Kent Police",
                                                   "due-day": "31", "due-month": "1", "due-year": "2009"})
    assert response.status_code == 302
    response = go_client.post(f"{REVIEW}/proposals", {"target": "NI 20", "text": ""})
    assert "Error: Say what the refresh should change." in text(response) and not RefreshProposal.objects.exists()
    go_client.post(f"{REVIEW}/proposals", {"target": "", "text": "Un-designate NI 171 into the MAA"})
    page = text(go_client.get(REVIEW))
    assert "Recovery plan for NI 20 Kent Police 31 January 2009" in page
    assert "The agreement Un-designate NI 171 into the MAA" in page


def test_completion_names_the_targets_still_to_assess_then_completes(kent, client_for):
    review = start(kent)
    keys = assess_all(review, but=2)
    go_client = client_for("go-manager")
    response = go_client.post(f"{REVIEW}/complete", {"expected_state": "in_progress"})
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page and f"{keys[-2]} has no assessment; {keys[-1]} has no assessment" in page
    for key in keys[-2:]:
        actions.assess_target(actor=go(), review=review, target=key, rating="on_track")
    response = go_client.post(f"{REVIEW}/complete", {"expected_state": "in_progress"})
    assert response.status_code == 302
    page = text(go_client.get(REVIEW))
    assert "Completed" in page and "Reopen the review" in page and "Assess NI" not in page
    # The same completion again, from the page as it was: a conflict, nothing written.
    response = go_client.post(f"{REVIEW}/complete", {"expected_state": "in_progress"})
    assert response.status_code == 409 and "was completed by" in text(response)
    response = go_client.post(f"{REVIEW}/reopen", {"expected_state": "completed", "reason": ""})
    assert response.status_code == 422 and "Error: Give the reason for reopening the review." in text(response)


def test_the_partnership_reads_the_review_without_forms(kent, client_for):
    review = start(kent)
    actions.assess_target(actor=go(), review=review, target="NI 20", rating="at_risk", commentary="Slower than hoped")
    for username in ("officer", "partner"):
        response = client_for(username).get(REVIEW)
        page = text(response)
        assert response.status_code == 200
        assert "At risk Slower than hoped" in page
        assert "Assess NI" not in page and "Complete the review" not in page and "Record an agreed action" not in page
        assert client_for(username).get(f"{REVIEW}/assess/NI 20").status_code == 403
    assert client_for("department").get(REVIEW).status_code == 403


def test_the_region_lists_reviews_due_in_progress_and_completed(kent, client_for):
    page = text(client_for("go-manager").get("/reviews/"))
    assert "Government Office for the South East: annual reviews 2008/09" in page or "annual reviews 2008/09" in page
    assert re.search(r"Due \(1\) .*Kent Due", page)
    start(kent)
    page = text(client_for("go-manager").get("/reviews/?year=2008/09"))
    assert re.search(r"In progress \(1\) .*Kent In progress 15 October 2008", page)
    response = client_for("go-manager").get("/reviews/?year=soon")
    assert response.status_code == 400 and "Choose a year like 2008/09" in text(response)
    assert client_for("officer").get("/reviews/").status_code == 403


def test_the_region_dashboard_links_to_the_reviews(kent, client_for):
    html = client_for("go-manager").get("/negotiation/region").content.decode()
    assert 'href="/reviews/?region=SE"' in html


def test_the_api_lists_and_shows_a_review(kent, client_for):
    review = start(kent)
    actions.assess_target(actor=go(), review=review, target="NI 20", rating="on_track")
    listed = client_for("officer").get("/api/v1/reviews/").json()
    assert listed["count"] == 1
    assert listed["items"][0] | {} == {"area_code": "E2221", "area": "Kent", "year": YEAR, "state": "in_progress",
                                       "standing": "in_progress", "started_on": "2008-10-15", "reviewed_version": 1}
    assert client_for("department").get("/api/v1/reviews/").json()["count"] == 0
    detail = client_for("partner").get("/api/v1/reviews/E2221/2008-09").json()
    assert detail["assessments"][0]["target"] == "NI 20" and detail["assessments"][0]["current"] is True
    assert "NI 20" in detail["targets"] and detail["steps"][0]["step"] == "start"
    assert client_for("department").get("/api/v1/reviews/E2221/2008-09").status_code == 403
    assert client_for("officer").get("/api/v1/reviews/E2221/2009-10").status_code == 404
    assert Review.objects.count() == 1


def test_the_timetable_shows_each_years_review_and_refresh_milestones(kent, client_for):
    page = text(client_for("officer").get("/negotiation/areas/E2221/timetable"))
    assert "After approval: annual reviews and refreshes" in page
    assert "The 2008/09 annual review opens (autumn) (passed) 1 September 2008" in page
    assert "The 2008/09 refresh proposals are due 31 March 2009" in page
    assert "The 2010/11 annual review closes (end of winter) 28 February 2011" in page


def test_the_sign_off_page_links_an_approved_agreements_reviews_for_their_readers(kent, client_for):
    assert 'href="/reviews/E2221"' in client_for("officer").get("/sign-off/E2221").content.decode()
    assert 'href="/reviews/E2221"' not in client_for("department").get("/sign-off/E2221").content.decode()
