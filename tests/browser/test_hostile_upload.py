"""A hostile agreement file uploaded in Chromium: the import page refuses it with a
clear error naming the line, keeps the agreement as it was, and stays accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.hostile_files import CASES

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_billion_laughs_file_is_refused_on_the_import_page(signed_in_pages, screenshots, tmp_path):
    # Given the partnership officer of Kent on the import page
    page = signed_in_pages("officer")
    page.goto("/agreements/E2221/import")
    expect(page.get_by_text("A .yaml, .json or .xlsx file, up to 5 MB")).to_be_visible()

    # When they upload a YAML file of nested aliases (9**9 strings if expanded)
    name, build, _ = CASES["yaml-billion-laughs"]
    path = tmp_path / name
    path.write_bytes(build())
    page.get_by_label("Agreement file").set_input_files(str(path))
    page.get_by_role("button", name="Import file").click()

    # Then the page says why, naming the line, and nothing was imported
    message = ("laughs.yaml: the YAML cannot be read: anchors and aliases (&name, *name) are not "
               "allowed in an agreement file: write each value out in full (line 1)")
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
    expect(page.locator(".govuk-error-message")).to_contain_text(message)
    assert_accessible(page)
    screenshot = screenshots / "import-hostile-file.png"
    page.screenshot(path=str(screenshot), full_page=True)


def test_the_story_of_place_form_states_its_limit_and_refuses_a_longer_text(signed_in_pages, screenshots):
    # Given the officer editing Kent's story of place
    page = signed_in_pages("officer")
    page.goto("/agreements/E2221/edit")
    expect(page.get_by_text("Leave a blank line between paragraphs. Up to 20,000 characters.")).to_be_visible()

    # When they paste a story one character too long and save
    page.get_by_label("Story of place").fill("x" * 20_001)
    page.get_by_role("button", name="Save").click()

    # Then the form says so, naming the field, with the text kept for them to shorten
    message = "The story of place must be 20,000 characters or fewer"
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
    expect(page.locator("#story_of_place-error")).to_contain_text(message)
    assert len(page.get_by_label("Story of place").input_value()) == 20_001
    assert_accessible(page)
    page.get_by_label("Story of place").fill("x" * 300)  # a readable screenshot, the error still shown
    page.screenshot(path=str(screenshots / "edit-agreement-too-long.png"), full_page=True)
