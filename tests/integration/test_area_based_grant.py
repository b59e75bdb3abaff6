"""The Area Based Grant (D21; issue 14) as open data: an area's allocations by year and by
the grants they replaced, a corrected allocation replacing the earlier one, and the
pump-priming grant; a page and a CSV anyone may read."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from laa.performance.reward_actions import ClaimError, record_area_based_grant, record_pump_priming
from laa.places.models import Area

from .page_text import text
from .reward_support import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent():
    area = Area.objects.get(code="E2221")
    for grant, amount in (("Carers grant", "3420000"), ("Connexions", "9870000")):
        record_area_based_grant(actor=SYSTEM, area=area, year="2008/09", grant_replaced=grant, amount=amount,
                                source="Synthetic test figure", priority="Healthier communities")
    record_area_based_grant(actor=SYSTEM, area=area, year="2008/09", grant_replaced="Connexions", amount="9900000",
                            source="Synthetic test figure, corrected")
    record_pump_priming(actor=SYSTEM, area=area, year="2008/09", paid_on=date(2008, 4, 7), amount="1250000",
                        capital="625000", source="Synthetic test figure")
    return area


def test_anyone_reads_the_allocations_and_the_csv(kent, client):
    page = text(client.get("/progress/E2221/area-based-grant"))
    assert "Kent: Area Based Grant" in page and "no reporting is attached to it" in page
    assert "2008/09 £13,320,000" in page  # 3,420,000 + the corrected 9,900,000
    assert "2008/09 Connexions £9,900,000 Not set against a priority" in page
    assert "2008/09 Carers grant £3,420,000 Healthier communities" in page
    assert "Pump-priming grant" in page and "7 April 2008 £1,250,000 £625,000 £625,000" in page
    rows = list(csv.DictReader(io.StringIO(client.get("/progress/E2221/area-based-grant.csv").content.decode())))
    assert [(r["grant_replaced"], r["amount"]) for r in rows] == [("Carers grant", "3420000.00"),
                                                                   ("Connexions", "9900000.00")]
    assert client.get("/progress/E9999/area-based-grant").status_code == 404


@pytest.mark.parametrize(("fields", "message"), [
    ({"amount": "lots"}, "Enter the amount in pounds"),
    ({"amount": "-5"}, "Enter the amount in pounds"),
    ({"grant_replaced": " "}, "Enter the grant it replaced"),
])
def test_a_bad_allocation_is_refused_naming_the_field(kent, fields, message):
    with pytest.raises(ClaimError, match=message):
        record_area_based_grant(actor=SYSTEM, area=kent, **{"year": "2009/10", "grant_replaced": "Carers grant",
                                                             "amount": "1", "source": "x", **fields})


def test_the_areas_public_page_leads_to_its_area_based_grant(kent, client):
    page = client.get("/areas/E2221").content.decode()
    assert 'href="/progress/E2221/area-based-grant"' in page
    assert "Kent's Area Based Grant" in text(client.get("/areas/E2221"))


def test_every_areas_allocations_in_one_csv_safe_from_formulas(kent, client):
    record_area_based_grant(actor=SYSTEM, area=Area.objects.get(code="E2201"), year="2008/09",
                            grant_replaced="=HYPERLINK(\"http://x\")", amount="1000", source="@risk")
    response = client.get("/progress/area-based-grant.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["area"], r["grant_replaced"]) for r in rows] == [
        ("Kent", "Carers grant"), ("Kent", "Connexions"), ("Medway", "'=HYPERLINK(\"http://x\")")]
    assert rows[-1]["source"] == "'@risk"
