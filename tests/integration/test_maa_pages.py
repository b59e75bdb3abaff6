"""The MAAs' pages (ADR 0028): residents read the published MAA with its three kinds of
target, definitions and signatures; the signing and publishing forms for whom they are
for; errors beside their fields with nothing saved; the un-designation form and the
moved target's origin."""

from __future__ import annotations

import pytest

from laa.maa.models import Signature
from laa.revisions import actions as revisions

from .maa_support import ASHFORD, KCC, agreed_maa, draft_maa, person, published_maa
from .revisions_support import approved_kent, consent_all, designated_key

pytestmark = pytest.mark.django_db


def test_a_resident_reads_the_published_maa(client_for):
    maa = published_maa()
    page = client_for("anonymous").get(f"/maa/{maa.code}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Signed and published" in html and "Ashford District Council" in html
    assert "Gross value added per head" in html and "Unit: pounds; higher is better; source: ONS regional accounts" in html
    assert "Designated (National Indicator Set, in the constituent LAAs&#39; up to 35) (1)" in html
    assert html.count(">\n  Signed\n</strong>") == 6 or html.count("Signed\n</strong>") == 6
    assert "Record the signature" not in html and "step-publish" not in html
    listing = client_for("anonymous").get("/maa/").content.decode()
    assert "Test Gateway (invented)" in listing


def test_a_draft_is_not_for_residents(client_for):
    maa = draft_maa()
    assert client_for("anonymous").get(f"/maa/{maa.code}").status_code == 404
    assert "Test Gateway" not in client_for("anonymous").get("/maa/").content.decode()
    assert client_for("officer").get(f"/maa/{maa.code}").status_code == 200


def test_signing_from_the_page_and_an_error_beside_its_field(client_for):
    maa = agreed_maa()
    district = client_for("district")
    page = district.get(f"/maa/{maa.code}").content.decode()
    assert "Record the signature" in page and f'value="{ASHFORD}"' in page and f'value="{KCC}"' not in page
    refused = district.post(f"/maa/{maa.code}/sign", {"signatory": ASHFORD, "signed_by": ""})
    assert refused.status_code == 422 and "Give the name and office of who signed" in refused.content.decode()
    assert not Signature.objects.exists()
    done = district.post(f"/maa/{maa.code}/sign", {"signatory": ASHFORD, "signed_by": "Cllr A, Leader"})
    assert done.status_code == 302 and Signature.objects.get().signatory == ASHFORD
    clg = client_for("clg").post(f"/maa/{maa.code}/steps/publish", {"expected_state": "agreed"})
    assert clg.status_code == 409 and "5 signatures missing" in clg.content.decode()


def test_moving_a_target_from_the_page_shows_where_it_came_from(settings, client_for):
    kent = approved_kent(settings)
    maa = published_maa()
    key = designated_key(kent)
    officer = client_for("officer")
    page = officer.get(f"/maa/{maa.code}").content.decode()
    assert "Move a designated target of Kent" in page
    bad = officer.post(f"/maa/{maa.code}/undesignate", {"target": key, "outcome": "nope"})
    assert bad.status_code == 422 and "Choose one of the MAA&#39;s outcomes" in bad.content.decode()
    assert officer.post(f"/maa/{maa.code}/undesignate", {"target": key, "outcome": "economy"}).status_code == 302
    assert "waiting for the Secretary of State" in officer.get(f"/maa/{maa.code}").content.decode()
    revision = kent.revisions.get()
    consent_all(revision)
    revision.refresh_from_db()
    revisions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    html = client_for("anonymous").get(f"/maa/{maa.code}").content.decode()
    assert "Un-designated from Kent&#39;s agreement (designated in version 1; local from version 2" in html
