"""The catalogue pages are cached under `catalogue_stamp`: a cached page never outlives
its data, even when a department, a statutory row or a round is edited in place (the
admin) rather than added."""

from __future__ import annotations

import datetime as dt

import pytest

from laa.catalogue.models import Department, Indicator, Round, StatutoryIndicator
from laa.catalogue.queries import catalogue_stamp

from .conftest import codes_shown, count_shown

pytestmark = pytest.mark.django_db


def page(client, **params) -> str:
    response = client.get("/indicators/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_renaming_a_department_shows_on_the_cached_page(client):
    home_office = Department.objects.get(code="HO")
    assert home_office.name in page(client)  # now cached
    stamp = catalogue_stamp()
    home_office.name = "Department for Safer Streets"
    home_office.save()
    assert catalogue_stamp() != stamp
    html = page(client)
    assert "Department for Safer Streets" in html
    assert page(client, department="HO").count("Department for Safer Streets") > 1


def test_moving_a_statutory_row_in_place_shows_on_the_cached_page(client):
    before = codes_shown(page(client, statutory="yes"))
    assert len(before) == 16
    row = StatutoryIndicator.objects.select_related("indicator").order_by("id").first()
    replacement = Indicator.objects.filter(number__isnull=False).exclude(
        statutory_rounds__isnull=False).order_by("number").first()
    old_code = row.indicator.code
    row.indicator = replacement
    row.save()
    after = codes_shown(page(client, statutory="yes"))
    assert replacement.code in after and old_code not in after and len(after) == 16
    api = client.get("/api/v1/indicators/", {"statutory": "true", "limit": 100}).json()
    assert {i["code"] for i in api["items"]} == set(after)


def test_a_new_round_shows_on_the_cached_page(client):
    assert count_shown(page(client, statutory="yes")) == 16
    Round.objects.create(year=2011, name="2011 round", period_start=dt.date(2011, 4, 1),
                         period_end=dt.date(2014, 3, 31), approval_opens=dt.date(2011, 6, 1))
    assert count_shown(page(client, statutory="yes")) == 0  # the new round has no statutory set yet


def test_the_stamp_is_steady_while_nothing_changes():
    assert catalogue_stamp() == catalogue_stamp()
