"""Issue 13: the partnership board's report, a department's progress, the national picture
and equality breakdowns, in a browser with axe on each page. On 30 June 2010 Kent's officer
goes from the progress page to the board report, chooses 2009/10 Q4 with the form (no
JavaScript needed), is told when a quarter is not one, and gets the PDF once the
background worker has printed it; the Home Office's lead goes from its dashboard to its
indicators' progress; CLG from the national dashboard to the national picture and down to
the region and an indicator; the officer from NI 1's comparison to its values by group.
Screenshots (the `screenshots` fixture; kept as docs/screenshots/board-report.png,
department-progress.png, national-picture.png, equality-gaps.png).

Its own server: the demonstration with Kent approved and its synthetic values, on a day of
2010 (LAA_TODAY), with the background worker beside it (`laa serve`)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2010-06-30"


@pytest.fixture(scope="module")
def board_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("board"), command, {"LAA_TODAY": DAY}, database="_board")


def test_the_board_report_for_a_chosen_quarter_and_its_pdf(browser, board_url, screenshots):
    officer = signed_in(browser, board_url, "officer")
    officer.goto("/progress/E2221")
    officer.locator("#board-report-link").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: report to the partnership board: 2010/11 Q1")
    officer.get_by_label("Quarter reported on").select_option("2009/10 Q4")
    officer.get_by_role("button", name="Show the report").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kent: report to the partnership board: 2009/10 Q4")
    expect(officer.locator("#changes-table")).to_contain_text("Worse")
    expect(officer.locator("#exceptions ~ .laa-exception").first).to_contain_text("Off track")
    expect(officer.locator("svg.laa-chart").first).to_be_visible()
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "board-report.png", full_page=True,
                       clip={"x": 0, "y": 0, "width": 1200, "height": 2200})

    officer.goto("/progress/E2221/board-report?period=2012/13+Q1")
    expect(officer.locator(".govuk-error-summary")).to_contain_text("“2012/13 Q1” is not a quarter of the agreement")
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "board-report-error.png", full_page=True)

    officer.goto("/progress/E2221/board-report?period=2009/10+Q4")
    pdf = officer.locator("#pdf-link").get_attribute("href")
    first = officer.request.get(pdf)
    assert first.status == 202 and "The PDF is being prepared" in first.text()
    deadline = time.monotonic() + 180  # the worker prints it: 32 pages, seconds to a minute on a busy machine
    while (answer := officer.request.get(pdf)).status == 202 and time.monotonic() < deadline:
        time.sleep(2)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")


def test_a_department_reads_its_indicators_across_areas(browser, board_url, screenshots):
    lead = signed_in(browser, board_url, "department")
    lead.goto("/negotiation/department")
    lead.locator("#department-progress-link").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Home Office: progress of targets on its indicators")
    expect(lead.locator("#targets tbody tr").first).to_contain_text("Off track")
    assert_accessible(lead)
    lead.screenshot(path=screenshots / "department-progress.png", full_page=True)


def test_clg_reads_the_national_picture_and_drills_down(browser, board_url, screenshots):
    clg = signed_in(browser, board_url, "clg")
    clg.goto("/negotiation/national")
    clg.locator("#national-progress-link").click()
    expect(clg.get_by_role("heading", level=1)).to_have_text("Progress of the agreements: the national picture")
    expect(clg.locator("#regions tbody tr").first).to_contain_text("South East")
    assert_accessible(clg)
    clg.screenshot(path=screenshots / "national-picture.png", full_page=True,
                   clip={"x": 0, "y": 0, "width": 1200, "height": 2200})
    clg.locator("#regions-SE a").click()
    expect(clg.locator("#area-E2221")).to_contain_text("Kent")
    clg.go_back()
    clg.locator("#indicators-NI-16 a").click()
    expect(clg.get_by_role("heading", level=1)).to_have_text("NI 16: how areas compare")


def test_equality_breakdowns_of_an_indicator_for_an_area(browser, board_url, screenshots):
    officer = signed_in(browser, board_url, "officer")
    officer.goto("/progress/indicators/NI%201?area=E2221")
    officer.locator("#groups-link").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("NI 1: equality breakdowns: Kent")
    expect(officer.locator("#groups")).to_contain_text("Sex: female")
    expect(officer.locator("#groups")).to_contain_text("Age: 16-24")
    expect(officer.locator("#groups-chart")).to_be_visible()
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "equality-gaps.png", full_page=True)
    officer.locator("#area").select_option("")
    officer.get_by_role("button", name="Show the groups").click()
    expect(officer.locator("#choose-area")).to_be_visible()
    officer.goto("/progress/indicators/NI%201/groups?area=NOPE")
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Choose an area from the list")
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "equality-gaps-error.png", full_page=True)
    officer.goto("/progress/indicators/NI%2016/groups?area=E2221")
    expect(officer.locator("#no-groups")).to_contain_text("The hub holds no value of NI 16 by group for Kent")
    assert_accessible(officer)
    officer.screenshot(path=screenshots / "equality-gaps-empty.png", full_page=True)
