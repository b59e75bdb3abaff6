"""Journeys through the real site in Chromium, each page checked with axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DEMO_USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
# What each role's home page shows first (its heading is the person's name).
HOME_SHOWS = {
    "officer": "Your area and partnership",
    "partner": "Your area and partnership",
    "go-manager": "Government Office for the South East",
    "go-director": "Government Office for the South East",
    "department": "Home Office:",
    "dcsf": "Department for Children, Schools and Families:",
    "clg": "Regions",
    "inspector": "Regions",
    "admin": "Administration",
}


def indicator_count(page) -> int:
    return int(page.get_by_role("status").inner_text().split()[0])


@pytest.mark.parametrize("username", DEMO_USERS)
def test_each_role_signs_in_and_finds_an_indicator(signed_in_pages, username):
    # Given a demonstration user, signed in through the sign-in page
    page = signed_in_pages(username)

    # When they open their home page
    page.goto("/")
    # Then it greets them by role and shows their own starting points
    expect(page.get_by_role("heading", level=1)).to_contain_text("(demo)")
    expect(page.get_by_text(HOME_SHOWS[username]).first).to_be_visible()
    assert_accessible(page)

    # When they open the catalogue
    page.get_by_role("link", name="Indicators", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Indicators")).to_be_visible()
    assert indicator_count(page) == 198
    assert_accessible(page)

    # And filter it to the statutory education targets
    page.get_by_label("Statutory education target").select_option("yes")
    page.get_by_role("button", name="Filter").click()
    # Then exactly the 16 statutory indicators are listed
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*16 indicators\s*$"))
    assert page.locator("tbody tr").count() == 16
    assert_accessible(page)

    # When they open the first one
    first = page.locator("tbody tr a").first
    code = first.inner_text()
    first.click()
    # Then its definition, with provenance and history, is shown
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{code}:")
    expect(page.get_by_text("Yes, in the 2008 round")).to_be_visible()
    expect(page.get_by_role("heading", name="Definition history")).to_be_visible()
    assert_accessible(page)


def test_a_resident_browses_the_catalogue_regions_and_an_area(page, base_url, pytestconfig):
    # Given a resident who has not signed in
    page.goto("/")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they search the catalogue for "NI 16"
    page.goto("/indicators/")
    assert indicator_count(page) == 198
    screenshot = Path(pytestconfig.rootpath) / "test-results" / "catalogue.png"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    page.get_by_label("Number or words").fill("NI 16")
    page.get_by_role("button", name="Filter").click()
    # Then they find exactly that indicator
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*1 indicator\s*$"))
    expect(page.get_by_role("link", name="NI 16", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they look by region
    page.get_by_role("link", name="Areas", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Areas by region")).to_be_visible()
    assert page.locator("tbody tr").count() == 9
    assert_accessible(page)

    # And open the South East, then Kent
    page.get_by_role("link", name="South East", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="South East")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kent", exact=True).click()
    # Then they see Kent's districts and partnership, but not who works there
    expect(page.get_by_role("heading", level=1, name="Kent")).to_be_visible()
    expect(page.get_by_role("heading", name="Districts (12)")).to_be_visible()
    expect(page.get_by_text("Kent Partnership", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="People")).to_have_count(0)
    assert_accessible(page)
    assert screenshot.stat().st_size > 10_000


def test_a_wrong_password_is_explained_and_accessible(page, base_url):
    # Given the sign-in page
    page.goto("/sign-in")
    assert_accessible(page)
    # When a wrong password is given
    page.get_by_label("User name").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    # Then the error summary says so, links to the field, and the page is still accessible
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The user name or password is not right")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)
    # And with the right one they are signed in, then out again
    sign_in(page, base_url, "officer")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


def test_an_officer_adds_a_local_indicator_and_sees_each_error(page, base_url):
    # Given the partnership officer on the form to add a local indicator
    sign_in(page, base_url, "officer")
    page.goto("/indicators/local/new")
    assert_accessible(page)
    # When they submit it empty
    page.get_by_role("button", name="Add indicator").click()
    # Then each missing field is named, and the page is accessible
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a code")
    expect(page.locator("#title-error")).to_contain_text("Enter the indicator's title")
    assert_accessible(page)
    # When they complete it
    page.get_by_label("Code").fill("L-KENT-BROWSER")
    page.get_by_label("Title").fill("Volunteers recruited through the Kent Compact")
    page.get_by_label("Which way is better").select_option("higher")
    page.get_by_label("Unit").select_option("count")
    page.get_by_label("Data source").select_option("administrative")
    page.get_by_label("Reporting frequency").select_option("annual")
    page.get_by_role("button", name="Add indicator").click()
    # Then its page shows it as Kent's local indicator
    expect(page.get_by_role("heading", level=1)).to_have_text("L-KENT-BROWSER: Volunteers recruited through the Kent Compact")
    expect(page.get_by_text("Local indicator of Kent Partnership")).to_be_visible()
    assert_accessible(page)


def test_tokens_page_is_accessible(signed_in_pages):
    # Given a signed-in GO user on the tokens page
    page = signed_in_pages("go-manager")
    page.goto("/account/tokens")
    assert_accessible(page)
    # When they create a token
    page.get_by_label("Name of a new token").fill("GO dashboard")
    page.get_by_role("button", name="Create token").click()
    # Then the key is shown once, and the page is accessible
    expect(page.locator("#new-token")).to_have_text(re.compile(r"^laa_"))
    assert_accessible(page)


def test_audit_trail_is_accessible(signed_in_pages):
    page = signed_in_pages("admin")
    page.goto("/audit/")
    expect(page.get_by_role("heading", level=1, name="Audit trail")).to_be_visible()
    assert_accessible(page)
