"""The API against its own OpenAPI document (schemathesis): for every operation, a few
requests the document allows and a few it does not, anonymous and with the Kent
partnership officer's token, each answered with no server error, a status the
operation documents, a content type it documents and a body that matches the
document's schema.

The examples are bounded (a few per operation and run) so the file stays under a
minute; a thorough run (`HYPOTHESIS_PROFILE=thorough`) takes more of each. Besides
random paths (mostly 404s), every run also calls each operation on Kent's
agreement's real area, target, token and transition, so the 200s are checked too."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .test_agreement_document import import_draft, small_draft

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# A tenth of the profile's count for each operation (2 quick, 10 thorough): the profile
# (tests/conftest.py) still decides how hard the file looks.
EXAMPLES = max(2, settings.default.max_examples // 10)


@pytest.fixture
def schema():
    """The document, its requests sent straight to the WSGI application. As Django's test
    client does, the connection is kept open between requests: closing it at the end of
    each (PostgreSQL, CONN_MAX_AGE 0) would end the test's transaction. The application
    is made here, not when the module is collected: its middleware is built once the
    session's settings for the tests (tests/integration/conftest.py) are in place."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from laa.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def real_paths(db):
    """Path values that exist: the Kent agreement's area, its first target
    and outcome, an indicator, a transition."""
    agreement = import_draft(small_draft())
    target = agreement.targets.order_by("pk").first()
    outcome = agreement.outcomes.order_by("pk").first()
    return {
        "area_code": agreement.area.code,
        "code": agreement.area.code,  # an area's code (places); an indicator's is tried at random
        "target_id": target.pk if target else 1,
        "subject_id": target.pk if target else 1,
        "transition": "submit",
        "outcome_id": outcome.pk if outcome else 1,
    }


def token_for(username: str) -> dict[str, str]:
    from laa.accounts import actions
    from laa.accounts.models import User

    token, key = actions.create_token(user=User.objects.get(username=username), name="contract test")
    return {"Authorization": f"Bearer {key}"}, token.pk


def run_operations(schema, mode: GenerationMode, headers: dict[str, str], path_values: dict | None) -> list[str]:
    """Each operation's examples through the checks; the failures, one line each."""
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = None
        if path_values is not None:
            names = [p.name for p in operation.path_parameters]
            if not names:
                continue  # no path to fix: the random run covers it
            values = {**path_values, "subject_id": path_values["outcome_id"]} if "/outcomes/" in operation.path else path_values
            fixed = {n: values[n] for n in names if n in values}
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

        @given(strategy)
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except (AssertionError, BaseExceptionGroup) as failure:  # schemathesis's failures
                failures.append(f"{case.operation.label} ({mode.value}): {str(failure)[:1500]}")

        try:
            call()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, f"{operation.label}: no request the document allows"
            # nothing in this operation's request can break the document (no body, no
            # parameter, or the path fixed): the allowed run covers it
    return failures


@pytest.mark.parametrize("who", ["anonymous", "officer"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["allowed", "refused"])
@pytest.mark.parametrize("paths", ["random", "real"])
def test_every_operation_answers_as_its_document_says(db, schema, real_paths, who, mode, paths):
    headers, path_values = {}, None
    if who != "anonymous":
        headers, token_id = token_for(who)
        path_values = {**real_paths, "token_id": token_id} if paths == "real" else None
    elif paths == "real":
        path_values = real_paths
    failures = run_operations(schema, mode, headers, path_values)
    assert not failures, "\n\n".join(failures)


# ---- the edges the random requests may miss ----------------------------------------


def openapi(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_each_list_that_answers_csv_documents_it(client):
    document = openapi(client)
    for path in ["/api/v1/indicators/", "/api/v1/places/regions", "/api/v1/places/areas",
                 "/api/v1/agreements/", "/api/v1/agreements/{area_code}/targets"]:
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert set(content) == {"application/json", "text/csv"}, path
        assert "CSV with a header row: " in content["text/csv"]["schema"]["description"]
    regions = client.get("/api/v1/places/regions", {"format": "csv"})
    assert regions["Content-Type"].startswith("text/csv")
    assert regions.content.decode().splitlines()[0] == "code,name,government_office,short_name"
    columns = document["paths"]["/api/v1/places/regions"]["get"]["responses"]["200"]["content"]["text/csv"]
    assert columns["schema"]["description"].endswith("code, name, government_office, short_name")


def test_the_document_states_what_a_token_name_and_a_decimal_may_be(client):
    schemas = openapi(client)["components"]["schemas"]
    name = schemas["NewToken"]["properties"]["name"]
    assert (name["minLength"], name["maxLength"], name["pattern"]) == (1, 100, r"\S")
    decimal = schemas["BaselineIn"]["properties"]["value"]["anyOf"]
    assert {"type": "string", "pattern": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"} in decimal
    assert {"type": "number"} in decimal


@pytest.mark.parametrize("name", ["", " ", "x" * 101])
def test_a_token_name_the_document_refuses_is_refused_saying_why(db, name):
    from django.test import Client

    headers, _ = token_for("officer")
    response = Client().post("/api/v1/account/tokens", {"name": name}, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert response.json()["detail"] in {
        "Enter a name for the token, so you can tell it apart later",
        "The token's name must be 100 characters or fewer",
    }


@pytest.mark.parametrize("header", ["Bearer {key}", "Bearer  {key}", "bearer {key} ", "BEARER\t{key}"])
def test_a_bearer_token_is_read_the_same_on_public_and_signed_in_endpoints(db, header):
    from django.test import Client

    headers, _ = token_for("officer")
    key = headers["Authorization"].removeprefix("Bearer ")
    sent = {"Authorization": header.format(key=key)}
    client = Client()
    assert client.get("/api/v1/account/tokens", headers=sent).status_code == 200
    # a public list read as the officer: Kent's draft local indicator is among them
    assert client.get("/api/v1/indicators/", {"kind": "local"}, headers=sent).status_code == 200


@pytest.mark.parametrize("header", ["Bearer", "Bearer  ", "Bearer wrong", "Bearer  wrong"])
def test_a_wrong_or_missing_bearer_token_is_refused_on_both(db, header):
    from django.test import Client

    client = Client()
    for path in ["/api/v1/account/tokens", "/api/v1/indicators/"]:
        response = client.get(path, headers={"Authorization": header})
        assert response.status_code == 401, (path, header)
        assert response.json() == {"detail": "Sign in, or send a valid API token"}


def test_an_unknown_api_path_is_a_json_404(client):
    for method in ["get", "post", "put", "delete"]:
        response = getattr(client, method)("/api/v1/no-such-list/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "There is no /api/v1/no-such-list/ in this API: see /api/v1/docs"}
    assert client.get("/api/v1/indicators/NI%201/more").json()["detail"].startswith("There is no")
    # a list's path without its slash still leads to it
    moved = client.get("/api/v1/indicators", {"q": "crime"})
    assert moved.status_code == 301 and moved["Location"] == "/api/v1/indicators/?q=crime"


def test_a_method_a_path_does_not_take_is_a_json_405(client):
    response = client.delete("/api/v1/indicators/")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "DELETE is not allowed here; this path takes GET"}


def test_the_document_is_valid_openapi_and_its_page_renders(client):
    from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

    document = openapi(client)
    assert document["openapi"].startswith("3.1")
    assert [str(e) for e in OPENAPI_31_VALIDATOR.iter_errors(document)] == []
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"swagger-ui" in page.content
