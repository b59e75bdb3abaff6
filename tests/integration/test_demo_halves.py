"""The demonstration's two halves, in the South East: Kent's agreement approved through the
real sign-off steps (in delivery), Medway's still in negotiation with its own accounts; both
walked on the demonstration's day (`make run`'s LAA_TODAY), where Medway's timetable says
what a late area's would."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.negotiation.models import NegotiationThread
from laa.negotiation.reference import load_milestones
from laa.permissions import SystemActor
from laa.signoff.models import SignOffStatus
from laa.web.demo_delivery import DEMO_DAY
from laa.web.demo_observations import generate_observations
from laa.web.management.commands import demo as demo_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(settings, monkeypatch):
    """`laa demo`, its synthetic observations narrowed to two areas and two indicators
    (all 150 areas' are tested in test_demo_observations.py, and take minutes). The round's
    milestones loaded first, as `laa demo --reference` loads them."""
    load_milestones(actor=SystemActor("laa load-reference"))
    settings.LAA_TODAY = DEMO_DAY
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
    assert timezone.localdate(rows.last().at) == date(2008, 6, 27) and kent.content_hash  # a day in London
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


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_make_run_stands_on_the_demonstrations_day():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert f"LAA_TODAY=$(or $(LAA_TODAY),{DEMO_DAY.isoformat()})" in makefile
    assert DEMO_DAY == date(2008, 7, 1)


def test_on_the_demonstrations_day_kent_is_in_delivery_and_medway_is_late(demo_loaded, client_for):
    kent = words(client_for("officer").get("/negotiation/areas/E2221/timetable"))
    assert "Today is 1 July 2008" in kent and "Kent 10 of 10 done" in kent
    assert "No milestone is overdue or due in the next 14 days" in kent
    signoff = words(client_for("clg").get("/sign-off/E2221"))
    assert "Approved 27 June 2008" in signoff and "Targets to be designated by 27 July 2008" in signoff

    medway = words(client_for("medway-officer").get("/negotiation/areas/E2201/timetable"))
    assert "Medway 7 of 10 done" in medway
    assert "Next: Draft agreement submitted to the Government Office, due 30 May 2008 Overdue" in medway
    assert re.search(r"story of place .*Done 23 November 2007 \(recorded by Mo Medway", medway)
    deadlines = medway.split("Deadlines")[1].split("Milestones")[0]
    overdue = re.findall(r"Overdue (.+?): was due", deadlines)
    assert overdue == ["Draft agreement submitted to the Government Office",
                       "Agreement submitted to the Secretary of State and cleared through Cabinet committee",
                       "Secretary of State announces approved agreements"]
