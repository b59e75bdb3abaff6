"""The hub's API: observations streamed as JSON or CSV through the reader's scope, the
JSON import with its dry run, the ledger read back; every role against every endpoint."""

from __future__ import annotations

import csv
import io
import json

import pytest

from laa.hub.models import LedgerEntry, Observation

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "officer", "partner", "go-manager", "department", "dcsf", "clg", "inspector", "admin"]
HO_VALUES = [
    {"indicator": "NI 20", "area": "E0101", "period": "2008/09", "value": 12.5},
    {"indicator": "NI 20", "area": "E2221", "period": "2008/09 Q1", "value": "3.25", "status": "provisional"},
]
KENT_SURVEY = [{"indicator": "NI 1", "area": "E2221", "period": "Place Survey 2008", "value": 71.2,
                "ci_lower": 69.5, "ci_upper": 72.9, "sample_size": 1200}]


def post(client, body, dry_run=False):
    url = "/api/v1/hub/imports" + ("?dry_run=true" if dry_run else "")
    return client.post(url, json.dumps(body), content_type="application/json")


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_a_department_imports_json_with_a_dry_run_first(client_for):
    client = client_for("department")
    dry = post(client, HO_VALUES, dry_run=True)
    assert dry.status_code == 200 and dry.json()["created"] == 2 and not dry.json()["written"]
    assert not Observation.objects.exists()
    done = post(client, {"observations": HO_VALUES})
    assert done.status_code == 200 and done.json()["written"]
    assert post(client, HO_VALUES).json()["unchanged"] == 2


def test_rejected_rows_come_back_with_their_row_column_and_reason(client_for):
    response = post(client_for("department"), KENT_SURVEY + [{"indicator": "NI 20", "area": "E0101",
                                                               "period": "2008", "value": "x"}])
    assert response.status_code == 422
    rejections = {(r["row"], r["column"]) for r in response.json()["rejections"]}
    assert (1, "indicator") in rejections and (2, "value") in rejections and (2, "period") in rejections
    assert "NI 1 is supplied by the area itself, not by HO" in response.json()["rejections"][0]["reason"]
    assert not Observation.objects.exists()


def test_an_area_officer_imports_its_own_survey_value(client_for):
    response = post(client_for("officer"), KENT_SURVEY)
    assert response.status_code == 200, response.json()
    assert Observation.objects.get().supplier == "E2221"


def test_observations_stream_as_json_and_csv_with_filters_and_history(client_for):
    department = client_for("department")
    post(department, HO_VALUES)
    post(department, [dict(HO_VALUES[0], value=13, reason="Revised")])
    anonymous = client_for("anonymous")
    items = json.loads(streamed(anonymous.get("/api/v1/hub/observations?indicator=NI%2020")))
    assert [(i["area"], i["value"]) for i in items] == [("E0101", 13)]  # the provisional one is not public
    signed_in = client_for("inspector")
    items = json.loads(streamed(signed_in.get("/api/v1/hub/observations?history=true&area=E0101")))
    assert [(i["value"], i["current"]) for i in items] == [(12.5, False), (13, True)]
    assert items[1]["reason"] == "Revised"
    rows = list(csv.DictReader(io.StringIO(streamed(signed_in.get("/api/v1/hub/observations?format=csv")))))
    assert {r["area"] for r in rows} == {"E0101", "E2221"}
    since = items[1]["supplied_at"]
    later = json.loads(streamed(signed_in.get("/api/v1/hub/observations", {"updated_since": since})))
    assert later == []
    bad = signed_in.get("/api/v1/hub/observations?period=someday")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


def test_an_import_reads_back_from_its_ledger_entry(client_for):
    department = client_for("department")
    ledger_id = post(department, HO_VALUES).json()["ledger_id"]
    entry = department.get(f"/api/v1/hub/ledger/{ledger_id}").json()
    assert (entry["by"], entry["created"], entry["rows"]) == ("department", 2, 2)
    back = json.loads(streamed(department.get(f"/api/v1/hub/ledger/{ledger_id}/observations")))
    assert {v["area"] for v in back} == {"E0101", "E2221"}
    assert LedgerEntry.objects.get(pk=ledger_id).observations.count() == 2


@pytest.mark.parametrize(
    ("role", "imports", "ledger"),
    [
        ("anonymous", 401, 401),
        ("officer", 422, 200),  # imports only what its area supplies: HO's values refused per row
        ("partner", 403, 403),
        ("go-manager", 403, 200),
        ("department", 200, 200),
        ("dcsf", 422, 200),
        ("clg", 403, 200),
        ("inspector", 403, 200),
        ("admin", 422, 200),
    ],
)
def test_every_role_against_every_hub_endpoint(client_for, role, imports, ledger):
    client = client_for(role)
    assert post(client, HO_VALUES, dry_run=True).status_code == imports
    assert client.get("/api/v1/hub/ledger").status_code == ledger
    assert client.get("/api/v1/hub/observations").status_code == 200
    assert client.get("/api/v1/hub/suppliers").status_code == 200


def test_the_ledger_shows_each_reader_only_its_scope(client_for):
    post(client_for("department"), HO_VALUES)
    post(client_for("officer"), KENT_SURVEY)
    seen = {role: client_for(role).get("/api/v1/hub/ledger").json()["count"] for role in
            ("department", "dcsf", "officer", "go-manager", "inspector")}
    assert seen == {"department": 1, "dcsf": 0, "officer": 1, "go-manager": 1, "inspector": 2}
