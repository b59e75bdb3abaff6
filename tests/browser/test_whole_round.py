"""The whole 2008 round of Kent's Local Area Agreement in Chromium, one user per role: the
partnership proposes a target; the Government Office challenges it and counter-proposes;
the partnership accepts; the agreement is submitted and agreed with the GO; a district's
adoption is recorded (after the agreement with the GO, before the county council approves
the whole agreement); the council approves it; the GO's Regional Director recommends it;
the Secretary of State (CLG) approves it and designates its targets, and publishes it; a
resident, not signed in, reads the published agreement and its s113 memorandum. Every
page on the way is checked with axe. Screenshots go to test-results/.

The server and its database are shared by the session's browser tests, which run in file
order: this one runs last, because it freezes Kent's agreement (approved agreements change
only by revision). It negotiates NI 47, which no other browser test touches (test_negotiation
negotiates NI 39), and acknowledges whatever warnings the earlier tests left (the target that
test_compose_agreement adds has no delivery plan), so it passes whether or not they ran.

The approval window opens on 6 June 2008 and designation must follow within a month of
approval: the server's day is fixed by LAA_TODAY (laa.clock) at 12 June 2008, set here
before the session's server starts (unless the environment sets it already), so the
round is replayed on a day inside both windows whatever the real date.

Each person works from their own pages, as a new user would: from the home page they follow
the service navigation and links (no typed URLs but "/"). Every fresh form is checked to
show no error (issue 8: every negotiation form once showed one), the partnership meets the
rule that every negotiation is settled before submission (ADR 0007) and follows the
refusal's link to settle it, and the irreversible steps (submit, approve, designate,
publish) are taken from their confirmation pages.

The district's adoption is recorded by the demonstration partner authority user of Ashford's
own district council (`district`), as a district council may record its own decision
(docs/adr/0005-sign-off.md); the Kent Police user could not.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

KENT = "E2221"
INDICATOR = "NI 47"  # people killed or seriously injured in road traffic accidents: lower is better
DISTRICT = "Ashford"
TODAY = "2008-06-12"  # after approval opens (6 June 2008); designation follows the same day
# The session's server reads LAA_TODAY from the environment when it starts (browser conftest).
os.environ.setdefault("LAA_TODAY", TODAY)


def propose(page, targets: tuple[str, str, str], rationale: str, button: str) -> None:
    """Fill the proposal form of a target thread (baseline kept at the target's own) and send it."""
    page.get_by_label("Baseline", exact=True).fill("1111")
    page.get_by_label("Baseline period").fill("2007/08")
    for year, value in zip(("2008/09", "2009/10", "2010/11"), targets, strict=True):
        page.get_by_label(f"Target for {year}").fill(value)
    page.get_by_label("Designated (one of the up to 35)").check()
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_role("button", name=button, exact=True).click()


def expect_no_error(page) -> None:
    """A fresh page: no error message on any field, no error summary, no raw template text."""
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_text("no such element")).to_have_count(0)


def home(page) -> None:
    """The start page: the only address typed."""
    page.goto("/")
    assert_accessible(page)


def nav(page, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).first.click()


def open_thread_from_navigation(page, indicator: str) -> None:
    """The partnership's way in: the navigation's "Negotiation", then the target."""
    home(page)
    nav(page, "Negotiation")
    expect(page.get_by_role("heading", level=1, name="Negotiation: Kent")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"^{indicator}:")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{indicator}:")


def open_signoff(page) -> None:
    """From the service navigation: Sign-off, then Kent's agreement."""
    home(page)
    nav(page, "Sign-off")
    expect(page.get_by_role("heading", level=1, name="Sign-off of agreements")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kent", exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/sign-off/{KENT}$"))
    expect(page.get_by_role("heading", level=1, name="Sign-off")).to_be_visible()


def expect_state(page, label: str) -> None:
    expect(page.locator("p", has_text="Current state:").locator(".govuk-tag")).to_have_text(label)


def expect_taken(page, button: str, now: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"The agreement is now '{now}'.")
    expect_state(page, now)
    expect(page.get_by_role("row", name=re.compile(re.escape(button)))).to_be_visible()  # in the history
    assert_accessible(page)


def take_step(page, button: str, now: str) -> None:
    """Press a sign-off step's button; the page comes back saying the new state."""
    page.get_by_role("button", name=button, exact=True).click()
    expect_taken(page, button, now)


def confirm_step(page, button: str, now: str, follows: str, screenshot: Path | None = None) -> None:
    """An irreversible step: its button leads to a confirmation page saying what follows;
    only "Yes, ..." takes it."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"{button}?")).to_be_visible()
    expect(page.get_by_role("heading", name="What follows")).to_be_visible()
    expect(page.locator("main")).to_contain_text(follows)
    expect_no_error(page)
    assert_accessible(page)
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
    yes = f"Yes, {button[0].lower()}{button[1:]}"
    page.get_by_role("button", name=yes, exact=True).click()
    expect_taken(page, button, now)


def test_the_whole_round_from_proposal_to_publication(signed_in_pages, browser, base_url, pytestconfig,
                                                      screenshots):
    results = Path(pytestconfig.rootpath) / "test-results"
    results.mkdir(parents=True, exist_ok=True)

    # --- 1. The partnership proposes a target, from the navigation ------------------------
    officer = signed_in_pages("officer")
    open_thread_from_navigation(officer, INDICATOR)
    expect(officer.get_by_text("Nothing has been proposed yet.")).to_be_visible()
    expect(officer.get_by_role("heading", name="Make a proposal")).to_be_visible()
    expect_no_error(officer)  # the fresh proposal form shows no error
    assert_accessible(officer)
    # Sent empty, the form names each field; that error, and only it, is shown.
    officer.get_by_role("button", name="Make a proposal", exact=True).click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Give the rationale for the proposal")
    expect(officer).to_have_title(re.compile(rf"^Error: {INDICATOR}"))
    assert_accessible(officer)
    officer.screenshot(path=str(screenshots / "negotiation-thread-error.png"), full_page=True)
    propose(officer, ("1100", "1090", "1080"),
            "Casualties fell by 4% a year since 2004; the county's road safety plan holds that pace.",
            "Make a proposal")
    expect(officer.get_by_role("heading", name="Proposal #1")).to_be_visible()
    expect(officer.get_by_text("Waiting for the Government Office to answer proposal #1")).to_be_visible()
    expect_no_error(officer)
    assert_accessible(officer)

    # --- 2. The Government Office challenges it, then counter-proposes ---------------------
    go = signed_in_pages("go-manager")
    home(go)
    nav(go, "Region")
    expect(go.get_by_role("heading", level=1)).to_contain_text("Government Office for the South East")
    assert_accessible(go)
    go.locator("#areas").get_by_role("link", name="Kent", exact=True).click()
    expect(go.get_by_role("heading", level=1, name="Negotiation: Kent")).to_be_visible()
    assert_accessible(go)
    go.get_by_role("link", name=re.compile(rf"^{INDICATOR}:")).click()
    expect(go.get_by_text("Your turn: answer proposal #1.")).to_be_visible()
    # Every form of the GO's move is fresh: accept, counter-propose, challenge, escalate, decisions.
    expect(go.get_by_role("button", name="Accept proposal #1")).to_be_visible()
    expect(go.get_by_role("button", name="Counter-propose")).to_be_visible()
    expect(go.get_by_role("button", name="Challenge", exact=True)).to_be_visible()
    expect_no_error(go)
    # The counter-proposal starts from every value of the proposal, partners too.
    expect(go.get_by_label("Target for 2010/11")).to_have_value("1080")
    assert_accessible(go)
    go.screenshot(path=str(screenshots / "negotiation-thread.png"), full_page=True)
    go.get_by_label("Ambition: not stretching enough").check()
    go.get_by_label("Why").fill("The national road safety strategy expects a 40% fall in those killed or seriously injured.")
    go.get_by_role("button", name="Challenge", exact=True).click()
    expect(go.get_by_role("heading", name="Challenge to proposal #1")).to_be_visible()
    expect(go.locator(".govuk-tag", has_text="Under negotiation").first).to_be_visible()
    expect_no_error(go)
    assert_accessible(go)
    propose(go, ("1092", "1074", "1040"),
            "The regional average fall, with the safety cameras partnership's new sites.",
            "Counter-propose")
    # Proposals are numbered in the thread: the counter-proposal is #2, after the challenge.
    expect(go.get_by_role("heading", name="Counter-proposal #2, answering proposal #1")).to_be_visible()
    expect(go.get_by_text("Superseded by proposal #2.")).to_be_visible()
    assert_accessible(go)
    go.get_by_role("link", name="Region", exact=True).first.click()
    expect(go.locator("#areas tr", has_text="Kent")).to_contain_text("Draft")
    assert_accessible(go)

    # --- 3. The partnership tries to submit: refused until the negotiation is settled -----
    officer.reload()
    expect(officer.get_by_text("Your turn: answer proposal #2.")).to_be_visible()
    expect_no_error(officer)
    assert_accessible(officer)
    officer.get_by_role("link", name="The agreement's sign-off").click()
    expect(officer.get_by_role("heading", level=1, name="Sign-off")).to_be_visible()
    expect_state(officer, "Draft")
    expect_no_error(officer)  # the sign-off forms are fresh too
    expect(officer.get_by_text("correct them before it can be submitted")).to_have_count(0)  # no rule errors
    assert_accessible(officer)
    # Warnings (if the earlier tests left any) are acknowledged, each with a reason.
    pending = officer.get_by_role("button", name="Acknowledge warning")
    for _ in range(pending.count()):
        officer.get_by_label("Why go ahead despite this warning?").first.fill(
            "The delivery plan is being written with the district and is due before the first review.")
        pending.first.click()
        expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("acknowledged.")
        assert_accessible(officer)
    expect(pending).to_have_count(0)
    expect(officer.get_by_text("Not acknowledged", exact=True)).to_have_count(0)
    submit = officer.locator("#submit")
    expect(submit).to_contain_text(f"negotiation is still open (proposed or under negotiation) on {INDICATOR}")
    expect(submit.get_by_role("button", name="Submit to the Government Office")).to_have_count(0)
    # The refusal offers the step it names: a link to the thread to settle.
    submit.get_by_role("link", name=re.compile(rf"^Settle the negotiation of {INDICATOR}")).click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(f"{INDICATOR}:")
    officer.get_by_role("button", name="Accept proposal #2").click()
    expect(officer.get_by_role("heading", name="Proposal #2 accepted")).to_be_visible()
    expect(officer.locator(".govuk-tag", has_text="Agreed").first).to_be_visible()
    expect(officer.get_by_text("This proposal was accepted: its values are the agreed target.")).to_be_visible()
    expect(officer.locator(".govuk-summary-list").last).to_contain_text("1,040")  # the target in the agreement now
    assert_accessible(officer)

    # --- 4. The partnership submits, confirming; the GO agrees ----------------------------
    officer.get_by_role("link", name="The agreement's sign-off").click()
    expect_state(officer, "Draft")
    confirm_step(officer, "Submit to the Government Office", "Submitted to the Government Office",
                 "Its content can no longer be changed", screenshots / "sign-off-confirmation.png")
    expect(officer.get_by_role("button", name="Return to draft")).to_be_visible()
    # The agreement page leads to the negotiation, which now says it is over.
    officer.get_by_role("link", name="The agreement", exact=True).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: Local Area Agreement")
    assert_accessible(officer)
    officer.get_by_role("link", name="Its negotiation with the Government Office").click()
    expect(officer.get_by_role("heading", level=1, name="Negotiation: Kent")).to_be_visible()
    officer.get_by_role("link", name=re.compile(rf"^{INDICATOR}:")).click()
    expect(officer.get_by_text(re.compile(r"Closed: agreed\. .*its negotiation is over"))).to_be_visible()
    expect(officer.get_by_text("It can be reopened")).to_have_count(0)
    assert_accessible(officer)

    open_signoff(go)
    expect_state(go, "Submitted to the Government Office")
    expect_no_error(go)
    assert_accessible(go)
    take_step(go, "Agree with the partnership", "Agreed with the Government Office")
    expect(go.get_by_role("button", name="Agree with the partnership")).to_have_count(0)
    expect(go.get_by_role("button", name="Return to draft")).to_be_visible()  # until the council approves

    # --- 5. A district's adoption is recorded (beside the chain: the state stays), before the
    # county council approves the whole agreement (CLG FAQ 13), by the district council's own officer
    district = signed_in_pages("district")
    open_signoff(district)
    expect_state(district, "Agreed with the Government Office")
    expect_no_error(district)
    assert_accessible(district)
    district.get_by_label(DISTRICT, exact=True).check()
    district.get_by_label("The decision (optional)").fill("Ashford Borough Council Cabinet, 12 June 2008, minute 147")
    district.get_by_role("button", name="Record adoption").click()
    expect(district.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{DISTRICT}'s adoption of its targets has been recorded.")
    expect(district.get_by_role("row", name=re.compile(rf"^{DISTRICT} "))).to_contain_text(
        "Adopted: Ashford Borough Council Cabinet, 12 June 2008, minute 147 (Ash District Council Officer (demo),")
    expect(district.get_by_label(DISTRICT, exact=True)).to_have_count(0)  # adopted once only
    expect_state(district, "Agreed with the Government Office")
    assert_accessible(district)

    open_signoff(officer)
    expect_state(officer, "Agreed with the Government Office")
    expect(officer.get_by_role("row", name=re.compile(rf"^{DISTRICT} "))).to_contain_text(
        "(Ash District Council Officer (demo),")
    expect_no_error(officer)
    assert_accessible(officer)

    # --- 6. The council approves ----------------------------------------------------------
    # Without saying which body approved, the officer is told what is missing
    officer.get_by_role("button", name="Record the council's approval").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text(
        "Say whether full council or the executive approved the agreement.")
    expect(officer).to_have_title(re.compile(r"^Error: Sign-off: Kent"))
    assert_accessible(officer)
    officer.get_by_label("By the executive").check()
    take_step(officer, "Record the council's approval", "Approved by the council")
    expect(officer.get_by_role("row", name=re.compile("Record the council's approval"))).to_contain_text("by the executive")
    expect(officer.get_by_role("button", name="Record adoption")).to_have_count(0)  # too late once approved

    # --- 7. The Regional Director recommends; the Secretary of State approves, designates and publishes
    director = signed_in_pages("go-director")
    open_signoff(director)
    expect_state(director, "Approved by the council")
    expect_no_error(director)
    assert_accessible(director)
    take_step(director, "Recommend to the Secretary of State", "Recommended by the Government Office Regional Director")

    clg = signed_in_pages("clg")
    open_signoff(clg)
    expect_state(clg, "Recommended by the Government Office Regional Director")
    expect(clg.get_by_text(re.compile(r"Opens on 6 June 2008: open now"))).to_be_visible()
    expect_no_error(clg)
    assert_accessible(clg)
    confirm_step(clg, "Approve the agreement", "Approved by the Secretary of State", "its content is frozen")
    expect(clg.get_by_text("Content hash (frozen)")).to_be_visible()
    expect(clg.get_by_text("Targets to be designated by")).to_be_visible()
    clg.screenshot(path=str(results / "whole-round-approved.png"), full_page=True)

    # The approved agreement is frozen: its negotiation is over, and it can no longer be edited
    open_thread_from_navigation(officer, INDICATOR)
    expect(officer.get_by_text(re.compile(r"its negotiation is over and its targets change only through a revision"))
           ).to_be_visible()
    expect(officer.get_by_role("button", name=re.compile("Reopen"))).to_have_count(0)
    assert_accessible(officer)
    nav(officer, "Agreement")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: Local Area Agreement")
    expect(officer.get_by_role("button", name="Add a target")).to_have_count(0)
    assert_accessible(officer)

    confirm_step(clg, "Designate the targets", "Targets designated by the Secretary of State", "have regard to them")
    confirm_step(clg, "Publish the agreement", "Published", "become public")
    expect(clg.get_by_role("link", name="The published agreement and its s113 memorandum")).to_be_visible()
    expect(clg.get_by_text("There is no sign-off step for you to take on this agreement now.")).to_be_visible()

    # --- 8. A resident, not signed in, reads the published agreement ----------------------
    context = browser.new_context(base_url=base_url)
    try:
        resident = context.new_page()
        home(resident)
        expect(resident.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
        resident.get_by_role("link", name="Published agreements", exact=True).click()
        expect(resident.get_by_role("heading", level=1, name="Published agreements")).to_be_visible()
        listed = resident.locator("tbody tr", has_text="Kent")
        expect(listed).to_contain_text("South East")
        expect(listed).to_contain_text("2008/09 to 2010/11")
        assert_accessible(resident)

        resident.get_by_role("link", name="Kent", exact=True).click()
        expect(resident).to_have_url(re.compile(rf"/sign-off/published/{KENT}$"))
        expect(resident.get_by_role("heading", level=1)).to_have_text("Kent Local Area Agreement 2008/09 to 2010/11")
        expect(resident.get_by_role("heading", name="Memorandum (section 113)")).to_be_visible()
        expect(resident.get_by_text("This agreement has effect for the period 2008/09 to 2010/11.")).to_be_visible()
        designated = resident.locator("#designated")
        expect(designated.locator("caption")).to_have_text(re.compile(r"^Designated targets \(\d+\)$"))
        agreed = designated.get_by_role("row", name=re.compile(rf"^{INDICATOR} "))
        expect(agreed).to_contain_text("(2007/08)")
        # the counter-proposal the partnership accepted (with or without a thousands separator)
        expect(agreed).to_contain_text(re.compile(r"2010/11: 1,?040"))
        expect(resident.locator("#statutory").get_by_role("row", name=re.compile(r"^NI 72 "))).to_be_visible()
        expect(resident.locator("#regard")).to_contain_text("Kent Police Authority")
        expect(resident.get_by_role("link", name="Sign in", exact=True)).to_be_visible()  # still not signed in
        assert_accessible(resident)
        resident.screenshot(path=str(results / "whole-round-published.png"), full_page=True)
    finally:
        context.close()
