"""A NUL or other control character anywhere a request carries text is refused with a 400
naming where it is, before anything reads the database, the same on SQLite and
PostgreSQL (where a NUL was a 500): a page for people, JSON for the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def is_page_400(response, *words: str) -> bool:
    html = response.content.decode()
    return (
        response.status_code == 400
        and response["Content-Type"].startswith("text/html")
        and "There is a problem with the request" in html
        and "govuk-template" in html  # the GOV.UK layout
        and all(w in html for w in words)
    )


def api_400(response) -> dict:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("/indicators/?q=%00", ["query parameter “q”", "NUL character (U+0000)"]),
        ("/indicators/?q=abc%1B", ["query parameter “q”", "control character (U+001B)"]),
        ("/indicators/?q=two%0Alines", ["query parameter “q”", "line break (U+000A)"]),
        ("/indicators/?q%00=x", ["query parameter", "U+0000"]),
        ("/indicators/%00", ["web address", "NUL character (U+0000)"]),
        ("/sign-off/published/%00", ["web address", "NUL character (U+0000)"]),
        ("/areas/%7F", ["web address", "DEL character (U+007F)"]),
    ],
)
def test_a_control_character_in_an_address_is_a_400_page(client, address, words):
    assert is_page_400(client.get(address), *words)


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ("/api/v1/indicators/?q=%00", "q"),
        ("/api/v1/places/areas?q=%00", "q"),
        ("/api/v1/places/areas?region=N%00E", "region"),
        ("/api/v1/indicators/NI%001", "path"),
        ("/api/v1/agreements/%00", "path"),
    ],
)
def test_a_control_character_in_an_api_address_is_a_400_naming_the_field(client, address, field):
    body = api_400(client.get(address))
    assert body["errors"] == [{"field": field, "message": body["detail"]}]
    assert "U+0000" in body["detail"]


def test_a_nul_in_the_sign_in_user_name_is_refused_and_nothing_is_recorded(client):
    from axes.models import AccessAttempt

    response = client.post("/sign-in", {"username": "officer\x00", "password": "x"})
    assert is_page_400(response, "form field “username”", "NUL character")
    assert not AccessAttempt.objects.exists()


def test_a_nul_in_a_token_name_is_refused_on_the_page_and_the_api(client_for):
    officer = User.objects.get(username="officer")
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    response = client_for("officer").post("/account/tokens", {"name": "laptop\x00"})
    assert is_page_400(response, "form field “name”")
    _, key = ApiToken.issue(user=officer, name="machine")
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    response = Client().post("/api/v1/account/tokens", json.dumps({"name": "robot\u0000"}),
                             content_type="application/json", headers={"Authorization": f"Bearer {key}"})
    assert api_400(response)["errors"][0]["field"] == "name"
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before


def test_a_control_character_deep_in_a_json_body_names_its_path(client):
    body = json.dumps({"agreement": {"targets": [{"key": "ok"}, {"key": "bad\u0007"}]}})
    response = client.put("/api/v1/agreements/E2221", body, content_type="application/json")
    problem = api_400(response)
    assert problem["errors"][0]["field"] == "agreement.targets.1.key"
    assert "U+0007" in problem["detail"]


def test_multi_line_form_text_keeps_its_line_breaks_and_tabs(client_for):
    response = client_for("officer").post("/account/tokens", {"name": "line\r\none\ttab"})
    assert response.status_code != 400 or "control character" not in response.content.decode()
    assert ApiToken.objects.filter(name="line\r\none\ttab").exists()


def test_ordinary_text_passes(client):
    assert client.get("/indicators/", {"q": "café – naïve ✓"}).status_code == 200
