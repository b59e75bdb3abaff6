"""Negotiating a target in Chromium: the partnership proposes, the GO challenges, the
partnership revises, two GO users answer the same proposal at once (one wins, the other
is told), and the GO's region dashboard shows it; each page checked with axe. Screenshots
of the thread and the dashboard go to test-results/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def open_thread(page, indicator: str) -> None:
    page.goto("/negotiation/areas/E2221/")
    page.get_by_role("link", name=re.compile(rf"^{indicator}:")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{indicator}:")


def propose(page, final: str, rationale: str, button: str) -> None:
    page.get_by_label("Baseline", exact=True).fill("10.2")
    page.get_by_label("Baseline period").fill("2007/08")
    page.get_by_label("Target for 2008/09").fill("9.8")
    page.get_by_label("Target for 2009/10").fill("9.1")
    page.get_by_label("Target for 2010/11").fill(final)
    page.get_by_label("Designated (one of the up to 35)").check()
    page.get_by_label("Partners signed up").fill("Kent Police Authority\nNHS West Kent")
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_role("button", name=button).click()


def test_a_target_is_negotiated_and_agreed(signed_in_pages, pytestconfig):
    results = Path(pytestconfig.rootpath) / "test-results"
    results.mkdir(parents=True, exist_ok=True)

    # Given the partnership officer on Kent's negotiation
    officer = signed_in_pages("officer")
    officer.goto("/negotiation/areas/E2221/")
    expect(officer.get_by_role("heading", level=1, name="Negotiation: Kent")).to_be_visible()
    assert_accessible(officer)

    # When they open NI 39's thread, its fresh form shows no error
    open_thread(officer, "NI 39")
    expect(officer.locator(".govuk-error-message")).to_have_count(0)
    expect(officer.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(officer)
    # When they propose a target for NI 39 with a number that is not one
    propose(officer, "eight", "", "Make a proposal")
    # Then the error summary names each field, and the page is accessible
    summary = officer.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The target for 2010/11 must be a number, like 17.5")
    expect(summary).to_contain_text("Give the rationale for the proposal")
    expect(officer).to_have_title(re.compile(r"^Error: NI 39"))
    assert_accessible(officer)

    # When they correct it
    propose(officer, "8.5", "Alcohol-related admissions are rising faster than in the region.", "Make a proposal")
    # Then the thread shows proposal #1, waiting for the Government Office
    expect(officer.get_by_role("heading", name="Proposal #1")).to_be_visible()
    expect(officer.get_by_text("Waiting for the Government Office to answer proposal #1")).to_be_visible()

    # When the GO challenges its ambition
    go = signed_in_pages("go-manager")
    open_thread(go, "NI 39")
    expect(go.locator(".govuk-error-message")).to_have_count(0)  # accept, counter, challenge: all fresh
    go.get_by_label("Ambition: not stretching enough").check()
    go.get_by_label("Why").fill("The regional strategy expects a fall to 7.5 by 2010/11.")
    go.get_by_role("button", name="Challenge", exact=True).click()
    expect(go.get_by_role("heading", name="Challenge to proposal #1")).to_be_visible()
    assert_accessible(go)

    # And the partnership revises its proposal
    officer.reload()
    propose(officer, "7.5", "Stretch accepted, with the PCT's alcohol liaison nurses.", "Revise your proposal")
    # Then the revision is proposal #2 (proposals are numbered in the thread, issue 8)
    expect(officer.get_by_role("heading", name="Proposal #2")).to_be_visible()
    expect(officer.locator(".govuk-error-message")).to_have_count(0)

    # When two GO users answer proposal #2 at the same time
    director = signed_in_pages("go-director")
    open_thread(director, "NI 39")
    go.reload()
    go.get_by_role("button", name="Accept proposal #2").click()
    expect(go.get_by_role("heading", name="Proposal #2 accepted")).to_be_visible()
    director.get_by_label("Evidence").check()
    director.get_by_label("Why").fill("Where does the PCT's funding come from?")
    director.get_by_role("button", name="Challenge", exact=True).click()
    # Then the second is told who answered first, and nothing of theirs is saved
    banner = director.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Your answer was not saved")
    expect(banner).to_contain_text("Gil Locality Manager (demo) accepted proposal #2 at")
    expect(director.get_by_role("heading", name="Proposal #2 accepted")).to_be_visible()
    assert_accessible(director)

    # And the thread shows it agreed, with the history kept
    go.reload()
    expect(go.locator(".govuk-tag", has_text="Agreed").first).to_be_visible()
    expect(go.get_by_text("Superseded by proposal #2.")).to_be_visible()
    go.screenshot(path=str(results / "negotiation-journey-thread.png"), full_page=True)

    # When the GO opens its region dashboard
    go.goto("/negotiation/region")
    expect(go.get_by_role("heading", level=1)).to_contain_text("Government Office for the South East")
    kent = go.locator("#areas tr", has_text="Kent")
    expect(kent).to_contain_text("Draft")
    expect(go.get_by_role("heading", name="Deadlines")).to_be_visible()
    assert_accessible(go)
    go.screenshot(path=str(results / "negotiation-journey-region.png"), full_page=True)


def test_department_and_national_views_are_accessible(signed_in_pages):
    department = signed_in_pages("department")
    department.goto("/negotiation/department")
    expect(department.get_by_role("heading", level=1, name="Home Office: targets on your indicators")).to_be_visible()
    assert_accessible(department)
    clg = signed_in_pages("clg")
    clg.goto("/negotiation/national")
    expect(clg.get_by_role("heading", level=1, name="The national picture")).to_be_visible()
    assert_accessible(clg)
    clg.goto("/negotiation/areas/E2221/meetings")
    assert_accessible(clg)
    clg.goto("/negotiation/areas/E2221/timetable")
    assert_accessible(clg)
