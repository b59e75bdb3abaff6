"""The JSON API: lists (paginated, filtered, JSON or CSV), single records, errors as
JSON, the OpenAPI document, and the life of an API token."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.catalogue.models import IndicatorDefinition, StatutoryIndicator
from laa.places.models import Area

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- indicators ----------------------------------------------------------------------

def test_indicators_are_paginated(client):
    body = client.get("/api/v1/indicators/").json()
    assert (body["count"], body["offset"], body["limit"], body["next_offset"]) == (198, 0, 100, 100)
    assert len(body["items"]) == 100 and body["items"][0]["code"] == "NI 1"

    body = client.get("/api/v1/indicators/", {"offset": 100}).json()
    assert len(body["items"]) == 98 and body["next_offset"] is None
    assert body["items"][-1]["code"] == "NI 199"

    body = client.get("/api/v1/indicators/", {"limit": 10, "offset": 20}).json()
    assert [i["number"] for i in body["items"]][:2] == [21, 22]
    assert (len(body["items"]), body["next_offset"]) == (10, 30)


def test_walking_next_offset_gives_every_indicator_once(client):
    seen, offset = [], 0
    while offset is not None:
        body = client.get("/api/v1/indicators/", {"limit": 45, "offset": offset}).json()
        seen += [i["code"] for i in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == 198


def test_limit_is_capped_and_bad_numbers_are_422(client):
    assert client.get("/api/v1/indicators/", {"limit": 10_000}).json()["limit"] == 500
    response = client.get("/api/v1/indicators/", {"limit": "many"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid"
    assert body["errors"][0]["field"] == "limit"


@pytest.mark.parametrize("path", ["/api/v1/indicators/", "/api/v1/places/areas"])
@pytest.mark.parametrize("offset", [-1, 1_000_001, 10**30])
def test_an_offset_out_of_bounds_is_422_naming_the_field(client, path, offset):
    response = client.get(path, {"offset": offset})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid"
    assert body["errors"][0]["field"] == "offset"


@pytest.mark.parametrize("path", ["/api/v1/indicators/", "/api/v1/places/areas"])
def test_an_offset_past_the_end_is_an_empty_page(client, path):
    body = client.get(path, {"offset": 1_000_000}).json()
    assert (body["items"], body["offset"], body["next_offset"]) == ([], 1_000_000, None)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"statutory": "true"}, lambda: set(StatutoryIndicator.objects.values_list("indicator__code", flat=True))),
        ({"place_survey": "true"}, lambda: set(IndicatorDefinition.objects.filter(is_current=True, place_survey=True).values_list("indicator__code", flat=True))),
        ({"department": "HO"}, lambda: set(IndicatorDefinition.objects.filter(is_current=True, department__code="HO").values_list("indicator__code", flat=True))),
        ({"source": "tellus_survey"}, lambda: set(IndicatorDefinition.objects.filter(is_current=True, data_source="tellus_survey").values_list("indicator__code", flat=True))),
        ({"deferred": "true"}, lambda: set(IndicatorDefinition.objects.filter(is_current=True).exclude(first_year="2008/09").values_list("indicator__code", flat=True))),
        ({"q": "NI 16"}, lambda: {"NI 16"}),
        ({"q": "16"}, lambda: {"NI 16"}),
        ({"kind": "local"}, lambda: set()),
    ],
)
def test_indicator_filters(client, params, expected):
    body = client.get("/api/v1/indicators/", {**params, "limit": 500}).json()
    codes = {i["code"] for i in body["items"]}
    assert codes == expected()
    assert body["count"] == len(codes)


def test_statutory_filter_gives_16(client):
    body = client.get("/api/v1/indicators/", {"statutory": "true"}).json()
    assert body["count"] == 16 and all(i["statutory"] for i in body["items"])


def get_csv(client, path: str, how: str):
    """A list as CSV, asked for by `?format=csv` ("query") or by the Accept header."""
    if how == "query":
        return client.get(path, {"format": "csv"})
    return client.get(path, headers={"Accept": "text/csv"})


@pytest.mark.parametrize("how", ["query", "accept"])
def test_indicators_as_csv(client, how):
    response = get_csv(client, "/api/v1/indicators/", how)
    rows = read_csv(response)
    assert len(rows) == 198  # all of them: CSV is not paginated
    assert 'filename="indicators.csv"' in response["Content-Disposition"]
    assert rows[0]["code"] == "NI 1" and rows[0]["polarity_provenance"]
    # Booleans are "true"/"false", as in `laa export indicators` (test_reference_data)
    assert sum(r["statutory"] == "true" for r in rows) == 16
    assert {r[c] for r in rows for c in ("statutory", "deferred", "place_survey", "tellus_survey")} == {"true", "false"}


def test_csv_keeps_the_filters(client):
    rows = read_csv(client.get("/api/v1/indicators/", {"format": "csv", "statutory": "true"}))
    assert len(rows) == 16


def test_one_indicator(client):
    response = client.get("/api/v1/indicators/NI%2016")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "NI 16" and body["number"] == 16 and body["version"] == 1
    assert body["title"] == "Serious acquisitive crime rate"
    assert body["department"] == "HO" and body["polarity"] == "lower"
    for field in ("title", "department", "polarity", "unit", "data_source", "frequency"):
        assert body[f"{field}_provenance"] in {"source-checked", "recalled", "inferred"}


def test_unknown_indicator_is_a_json_404(client):
    response = client.get("/api/v1/indicators/NI%20999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "No indicator NI 999"}


# --- places --------------------------------------------------------------------------

def test_regions(client):
    body = client.get("/api/v1/places/regions").json()
    assert (body["count"], body["offset"], body["next_offset"], len(body["items"])) == (9, 0, None, 9)
    assert {"code": "SE", "name": "South East", "government_office": "Government Office for the South East (GOSE)", "short_name": "GOSE"} in body["items"]


def test_regions_are_paginated_like_the_other_lists(client):
    first = client.get("/api/v1/places/regions", {"limit": 4}).json()
    assert (first["count"], first["limit"], first["next_offset"], len(first["items"])) == (9, 4, 4, 4)
    rest = client.get("/api/v1/places/regions", {"offset": 4, "limit": 100}).json()
    assert len(rest["items"]) == 5 and rest["next_offset"] is None
    names = [r["name"] for r in first["items"] + rest["items"]]
    assert names == sorted(names)
    assert client.get("/api/v1/places/regions", {"offset": -1}).status_code == 422


@pytest.mark.parametrize("how", ["query", "accept"])
def test_regions_as_csv(client, how):
    response = get_csv(client, "/api/v1/places/regions", how)
    rows = read_csv(response)
    assert 'filename="regions.csv"' in response["Content-Disposition"]
    assert len(rows) == 9 and list(rows[0]) == ["code", "name", "government_office", "short_name"]
    assert {"code": "NE", "name": "North East", "government_office": "Government Office for the North East (GONE)",
            "short_name": "GONE"} in rows


def test_areas_are_paginated(client):
    body = client.get("/api/v1/places/areas", {"limit": 100}).json()
    assert body["count"] == 154 and len(body["items"]) == 100 and body["next_offset"] == 100
    assert len(client.get("/api/v1/places/areas", {"offset": 100}).json()["items"]) == 54


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"region": "SE"}, lambda: Area.objects.filter(region__code="SE").count()),
        ({"type": "shire county"}, lambda: Area.objects.filter(type="shire county").count()),
        ({"two_tier": "true"}, lambda: Area.objects.filter(two_tier=True).count()),
        ({"q": "kent"}, lambda: 1),
        ({"region": "NE", "type": "unitary authority"}, lambda: Area.objects.filter(region__code="NE", type="unitary authority").count()),
    ],
)
def test_area_filters(client, params, count):
    body = client.get("/api/v1/places/areas", {**params, "limit": 500}).json()
    assert body["count"] == len(body["items"]) == count() > 0
    if "region" in params:
        assert {a["region"] for a in body["items"]} == {params["region"]}


def test_areas_as_csv(client):
    rows = read_csv(client.get("/api/v1/places/areas", {"format": "csv"}))
    assert len(rows) == 154
    kent = next(r for r in rows if r["code"] == "E2221")
    assert kent["partnership"] == "Kent Partnership" and "Tunbridge Wells" in kent["districts"]
    rows = read_csv(client.get("/api/v1/places/areas", {"region": "NE"}, headers={"Accept": "text/csv"}))
    assert {r["region"] for r in rows} == {"NE"}


def test_one_area(client):
    body = client.get("/api/v1/places/areas/E2221").json()
    assert body["name"] == "Kent" and body["two_tier"] and body["region"] == "SE"
    assert len(body["districts"]) == 12 and body["partnership"] == "Kent Partnership"
    cheshire = client.get("/api/v1/places/areas/E0621").json()
    assert cheshire["valid_to"] == "2009-03-31" and sorted(cheshire["successors"]) == ["E0603", "E0604"]


def test_an_area_that_became_a_unitary_under_its_code_shows_the_change(client):
    durham = client.get("/api/v1/places/areas/E1321").json()
    # As it was in the 2008 round, and what it became on 1 April 2009
    assert (durham["name"], durham["type"], durham["two_tier"], durham["valid_to"]) == (
        "Durham", "shire county", True, None)
    assert durham["successors"] == []
    assert [(c["valid_from"], c["name"], c["type"], c["two_tier"]) for c in durham["changes"]] == [
        ("2009-04-01", "County Durham", "unitary authority", False)
    ]
    assert client.get("/api/v1/places/areas/E2221").json()["changes"] == []
    rows = {r["code"]: r for r in read_csv(client.get("/api/v1/places/areas", {"format": "csv"}))}
    assert rows["E0820"]["changes"] == "from 2009-04-01: Cornwall, unitary authority"
    assert rows["E2221"]["changes"] == ""


def test_unknown_area_is_a_json_404(client):
    response = client.get("/api/v1/places/areas/E9999")
    assert response.status_code == 404 and response.json() == {"detail": "No area E9999"}


def test_an_unknown_api_address_is_a_json_404(client):
    for path in ("/api/v1/nothing-here", "/api/v1/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


# --- OpenAPI -------------------------------------------------------------------------

def test_openapi_document_lists_every_path(client):
    from laa.api.urls import api

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Local Area Agreements API"
    paths = schema["paths"]
    expected = {
        "/api/v1/indicators/": {"get"},
        "/api/v1/indicators/{code}": {"get"},
        "/api/v1/places/regions": {"get"},
        "/api/v1/places/areas": {"get"},
        "/api/v1/places/areas/{code}": {"get"},
        "/api/v1/account/tokens": {"get", "post"},
        "/api/v1/account/tokens/{token_id}/revoke": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    # Every operation the routers declare is in the document (later routers included).
    declared = {
        (prefix + path).replace("//", "/")
        for prefix, router in api._routers
        for path in router.path_operations
    }
    documented = {p.removeprefix("/api/v1") for p in paths}
    assert {("/" + d.lstrip("/")) for d in declared} <= {("/" + d.lstrip("/")) for d in documented}
    # Errors are declared, so the schema tells the truth.
    assert {"401", "404", "422"} <= set(paths["/api/v1/indicators/{code}"]["get"]["responses"])


def test_api_docs_page(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    # Swagger UI's assets are served from our own static files, never a CDN.
    hosts = set(re.findall(r"(?:https?:)?//([\w.-]+\.[a-z]{2,})", html, re.I))
    assert hosts <= {"testserver"}, hosts
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js"):
        assert f'"{settings.STATIC_URL}ninja/{asset}"' in html
        assert finders.find(f"ninja/{asset}"), asset


# --- tokens --------------------------------------------------------------------------

def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_token_lifecycle_through_a_browser_session_and_the_bearer_token():
    # Given a signed-in browser session, which enforces CSRF as a browser would
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(username="officer"))

    # When it posts to the API without the CSRF token, it is refused
    response = browser.post("/api/v1/account/tokens", {"name": "warehouse"}, content_type="application/json")
    assert response.status_code == 403 and response.json() == {"detail": "CSRF check Failed"}
    assert not ApiToken.objects.exists()

    # And with the CSRF token (from the cookie a page set), a token is created
    browser.get("/account/tokens")
    csrf = browser.cookies["csrftoken"].value
    response = browser.post("/api/v1/account/tokens", {"name": "warehouse"}, content_type="application/json",
                            headers={"X-CSRFToken": csrf})
    assert response.status_code == 201
    created = response.json()
    key = created["key"]
    assert key.startswith("laa_") and created["prefix"] == key[4:12] and created["revoked_at"] is None

    # The session lists it, without the key
    listed = browser.get("/api/v1/account/tokens").json()
    assert [t["name"] for t in listed] == ["warehouse"] and "key" not in listed[0]

    # Then a machine uses the bearer token, with no session and no CSRF token
    machine = Client(enforce_csrf_checks=True)
    response = machine.get("/api/v1/account/tokens", headers=bearer(key))
    assert response.status_code == 200 and response.json()[0]["id"] == created["id"]
    assert response.json()[0]["last_used_at"] is not None
    response = machine.post("/api/v1/account/tokens", {"name": "second"}, content_type="application/json",
                            headers=bearer(key))
    assert response.status_code == 201
    assert ApiToken.objects.filter(user__username="officer").count() == 2

    # When the token is revoked (by the machine itself)
    response = machine.post(f"/api/v1/account/tokens/{created['id']}/revoke", headers=bearer(key))
    assert response.status_code == 200 and response.json()["revoked_at"] is not None

    # Then it is refused with 401, for reading and writing alike
    for call in (
        lambda: machine.get("/api/v1/account/tokens", headers=bearer(key)),
        lambda: machine.post("/api/v1/account/tokens", {"name": "x"}, content_type="application/json", headers=bearer(key)),
        lambda: machine.get("/api/v1/indicators/", headers=bearer(key)),
    ):
        response = call()
        assert response.status_code == 401
        assert response.json() == {"detail": "Sign in, or send a valid API token"}

    # A revoked token cannot ride on a signed-in session either
    assert browser.get("/api/v1/account/tokens", headers=bearer(key)).status_code == 401


def test_signed_in_endpoints_refuse_anonymous_with_401(client):
    assert client.get("/api/v1/account/tokens").status_code == 401
    response = client.post("/api/v1/account/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_a_wrong_bearer_token_on_a_public_endpoint_is_401_not_anonymous(client):
    response = client.get("/api/v1/indicators/", headers=bearer("laa_not-a-real-token"))
    assert response.status_code == 401
    assert client.get("/api/v1/places/regions", headers=bearer("nonsense")).status_code == 401
    assert client.get("/api/v1/indicators/").status_code == 200


def test_a_token_names_is_required_and_errors_are_json():
    user = User.objects.get(username="partner")
    _, key = ApiToken.issue(user=user, name="k")
    machine = Client()
    response = machine.post("/api/v1/account/tokens", {"name": " "}, content_type="application/json", headers=bearer(key))
    assert response.status_code == 400 and "Enter a name" in response.json()["detail"]
    response = machine.post("/api/v1/account/tokens", {}, content_type="application/json", headers=bearer(key))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "name"


def test_nobody_revokes_another_persons_token_through_the_api():
    theirs, _ = ApiToken.issue(user=User.objects.get(username="partner"), name="theirs")
    _, key = ApiToken.issue(user=User.objects.get(username="officer"), name="mine")
    response = Client().post(f"/api/v1/account/tokens/{theirs.id}/revoke", headers=bearer(key))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_of_a_deactivated_user_is_refused():
    user = User.objects.get(username="clg")
    _, key = ApiToken.issue(user=user, name="k")
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/account/tokens", headers=bearer(key)).status_code == 401
