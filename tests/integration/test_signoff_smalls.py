"""Issue 8, item 9 (the smaller points): export links only for those the export answers;
the council's body in any reasonable spelling; one line, not a traceback, when a setting is
missing; readable names in the audit trail; the API token list's status."""

from __future__ import annotations

import html as htmllib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import laa
from laa.accounts.models import ApiToken, User
from laa.audit.models import AuditEvent
from laa.signoff.models import SignOffStatus
from laa.web.demo import load_demo_agreement

from .signoff_support import S, advance, make_agreement, step

pytestmark = pytest.mark.django_db
SRC = Path(laa.__file__).resolve().parents[1]  # the source under test


def words(response) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize(("who", "offered"), [("officer", True), ("go-manager", True), ("clg", True),
                                                ("department", False), ("dcsf", False)])
def test_export_links_are_offered_only_to_those_the_export_answers(client_for, who, offered):
    load_demo_agreement()
    client = client_for(who)
    page = client.get("/agreements/E2221/")
    assert page.status_code == 200
    links = re.findall(r'href="(/agreements/E2221/export\.[a-z]+)"', page.content.decode())
    assert bool(links) is offered
    answer = client.get("/agreements/E2221/export.yaml")
    assert answer.status_code == (200 if offered else 403)


def test_the_council_body_is_read_in_any_reasonable_spelling_and_stored_one_way():
    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    step(agreement, "council_approve", "officer", council_body="Full Council")
    row = SignOffStatus.objects.get(agreement=agreement, transition="council_approve")
    assert row.council_body == "full_council"


def test_a_wrong_council_body_names_the_accepted_values(client_for):
    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    answer = client_for("officer").post(
        "/api/v1/sign-off/agreements/E2221/transitions/council_approve",
        {"expected_state": "agreed_with_go", "council_body": "the council"}, content_type="application/json")
    assert answer.status_code == 422
    assert "'full_council' or 'executive'" in answer.json()["detail"]
    agreement.refresh_from_db()
    assert agreement.state == S.AGREED_WITH_GO


def test_a_missing_setting_is_one_line_saying_what_to_set():
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "SECRET_KEY", "LAA_TESTING", "PYTEST_VERSION", "DJANGO_SETTINGS_MODULE"}}
    env["PYTHONPATH"] = str(SRC)
    done = subprocess.run([sys.executable, "-m", "laa.cli", "check"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "SECRET_KEY" in lines[0] and "DEBUG=true" in lines[0]


def test_the_audit_trail_names_advice_and_consultations(client_for):
    from laa.negotiation import actions as negotiation
    from laa.negotiation.scopes import Subject

    load_demo_agreement()
    from laa.agreements.models import Target

    target = Target.objects.get(agreement__area__code="E2221", key="NI 16")
    advice = negotiation.give_advice(actor=User.objects.get(username="department"),
                                     subject=Subject(agreement=target.agreement, target=target),
                                     text="The Home Office expects a steeper fall.")
    assert str(advice) == "HO advice on NI 16"
    labels = list(AuditEvent.objects.values_list("record_label", flat=True))
    assert not any(re.search(r"object \(\d+\)", label) for label in labels), [
        x for x in labels if "object (" in x]


def test_the_token_list_shows_each_tokens_status(client_for):
    officer = User.objects.get(username="officer")
    ApiToken.issue(user=officer, name="council system")
    old, _ = ApiToken.issue(user=officer, name="old system")
    from django.utils import timezone

    old.revoked_at = timezone.now()
    old.save()
    page = words(client_for("officer").get("/account/tokens"))
    assert re.search(r"council system .*? Active Revoke", page)
    assert re.search(r"old system .*? Revoked \d", page)
