"""The refresh's pages (ADR 0025) on Kent's agreement after its completed 2008/09 annual
review, on 16 March 2009: the review links to "Propose the refresh"; the form's errors
are named beside their fields (a reward target, a missing reason); the proposal fills the
NI 32 placeholder and renegotiates NI 39; the Government Office records its agreement on
the revision page, the partner authorities consent, CLG approves: version 2 is in force,
its diff with version 1 shows exactly the two changes. The API says it is a refresh."""

from __future__ import annotations

import pytest

from laa.revisions.models import Revision

from .page_text import text
from .refresh_support import GO_SOUTH_EAST, propose, renegotiate, reviewed
from .revisions_support import consent_all, local_key

pytestmark = pytest.mark.django_db

REVIEW = "/reviews/E2221/2008-09"
REFRESH = "/revisions/E2221/refresh/2008-09"


def test_the_refresh_is_proposed_from_the_review_agreed_and_approved(settings, client_for):
    reviewed(settings)
    officer = client_for("officer")
    review = officer.get(REVIEW)
    assert review.status_code == 200 and f'href="{REFRESH}"' in review.content.decode()
    assert "Propose the refresh" in text(review)
    assert "Propose the refresh" not in text(client_for("go-manager").get(REVIEW))

    form = officer.get(REFRESH)
    shown = text(form)
    assert form.status_code == 200 and "Propose the 2008/09 refresh" in shown
    assert "NI 32: A placeholder given its values" in shown and "It sets targets for 2009/10 and 2010/11" in shown
    assert "Drop NI 74" in shown  # Key Stage 3: withdrawn

    refused = officer.post(REFRESH, {"renegotiate": "NI 16", "renegotiate-2009-10": "30", "reason": "x",
                                     "renegotiate-reason": "The recession"})
    assert refused.status_code == 422
    assert "NI 16 has a reward element (stretch): a target with a reward element cannot be refreshed." in text(refused)
    assert 'id="renegotiate-error"' in refused.content.decode()

    no_reason = officer.post(REFRESH, {"fill-5-2009-10": "12.0", "renegotiate": "NI 39", "renegotiate-2009-10": "1.5",
                                       "reason": "The refresh"})
    assert no_reason.status_code == 422 and 'id="renegotiate-reason-error"' in no_reason.content.decode()
    assert "Give the reason NI 39 is renegotiated" in text(no_reason)
    assert not Revision.objects.exists()

    proposed = officer.post(REFRESH, {"fill-5-2009-10": "12.0", "fill-5-2010-11": "11.0", "renegotiate": "NI 39",
                                      "renegotiate-2009-10": "1.5", "renegotiate-reason": "The recession",
                                      "reason": "The placeholder filled; NI 39 renegotiated for the recession"})
    assert proposed.status_code == 302 and proposed["Location"] == "/revisions/E2221/1"
    revision = Revision.objects.get()
    page = text(officer.get("/revisions/E2221/1"))
    assert "Refresh after the annual review" in page and "The 2008/09 annual review" in page
    assert "NI 32: a placeholder given its values: 2009/10 12.0, 2010/11 11.0" in page
    assert "NI 39: a target renegotiated exceptionally: 2009/10 1.5 (The recession)" in page
    assert "Consultation of the voluntary partners" not in page  # no local target changes
    again = text(officer.get(REFRESH))
    assert "Revision 1 is already the 2008/09 refresh of Kent's agreement" in again

    go = client_for("go-manager")
    go_page = text(go.get("/revisions/E2221/1"))
    assert f"Does {GO_SOUTH_EAST} agree to this refresh, as negotiated?" in go_page
    agreed = go.post("/revisions/E2221/1/consent", {"consents": "yes", "note": "Agreed on 10 March 2009"})
    assert agreed.status_code == 302
    consent_all(revision)
    clg = client_for("clg")
    approved = clg.post("/revisions/E2221/1/approve", {"expected_state": "consented"})
    assert approved.status_code == 302
    page = text(clg.get("/revisions/E2221/1"))
    assert "Version 2 , in force from 16 March 2009" in page and "The Secretary of State" in page
    changes = text(clg.get("/sign-off/E2221/versions/changes?older=1&newer=2"))
    assert "NI 32" in changes and "NI 39" in changes and "NI 40" not in changes

    api = officer.get("/api/v1/revisions/E2221/1").json()
    assert (api["kind"], api["review_year"], api["state"]) == ("refresh", "2008/09", "approved")
    assert api["consents"][0]["organisation"] == GO_SOUTH_EAST


def test_the_refresh_page_says_why_it_cannot_be_proposed_yet(settings, client_for):
    reviewed(settings, complete=False)
    page = client_for("officer").get(REFRESH)
    assert page.status_code == 200
    assert "The 2008/09 annual review of Kent's agreement is not completed" in text(page)
    assert "Propose the refresh" not in text(page).replace("Propose the 2008/09 refresh", "")


def test_a_missing_review_is_a_404_and_a_department_is_refused(settings, client_for):
    reviewed(settings)
    assert client_for("officer").get("/revisions/E2221/refresh/2009-10").status_code == 404
    assert client_for("department").get(REFRESH).status_code == 403
    assert client_for("partner").get(REFRESH).status_code == 403


def test_a_refresh_of_a_local_target_asks_for_the_voluntary_partners_consultation(settings, client_for):
    """D15: the officer records the consultation on the revision page; the page says the
    approval waits for it."""
    kent, review = reviewed(settings)
    propose(review, [renegotiate(local_key(kent))])
    officer = client_for("officer")
    page = officer.get("/revisions/E2221/1")
    shown = text(page)
    assert "Consultation of the voluntary partners" in shown and "Not recorded yet" in shown
    assert "and the voluntary partners' consultation is recorded" in shown
    assert 'action="/revisions/E2221/1/consultation"' in page.content.decode()
    assert "Record the consultation" not in text(client_for("go-manager").get("/revisions/E2221/1"))
    empty = officer.post("/revisions/E2221/1/consultation", {"summary": ""})
    assert empty.status_code in (400, 422) and 'id="held_on-error"' in empty.content.decode()
    recorded = officer.post("/revisions/E2221/1/consultation", {
        "held_on-day": "10", "held_on-month": "3", "held_on-year": "2009",
        "summary": "Kent Voluntary Sector Forum: supportive"})
    assert recorded.status_code == 302
    assert "10 March 2009: Kent Voluntary Sector Forum: supportive" in text(officer.get("/revisions/E2221/1"))


def test_a_designated_target_is_exchanged_on_the_form(settings, client_for):
    """D14: exceptionally, at the annual review, a designated target is exchanged for one on
    another national indicator; each mistake is named beside its field and nothing is saved."""
    kent, _ = reviewed(settings)
    designated = kent.targets.filter(category="designated", reward__isnull=True).select_related("indicator")
    old = designated.order_by("position").first().indicator.code
    taken = set(kent.targets.values_list("indicator__code", flat=True))
    new = next(f"NI {n}" for n in range(1, 199) if f"NI {n}" not in taken)
    officer = client_for("officer")
    form = officer.get(REFRESH)
    assert "Exchange a designated target" in text(form) and 'name="exchange-indicator"' in form.content.decode()

    def post(**fields):
        return officer.post(REFRESH, {"reason": "The refresh", "exchange": old, **fields})

    no_indicator = post()
    assert no_indicator.status_code == 422 and 'id="exchange-indicator-error"' in no_indicator.content.decode()
    no_reason = post(**{"exchange-indicator": new.lower().replace(" ", ""), "exchange-2009-10": "10"})
    assert no_reason.status_code == 422 and 'id="exchange-reason-error"' in no_reason.content.decode()
    assert f"Give the reason {old} is exchanged" in text(no_reason)
    unknown = post(**{"exchange-indicator": "NI 999", "exchange-reason": "Knife crime"})
    assert unknown.status_code == 422 and 'id="exchange-indicator-error"' in unknown.content.decode()
    assert "There is no indicator NI 999" in text(unknown)
    in_agreement = post(**{"exchange-indicator": sorted(taken - {old})[0], "exchange-reason": "Knife crime"})
    assert in_agreement.status_code == 422 and 'id="exchange-indicator-error"' in in_agreement.content.decode()
    assert not Revision.objects.exists()

    proposed = post(**{"exchange-indicator": new, "exchange-2009-10": "10", "exchange-2010-11": "12",
                       "exchange-reason": "Knife crime is the partnership's first concern"})
    assert proposed.status_code == 302
    page = text(officer.get(proposed["Location"]))
    assert f"{old} exchanged for {new} (Knife crime is the partnership's first concern)" in page
