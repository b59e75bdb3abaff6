"""Issue 13, progress against trajectory (ADR 0022): on 30 June 2010 the partnership's
officer reads Kent's progress (the demonstration's agreement, approved on 27 June 2008,
with its synthetic hub values for 2008/09 and 2009/10), each target judged with its
reason and its chart; the GO reads its region's areas. With axe on each page and a
screenshot of the progress page (the `screenshots` fixture; kept as
docs/screenshots/progress.png when taken into docs/screenshots).

Its own server: the demonstration with Kent approved, on a day of 2010 (LAA_TODAY)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2010-06-30"


@pytest.fixture(scope="module")
def progress_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("progress"), command, {"LAA_TODAY": DAY}, database="_progress")


def test_the_partnership_reads_kents_progress_and_the_go_its_region(browser, progress_url, screenshots):
    officer = signed_in(browser, progress_url, "officer")
    officer.goto("/progress/E2221")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: progress against the agreement")
    expect(officer.locator("#counts")).to_contain_text("On track")
    expect(officer.locator("svg.laa-chart").first).to_be_visible()
    expect(officer.get_by_text("Reported value").first).to_be_attached()
    assert_accessible(officer)
    # the top of the page: the counts and the first targets, off track first
    officer.screenshot(path=screenshots / "progress.png", full_page=True,
                       clip={"x": 0, "y": 0, "width": 1200, "height": 2000})
    go = signed_in(browser, progress_url, "go-manager")
    go.goto("/progress/")
    expect(go.locator("#area-E2221")).to_contain_text("Kent")
    assert_accessible(go)
    go.screenshot(path=screenshots / "progress-region.png", full_page=True)
