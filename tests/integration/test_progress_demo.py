"""The progress page on the demonstration's Kent (approved on 27 June 2008 through the real
sign-off steps) with its synthetic hub values, narrowed to NI 16 (quarterly) and NI 4 (the
Place Survey), read on 30 June 2010 by the partnership's officer."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from laa.negotiation.reference import load_milestones
from laa.permissions import SystemActor
from laa.web.demo_delivery import DEMO_DAY
from laa.web.demo_observations import generate_observations
from laa.web.management.commands import demo as demo_command

from .page_text import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_kent(settings, monkeypatch):
    load_milestones(actor=SystemActor("laa load-reference"))
    settings.LAA_TODAY = DEMO_DAY
    monkeypatch.setattr(demo_command, "generate_observations", lambda seed, area_codes: generate_observations(
        seed=seed, area_codes=["E2221"], indicator_codes=["NI 16", "NI 4"]))
    call_command("demo", stdout=StringIO())
    settings.LAA_TODAY = "2010-06-30"


def test_kents_synthetic_values_are_judged_against_its_version_in_force(demo_kent, client_for):
    page = text(client_for("officer").get("/progress/E2221"))
    assert "version 1 of the agreement (in force from 27 June 2008)" in page
    ni16 = page[page.index("NI 16: Serious acquisitive crime rate"):page.index("Each year of NI 16")]
    assert "(2010/11 Q1) against 34.65 for 2010/11 Q1 (a quarter of the way from 34.80 to 2010/11's 34.20)" in ni16
    assert "Reported value (2008/09 Q4)" in ni16 and "Forecast" in ni16
    ni4 = page[page.index("NI 4: "):page.index("Each year of NI 4") + 800]
    # the 2008 survey is the baseline; the non-survey year 2009/10 has no figure for its direction of travel
    assert "No judgement Why No target set for 2008/09 (its figure is the baseline)" in ni4
    assert "No Place Survey in 2009/10: direction of travel gauged by Kent Residents' Panel" in ni4
    assert "its figure is not reported yet" in ni4
    assert "Place Survey 2008" in ni4
