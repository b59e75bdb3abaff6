"""A target un-designated "at the annual review" (Q63; ADR 0028): proposed once Kent's
2008/09 review is completed, its revision records the review, the MAA's page and the
revision's say so, and the review's refresh is still reminded (the un-designation is no
refresh). Proposed while the review is in progress, it is a revision between reviews."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from laa.audit.models import AuditEvent
from laa.maa import actions
from laa.revisions import actions as revisions

from .maa_support import person, published_maa
from .refresh_support import reviewed
from .revisions_support import consent_all, designated_key

pytestmark = pytest.mark.django_db


def test_an_undesignation_after_the_completed_review_is_made_at_it(settings, client_for):
    kent, review = reviewed(settings)  # completed 16 February 2009; today 16 March 2009
    maa = published_maa()
    key = designated_key(kent)
    moved = actions.propose_undesignation(actor=person("officer"), maa=maa, agreement=kent, key=key,
                                          outcome="economy")
    revision = moved.moved_by.revision
    assert revision.review == review and revision.kind == "maa"
    assert AuditEvent.objects.filter(action="maa-undesignation", reason__endswith="at its 2008/09 annual review")
    page = client_for("officer").get(f"/maa/{maa.code}").content.decode()
    assert "Moving from Kent&#39;s agreement at its 2008/09 annual review: revision 1" in page
    assert "The 2008/09 annual review" in client_for("officer").get("/revisions/E2221/1").content.decode()

    out = io.StringIO()
    call_command("review", "remind", "--date", "2009-03-17", stdout=out)  # the refresh is still due
    assert "The 2008/09 refresh proposals, due by 31 March 2009" in mail.outbox[0].body

    consent_all(revision)
    revision.refresh_from_db()
    revisions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state=revision.state)
    page = client_for("anonymous").get(f"/maa/{maa.code}").content.decode()
    assert ("Un-designated from Kent&#39;s agreement at its 2008/09 annual review (designated in version 1; "
            "local from version 2, in force from 16 March 2009)") in page
    [origin] = [t["origin"] for t in client_for("anonymous").get(f"/api/v1/maa/{maa.code}").json()["targets"]
                if t["origin"]]
    assert (origin["area"], origin["state"], origin["review_year"]) == ("Kent", "approved", "2008/09")


def test_an_undesignation_while_the_review_is_in_progress_is_between_reviews(settings, client_for):
    kent, _ = reviewed(settings, complete=False)
    maa = published_maa()
    moved = actions.propose_undesignation(actor=person("officer"), maa=maa, agreement=kent, key=designated_key(kent),
                                          outcome="economy")
    assert moved.moved_by.revision.review is None
    page = client_for("officer").get(f"/maa/{maa.code}").content.decode()
    assert "Moving from Kent&#39;s agreement: revision 1" in page and "annual review" not in page
    [origin] = [t["origin"] for t in client_for("officer").get(f"/api/v1/maa/{maa.code}").json()["targets"]
                if t["origin"]]
    assert origin["review_year"] == ""
