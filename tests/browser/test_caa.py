"""Issue 13's journey ("Done when"), with axe on each page: on 30 June 2010 Kent's
partnership officer follows Kent; the Home Office imports two of Kent's values through the
hub's upload page (the worker checks and writes them), which turn NI 20 and NI 30 off track;
the partnership sees them off track on its progress page, the Government Office on its
region's page, the Home Office on its department's page; `laa alerts` (as cron runs it)
sends the officer one e-mail naming both; an inspector reads Kent's Comprehensive Area
Assessment, records a red flag with its evidence (an empty form first: errors beside the
fields) and publishes it; a resident, not signed in, reads Kent's progress in plain English
with the flag, and downloads the CSV, where both targets are off track. Screenshots of the
CAA view and the residents' page (docs/screenshots/caa-view.png, resident-progress.png).

Its own server: the demonstration with Kent approved, on a day of 2010 (LAA_TODAY)."""

from __future__ import annotations

import csv
import re
import subprocess
from email import message_from_bytes
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import LAA, SERVED, assert_accessible, serve, signed_in

pytestmark = pytest.mark.browser

DAY = "2010-06-30"
WORKER = 60_000  # ms: the background worker checks and writes the upload
# The Home Office's figures for Kent: both worse than their trajectories (lower is better).
IMPORT = "indicator,area,period,value,status\nNI 20,E2221,2010/11 Q1,45.00,final\nNI 30,E2221,2009/10,75.0,final\n"
EVIDENCE = ("Serious acquisitive crime has risen for two years running and the partnership's plan does not "
            "say how it will be brought down.")


# Kent's approved agreement designated and published by the Secretary of State in July 2008
# (the demonstration stops at approval), so residents can read it.
PUBLISH = """
from datetime import date
from django.test.utils import override_settings
from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.signoff.actions import transition
clg = User.objects.get(username="clg")
for name, day in (("designate", date(2008, 7, 10)), ("publish", date(2008, 7, 11))):
    kent = Agreement.objects.get(area__code="E2221")
    with override_settings(LAA_TODAY=day):
        transition(actor=clg, agreement=kent, transition=name, expected_state=kent.state)
"""


@pytest.fixture(scope="module")
def caa_url(tmp_path_factory):
    command = ["demo", "--reference", "--synthetic-areas", "E2221"]
    yield from serve(tmp_path_factory.mktemp("caa"), command, {"LAA_TODAY": DAY}, database="_caa",
                     then=[["shell", "-c", PUBLISH]])


def test_an_import_turns_targets_off_track_for_every_reader_and_a_red_flag_is_published(
        browser, caa_url, screenshots, tmp_path):
    officer = signed_in(browser, caa_url, "officer")
    officer.goto("/progress/E2221")
    for key in ("NI 20", "NI 30"):
        expect(officer.get_by_role("heading", name=re.compile(f"^{key}:"))).not_to_contain_text("Off track")
    officer.get_by_role("button", name="Follow Kent's targets and values").click()
    expect(officer.locator("#follow-area")).to_contain_text("You follow Kent")

    department = signed_in(browser, caa_url, "department")
    department.goto("/hub/imports/new")
    values = tmp_path / "home-office-kent-2010.csv"
    values.write_text(IMPORT, encoding="utf-8")
    department.get_by_label("File of values").set_input_files(str(values))
    department.get_by_role("button", name="Check the file").click()
    expect(department.locator("#counts")).to_contain_text("Rejected rows", timeout=WORKER)
    department.get_by_role("button", name="Confirm the import").click()
    expect(department.get_by_text("You imported home-office-kent-2010.csv")).to_be_visible(timeout=WORKER)

    officer.goto("/progress/E2221")
    for key in ("NI 20", "NI 30"):
        expect(officer.get_by_role("heading", name=re.compile(f"^{key}:"))).to_contain_text("Off track")
    assert_accessible(officer)
    go = signed_in(browser, caa_url, "go-manager")
    go.goto("/progress/")
    expect(go.locator("#area-E2221")).to_contain_text("Kent")
    assert_accessible(go)
    department.goto("/progress/department")
    for key in ("NI 20", "NI 30"):
        row = department.locator("#targets tbody tr").filter(has_text=key).filter(has_text="Kent")
        expect(row.first).to_contain_text("Off track")
    assert_accessible(department)

    mail = tmp_path / "mail"
    env = {**SERVED[caa_url], "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(mail)}
    sent = subprocess.run([LAA, "alerts", "--date", DAY], env=env, capture_output=True, text=True, timeout=300)
    assert sent.returncode == 0, sent.stderr
    messages = [message_from_bytes(part.encode()) for f in sorted(Path(mail).iterdir())
                for part in f.read_text(encoding="utf-8").split("\n" + "-" * 79 + "\n") if part.strip()]
    assert len(messages) == 1, [m["Subject"] for m in messages]
    body = messages[0].get_payload(decode=True).decode()
    assert messages[0]["To"] == "officer@demo.invalid"  # the follower, and nobody else
    assert "NI 20" in body and "NI 30" in body and "off track" in body.lower()

    inspector = signed_in(browser, caa_url, "inspector")
    inspector.goto("/progress/E2221")
    inspector.get_by_role("link", name="Comprehensive Area Assessment").click()
    expect(inspector.get_by_role("heading", level=1)).to_have_text("Kent: Comprehensive Area Assessment")
    expect(inspector.locator("#indicator-table tbody tr")).to_have_count(198)
    expect(inspector.locator("#target-table")).to_contain_text("Off track")

    inspector.get_by_role("button", name="Record the flag as a draft").click()
    expect(inspector.locator(".govuk-error-summary")).to_contain_text("Give the evidence for the flag.")
    expect(inspector.locator("#evidence-error")).to_contain_text("Give the evidence for the flag.")
    assert_accessible(inspector)

    form = inspector.locator("#record-flag")
    form.get_by_label("Red flag").check()
    form.get_by_label("Title").fill("Acquisitive crime rising")
    form.get_by_label("Evidence").fill(EVIDENCE)
    form.get_by_label("Indicators or targets it concerns (optional)").fill("NI 16")
    form.get_by_role("button", name="Record the flag as a draft").click()
    expect(inspector.locator(".govuk-notification-banner")).to_contain_text("The flag is recorded as a draft.")
    inspector.get_by_role("button", name="Publish this flag").click()
    expect(inspector.locator(".govuk-notification-banner")).to_contain_text("The flag is published.")
    expect(inspector.locator(".laa-flag").first).to_contain_text("Published")
    assert_accessible(inspector)
    inspector.screenshot(path=screenshots / "caa-view.png", full_page=True,
                         clip={"x": 0, "y": 0, "width": 1200, "height": 2400})

    resident = browser.new_context(base_url=caa_url, viewport={"width": 1200, "height": 900}).new_page()
    resident.goto("/")
    resident.get_by_role("link", name="Progress in your area").click()
    resident.get_by_role("link", name="Kent").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("How Kent is doing")
    expect(resident.locator(".laa-flag")).to_contain_text("Acquisitive crime rising")
    expect(resident.locator(".laa-flag")).to_contain_text(EVIDENCE)
    expect(resident.locator(".laa-public-target").first).to_contain_text("The latest figure")
    assert_accessible(resident)
    resident.screenshot(path=screenshots / "resident-progress.png", full_page=True,
                        clip={"x": 0, "y": 0, "width": 1200, "height": 2000})
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Progress of each target (CSV)").click()
    path = download.value.path()
    with open(path, encoding="utf-8") as opened:
        rows = list(csv.DictReader(opened))
    assert list(rows[0])[:8] == ["target", "indicator", "title", "kind", "set_for", "judgement", "latest_value",
                                 "period"]
    judged = {r["target"]: r["judgement"] for r in rows}
    assert judged["NI 20"].lower().replace("_", " ") == "off track" == judged["NI 30"].lower().replace("_", " ")
