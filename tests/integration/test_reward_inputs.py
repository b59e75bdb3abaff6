"""The reward grant's other inputs by form (issue 14): CLG records the pump-priming grant and
the Area Based Grant allocations, the area's Government Office each reward target's
interim level; others see the rows, not the form, and a POST from them is refused. A bad
entry is refused beside its field, naming it, nothing saved."""

from __future__ import annotations

import re

import pytest

from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.performance.models import AreaBasedGrant, InterimLevel, PumpPrimingGrant

from .page_text import text
from .reward_support import AFTER

pytestmark = pytest.mark.django_db
BASE = "/progress/E2221/reward"


@pytest.fixture
def kent(kent_with_budgets_once, db, settings):
    settings.LAA_TODAY = AFTER
    return Agreement.objects.get(area__code="E2221")


PUMP = {"year": "2008/09", "paid_on-day": "7", "paid_on-month": "4", "paid_on-year": "2008", "amount": "1,250,000",
        "capital": "625000", "source": "Grant letter of 1 April 2008"}
ABG = {"year": "2008/09", "grant_replaced": "Supporting People", "amount": "18,200,000",
       "priority": "Independent living", "source": "ABG determination 2008/09"}
INTERIM = {"target_key": "NI 16", "level": "34.65", "reached": "34.6", "period": "2009/10",
           "source": "Agreed at the 2009 review"}


@pytest.mark.parametrize(("page", "who", "data", "model", "shown"), [
    ("pump-priming", "clg", PUMP, PumpPrimingGrant,
     "2008/09 7 April 2008 £1,250,000 £625,000 £625,000 Grant letter of 1 April 2008"),
    ("area-based-grant", "clg", ABG, AreaBasedGrant,
     "2008/09 Supporting People £18,200,000 Independent living ABG determination 2008/09"),
    ("interim-levels", "go-manager", INTERIM, InterimLevel, "NI 16 34.65 34.6 2009/10 Agreed at the 2009 review"),
])
def test_recorded_by_form_and_listed(kent, client_for, page, who, data, model, shown):
    form = text(client_for(who).get(f"{BASE}/{page}"))
    assert "Record" in form and "There is a problem" not in form
    assert client_for(who).post(f"{BASE}/{page}", data).status_code == 302
    listed = text(client_for("officer").get(f"{BASE}/{page}"))
    assert shown in listed and "Record the" not in listed  # the officer reads, does not record
    assert model.objects.count() == 1 and AuditEvent.objects.filter(action__endswith="-record").exists()
    again = client_for(who).post(f"{BASE}/{page}", data)
    assert again.status_code == 302 and model.objects.count() == 2
    # a later allocation or interim level corrects the earlier (the latest counts); each
    # pump-priming payment is one of its own
    assert ("Corrected" in text(client_for(who).get(f"{BASE}/{page}"))) == (page != "pump-priming")


@pytest.mark.parametrize(("page", "who"), [("pump-priming", "go-manager"), ("area-based-grant", "officer"),
                                           ("interim-levels", "clg"), ("interim-levels", "officer")])
def test_others_are_refused(kent, client_for, page, who):
    data = {"pump-priming": PUMP, "area-based-grant": ABG, "interim-levels": INTERIM}[page]
    assert client_for(who).post(f"{BASE}/{page}", data).status_code == 403
    assert not (PumpPrimingGrant.objects.exists() or AreaBasedGrant.objects.exists() or InterimLevel.objects.exists())


@pytest.mark.parametrize(("page", "who", "change", "field", "message"), [
    ("pump-priming", "clg", {"paid_on-month": "13"}, "paid_on-day", "Enter the day it was paid as a real date"),
    ("pump-priming", "clg", {"capital": "2000000"}, "capital", "The capital cannot be more than the amount"),
    ("pump-priming", "clg", {"amount": "lots"}, "amount", "Enter the amount in pounds"),
    ("pump-priming", "clg", {"year": "2008"}, "year", "The year must be a financial year, like 2007/08"),
    ("area-based-grant", "clg", {"grant_replaced": " "}, "grant_replaced", "Enter the grant it replaced"),
    ("area-based-grant", "clg", {"source": ""}, "source", "Enter the source"),
    ("area-based-grant", "clg", {"priority": "x" * 400}, "priority", "The priority must be 300 characters or fewer"),
    ("interim-levels", "go-manager", {"target_key": "NI 99"}, "target_key", "NI 99 is not a reward target"),
    ("interim-levels", "go-manager", {"level": "high"}, "level", "The interim level must be a number"),
    ("interim-levels", "go-manager", {"period": ""}, "period", "Enter the interim point, like 2009/10"),
])
def test_a_bad_entry_is_refused_beside_its_field(kent, client_for, page, who, change, field, message):
    data = {**{"pump-priming": PUMP, "area-based-grant": ABG, "interim-levels": INTERIM}[page], **change}
    response = client_for(who).post(f"{BASE}/{page}", data)
    assert response.status_code == 422 and message in text(response)
    html = response.content.decode()
    assert f'href="#{field}"' in html and f'id="{field}"' in html
    assert re.search(r'govuk-error-message[^>]*>\s*<span class="govuk-visually-hidden">Error:</span> ' + re.escape(message[:20]),
                     html)
    assert not (PumpPrimingGrant.objects.exists() or AreaBasedGrant.objects.exists() or InterimLevel.objects.exists())
    assert 'value="' + data.get("source", "")[:10] in html or "textarea" in html  # what was typed is kept
