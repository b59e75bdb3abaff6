"""The reward grant on the demonstration's Kent (issue 14): its synthetic net budget
requirements of the county and its twelve districts, pump priming and Area Based Grant,
loaded by `laa demo`, and its calculation by `laa reward calculate` after the period."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from laa.negotiation.reference import load_milestones
from laa.performance.models import AreaBasedGrant, NetBudgetRequirement, PumpPrimingGrant
from laa.permissions import SystemActor
from laa.web.demo_delivery import DEMO_DAY
from laa.web.demo_observations import generate_observations
from laa.web.management.commands import demo as demo_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_kent(settings, monkeypatch):
    load_milestones(actor=SystemActor("laa load-reference"))
    settings.LAA_TODAY = DEMO_DAY
    monkeypatch.setattr(demo_command, "generate_observations", lambda seed, area_codes: generate_observations(
        seed=seed, area_codes=["E2221"], indicator_codes=["NI 16", "NI 152"]))
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=StringIO())  # twice: nothing more
    return out.getvalue()


def test_kents_money_is_loaded_once_and_calculated(demo_kent):
    assert "Recorded Kent's synthetic net budget requirements" in demo_kent
    assert NetBudgetRequirement.objects.filter(area__code="E2221", year="2007/08").count() == 13
    assert PumpPrimingGrant.objects.count() == 1 and AreaBasedGrant.objects.count() == 24
    assert all("Synthetic" in s for s in NetBudgetRequirement.objects.values_list("source", flat=True))
    out = StringIO()
    call_command("reward", "calculate", "E2221", "--policy", "laa-2008-11/1", "--as-of", "2011-07-01", "--json",
                 stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["budgets"]) == 13 and data["budgets"][0]["authority"] == "Kent County Council"
    assert data["potential"] == "26427000"  # 2.5% of £1,057,090,000, to the nearest £1,000
    assert [t["key"] for t in data["targets"]] == ["NI 16", "NI 152"]
    assert sum(int(a["total"]) for a in data["authorities"]) == int(data["payable"])
    assert int(data["targets"][0]["on_account"]) > 0  # NI 16 reached its interim level in 2009/10
    assert int(data["payable"]) + int(data["on_account"]) == int(data["total"])
    shown = StringIO()
    call_command("reward", "calculate", "E2221", "--policy", "laa-2008-11/1", "--as-of", "2011-07-01", stdout=shown)
    assert "plus Tonbridge and Malling Borough Council £13,940,000 plus" in shown.getvalue()
