"""Issue 14, the Performance Reward Grant: on 1 July 2011, after the agreement's period,
Kent's partnership officer reads the calculation from the demonstration's synthetic
outturns, claims (the form starts from the hub's final values) under the 2008-11
arrangements as announced; the Government Office checks and recommends; CLG determines;
the determination is published with each authority's capital, revenue and total, and its
CSV. With axe on each page and screenshots of the calculation and of the determination
(kept as docs/screenshots/reward-*.png when taken into docs/screenshots).

Its own server: the demonstration with Kent approved, on a day of 2011 (LAA_TODAY)."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2011-07-01"
POLICY = "laa-2008-11/1"


@pytest.fixture(scope="module")
def reward_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("reward"), command, {"LAA_TODAY": DAY}, database="_reward")


def test_kents_claim_from_outturns_to_the_published_determination(browser, reward_url, screenshots):
    officer = signed_in(browser, reward_url, "officer")
    officer.goto("/progress/E2221")
    officer.get_by_role("link", name="Performance Reward Grant").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: Performance Reward Grant")
    # the later version (withdrawn: nothing payable) only when chosen: its day is not in the sources
    officer.get_by_label("Policy").select_option("laa-2008-11/2")
    officer.get_by_role("button", name="Calculate").click()
    expect(officer.locator("#explanations")).to_contain_text("Calculated under policy laa-2008-11/2")
    expect(officer.locator("#payable")).to_have_text("£0")
    # by default, the version the agreement was made under
    officer.get_by_label("Policy").select_option("")
    officer.get_by_role("button", name="Calculate").click()
    expect(officer.locator("#policy-note")).to_contain_text(
        "the version of the scheme the agreement was made under (in force when its period began, 2008/09)")
    expect(officer.locator("#explanations")).to_contain_text(f"Calculated under policy {POLICY}")
    expect(officer.locator("#targets")).to_contain_text("of the enhancement achieved")
    expect(officer.locator("#authorities")).to_contain_text("Tunbridge Wells Borough Council")
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "reward-calculation.png", full_page=True)

    officer.get_by_role("link", name="The area's reward claims").click()
    expect(officer.get_by_label("Value achieved: NI 16")).not_to_have_value("")  # the hub's final value
    officer.get_by_label("Policy").select_option(POLICY)
    officer.get_by_label("Evidence").fill("The Data Interchange Hub's final values for 2010/11.")
    assert_accessible(officer)
    officer.get_by_role("button", name="Make the claim").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: reward claim 1")
    expect(officer.get_by_role("button", name="Recommend the claim")).to_have_count(0)

    # the GO returns it: the evidence is thin; the officer amends it and claims again
    go = signed_in(browser, reward_url, "go-manager")
    go.goto("/progress/E2221/reward/claims/1")
    go.get_by_role("button", name="Return the claim to the authority").click()
    expect(go.locator(".govuk-error-summary")).to_contain_text("Say what the authority must put right")
    assert_accessible(go)
    go.get_by_label("What the authority must put right").fill(
        "Attach the audited return behind NI 16's figure for 2010/11.")
    go.get_by_role("button", name="Return the claim to the authority").click()
    expect(go.locator("#steps")).to_contain_text("Returned to the authority")
    officer.goto("/progress/E2221/reward/claims/1")
    expect(officer.get_by_role("button", name="Claim again")).to_be_visible()
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "reward-claim-returned.png", full_page=True)
    officer.locator("#amend-evidence").fill("The Data Interchange Hub's final values for 2010/11, and Kent "
                                            "Police's audited return of 30 June 2011.")
    officer.get_by_label("What you changed").fill("The audited return is attached.")
    officer.get_by_role("button", name="Claim again").click()
    expect(officer.locator("#steps")).to_contain_text("Claimed again")

    go.goto("/progress/E2221/reward/claims/1")
    go.get_by_label("What the Government Office checked").fill("Values checked against the hub's final returns.")
    go.get_by_role("button", name="Recommend the claim").click()
    expect(go.locator("#steps")).to_contain_text("Recommended by the Government Office")

    clg = signed_in(browser, reward_url, "clg")
    clg.goto("/progress/E2221/reward/claims/1")
    assert_accessible(clg)
    clg.get_by_role("button", name="Determine the grant").click()
    expect(clg.locator("#steps")).to_contain_text("Determined by CLG")
    clg.get_by_role("link", name="The published determination").click()
    expect(clg.get_by_role("heading", level=1)).to_have_text(
        "Kent: determination of the Performance Reward Grant")
    expect(clg.locator("#authorities")).to_contain_text("Kent County Council")
    assert_accessible(clg)
    clg.screenshot(path=screenshots / "reward-determination.png", full_page=True)
    with clg.expect_download() as download:
        clg.get_by_role("link", name="Download each authority's payment (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert len(rows) == 13 and rows[0]["authority"] == "Kent County Council"
    assert all(r["policy"] == POLICY for r in rows)
    pdf = clg.request.get(f"{reward_url}/progress/E2221/reward/claims/1/determination.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # CLG records the pump-priming grant paid in April 2008: a day that is not one is refused beside it
    clg.goto("/progress/E2221/reward/pump-priming")
    clg.get_by_label("Financial year").fill("2008/09")
    clg.get_by_label("Day").fill("7")
    clg.get_by_label("Month").fill("13")
    clg.get_by_label("Year", exact=True).fill("2008")
    clg.get_by_label("Amount").fill("1,250,000")
    clg.get_by_label("Of which capital").fill("625,000")
    clg.get_by_label("Source").fill("Grant letter of 1 April 2008")
    clg.get_by_role("button", name="Record the grant").click()
    expect(clg.locator(".govuk-error-summary")).to_contain_text("Enter the day it was paid as a real date")
    assert_accessible(clg)
    clg.screenshot(path=screenshots / "reward-pump-priming-error.png", full_page=True)
    clg.get_by_label("Month").fill("4")
    clg.get_by_role("button", name="Record the grant").click()
    expect(clg.locator("#rows")).to_contain_text("7 April 2008")
