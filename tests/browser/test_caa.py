"""Issue 13, the CAA and residents (ADR 0027): on 30 June 2010 an inspector reads Kent's
Comprehensive Area Assessment (its targets with progress, all national indicators compared),
records a red flag with its evidence (an empty form first: errors beside the fields),
publishes it; a resident, not signed in, reads Kent's progress in plain English with the
flag, and downloads the CSV. With axe on each page and screenshots of the CAA view and the
residents' page (docs/screenshots/caa-view.png, resident-progress.png).

Its own server: the demonstration with Kent approved, on a day of 2010 (LAA_TODAY)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2010-06-30"
EVIDENCE = ("Serious acquisitive crime has risen for two years running and the partnership's plan does not "
            "say how it will be brought down.")


# Kent's approved agreement designated and published by the Secretary of State in July 2008
# (the demonstration stops at approval), so residents can read it.
PUBLISH = """
from datetime import date
from django.test.utils import override_settings
from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.signoff.actions import transition
clg = User.objects.get(username="clg")
for name, day in (("designate", date(2008, 7, 10)), ("publish", date(2008, 7, 11))):
    kent = Agreement.objects.get(area__code="E2221")
    with override_settings(LAA_TODAY=day):
        transition(actor=clg, agreement=kent, transition=name, expected_state=kent.state)
"""


@pytest.fixture(scope="module")
def caa_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("caa"), command, {"LAA_TODAY": DAY}, database="_caa",
                     then=[["shell", "-c", PUBLISH]])


def test_an_inspector_flags_kent_and_a_resident_reads_it(browser, caa_url, screenshots):
    inspector = signed_in(browser, caa_url, "inspector")
    inspector.goto("/progress/E2221")
    inspector.get_by_role("link", name="Comprehensive Area Assessment").click()
    expect(inspector.get_by_role("heading", level=1)).to_have_text("Kent: Comprehensive Area Assessment")
    expect(inspector.locator("#indicator-table tbody tr")).to_have_count(198)
    expect(inspector.locator("#target-table")).to_contain_text("Off track")

    inspector.get_by_role("button", name="Record the flag as a draft").click()
    expect(inspector.locator(".govuk-error-summary")).to_contain_text("Give the evidence for the flag.")
    expect(inspector.locator("#evidence-error")).to_contain_text("Give the evidence for the flag.")
    assert_accessible(inspector)

    form = inspector.locator("#record-flag")
    form.get_by_label("Red flag").check()
    form.get_by_label("Title").fill("Acquisitive crime rising")
    form.get_by_label("Evidence").fill(EVIDENCE)
    form.get_by_label("Indicators or targets it concerns (optional)").fill("NI 16")
    form.get_by_role("button", name="Record the flag as a draft").click()
    expect(inspector.locator(".govuk-notification-banner")).to_contain_text("The flag is recorded as a draft.")
    inspector.get_by_role("button", name="Publish this flag").click()
    expect(inspector.locator(".govuk-notification-banner")).to_contain_text("The flag is published.")
    expect(inspector.locator(".laa-flag").first).to_contain_text("Published")
    assert_accessible(inspector)
    inspector.screenshot(path=screenshots / "caa-view.png", full_page=True,
                         clip={"x": 0, "y": 0, "width": 1200, "height": 2400})

    resident = browser.new_context(base_url=caa_url, viewport={"width": 1200, "height": 900}).new_page()
    resident.goto("/")
    resident.get_by_role("link", name="Progress in your area").click()
    resident.get_by_role("link", name="Kent").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("How Kent is doing")
    expect(resident.locator(".laa-flag")).to_contain_text("Acquisitive crime rising")
    expect(resident.locator(".laa-flag")).to_contain_text(EVIDENCE)
    expect(resident.locator(".laa-public-target").first).to_contain_text("The latest figure")
    assert_accessible(resident)
    resident.screenshot(path=screenshots / "resident-progress.png", full_page=True,
                        clip={"x": 0, "y": 0, "width": 1200, "height": 2000})
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Progress of each target (CSV)").click()
    path = download.value.path()
    first = open(path, encoding="utf-8").readline()
    assert first.startswith("target,indicator,title,kind,set_for,judgement,latest_value,period")
