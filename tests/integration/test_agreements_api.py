"""The agreements API: lists and reads scoped to the reader, an agreement replaced from
agreement-file data, targets added, changed and removed with their versions, the rules'
findings; and each refusal (401, 403, 404, 409, 422, 400) leaving nothing changed."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from laa.accounts.models import ApiToken, User
from laa.agreements.models import Agreement, Target
from laa.audit.models import AuditEvent

from .test_agreement_document import import_draft, small_draft

pytestmark = pytest.mark.django_db

BASE = "/api/v1/agreements"


class Api:
    """A client that speaks JSON with a role's bearer token (or none: anonymous)."""

    def __init__(self, user: User | None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _, key = ApiToken.issue(user=user, name="test")
            self.headers = {"Authorization": f"Bearer {key}"}

    def get(self, path, params=None):
        return self.client.get(path, params or {}, headers=self.headers)

    def send(self, method, path, body):
        data = body if isinstance(body, str) else json.dumps(body)
        return getattr(self.client, method)(path, data, content_type="application/json", headers=self.headers)

    def delete(self, path):
        return self.client.delete(path, headers=self.headers)


@pytest.fixture
def api(db):
    def make(who: str | User) -> Api:
        if who == "anonymous":
            return Api(None)
        return Api(who if isinstance(who, User) else User.objects.get(username=who))

    return make


@pytest.fixture
def kent(db) -> Agreement:
    return import_draft(small_draft())


def snapshot(agreement: Agreement) -> tuple:
    """What a refused write must leave unchanged."""
    agreement.refresh_from_db()
    targets = list(agreement.targets.order_by("pk").values_list("key", "version", "yearly", "baseline_value"))
    return agreement.version, agreement.story_of_place, targets, AuditEvent.objects.count()


# --- reading ------------------------------------------------------------------------------


def test_the_list_shows_what_each_reader_may_read(kent, api, scoping):
    stockton = import_draft(small_draft(area="E0704", targets=small_draft().targets[:1]))
    body = api("officer").get(f"{BASE}/").json()
    assert [i["area"] for i in body["items"]] == ["E2221"]
    item = body["items"][0]
    assert (item["designated"], item["statutory"], item["local"], item["state"], item["region"]) == (3, 1, 1, "draft", "SE")
    assert {i["area"] for i in api("clg").get(f"{BASE}/").json()["items"]} == {"E2221", "E0704"}
    assert api(scoping.north_east_go).get(f"{BASE}/").json()["count"] == 1
    assert api("anonymous").get(f"{BASE}/").json()["count"] == 0  # drafts are private
    Agreement.objects.filter(pk=stockton.pk).update(published_at=timezone.now(), state="published")
    assert [i["area"] for i in api("anonymous").get(f"{BASE}/").json()["items"]] == ["E0704"]
    assert api("clg").get(f"{BASE}/", {"region": "NE"}).json()["count"] == 1
    assert api("clg").get(f"{BASE}/", {"state": "published", "limit": 1}).json()["count"] == 1


def test_the_list_comes_as_csv(kent, api):
    response = api("inspector").get(f"{BASE}/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["area"] == "E2221" and rows[0]["designated"] == "3" and rows[0]["round"] == "2008"


def test_an_agreement_reads_as_its_agreement_file(kent, api):
    body = api("go-manager").get(f"{BASE}/E2221").json()
    assert (body["id"], body["version"], body["state"], body["complete"]) == (kent.pk, kent.version, "draft", True)
    data = body["agreement"]
    assert data["format"] == "laa-agreement/1" and data["area"] == "E2221" and data["round"] == 2008
    ni16 = next(t for t in data["targets"] if t["key"] == "NI 16")
    assert ni16["baseline"] == {"value": 36.0, "period": "2007/08", "source": "Police data"}
    assert ni16["targets"] == {"2008/09": 35.4, "2009/10": 34.8, "2010/11": 34.2}
    assert ni16["reward"]["sub_targets"][1] == {"label": "Swale", "without_reward": 33.0, "stretched": 32.1, "share": 0.4}
    assert ni16["partners"][0] == {"organisation": "Kent Police Authority", "duty": "have_regard", "lead": True}


def test_a_department_reads_the_targets_on_its_indicators(kent, api):
    body = api("department").get(f"{BASE}/E2221").json()
    assert body["complete"] is False
    assert sorted(t["indicator"] for t in body["agreement"]["targets"]) == ["NI 15", "NI 16", "NI 32"]
    listed = api("department").get(f"{BASE}/E2221/targets").json()
    assert listed["count"] == 3
    assert api("dcsf").get(f"{BASE}/E2221/targets").json()["items"][0]["indicator"] == "NI 72"


def test_another_areas_draft_is_not_found(kent, api, scoping):
    for reader in (api(scoping.stockton_officer), api(scoping.north_east_go), api("anonymous")):
        for path in (f"{BASE}/E2221", f"{BASE}/E2221/targets", f"{BASE}/E2221/findings"):
            response = reader.get(path)
            assert response.status_code == 404, path
    assert api("officer").get(f"{BASE}/E9999").status_code == 404
    assert api("officer").get(f"{BASE}/E2221", {"round": 2011}).status_code == 404


def test_a_wrong_token_is_refused_not_read_as_anonymous(kent):
    response = Client().get(f"{BASE}/", headers={"Authorization": "Bearer laa_wrong"})
    assert response.status_code == 401


def test_findings_name_the_rule_the_severity_and_the_target(kent, api):
    findings = api("go-manager").get(f"{BASE}/E2221/findings").json()
    assert {"rule": "D20.sub-target-shares", "severity": "error", "target": "NI 16",
            "message": "NI 16: 1 of 2 sub-targets have a share; give all or none."} in findings
    missing = next(f for f in findings if f["rule"] == "D3.statutory-missing")
    assert missing["severity"] == "error" and missing["target"] is None and "NI 73" in missing["message"]
    assert {f["target"] for f in findings if f["rule"] == "D6.no-delivery-plan"} == {
        "NI 1", "NI 32", "NI 72", "NI 15 [Thanet, Swale]"}


def test_a_place_survey_target_carries_its_direction_of_travel(kent, api):
    """D7: how direction of travel is gauged in the non-survey year travels with the target,
    and a Place Survey target without one is warned about."""
    officer = api("officer")
    survey = {"indicator": "NI 5", "category": "local", "outcome": "safer",
              "baseline": {"value": 62, "period": "autumn 2008", "sample_size": 1100},
              "targets": {"2010/11": 70}, "partners": [{"organisation": "Kent Police Authority", "lead": True}],
              "delivery_plan": "Plan"}
    created = officer.send("post", f"{BASE}/E2221/targets", {"target": survey})
    assert created.status_code == 201, created.content
    assert "direction_of_travel" not in created.json()["target"]
    warned = [f for f in officer.get(f"{BASE}/E2221/findings").json() if f["rule"] == "D7.no-direction-of-travel"]
    assert [f["target"] for f in warned] == ["NI 5"] and warned[0]["severity"] == "warning"

    changed = officer.send("put", f"{BASE}/E2221/targets/{created.json()['id']}", {
        "version": 1, "target": {**survey, "direction_of_travel": "Focus groups, 2009/10"}})
    assert changed.status_code == 200, changed.content
    assert changed.json()["target"]["direction_of_travel"] == "Focus groups, 2009/10"
    assert Target.objects.get(pk=created.json()["id"]).direction_of_travel == "Focus groups, 2009/10"
    findings = officer.get(f"{BASE}/E2221/findings").json()
    assert not [f for f in findings if f["rule"] == "D7.no-direction-of-travel"]
    ni1 = next(t for t in officer.get(f"{BASE}/E2221").json()["agreement"]["targets"] if t["key"] == "NI 1")
    assert ni1["direction_of_travel"] == "Residents' panel mini survey, autumn 2009"
    schema = api("anonymous").client.get("/api/v1/openapi.json").json()
    assert "direction_of_travel" in schema["components"]["schemas"]["TargetIn"]["properties"]["target"]["description"]


def test_findings_are_only_on_the_targets_the_reader_may_see(kent, api):
    """A department sees the targets on its indicators: their findings and the agreement-wide
    ones, never the findings of the others (as on the pages)."""
    everything = api("go-manager").get(f"{BASE}/E2221/findings").json()
    assert {f["target"] for f in everything} >= {"NI 1", "NI 72"}
    findings = api("department").get(f"{BASE}/E2221/findings").json()
    assert {f["target"] for f in findings} == {None, "NI 16", "NI 32", "NI 15 [Thanet, Swale]"}
    assert any(f["rule"] == "D3.statutory-missing" for f in findings)
    assert [f for f in findings if f["target"] is not None] == [
        f for f in everything if f["target"] in {"NI 16", "NI 32", "NI 15 [Thanet, Swale]"}]
    dcsf = api("dcsf").get(f"{BASE}/E2221/findings").json()
    assert {f["target"] for f in dcsf} <= {None, "NI 72"}


# --- replacing the agreement ---------------------------------------------------------------


def current(api_client) -> dict:
    return api_client.get(f"{BASE}/E2221").json()


def test_the_officer_replaces_the_agreement_from_its_file(kent, api):
    officer = api("officer")
    body = current(officer)
    data = copy.deepcopy(body["agreement"])
    data["story_of_place"] = "A new story."
    ni16 = next(t for t in data["targets"] if t["key"] == "NI 16")
    ni16["targets"]["2010/11"] = 34.15
    data["targets"] = [t for t in data["targets"] if t["key"] != "NI 1"]
    response = officer.send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": data})
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["version"] > body["version"]
    assert saved["agreement"]["story_of_place"] == "A new story."
    target = Target.objects.get(agreement=kent, key="NI 16")
    assert target.yearly["2010/11"] == "34.15"  # exactly, not through a float
    assert not Target.objects.filter(agreement=kent, key="NI 1").exists()
    assert AuditEvent.objects.filter(action="import-agreement", actor__username="officer").exists()


def test_a_stale_replacement_is_refused_saying_what_changed(kent, api):
    officer = api("officer")
    seen = current(officer)
    ni16 = Target.objects.get(agreement=kent, key="NI 16")
    changed = officer.send("put", f"{BASE}/E2221/targets/{ni16.pk}", {
        "version": ni16.version,
        "target": {**next(t for t in seen["agreement"]["targets"] if t["key"] == "NI 16"), "delivery_plan": "New plan"},
    })
    assert changed.status_code == 200, changed.content
    before = snapshot(kent)
    response = officer.send("put", f"{BASE}/E2221", {"version": seen["version"], "agreement": seen["agreement"]})
    assert response.status_code == 409
    body = response.json()
    assert (body["your_version"], body["current_version"], body["changed_by"]) == (seen["version"], seen["version"] + 1, "officer")
    assert "Nothing you sent was saved" in body["detail"]
    assert body["changes"][0]["action"] == "edit-target" and "delivery_plan" in body["changes"][0]["fields"]
    assert snapshot(kent) == before


def test_bad_content_is_refused_field_by_field_and_nothing_is_saved(kent, api):
    officer = api("officer")
    body = current(officer)
    before = snapshot(kent)
    data = copy.deepcopy(body["agreement"])
    data["targets"][0]["baseline"]["value"] = "lots"
    data["targets"][1]["category"] = "important"
    response = officer.send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": data})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"agreement.targets[0].baseline.value", "agreement.targets[1].category"} <= fields

    data = copy.deepcopy(body["agreement"])
    data["targets"][0]["indicator"] = "NI 999"
    data["targets"][1]["baseline"]["value"] = 1.23456
    response = officer.send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": data})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "there is no indicator NI 999" in errors["agreement.targets[0].indicator"]
    assert "more than 4 decimal places" in errors["agreement.targets[1].baseline.value"]

    data = copy.deepcopy(body["agreement"])
    data["area"] = "E0704"
    response = officer.send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": data})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "agreement.area"

    response = officer.send("put", f"{BASE}/E2221", {"agreement": data})  # no version
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "version"
    assert officer.send("put", f"{BASE}/E2221", "{not json").status_code == 400
    assert snapshot(kent) == before


@pytest.mark.parametrize(("who", "statuses"), [
    ("partner", [403] * 4), ("go-manager", [403] * 4), ("go-director", [403] * 4), ("department", [403] * 4),
    ("dcsf", [403, 403, 404, 404]),  # NI 16 is not on a DCSF indicator: not theirs to see
    ("clg", [403] * 4), ("inspector", [403] * 4), ("admin", [403] * 4), ("anonymous", [401] * 4),
])
def test_only_the_areas_officer_changes_the_agreement(kent, api, who, statuses):
    body = current(api("officer"))
    before = snapshot(kent)
    ni16 = Target.objects.get(agreement=kent, key="NI 16")
    target = next(t for t in body["agreement"]["targets"] if t["key"] == "NI 16")
    client = api(who)
    calls = [
        client.send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": body["agreement"]}),
        client.send("post", f"{BASE}/E2221/targets", {"target": {**target, "key": "NI 16 again"}}),
        client.send("put", f"{BASE}/E2221/targets/{ni16.pk}", {"version": ni16.version, "target": target}),
        client.delete(f"{BASE}/E2221/targets/{ni16.pk}?version={ni16.version}"),
    ]
    assert [c.status_code for c in calls] == statuses
    if statuses[0] == 403:
        assert "Only a partnership officer of Kent" in calls[0].json()["detail"]
    assert snapshot(kent) == before


def test_another_areas_officer_gets_not_found(kent, api, scoping):
    body = current(api("officer"))
    response = api(scoping.stockton_officer).send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": body["agreement"]})
    assert response.status_code == 404


def test_an_approved_agreement_is_frozen(kent, api):
    Agreement.objects.filter(pk=kent.pk).update(state="approved")
    officer = api("officer")
    body = current(officer)
    before = snapshot(kent)
    response = officer.send("put", f"{BASE}/E2221", {"version": body["version"], "agreement": body["agreement"]})
    assert response.status_code == 409 and "frozen" in response.json()["detail"]
    ni16 = Target.objects.get(agreement=kent, key="NI 16")
    assert officer.delete(f"{BASE}/E2221/targets/{ni16.pk}?version={ni16.version}").status_code == 409
    assert snapshot(kent) == before


# --- targets --------------------------------------------------------------------------------

NEW_TARGET = {
    "indicator": "NI 20", "category": "designated", "outcome": "safer",
    "baseline": {"value": 40.00, "period": "2007/08", "source": "Police data"},
    "targets": {"2008/09": 39.33, "2009/10": 38.67, "2010/11": 38.005},
    "partners": [{"organisation": "Kent Police Authority", "duty": "have_regard", "lead": True}],
}


def test_targets_are_listed_read_added_changed_and_removed(kent, api):
    officer = api("officer")
    listed = officer.get(f"{BASE}/E2221/targets").json()
    assert listed["count"] == 5 and listed["items"][0]["key"] == "NI 16"
    assert officer.get(f"{BASE}/E2221/targets", {"category": "statutory"}).json()["count"] == 1
    rows = list(csv.DictReader(io.StringIO(officer.get(f"{BASE}/E2221/targets", {"format": "csv"}).content.decode())))
    assert rows[0]["key"] == "NI 16" and rows[0]["2010/11"] == "34.20" and rows[0]["lead_partner"] == "Kent Police Authority"

    created = officer.send("post", f"{BASE}/E2221/targets", {"target": NEW_TARGET})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["key"], body["version"], body["indicator"]) == ("NI 20", 1, "NI 20")
    assert body["target"]["targets"]["2010/11"] == 38.005
    assert Target.objects.get(pk=body["id"]).yearly["2010/11"] == "38.005"
    assert officer.get(f"{BASE}/E2221/targets/{body['id']}").json()["key"] == "NI 20"

    changed = officer.send("put", f"{BASE}/E2221/targets/{body['id']}", {
        "version": 1, "target": {**NEW_TARGET, "targets": {"2010/11": 37.5}}})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["version"], changed.json()["key"], changed.json()["target"]["targets"]) == (2, "NI 20", {"2010/11": 37.5})
    assert changed.json()["agreement_version"] == Agreement.objects.get(pk=kent.pk).version

    removed = officer.delete(f"{BASE}/E2221/targets/{body['id']}?version=2")
    assert removed.status_code == 200 and removed.json()["detail"] == "Target NI 20 was removed"
    assert officer.get(f"{BASE}/E2221/targets/{body['id']}").status_code == 404


def test_a_stale_target_edit_is_refused_saying_what_changed(kent, api):
    officer = api("officer")
    ni16 = Target.objects.get(agreement=kent, key="NI 16")
    target = officer.get(f"{BASE}/E2221/targets/{ni16.pk}").json()["target"]
    first = officer.send("put", f"{BASE}/E2221/targets/{ni16.pk}", {
        "version": ni16.version, "target": {**target, "baseline": {**target["baseline"], "value": 37}}})
    assert first.status_code == 200
    before = snapshot(kent)
    second = officer.send("put", f"{BASE}/E2221/targets/{ni16.pk}", {"version": ni16.version, "target": target})
    assert second.status_code == 409
    body = second.json()
    assert body["your_version"] == ni16.version and body["current_version"] == ni16.version + 1
    assert body["changes"] == [{"at": body["changes"][0]["at"], "by": "officer", "action": "edit-target",
                                "record": "NI 16", "fields": ["baseline_value"]}]
    assert officer.delete(f"{BASE}/E2221/targets/{ni16.pk}?version={ni16.version}").status_code == 409
    assert snapshot(kent) == before
    assert Target.objects.get(pk=ni16.pk).baseline_value == Decimal("37")


def test_a_bad_target_is_refused_field_by_field(kent, api):
    officer = api("officer")
    before = snapshot(kent)
    cases = [
        ({**NEW_TARGET, "baseline": {"value": "forty"}}, "target.baseline.value"),
        ({**NEW_TARGET, "category": "wished-for"}, "target.category"),
        ({**NEW_TARGET, "outcome": "happier"}, "target.outcome"),
        ({**NEW_TARGET, "indicator": "NI 999"}, "target.indicator"),
        ({**NEW_TARGET, "key": "NI 16"}, "target.key"),
        ({**NEW_TARGET, "colour": "blue"}, "target.colour"),
        ("a string", "target"),
    ]
    for target, field in cases:
        response = officer.send("post", f"{BASE}/E2221/targets", {"target": target})
        assert response.status_code == 422, (field, response.content)
        assert field in {e["field"] for e in response.json()["errors"]}, (field, response.json())
    assert officer.send("post", f"{BASE}/E2221/targets", {}).status_code == 422
    assert snapshot(kent) == before


def test_the_openapi_document_declares_the_refusals(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    put = paths["/api/v1/agreements/{area_code}"]["put"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(put["responses"])
    assert {"get", "post"} <= set(paths["/api/v1/agreements/{area_code}/targets"])
    assert {"get", "put", "delete"} <= set(paths["/api/v1/agreements/{area_code}/targets/{target_id}"])
    assert "get" in paths["/api/v1/agreements/{area_code}/findings"]


@pytest.mark.parametrize("path", [f"{BASE}/", f"{BASE}/E2221/targets"])
@pytest.mark.parametrize("offset", [-1, 1_000_001, 10**30, "many"])
def test_an_offset_out_of_bounds_is_422_naming_the_field(kent, api, path, offset):
    response = api("go-manager").get(path, {"offset": offset})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "The request is not valid"
    assert [e["field"] for e in body["errors"]] == ["offset"]


@pytest.mark.parametrize("path", [f"{BASE}/", f"{BASE}/E2221/targets"])
def test_the_lists_page_within_bounds_and_cap_the_limit(kent, api, path):
    reader = api("go-manager")
    assert reader.get(path, {"limit": "many"}).json()["errors"][0]["field"] == "limit"
    assert reader.get(path, {"limit": 10_000}).json()["limit"] == 500
    body = reader.get(path, {"offset": 1_000_000, "limit": 2}).json()
    assert (body["items"], body["offset"], body["limit"], body["next_offset"]) == ([], 1_000_000, 2, None)
    assert reader.get(path, {"offset": 0, "limit": 1}).json()["count"] >= 1


def test_the_openapi_document_states_the_list_bounds(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/agreements/", "/api/v1/agreements/{area_code}/targets"):
        params = {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}
        assert (params["offset"]["minimum"], params["offset"]["maximum"]) == (0, 1_000_000), path
        assert "capped at 500" in params["limit"]["description"], path
