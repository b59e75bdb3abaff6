"""Every form of the service, opened fresh by the role that sees it, shows no error
(issue 8: every negotiation form once carried an error box before anything was entered,
and no test noticed). Each page is also checked with axe. Nothing is posted: the pages are
only opened, so this runs before the whole round (file order) without changing Kent's
agreement. The address of each page is where the service's own links lead."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

KENT = "E2221"


def expect_fresh(page, form_count: int = 1) -> None:
    """At least `form_count` forms, and no error message, summary or raw template text."""
    assert page.locator("main form").count() >= form_count, page.url
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_text("no such element")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize(("who", "path"), [
    ("officer", f"/agreements/{KENT}/edit"),
    ("officer", f"/agreements/{KENT}/outcomes/new"),
    ("officer", f"/agreements/{KENT}/consultations/new"),
    ("officer", f"/agreements/{KENT}/targets/find"),
    ("officer", f"/agreements/{KENT}/import"),
    ("officer", "/indicators/local/new"),
    ("officer", "/account/tokens"),
    ("officer", f"/negotiation/areas/{KENT}/meetings"),
    ("officer", f"/negotiation/areas/{KENT}/timetable"),
    ("go-manager", f"/negotiation/areas/{KENT}/meetings"),
    ("go-director", f"/negotiation/areas/{KENT}/"),  # the champion's appointment
])
def test_a_fresh_form_shows_no_error(signed_in_pages, who, path):
    page = signed_in_pages(who)
    page.goto(path)
    expect_fresh(page)


def test_the_sign_off_page_is_fresh(signed_in_pages):
    """Its forms (warnings to acknowledge, steps) depend on the state: none may show an error."""
    officer = signed_in_pages("officer")
    officer.goto(f"/sign-off/{KENT}")
    expect_fresh(officer, form_count=0)


def test_the_sign_in_form_is_fresh(page):
    page.goto("/sign-in")
    expect_fresh(page)


def test_the_target_forms_are_fresh(signed_in_pages):
    """Reached as the officer reaches them: the agreement's first target, then its edit form."""
    officer = signed_in_pages("officer")
    officer.goto(f"/agreements/{KENT}/")
    officer.locator(f"a[href^='/agreements/{KENT}/targets/'][href$='/']").first.click()
    expect(officer).to_have_url(re.compile(r"/targets/\d+/$"))
    officer.goto(officer.url + "edit")
    expect_fresh(officer)


@pytest.mark.parametrize("who", ["officer", "go-manager", "go-director"])
def test_every_move_on_a_thread_is_a_fresh_form(signed_in_pages, who):
    """A thread no other browser test negotiates (NI 16): the side to move sees its forms
    (a proposal for either side, before anything is proposed) without an error."""
    page = signed_in_pages(who)
    page.goto(f"/negotiation/areas/{KENT}/")
    page.get_by_role("link", name=re.compile(r"^NI 16:")).first.click()
    expect(page.get_by_role("heading", name="Your move")).to_be_visible()
    expect_fresh(page)


def test_the_departments_advice_form_is_fresh(signed_in_pages):
    department = signed_in_pages("department")
    department.goto("/negotiation/department")
    # NI 16 is a Home Office indicator, and the demonstration department is the Home Office.
    department.locator(f"main a[href*='/negotiation/areas/{KENT}/targets/']", has_text="NI 16").first.click()
    expect(department.get_by_role("heading", name="Advise the Government Office")).to_be_visible()
    expect_fresh(department)
