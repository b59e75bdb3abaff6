"""Runs beside test_compose_agreement (file order), while Kent's agreement is still a draft.
Real agreements in the browser (issue 8): the target form carries each value's own data
period and an explicit "none set"; the partnership officer proposes a missing
organisation from the area page; the administrator finds the proposals in the
navigation. Each page is checked with axe and photographed (the `screenshots` fixture)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def shot(page, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def test_the_target_form_carries_data_periods_and_none_set(signed_in_pages, screenshots):
    page = signed_in_pages("officer")
    page.goto("/agreements/")
    page.get_by_role("button", name="Add a target").click()
    page.get_by_label("Indicator number or words from its title").fill("NI 16")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add a target on NI 16").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a target on NI 16")
    # A fresh form shows no error, and offers a data period and "none set" for each year.
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    expect(page.get_by_label("Data period of the 2010/11 target (optional)")).to_be_visible()
    expect(page.get_by_label("None set for 2009/10")).to_be_visible()
    assert_accessible(page)
    shot(page, screenshots, "target-form-periods")
    # A data period for a year without a target, and a target beside "none set", are refused.
    page.get_by_label("Priority outcome the target drives").select_option(label="Safer and stronger communities")
    page.get_by_label("Swale", exact=True).check()
    page.get_by_label("Value", exact=True).fill("31")
    page.get_by_label("Period", exact=True).fill("2005-2007 average")
    page.get_by_label("Target for 2008/09").fill("30")
    page.get_by_label("None set for 2008/09").check()
    page.get_by_label("Data period of the 2009/10 target (optional)").fill("2009")
    page.get_by_label("Target for 2010/11").fill("28")
    page.get_by_label("Data period of the 2010/11 target (optional)").fill("to February 2011")
    page.get_by_role("button", name="Save target").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The target for 2008/09: enter a target or tick “None set”, not both")
    expect(summary).to_contain_text("Enter the target for 2009/10, or clear the data period of its value")
    assert_accessible(page)
    shot(page, screenshots, "target-form-periods-error")
    # Nothing was saved: Kent's draft stays as it was for the journeys that follow.


def test_the_officer_proposes_a_missing_organisation(signed_in_pages, screenshots):
    page = signed_in_pages("officer")
    page.goto("/areas/E2221")
    expect(page.get_by_role("heading", name="Partner authorities")).to_be_visible()
    page.get_by_role("link", name="Propose a missing organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a missing organisation")
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    assert_accessible(page)
    shot(page, screenshots, "propose-organisation")
    page.get_by_role("button", name="Propose organisation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the organisation's name")
    assert_accessible(page)
    shot(page, screenshots, "propose-organisation-error")
    page.get_by_label("The organisation's name").fill("Kent Drug and Alcohol Action Team")
    page.get_by_label("Other partner authority named in s104").check()
    page.get_by_label("Where it comes from").fill("Signs up to NI 40 in the partnership's March 2008 draft")
    page.get_by_role("button", name="Propose organisation").click()
    expect(page.get_by_text(re.compile("You proposed Kent Drug and Alcohol Action Team"))).to_be_visible()

    admin = signed_in_pages("admin")
    admin.goto("/")
    admin.get_by_role("link", name="Proposed organisations").click()
    expect(admin.get_by_role("heading", name="Kent Drug and Alcohol Action Team")).to_be_visible()
    assert_accessible(admin)
    shot(admin, screenshots, "proposed-organisations")
    admin.get_by_role("button", name="Confirm Kent Drug and Alcohol Action Team").click()
    expect(admin.get_by_text("You confirmed Kent Drug and Alcohol Action Team for Kent")).to_be_visible()
