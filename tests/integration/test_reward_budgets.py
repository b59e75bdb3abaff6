"""The net budget requirements behind the reward (issue 14): each entered figure with its
source, who entered it and when; CLG enters one (a correction is a later row, the latest
counts); others are refused; a bad figure is refused naming the field, nothing written."""

from __future__ import annotations

import pytest

from laa.agreements.models import Agreement
from laa.performance.models import NetBudgetRequirement

from .page_text import text
from .reward_support import AFTER

pytestmark = pytest.mark.django_db
PAGE = "/progress/E2221/reward/budgets"


@pytest.fixture
def kent(kent_with_budgets_once, db, settings):
    settings.LAA_TODAY = AFTER
    return Agreement.objects.get(area__code="E2221")


def test_clg_enters_a_correction_and_the_latest_counts(kent, client_for):
    response = client_for("clg").post(PAGE, {"authority": "Dover District Council", "year": "2007/08",
                                             "amount": "12,700,000", "source": "Revenue account return, revised"})
    assert response.status_code == 302
    page = text(client_for("officer").get(PAGE))
    assert "Dover District Council 2007/08 £12,700,000 Revenue account return, revised Sam" in page
    assert "Dover District Council Corrected 2007/08 £12,690,000 Synthetic test figure" in page
    assert "Enter a net budget requirement" not in page
    live = client_for("clg").get("/api/v1/performance/E2221/reward?policy=laa-2008-11/1").json()
    assert live["budget"] == "910010000.00"


@pytest.mark.parametrize("who", ["officer", "go-manager", "inspector"])
def test_only_clg_enters_one(kent, client_for, who):
    before = NetBudgetRequirement.objects.count()
    response = client_for(who).post(PAGE, {"authority": "Dover District Council", "year": "2007/08",
                                           "amount": "1", "source": "x"})
    assert response.status_code == 403 and NetBudgetRequirement.objects.count() == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount", "lots", "Enter the amount in pounds"), ("authority", " ", "Enter the authority"),
    ("source", "", "Enter the source")])
def test_a_bad_figure_is_refused_naming_the_field(kent, client_for, field, value, message):
    before = NetBudgetRequirement.objects.count()
    data = {"authority": "Dover District Council", "year": "2007/08", "amount": "1", "source": "x", field: value}
    response = client_for("clg").post(PAGE, data)
    assert response.status_code == 422 and message in text(response)
    assert f'href="#{field}"' in response.content.decode()
    assert NetBudgetRequirement.objects.count() == before
