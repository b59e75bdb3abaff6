"""Issue 12, the annual review (ADR 0018): the Government Office reviews Kent's approved
agreement (the demonstration's, approved on 27 June 2008) in autumn 2008. The region's
list shows it due; the GO starts it, assesses a target (an error named beside its field
first), records an agreed action and a refresh proposal, is told which targets are still
to assess, assesses them and completes it; the partnership's officer reads it. With axe
on each page and a screenshot of the review (the `screenshots` fixture; also kept as
docs/screenshots/annual-review.png when taken into docs/screenshots).

Its own server: the demonstration with Kent approved (not `--before-approval`, as the
session's server is) on a day of autumn 2008 (LAA_TODAY)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

AUTUMN_DAY = "2008-10-15"
REVIEW = "/reviews/E2221/2008-09"


@pytest.fixture(scope="module")
def autumn_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("autumn"), command, {"LAA_TODAY": AUTUMN_DAY}, database="_autumn")


def assess(page, href: str, rating: str, commentary: str = "") -> None:
    page.goto(href)
    page.get_by_label(rating, exact=True).check()
    if commentary:
        page.get_by_label("Commentary").fill(commentary)
    page.get_by_role("button", name="Save the assessment").click()


def test_the_go_reviews_kent_in_autumn_2008(browser, autumn_url, screenshots):
    go = signed_in(browser, autumn_url, "go-manager")
    go.goto("/negotiation/region")
    go.get_by_role("link", name="Annual reviews of the region's agreements").click()
    expect(go.get_by_role("heading", level=1)).to_contain_text("annual reviews 2008/09")
    expect(go.locator("#due + table")).to_contain_text("Kent")
    assert_accessible(go)
    go.screenshot(path=screenshots / "annual-review-region.png", full_page=True)

    go.get_by_role("link", name="Kent").click()
    expect(go.get_by_role("heading", level=1)).to_have_text("Annual reviews of Kent's agreement")
    assert_accessible(go)
    go.screenshot(path=screenshots / "annual-review-area.png", full_page=True)
    go.get_by_role("button", name="Start the 2008/09 review").click()
    expect(go.get_by_role("heading", level=1)).to_have_text("Kent: annual review 2008/09")
    expect(go.locator(".govuk-notification-banner")).to_contain_text("The 2008/09 annual review has started")
    assert_accessible(go)

    # One target, first with an error named beside its field.
    first = go.locator("a", has_text=re.compile(r"^Assess")).first
    key = first.inner_text().removeprefix("Assess").strip()
    hrefs = go.locator("a", has_text=re.compile(r"^Assess")).evaluate_all("links => links.map(a => a.href)")
    first.click()
    expect(go.get_by_role("heading", level=1)).to_have_text(f"Assess {key}")
    go.get_by_label("Off track", exact=True).check()
    go.get_by_role("button", name="Save the assessment").click()
    expect(go).to_have_title(re.compile(r"^Error: Assess"))
    expect(go.locator(".govuk-error-summary")).to_contain_text("Say why the target is off track")
    assert_accessible(go)
    go.screenshot(path=screenshots / "annual-review-assessment-error.png", full_page=True)
    go.get_by_label("Commentary").fill("Behind its 2008/09 trajectory since the recession; recovery plan agreed.")
    go.get_by_role("button", name="Save the assessment").click()
    expect(go.locator("#target-1")).to_contain_text("Off track")

    go.get_by_role("link", name="Record an agreed action").click()
    go.get_by_label("What was agreed").fill(f"Recovery plan for {key}, reported to the LSP board")
    go.get_by_label("Owner").fill("Kent Partnership's performance group")
    go.get_by_label("Day").fill("31")
    go.get_by_label("Month").fill("1")
    go.get_by_label("Year").fill("2009")
    assert_accessible(go)
    go.get_by_role("button", name="Record the action").click()
    expect(go.locator("#actions + table")).to_contain_text("31 January 2009")

    go.get_by_role("link", name="Propose a change for the refresh").click()
    go.get_by_label("For", exact=True).select_option(key)
    go.get_by_label("Proposal").fill("Renegotiate the 2009/10 and 2010/11 targets for the recession, with the reason recorded.")
    assert_accessible(go)
    go.get_by_role("button", name="Record the proposal").click()
    expect(go.locator("#proposals + p + table")).to_contain_text("Renegotiate")

    # Completing too soon names the targets still to assess.
    go.get_by_role("button", name="Complete the review").click()
    expect(go.locator(".govuk-error-summary")).to_contain_text("has no assessment")

    for i, href in enumerate(hrefs[1:], start=2):
        if i % 9 == 0:
            assess(go, href, "At risk", "Provisional figures below the trajectory; the GO will look again in January.")
        else:
            assess(go, href, "On track")
    go.goto(REVIEW)
    go.set_viewport_size({"width": 1200, "height": 1500})
    screenshot = go.screenshot()
    (screenshots / "annual-review.png").write_bytes(screenshot)
    go.get_by_role("button", name="Complete the review").click()
    expect(go.locator(".govuk-notification-banner")).to_contain_text("The review is completed.")
    expect(go.locator("main .govuk-tag").first).to_have_text("Completed")
    assert_accessible(go)

    officer = signed_in(browser, autumn_url, "officer")
    officer.goto(REVIEW)
    expect(officer.locator("#target-1")).to_contain_text("Behind its 2008/09 trajectory")
    expect(officer.get_by_role("button", name="Reopen the review")).to_have_count(0)
    expect(officer.locator("a", has_text=re.compile(r"^Assess"))).to_have_count(0)
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "annual-review-partnership.png", full_page=True)
