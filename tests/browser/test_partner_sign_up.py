"""A partner authority signs up to a target and reads the targets it must have regard to
(issue 8, defect 6), from its own pages, each checked with axe. The test leaves Kent's
agreement as it found it (it withdraws what it signed up to)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
POLICE = "Kent Police Authority"


def row_of(page, code: str):
    return page.locator("#targets tbody tr").filter(has=page.get_by_role("link", name=code, exact=False)).first


def test_a_partner_authority_signs_up_sees_its_duties_and_withdraws(signed_in_pages, screenshots):
    # Given the demonstration partner authority (Kent Police Authority), signed in
    page = signed_in_pages("partner")

    # When it opens its agreement from the navigation, and the sign-up page from there
    page.goto("/")
    page.get_by_role("link", name="Agreement", exact=True).first.click()
    page.get_by_role("button", name="Sign up to targets").click()

    # Then the page says for whom it signs up and what that means, with no error shown
    expect(page.get_by_role("heading", level=1, name="Sign up to targets")).to_be_visible()
    expect(page.get_by_text(f"You sign up for {POLICE}")).to_be_visible()
    expect(page.get_by_text("must have regard to each target it signs up to")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    obesity = row_of(page, "NI 56")
    expect(obesity).to_contain_text("Not signed up")
    assert_accessible(page)

    # When it signs up to NI 56
    obesity.get_by_role("button", name="Sign up to NI 56").click()

    # Then it is told so, and the row shows the duty
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{POLICE} signed up to NI 56.")
    expect(row_of(page, "NI 56")).to_contain_text("Signed up: duty to have regard")
    assert_accessible(page)

    # When it opens "Our targets" from the navigation
    page.get_by_role("link", name="Our targets", exact=True).first.click()

    # Then NI 56 is among the targets it must have regard to, across the area
    expect(page.get_by_role("heading", level=1, name="Our targets")).to_be_visible()
    expect(page.get_by_text("it must have regard to each of them")).to_be_visible()
    expect(page.locator("main")).to_contain_text("NI 56")
    expect(page.locator("main")).to_contain_text("Signed up: duty to have regard")
    expect(page.locator("main")).not_to_contain_text("1111")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "partner-duties.png"), full_page=True)

    # When it goes back to sign up and withdraws from NI 56
    page.get_by_role("link", name="Sign up to targets, or withdraw").click()
    page.screenshot(path=str(screenshots / "partner-sign-up.png"))  # the top: who signs up, the first rows
    row_of(page, "NI 56").get_by_role("button", name="Withdraw from NI 56").click()

    # Then NI 56 is no longer among its targets
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{POLICE} withdrew from NI 56.")
    expect(row_of(page, "NI 56")).to_contain_text("Not signed up")
    page.get_by_role("link", name="Our targets", exact=True).first.click()
    expect(page.locator("main a", has_text="NI 56")).to_have_count(0)
    assert_accessible(page)


def test_the_sign_up_is_not_offered_to_the_partnership_officer(signed_in_pages):
    page = signed_in_pages("officer")
    page.goto("/agreements/E2221/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kent")
    expect(page.get_by_role("button", name="Sign up to targets")).to_have_count(0)
    expect(page.get_by_role("link", name="Our targets", exact=True)).to_have_count(0)
