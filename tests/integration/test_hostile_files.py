"""Hostile input against each door of the service (issue 9): the `laa agreement`
command, the web upload and the agreements API. Every case is refused with a message
naming its line, field or part, quickly, and writes nothing. The files are built in code
(`tests/hostile_files.py`); their memory bound is proven in tests/unit/test_input_limits.py."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from laa.agreements.models import Agreement, Target
from laa.audit.models import AuditEvent
from tests.hostile_files import CASES, agreement_data

from .test_agreement_command import run
from .test_agreement_document import import_draft, small_draft
from .test_agreement_pages import text
from .test_agreements_api import Api

pytestmark = pytest.mark.django_db

SECONDS = 10  # bounded time for one refusal, with room for a slow database


def rows() -> tuple[int, int, int]:
    return Agreement.objects.count(), Target.objects.count(), AuditEvent.objects.count()


# --- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["check", "import"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_command_exits_2_naming_the_problem(tmp_path, case, action):
    name, build, phrase = CASES[case]
    path = tmp_path / name
    path.write_bytes(build())
    before = rows()
    started = time.perf_counter()
    code, out, err = run(action, str(path))
    assert time.perf_counter() - started < SECONDS
    assert code == 2, (out, err)  # 1 is for rule errors only
    assert f"{name}: cannot be read" in err and phrase in err
    assert len(err) < 1000
    if not name.endswith(".xlsx"):
        assert re.search(r"\(line \d+\)", err)
    assert rows() == before


def test_a_file_over_5_mb_is_refused_unread(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (6 * 1024 * 1024))
    code, _, err = run("check", str(path))
    assert code == 2 and "the file is larger than 5 MB" in err


# --- the web upload ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_web_upload_refuses_each_hostile_file(client_for, case):
    name, build, phrase = CASES[case]
    before = rows()
    started = time.perf_counter()
    response = client_for("officer").post("/agreements/E2221/import",
                                          {"agreement_file": SimpleUploadedFile(name, build())})
    assert time.perf_counter() - started < SECONDS
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert f"{name}: " in page and phrase in page
    assert len(response.content) < 100_000  # nothing of the file echoed back at length
    assert rows() == before


# --- the API ----------------------------------------------------------------------------------


@pytest.fixture
def kent(db) -> Agreement:
    return import_draft(small_draft())


@pytest.fixture
def officer():
    from laa.accounts.models import User

    return Api(User.objects.get(username="officer"))


def put(officer: Api, kent: Agreement, body: str):
    return officer.send("put", "/api/v1/agreements/E2221", body)


def snapshot(kent: Agreement) -> tuple:
    kent.refresh_from_db()
    return kent.version, kent.story_of_place, rows()


@pytest.mark.parametrize(("body", "status", "phrase"), [
    ('{"version": 1, "agreement": ' + "[" * 3000 + "]" * 3000 + "}", 400,
     "nested more than 20 levels deep (line 1)"),
    ('{"version": 1, "agreement": {"round": ' + "9" * 5000 + "}}", 400,
     "a number longer than 100 characters"),
    ('{"version": 1, "agreement": {"round": 1e999999999}}', 400, "a number longer than 100 characters"),
], ids=["deep", "big-integer", "huge-exponent"])
def test_the_api_refuses_a_hostile_body_with_400(officer, kent, body, status, phrase):
    before = snapshot(kent)
    started = time.perf_counter()
    response = put(officer, kent, body)
    assert time.perf_counter() - started < SECONDS
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert phrase in response.json()["detail"]
    assert snapshot(kent) == before


def test_a_3_mb_body_is_a_413_in_json(officer, kent):
    before = snapshot(kent)
    body = json.dumps({"version": kent.version,
                       "agreement": agreement_data(story_of_place="x" * (3 * 1024 * 1024))})
    response = put(officer, kent, body)
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 2.5 MB: nothing was read or saved"}
    assert snapshot(kent) == before


def test_the_api_refuses_text_past_its_limit_naming_the_field(officer, kent):
    before = snapshot(kent)
    data = agreement_data(story_of_place="x" * 20_001)
    response = put(officer, kent, json.dumps({"version": kent.version, "agreement": data}))
    assert response.status_code == 422, response.content[:500]
    assert {"field": "agreement.story_of_place",
            "message": "must be 20,000 characters or fewer (it has 20,001)"} in response.json()["errors"]
    assert snapshot(kent) == before


@pytest.mark.parametrize(("field", "value", "described"), [
    ("story_of_place", "Kent \ud800", "a lone surrogate (U+D800)"),
    ("evidence", "a\x00b", "a NUL character (U+0000)"),
])
def test_the_api_refuses_control_characters_at_the_edge_naming_the_field(officer, kent, field, value, described):
    """Refused by the edge (laa.web.edge) before the API reads the body: 400 naming the field."""
    before = snapshot(kent)
    data = agreement_data(**{field: value})
    response = put(officer, kent, json.dumps({"version": kent.version, "agreement": data}))
    assert response.status_code == 400, response.content[:500]
    [error] = response.json()["errors"]
    assert error["field"] == f"agreement.{field}" and described in error["message"]
    assert snapshot(kent) == before


def test_a_target_with_a_lone_surrogate_is_refused_naming_its_field(officer, kent):
    target = kent.targets.order_by("pk").first()
    before = (target.version, target.delivery_plan, rows())
    response = officer.send("put", f"/api/v1/agreements/E2221/targets/{target.pk}", json.dumps({
        "version": target.version,
        "target": {"indicator": target.indicator.code, "category": target.category,
                   "delivery_plan": "plan \udfff"}}))
    assert response.status_code == 400, response.content[:500]
    assert response.json()["errors"][0]["field"] == "target.delivery_plan"
    target.refresh_from_db()
    assert (target.version, target.delivery_plan, rows()) == before


@pytest.mark.parametrize(("change", "field"), [
    ({"outcomes": [{"id": "safer", "title": "Safer", "theme": "t" * 201}]}, "outcomes[0].theme"),
    ({"outcomes": [{"id": "s" * 61, "title": "Safer"}]}, "outcomes[0].id"),
    ({"targets": [{"indicator": "NI 16", "category": "designated", "baseline": {"period": "p" * 41}}]},
     "targets[0].baseline.period"),
    ({"targets": [{"indicator": "NI 16", "category": "designated", "scope": {"group": "g" * 201}}]},
     "targets[0].scope.group"),
])
def test_text_longer_than_its_column_is_refused_on_import_naming_the_field(tmp_path, change, field):
    """Within the file's bounds but past the database column: on PostgreSQL this was a
    database error; on SQLite it was stored whole."""
    path = tmp_path / "long.json"
    path.write_text(json.dumps(agreement_data(**change)), encoding="utf-8")
    before = rows()
    code, _, err = run("import", str(path))
    assert code == 2, err
    assert f"{field}: must be " in err and "characters or fewer" in err
    assert rows() == before
