"""The demonstration's two halves, in the South East: Kent's agreement approved through the
real sign-off steps (in delivery), Medway's still in negotiation with its own accounts."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.negotiation.models import NegotiationThread
from laa.signoff.models import SignOffStatus
from laa.web.demo_observations import generate_observations
from laa.web.management.commands import demo as demo_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(settings, monkeypatch):
    """`laa demo`, its synthetic observations narrowed to two areas and two indicators
    (all 150 areas' are tested in test_demo_observations.py, and take minutes)."""
    settings.LAA_TODAY = date(2008, 5, 20)
    monkeypatch.setattr(demo_command, "generate_observations", lambda seed, area_codes: generate_observations(
        seed=seed, area_codes=["E2221", "E2201"], indicator_codes=["NI 16", "NI 1"]))
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_kent_is_approved_through_the_real_sign_off_steps(demo_loaded):
    kent = Agreement.objects.get(area__code="E2221")
    assert kent.state == "approved"
    rows = SignOffStatus.objects.filter(agreement=kent).order_by("id")
    assert [(r.transition, r.by.username) for r in rows] == [
        ("submit", "officer"), ("agree", "go-manager"), ("council_approve", "officer"),
        ("recommend", "go-director"), ("approve", "clg"),
    ]
    assert timezone.localdate(rows.last().at) == date(2008, 6, 27) and kent.content_hash
    assert kent.district_adoptions.filter(district__name="Ashford").exists()
    assert "approved by the Secretary of State" in demo_loaded


def test_medway_keeps_an_agreement_in_negotiation_with_its_own_accounts(demo_loaded, client_for):
    medway = Agreement.objects.get(area__code="E2201")
    assert medway.state == "draft" and medway.area.region.name == "South East"
    thread = NegotiationThread.objects.get(agreement=medway, target__key="NI 16")
    assert thread.status == "under_negotiation"
    assert "medway-officer" in demo_loaded and "medway-partner" in demo_loaded
    assert User.objects.get(username="medway-officer").check_password("laa-demo-2008")
    page = client_for("medway-officer").get("/").content.decode()
    assert "Medway" in page and "demonstration account" in page


def test_the_demo_loads_twice_without_change(demo_loaded):
    before = (SignOffStatus.objects.count(), Agreement.objects.count())
    again = StringIO()
    call_command("demo", stdout=again)
    assert (SignOffStatus.objects.count(), Agreement.objects.count()) == before
    assert not re.search(r"is approved by the Secretary of State|Imported", again.getvalue())


def test_the_demo_reports_its_synthetic_data(demo_loaded):
    assert "synthetic values (seed 2008)" in demo_loaded
    assert "synthetic collections to the burden register" in demo_loaded
