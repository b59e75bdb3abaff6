"""Issue 11, done when: a department imports a year of data for its indicators for all
areas from XLSX in the browser: dry run, errors shown per row, corrected file, confirm,
ledger entry; the same file again changes nothing. With axe on each page, and the
screenshots of the preview with errors and of the ledger (taken into docs/screenshots/ with
LAA_SCREENSHOTS=docs/screenshots; a temporary directory otherwise).

The check and the import run in the background (ADR 0017), on the worker that the test
server (`laa serve`) runs beside gunicorn, as in production: after each click the upload's
page shows its progress and refreshes itself (no JavaScript) until the outcome is there,
so the test waits for the outcome, as a person would."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from laa.domain.hub.periods import PeriodKind
from laa.domain.hub.reporting import Definition, SupplierKind, inferred_reporting

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SRC = Path(__file__).resolve().parents[2] / "src" / "laa"
YEAR = "2008/09"
WORKER = 120_000  # ms: a ceiling for the worker's check or import of the year, on a busy machine


def home_office_indicators() -> list[Definition]:
    """The national indicators the Home Office supplies by financial year."""
    out = []
    with (SRC / "catalogue" / "data" / "national-indicators.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            d = Definition(code=f"NI {row['ni']}", number=int(row["ni"]), unit=row["unit"],
                           decimal_places=int(row["decimal_places"]), data_source=row["data_source"],
                           frequency=row["frequency"], department=row["department"],
                           place_survey=row["place_survey"] == "Y", tellus_survey=row["tellus_survey"] == "Y")
            r = inferred_reporting(d)
            if (r.supplier_kind == SupplierKind.DEPARTMENT and r.supplier_department == "HO"
                    and PeriodKind.FINANCIAL_YEAR in r.period_kinds):
                out.append(d)
    return out


def areas() -> list[str]:
    with (SRC / "places" / "data" / "areas-2008.csv").open(newline="", encoding="utf-8") as f:
        return [row[0] for row in csv.reader(f)][1:]


def year_of_values() -> list[list[object]]:
    """A header and one row per indicator and area: plausible figures, seeded."""
    rng = random.Random(2008)
    rows: list[list[object]] = [["indicator", "area", "period", "value", "status"]]
    for d in home_office_indicators():
        for area in areas():
            low, high = (5, 95) if d.unit == "percentage" else (1, 400)
            value = round(rng.uniform(low, high), d.decimal_places)
            rows.append([d.code, area, YEAR, value if d.decimal_places else int(value), "final"])
    return rows


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_department_imports_a_year_of_its_indicators_for_every_area(signed_in_pages, screenshots, tmp_path):
    good = year_of_values()
    assert len(good) - 1 >= 150 * 10  # every area, each of the Home Office's indicators
    bad = [list(r) for r in good]
    bad[5][1] = "E9999"  # row 6: no such area
    bad[40][3] = "n/a"  # row 41: text in the value column
    bad[41][3] = 12.34567  # row 42: more decimal places than the definition has
    bad_file = workbook(tmp_path / "home-office-2008-09.xlsx", bad)
    good_file = workbook(tmp_path / "home-office-2008-09-corrected.xlsx", good)

    # Given the Home Office's policy lead on the import page
    page = signed_in_pages("department")
    page.goto("/hub/imports/new")
    expect(page.get_by_role("heading", name="Import values")).to_be_visible()
    assert_accessible(page)

    # When they upload their year of values with three bad rows
    page.get_by_label("File of values").set_input_files(str(bad_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name=re.compile("home-office-2008-09.xlsx$"))).to_be_visible()
    if page.get_by_role("heading", name="Checking home-office-2008-09.xlsx").is_visible():
        # The worker has not finished yet (usually so): the page says what it is doing.
        assert_accessible(page)
        page.screenshot(path=str(screenshots / "hub-import-checking.png"), full_page=True)

    # Then the dry run names each bad row, its column and why, and offers no confirmation
    expect(page.get_by_role("alert").get_by_text("There is a problem with 3 rows")).to_be_visible(timeout=WORKER)
    table = page.locator("#rejections")
    expect(table.get_by_role("row").filter(has_text="E9999")).to_contain_text("6")
    expect(table.get_by_role("row").filter(has_text="n/a")).to_contain_text("41")
    expect(table.get_by_role("row", name="42")).to_contain_text("decimal")
    expect(page.get_by_role("button", name="Confirm the import")).to_have_count(0)
    expect(page.get_by_role("link", name="Download the rejected rows (CSV)")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "hub-import-dry-run-errors.png"), full_page=True)

    # When they upload the corrected file and confirm it
    page.goto("/hub/imports/new")
    page.get_by_label("File of values").set_input_files(str(good_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#counts")).to_contain_text("Rejected rows", timeout=WORKER)
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Confirm the import").click()

    # Then the ledger entry records the file, who and what it wrote
    expect(page.get_by_text("You imported home-office-2008-09-corrected.xlsx")).to_be_visible(timeout=WORKER)
    expect(page.get_by_role("heading", name="home-office-2008-09-corrected.xlsx")).to_be_visible()
    assert_accessible(page)
    page.goto("/hub/imports/")
    entry = page.locator("#ledger").get_by_role("row").filter(has_text="home-office-2008-09-corrected.xlsx")
    expect(entry).to_contain_text("department (HO)")
    expect(entry).to_contain_text(f"{len(good) - 1:,}")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "hub-import-ledger.png"), full_page=True)

    # When they send the same file again, it would change nothing
    page.goto("/hub/imports/new")
    page.get_by_label("File of values").set_input_files(str(good_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("importing it would change nothing")).to_be_visible(timeout=WORKER)
    expect(page.locator("#counts")).to_contain_text(f"Unchanged values {len(good) - 1:,}".split(" ")[0])
    expect(page.get_by_role("button", name="Confirm the import")).to_have_count(0)
    assert_accessible(page)


def refreshed_until(page, outcome, tries: int = 120) -> None:
    """Press Refresh, as a person without JavaScript does, until `outcome` is on the page.

    It waits for the outcome, not for a heading to go: just after a click the page may still
    be the one before it, whose heading is not the one the loop would wait on."""
    for _ in range(tries):
        try:
            expect(outcome).to_be_visible(timeout=1000)
            return
        except AssertionError:
            page.get_by_role("button", name="Refresh").click()
    raise AssertionError(f"no {outcome} after {tries} refreshes")


def test_without_javascript_the_upload_page_is_refreshed_by_hand(browser, base_url, tmp_path):
    """The upload's page without JavaScript: its Refresh button leads to the dry run, then,
    once confirmed, to the ledger entry; nothing reloads by itself."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, "department")
    values = tmp_path / "ho-ni16-2009-10.csv"
    values.write_text("indicator,area,period,value\nNI 16,E0101,2009/10,21.5\n")
    page.goto("/hub/imports/new")
    page.get_by_label("File of values").set_input_files(str(values))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name=re.compile("ho-ni16-2009-10.csv$"))).to_be_visible()
    refreshed_until(page, page.get_by_role("button", name="Confirm the import"))
    expect(page.locator("#counts .govuk-summary-list__row").filter(has_text="New values")).to_contain_text("1")
    page.get_by_role("button", name="Confirm the import").click()
    refreshed_until(page, page.get_by_text("You imported ho-ni16-2009-10.csv: 1 new value, 0 corrected"))
    context.close()
