"""The agreement's PDF, printed by the background worker: until it is ready, the PDF link
answers a page saying so, with a way to refresh and nothing to run (issue 10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_department_asking_for_the_pdf_first_is_told_it_is_being_prepared(signed_in_pages, tmp_path):
    # Given a department lead, whose copy of Kent's agreement shows only its own targets
    # (a PDF of its own, not printed yet)
    page = signed_in_pages("department")
    page.goto("/agreements/E2221/document")
    page.get_by_role("link", name="Download the agreement as a PDF").click()
    # Then the page says the PDF is being prepared, and how to get it
    expect(page.get_by_role("heading", level=1)).to_have_text("The PDF is being prepared")
    expect(page.get_by_text("This usually takes less than a minute.")).to_be_visible()
    refresh = page.get_by_role("button", name="Refresh to get the PDF")
    expect(refresh).to_have_attribute("href", "/agreements/E2221/document.pdf")
    expect(page.get_by_role("link", name="Read the agreement on screen")).to_have_attribute(
        "href", "/agreements/E2221/document")
    assert_accessible(page)
    # LAA_SCREENSHOT_DIR keeps the screenshot for a person to look at (e.g. /tmp/pdf)
    screenshot = Path(os.environ.get("LAA_SCREENSHOT_DIR") or tmp_path) / "pdf-being-prepared.png"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
