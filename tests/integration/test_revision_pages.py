"""The Done-when journey of revisions between reviews (issue 12; ADR 0021) through the
pages, on fixed days: Kent's agreement approved on 27 June 2008; two weeks later the
partnership officer's local target is refused naming 27 July 2008; on 20 August 2008 it
is proposed, both partner authorities consent, the voluntary partners' consultation is
recorded, the officer approves for the responsible authority: version 2 is in force from
that day, the diff shows the added target, the new s113 memorandum lists it and the old
one stays readable. Errors are named beside their fields; the API reads the same."""

from __future__ import annotations

import pytest
from django.test import Client

from laa.revisions.models import Consent, Revision

from .page_text import text
from .revisions_support import FIRE, POLICE, TWO_WEEKS_LATER, approved_kent, fire_partner

pytestmark = pytest.mark.django_db

LIST = "/revisions/E2221"
PROPOSE = "/revisions/E2221/propose"
ADD_NI28 = {"change": "add", "indicator": "NI 28", "outcome": "safer", "partners": [POLICE, FIRE],
            "yearly-2009-10": "7.1", "yearly-2010-11": "6.8",
            "reason": "Knife crime rose in the summer: the partnership takes it on."}


@pytest.fixture
def kent(settings):
    return approved_kent(settings)


def test_the_journey_of_a_local_target_added_between_reviews(kent, client_for, settings):
    officer = client_for("officer")
    settings.LAA_TODAY = TWO_WEEKS_LATER
    page = text(officer.get(LIST))
    assert "Revisions of Kent's agreement" in page and "No revision has been proposed." in page
    assert "Propose a revision" in page
    refused = officer.post(PROPOSE, ADD_NI28)
    assert refused.status_code == 409
    shown = text(refused)
    assert ("Local targets cannot be changed within one month of approval (s110(3)): the agreement was approved on "
            "27 June 2008, so a local revision can be made from 27 July 2008.") in shown
    assert "built-in" not in shown
    assert not Revision.objects.exists()

    settings.LAA_TODAY = "2008-08-20"
    response = officer.post(PROPOSE, ADD_NI28)
    assert response.status_code == 302 and response["Location"] == "/revisions/E2221/1"
    page = text(officer.get("/revisions/E2221/1"))
    assert "Revision 1 of Kent's agreement" in page and "Proposed" in page
    assert "Add local target NI 28: 2009/10 7.1, 2010/11 6.8 (signed up: Kent Police Authority, Kent Fire and Rescue Service)" in page
    assert "Kent Police Authority Waiting" in page and "Kent Fire and Rescue Service Waiting" in page

    police = client_for("partner")
    assert "Does Kent Police Authority consent to this revision?" in text(police.get("/revisions/E2221/1"))
    assert police.post("/revisions/E2221/1/consent", {"consents": "yes"}).status_code == 302
    fire = Client()
    fire.force_login(fire_partner(kent))
    assert fire.post("/revisions/E2221/1/consent", {"consents": "yes", "note": "Cabinet, 18 August"}).status_code == 302
    page = text(officer.get("/revisions/E2221/1"))
    assert "Consents complete" in page and "Kent Police Authority Consents" in page

    early = officer.post("/revisions/E2221/1/approve", {"expected_state": "consented"})
    assert early.status_code == 409
    assert "the consultation of the voluntary partners is not recorded yet" in text(early)
    bad = officer.post("/revisions/E2221/1/consultation", {"held_on-day": "31", "held_on-month": "2",
                                                             "held_on-year": "2008", "summary": ""})
    assert bad.status_code == 422
    assert "Give the day the voluntary partners were consulted" in text(bad)
    assert "Say who was consulted and what they said" in text(bad)
    assert officer.post("/revisions/E2221/1/consultation", {
        "held_on-day": "15", "held_on-month": "8", "held_on-year": "2008",
        "summary": "Kent Voluntary Sector Forum: supportive."}).status_code == 302
    approved = officer.post("/revisions/E2221/1/approve", {"expected_state": "consented"}, follow=True)
    page = text(approved)
    assert "Version 2 of the agreement is in force from 20 August 2008, with its s113 memorandum." in page
    assert "In force" in page and "New version Version 2 , in force from 20 August 2008" in page
    assert [c.organisation for c in Consent.objects.filter(revision__number=1)] == [POLICE, FIRE]
    history = page[page.index("History"):]
    assert "Proposed: Pat Officer (demo)" in history and "Given every consent" in history and "Approved: Pat" in history

    changes = text(officer.get("/sign-off/E2221/versions/changes?older=1&newer=2"))
    assert "NI 28" in changes and "Added" in changes
    public = text(client_for("anonymous").get("/sign-off/published/E2221"))  # the s113 memorandum in force
    assert "NI 28" in public
    settings.LAA_TODAY = "2008-08-19"  # the day before: version 1's memorandum, still readable
    assert "NI 28" not in text(client_for("anonymous").get("/sign-off/published/E2221"))
    assert "NI 28" not in text(officer.get("/sign-off/E2221/versions/1"))
    settings.LAA_TODAY = "2008-08-20"
    versions = text(officer.get("/sign-off/E2221/versions"))
    assert "Version 2" in versions and "Revisions of the agreement" in versions
    api = client_for("officer").get("/api/v1/revisions/E2221/1").json()
    assert api["state"] == "approved" and api["standing"] == "in_force" and api["made"] == 2
    assert [(c["organisation"], c["answer"]) for c in api["consents"]] == [(POLICE, "consents"), (FIRE, "consents")]
    listed = client_for("go-manager").get("/api/v1/revisions/?area=E2221").json()
    assert [r["number"] for r in listed["items"]] == [1]


def test_errors_are_named_beside_their_fields(kent, client_for):
    officer = client_for("officer")
    response = officer.post(PROPOSE, {"change": "add", "indicator": "", "yearly-2009-10": "lots", "reason": ""})
    assert response.status_code == 422
    page = text(response)
    assert "Give the new target's indicator, like NI 28" in page
    assert "Choose the partner authorities signed up to the target" in page
    assert "The target for 2009/10 must be a number, like 17.5" in page
    response = officer.post(PROPOSE, {"change": "amend", "target": "NI 15", "reason": ""})
    page = text(response)
    assert response.status_code == 422 and "Give NI 15's new value for at least one year" in page
    assert "Give the reason for the change" in page
    assert not Revision.objects.exists()


def test_people_without_the_forms_read_only(kent, client_for):
    assert "Propose a revision" not in text(client_for("go-manager").get(LIST))
    assert client_for("partner").get(PROPOSE).status_code == 403
    assert client_for("department").get(LIST).status_code == 403
    assert client_for("anonymous").get(LIST).status_code == 302
