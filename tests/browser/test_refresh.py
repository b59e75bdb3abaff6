"""Issue 12, the refresh (ADR 0025): Kent's agreement (the demonstration's, approved on
27 June 2008) on 16 March 2009. The Government Office reviews it (late in the season: the
server stands on one day) and completes the 2008/09 review with a proposal for NI 32;
the partnership officer follows the review's "Propose the refresh" to the form, is told
NI 16's reward element stops its refresh, then gives the NI 32 placeholder its values
and renegotiates NI 30 with the recession as reason; the Government Office records its
agreement, the police, fire and probation services consent, and the Secretary of State's
delegate (CLG) approves: version 2 is in force from 16 March 2009, version 1 is still
readable, the diff between them shows exactly the two changes, and version 2's s113
memorandum lists NI 32's targets. Axe on each page; screenshots of the form,
the approved refresh and the diff (the `screenshots` fixture).

Its own server: the demonstration with Kent approved, on LAA_TODAY 16 March 2009, and two
partner authority users (fire, probation) added with `laa shell`."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2009-03-16"
REVIEW = "/reviews/E2221/2008-09"
USERS = """
from laa.accounts.models import User
from laa.domain.roles import Role
from laa.places.models import Organisation
from laa.web.demo import DEMO_PASSWORD
for username, name in [("fire", "Kent Fire and Rescue Service"), ("probation", "Kent Probation Area")]:
    org = Organisation.objects.get(area__code="E2221", name=name)
    user = User(username=username, role=Role.PARTNER_AUTHORITY, area=org.area, organisation=org, first_name=name)
    user.set_password(DEMO_PASSWORD)
    user.save()
"""


@pytest.fixture(scope="module")
def march_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("march"), command, {"LAA_TODAY": DAY}, database="_march",
                     then=[["shell", "-c", USERS]])


def review_kent(go) -> None:
    go.goto("/reviews/E2221")
    go.get_by_role("button", name="Start the 2008/09 review").click()
    # the started review's page, with its links, before they are read (read too early, the
    # page before the start gave fewer links, and the completion was refused)
    assess = go.locator("a", has_text=re.compile(r"^Assess"))
    expect(assess.first).to_be_visible()
    hrefs = assess.evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 58, len(hrefs)  # every target of the version in force
    for href in hrefs:
        go.goto(href)
        go.get_by_label("On track", exact=True).check()
        go.get_by_role("button", name="Save the assessment").click()
        expect(go.get_by_role("heading", level=1)).to_have_text("Kent: annual review 2008/09")  # saved
    go.goto(REVIEW)
    go.get_by_role("link", name="Propose a change for the refresh").click()
    go.get_by_label("For", exact=True).select_option("NI 32")
    go.get_by_label("Proposal").fill("Give the NI 32 placeholder its targets now that the indicator is defined.")
    go.get_by_role("button", name="Record the proposal").click()
    go.get_by_role("button", name="Complete the review").click()
    expect(go.locator(".govuk-notification-banner")).to_contain_text("The review is completed.")


def answer(browser, url: str, username: str) -> None:
    page = signed_in(browser, url, username)
    page.goto("/revisions/E2221/1")
    page.locator("input[name=consents][value=yes]").check()
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your organisation's answer is recorded")
    page.context.close()


def test_kent_is_refreshed_after_its_annual_review(browser, march_url, screenshots):
    go = signed_in(browser, march_url, "go-manager")
    review_kent(go)
    expect(go.locator("#propose-refresh")).to_have_count(0)  # the partnership proposes

    officer = signed_in(browser, march_url, "officer")
    officer.goto(REVIEW)
    officer.get_by_role("link", name="Propose the refresh").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Propose the 2008/09 refresh")
    expect(officer.locator("#proposals + ul")).to_contain_text("Give the NI 32 placeholder its targets")
    assert_accessible(officer)

    officer.get_by_label("Target to renegotiate").select_option("NI 16")
    officer.get_by_label("New target for 2009/10").fill("30")
    officer.get_by_label("Why is it renegotiated?").fill("The recession")
    officer.get_by_label("What does the refresh do?").fill("NI 16 eased")
    officer.get_by_role("button", name="Propose the refresh").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text(
        "NI 16 has a reward element (stretch): a target with a reward element cannot be refreshed.")
    expect(officer.locator("#renegotiate-error")).to_contain_text("reward element")
    assert_accessible(officer)

    officer.get_by_label("NI 32 target for 2009/10").fill("12.0")
    officer.get_by_label("NI 32 target for 2010/11").fill("11.0")
    officer.get_by_label("Target to renegotiate").select_option("NI 30")
    officer.get_by_label("New target for 2009/10").fill("71.5")
    officer.get_by_label("Why is it renegotiated?").fill(
        "The recession: unemployment in Kent has risen by half since the agreement was signed.")
    officer.get_by_label("What does the refresh do?").fill(
        "The NI 32 placeholder gets its targets; NI 30 is renegotiated for the recession.")
    officer.screenshot(path=screenshots / "refresh-propose.png", full_page=True)
    officer.get_by_role("button", name="Propose the refresh").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Revision 1 of Kent's agreement")
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("The 2008/09 refresh is proposed")
    changes = officer.locator("dt", has_text=re.compile("^\\s*Changes\\s*$")).locator("xpath=following-sibling::dd[1]")
    expect(changes).to_contain_text("NI 32: a placeholder given its values: 2009/10 12.0, 2010/11 11.0")
    expect(changes.locator("br")).to_have_count(1)  # one change a line
    assert_accessible(officer)

    go.goto("/revisions/E2221/1")
    expect(go.locator("#consent")).to_contain_text("agree to this refresh, as negotiated?")
    assert_accessible(go)
    go.locator("input[name=consents][value=yes]").check()
    go.get_by_label("Note (the reason, if it refuses)").fill("Agreed at the refresh meeting of 10 March 2009.")
    go.get_by_role("button", name="Record the answer").click()
    for username in ("partner", "fire", "probation"):
        answer(browser, march_url, username)

    clg = signed_in(browser, march_url, "clg")
    clg.goto("/revisions/E2221/1")
    expect(clg.locator("#consents + table")).not_to_contain_text("Waiting")
    clg.get_by_role("button", name="Approve the revision").click()
    expect(clg.locator(".govuk-notification-banner")).to_contain_text(
        "Version 2 of the agreement is in force from 16 March 2009, with its s113 memorandum.")
    assert_accessible(clg)
    clg.screenshot(path=screenshots / "refresh-approved.png", full_page=True)

    clg.get_by_role("link", name="What changed").click()
    main = clg.locator("main")
    expect(main).to_contain_text("NI 32")
    expect(main).to_contain_text("NI 30")
    expect(main.locator(".govuk-tag", has_text="Changed")).to_have_count(2)  # exactly the two changes
    expect(main.locator(".govuk-tag", has_text=re.compile("Added|Removed"))).to_have_count(0)
    assert_accessible(clg)
    clg.screenshot(path=screenshots / "refresh-version-diff.png", full_page=True)

    officer.goto("/sign-off/E2221/versions/1")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent's agreement, version 1")
    officer.goto("/sign-off/E2221/versions/2")  # its s113 memorandum: the targets, which are designated
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent's agreement, version 2")
    expect(officer.locator("main")).to_contain_text("16 March 2009")
    expect(officer.get_by_role("row", name=re.compile("^NI 32"))).to_contain_text("12.0")
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "refresh-memorandum.png", full_page=True)
