"""Issue 12, revisions between reviews (ADR 0021): Kent's agreement (the demonstration's,
approved on 27 June 2008) on 20 August 2008. The partnership officer proposes a local
target (NI 28) from the versions page (errors named beside their fields first); the
police's partner authority consents; the officer records the consultation of the
voluntary partners and approves for the responsible authority; version 2 is in force and
its diff with version 1 shows the added target. Axe on each page, screenshots of the
proposal form, the consent, the revision and the diff (the `screenshots` fixture; the last
two also kept as docs/screenshots/revision-approved.png and revision-version-diff.png).
Before that, on 11 July 2008 (two weeks after the approval), the same proposal is refused
naming 27 July 2008, the day it becomes possible (s110(3)), and nothing is recorded.

Its own servers: the demonstration with Kent approved, on LAA_TODAY 20 August 2008, and a
second copy on 11 July 2008."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2008-08-20"
TWO_WEEKS_AFTER_APPROVAL = "2008-07-11"  # the demonstration approves Kent's agreement on 27 June 2008
COMMAND = ["demo", "--reference", "--synthetic-areas", "E2221"]


@pytest.fixture(scope="module")
def summer_url(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("summer"), COMMAND, {"LAA_TODAY": DAY}, database="_summer")


@pytest.fixture(scope="module")
def july_url(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("july"), COMMAND, {"LAA_TODAY": TWO_WEEKS_AFTER_APPROVAL},
                     database="_july")


def fill_ni28(officer) -> None:
    """The proposal of NI 28 as a local target, on the proposal form."""
    officer.get_by_label("Indicator").fill("NI 28")
    officer.get_by_label("Outcome").select_option(index=1)
    officer.get_by_label("Kent Police Authority").check()
    officer.get_by_label("2009/10").fill("7.1")
    officer.get_by_label("2010/11").fill("6.8")
    officer.get_by_label("Why is the change proposed?").fill("Knife crime rose in the summer.")


def test_a_local_target_two_weeks_after_approval_is_refused_naming_the_day(browser, july_url):
    officer = signed_in(browser, july_url, "officer")
    officer.goto("/sign-off/E2221/versions")
    officer.get_by_role("link", name="Revisions of the agreement").click()
    officer.get_by_role("button", name="Propose a revision").click()
    officer.get_by_label("Add a local target").check()
    fill_ni28(officer)
    officer.get_by_role("button", name="Propose the revision").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text(
        "Local targets cannot be changed within one month of approval (s110(3)): the agreement was approved on "
        "27 June 2008, so a local revision can be made from 27 July 2008.")
    expect(officer.get_by_label("Indicator")).to_have_value("NI 28")  # what was typed is kept
    assert_accessible(officer)
    officer.goto("/revisions/E2221")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Revisions of Kent's agreement")
    expect(officer.locator("#revisions")).to_contain_text("No revision has been proposed.")


def test_a_local_target_is_added_between_reviews(browser, summer_url, screenshots):
    officer = signed_in(browser, summer_url, "officer")
    officer.goto("/sign-off/E2221/versions")
    officer.get_by_role("link", name="Revisions of the agreement").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Revisions of Kent's agreement")
    assert_accessible(officer)
    officer.get_by_role("button", name="Propose a revision").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Propose a revision")
    officer.get_by_label("Add a local target").check()
    officer.get_by_role("button", name="Propose the revision").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Give the new target's indicator, like NI 28")
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Give the reason for the change")
    assert_accessible(officer)

    fill_ni28(officer)
    officer.screenshot(path=screenshots / "revision-propose.png", full_page=True)
    officer.get_by_role("button", name="Propose the revision").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Revision 1 of Kent's agreement")
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Revision 1 is proposed")

    partner = signed_in(browser, summer_url, "partner")
    partner.goto("/revisions/E2221/1")
    partner.screenshot(path=screenshots / "revision-consent.png", full_page=True)
    partner.locator("input[name=consents][value=yes]").check()
    partner.get_by_role("button", name="Record the answer").click()
    expect(partner.locator(".govuk-notification-banner")).to_contain_text("Your organisation's answer is recorded")
    assert_accessible(partner)

    officer.reload()
    officer.get_by_label("Day").fill("15")
    officer.get_by_label("Month").fill("8")
    officer.get_by_label("Year").fill("2008")
    officer.get_by_label("Who was consulted, and what they said").fill("Kent Voluntary Sector Forum: supportive.")
    officer.get_by_role("button", name="Record the consultation").click()
    officer.get_by_role("button", name="Approve the revision").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text(
        "Version 2 of the agreement is in force from 20 August 2008, with its s113 memorandum.")
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "revision-approved.png", full_page=True)

    officer.get_by_role("link", name="What changed").click()
    expect(officer.locator("main")).to_contain_text("NI 28")
    officer.screenshot(path=screenshots / "revision-version-diff.png", full_page=True)
    officer.goto("/revisions/E2221")
    expect(officer.locator("#revisions")).to_contain_text("In force")
    officer.screenshot(path=screenshots / "revision-list.png", full_page=True)
