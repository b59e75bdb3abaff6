"""Issue 13, comparison with other areas and hotspots (ADR 0026): on 30 June 2011 a
resident reads how the areas compare on NI 56 (the demonstration's synthetic values of all
150 areas) and narrows it to Kent and its peers with the GET form; the GO reads the
hotspots of its region on its region view. With axe on each page and screenshots
(`comparison.png`, `comparison-peers.png`, `hotspots-region.png`).

Its own server: the demonstration with Kent approved, on a day of 2011 (LAA_TODAY)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2011-06-30"  # after the last year of the agreements: five years of values, a trend


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("comparison"), ["demo", "--reference"], {"LAA_TODAY": DAY},
                     database="_comparison")


def test_a_resident_compares_the_areas_and_the_go_reads_its_hotspots(browser, demo_url, screenshots):
    page = browser.new_context(base_url=demo_url, viewport={"width": 1200, "height": 900}).new_page()
    page.goto("/progress/indicators/NI 56")
    expect(page.get_by_role("heading", level=1)).to_have_text("NI 56: how areas compare")
    expect(page.locator("svg#comparison-chart")).to_be_visible()
    expect(page.locator("#areas")).to_contain_text("Rank in England")
    assert_accessible(page)
    page.screenshot(path=screenshots / "comparison.png", full_page=True,
                    clip={"x": 0, "y": 0, "width": 1200, "height": 1700})
    page.select_option("#area", "E2221")
    page.get_by_role("button", name="Show the comparison").click()
    expect(page.locator("#areas caption")).to_contain_text("Kent and its peers")
    expect(page.locator("#area-E2221")).to_contain_text("Kent (chosen)")
    assert_accessible(page)
    page.screenshot(path=screenshots / "comparison-peers.png", full_page=True)
    go = signed_in(browser, demo_url, "go-manager")
    go.goto("/progress/")
    expect(go.get_by_role("heading", name="Hotspots")).to_be_visible()
    assert_accessible(go)
    go.screenshot(path=screenshots / "hotspots-region.png", full_page=True,
                  clip={"x": 0, "y": 0, "width": 1200, "height": 2400})
