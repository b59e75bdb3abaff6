"""The partnership officer composes a target of Kent's agreement in Chromium, and the
Government Office reads it; every page is checked with axe. The server's Kent has the
demonstration agreement (loaded by `laa demo`), which already has an area-wide NI 16
target, so the new one is for a district."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_officer_composes_a_target_and_sees_its_findings(signed_in_pages, pytestconfig):
    # Given the partnership officer of Kent, signed in
    page = signed_in_pages("officer")

    # When they open their agreement
    page.goto("/agreements/")
    # Then they land on Kent's overview, with its counts and targets
    expect(page).to_have_url(re.compile(r"/agreements/E2221/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kent: Local Area Agreement")
    expect(page.get_by_text(re.compile(r"\d+ designated targets of at most 35 \(indicators counted once\)"))).to_be_visible()
    expect(page.get_by_role("heading", name="Designated targets")).to_be_visible()
    assert_accessible(page)
    screenshot = Path(pytestconfig.rootpath) / "test-results" / "agreement.png"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)

    # When they search the catalogue for NI 16
    page.get_by_role("button", name="Add a target").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a target: find the indicator")
    assert_accessible(page)
    page.get_by_label("Indicator number or words from its title").fill("NI 16")
    page.get_by_role("button", name="Search").click()
    # Then NI 16 is found, marked as already having a target
    expect(page.get_by_role("status")).to_contain_text("1 indicator found")
    expect(page.get_by_text("Has a target")).to_be_visible()
    assert_accessible(page)

    # When they add a target on it for Dartford, with a baseline that is not a number
    page.get_by_role("button", name="Add a target on NI 16").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a target on NI 16")
    assert_accessible(page)
    page.get_by_label("Priority outcome the target drives").select_option(label="Safer and stronger communities")
    page.get_by_label("Dartford", exact=True).check()
    page.get_by_label("Value", exact=True).fill("abc")
    page.get_by_label("Period", exact=True).fill("2007/08")
    page.get_by_label("Target for 2008/09").fill("29.50")
    page.get_by_label("Target for 2009/10").fill("28.75")
    page.get_by_label("Target for 2010/11").fill("28.00")
    page.get_by_label("Kent Police Authority", exact=True).check()
    page.get_by_label("Kent Police Authority is the Lead").check()
    page.get_by_role("button", name="Save target").click()

    # Then the error summary names the field, and what they typed is kept
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Baseline value must be a number, like 18.2")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Target for 2010/11")).to_have_value("28.00")
    expect(page.get_by_label("Kent Police Authority is the Lead")).to_be_checked()
    assert_accessible(page)
    page.screenshot(path=str(screenshot.with_name("target-form-error.png")), full_page=True)

    # When they follow the error to the field, correct it and save
    summary.get_by_role("link", name="Baseline value must be a number, like 18.2").click()
    expect(page.get_by_label("Value", exact=True)).to_be_focused()
    page.get_by_label("Value", exact=True).fill("30.10")
    page.get_by_role("button", name="Save target").click()

    # Then the target is shown with its findings: no delivery plan yet is a warning
    expect(page.get_by_role("heading", level=1)).to_have_text("Target NI 16 [Dartford]")
    expect(page.get_by_text("You added the target NI 16 [Dartford]. Its findings are below.")).to_be_visible()
    expect(page.get_by_text("no change and delivery plan is recorded for this target")).to_be_visible()
    expect(page.locator(".laa-findings .govuk-tag--yellow").first).to_have_text("Check")
    expect(page.get_by_text("Kent Police Authority (partner authority: duty to have regard, lead)")).to_be_visible()
    assert_accessible(page)

    # And the overview lists it among the designated targets, with the same finding beside it
    page.get_by_role("link", name="Back to the agreement").click()
    row = page.locator("tr", has_text="Dartford. Outcome: Safer and stronger communities")
    expect(row).to_contain_text("30.10")
    expect(row).to_contain_text("29.50")
    expect(row).to_contain_text("Kent Police Authority (lead)")
    expect(page.get_by_text("NI 16 [Dartford]: no change and delivery plan is recorded")).to_be_visible()
    assert_accessible(page)
    row.screenshot(path=str(screenshot.with_name("agreement-target-row.png")))
    page.locator("#target-" + page.url.rsplit("#target-", 1)[-1]).locator("xpath=following-sibling::tr[1]").screenshot(
        path=str(screenshot.with_name("agreement-target-findings.png")))


@pytest.mark.parametrize("path", ["edit", "outcomes/new", "consultations/new", "import"])
def test_the_officers_other_forms_are_accessible(signed_in_pages, path):
    page = signed_in_pages("officer")
    page.goto(f"/agreements/E2221/{path}")
    expect(page.get_by_role("button", name=re.compile(r"^(Save|Import)"))).to_be_visible()
    assert_accessible(page)
    # An empty submission of the consultation form shows its errors accessibly
    if path == "consultations/new":
        page.get_by_label("Day").fill("31")
        page.get_by_label("Month").fill("2")
        page.get_by_label("Year").fill("2008")
        page.get_by_role("button", name="Save consultation").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who was consulted")
        expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
        assert_accessible(page)


def test_the_government_office_reads_the_agreement_without_edit_controls(signed_in_pages):
    # Given the GO locality manager of the South East
    page = signed_in_pages("go-manager")
    # When they open the list of agreements, then Kent's
    page.goto("/agreements/")
    assert_accessible(page)
    page.get_by_role("link", name="Kent", exact=True).click()
    # Then they read the same overview, with no controls to change it
    expect(page.get_by_role("heading", level=1)).to_have_text("Kent: Local Area Agreement")
    expect(page.get_by_role("button", name="Add a target")).to_have_count(0)
    expect(page.get_by_role("button", name="Import an agreement file")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit the story of place, evidence and assessments")).to_have_count(0)
    assert_accessible(page)
    # And the rules page explains every rule
    page.get_by_role("link", name="The rules an agreement is checked against").click()
    expect(page.get_by_role("row", name=re.compile("D2.designated-limit"))).to_be_visible()
    assert_accessible(page)
