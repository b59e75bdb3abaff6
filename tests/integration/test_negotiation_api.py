"""The negotiation API: every step (propose, counter, accept, challenge, escalate, resolve,
decide, advise, record a meeting, appoint a champion, record a milestone), with 400, 401,
403, 404, 409 (a lost race) and 422 as the OpenAPI document declares."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from laa.accounts.models import ApiToken, User
from laa.negotiation.models import NegotiationThread

from .matrix_negotiation import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Pages keep rendered content per process, keyed by the data (laa.presentation.fragments);
    a rolled-back test can leave ids that the next test reuses, so start each test empty."""
    from django.core.cache import cache

    cache.clear()

BASE = "/api/v1/negotiation/agreements/E2221"


@pytest.fixture
def world():
    return build_world(with_proposal=False, with_meeting=False)


@pytest.fixture
def api():
    """api("officer") -> a client sending that demo user's bearer token."""

    def make(username: str) -> Client:
        if username == "anonymous":
            return Client()
        _, key = ApiToken.issue(user=User.objects.get(username=username), name="test")
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


VALUES = {"baseline": {"value": "10.2", "period": "2007/08"},
          "targets": {"2008/09": "9.8", "2009/10": "9.1", "2010/11": "8.5"},
          "category": "designated", "partners": ["Kent Police Authority"]}


def test_a_whole_negotiation_through_the_api(world, api):
    officer, go = api("officer"), api("go-manager")
    url = f"{BASE}/targets/{world.ni39.pk}"
    assert officer.get(url).json()["status"] is None

    r = post(officer, f"{url}/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "Evidence."})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["entry"]["sequence"] == 1 and body["entry"]["values"]["targets"]["2010/11"] == "8.5"
    assert (body["thread"]["status"], body["thread"]["turn"]) == ("proposed", "government")

    r = post(go, f"{url}/challenges", {"expected_sequence": 1, "reason": "ambition", "text": "Go further.",
                                       "on_behalf_of": "DH"})
    assert r.status_code == 201 and r.json()["entry"]["on_behalf_of"] == "DH"
    r = post(go, f"{url}/counter-proposals", {"expected_sequence": 2, "rationale": "Regional ambition.",
                                              "values": {**VALUES, "targets": {"2010/11": 7.75}}})
    assert r.status_code == 201 and r.json()["entry"]["refers_to"] == 1
    r = post(officer, f"{url}/escalations", {"expected_sequence": 3, "level": "department", "text": "Unaffordable."})
    assert r.status_code == 400 and "starting with the Government Office" in r.json()["detail"]
    r = post(officer, f"{url}/escalations", {"expected_sequence": 3, "level": "go", "text": "Unaffordable."})
    assert r.status_code == 201 and r.json()["thread"]["escalation_level"] == "go"
    r = post(officer, f"{url}/acceptances", {"expected_sequence": 4, "proposal": 3})
    assert r.status_code == 400 and "must record its resolution" in r.json()["detail"]
    r = post(go, f"{url}/resolutions", {"expected_sequence": 4, "text": "DH agreed 8.0 at the bilateral."})
    assert r.status_code == 201 and r.json()["thread"]["dispute_open"] is False
    r = post(go, f"{url}/counter-proposals", {"expected_sequence": 5, "rationale": "As resolved.",
                                              "values": {**VALUES, "targets": {"2010/11": "8.0"}}})
    assert r.status_code == 400  # the GO's own proposal is open: it can revise it, not counter it
    assert "counter your own side" in r.json()["detail"]
    r = post(go, f"{url}/proposals", {"expected_sequence": 5, "rationale": "As resolved.",
                                      "values": {**VALUES, "targets": {"2010/11": "8.0"}}})
    assert r.status_code == 201
    r = post(officer, f"{url}/acceptances", {"expected_sequence": 6, "proposal": 6})
    assert r.status_code == 201
    thread = r.json()["thread"]
    assert thread["status"] == "agreed" and thread["agreed_values"]["targets"] == {"2010/11": "8"}
    world.ni39.refresh_from_db()
    assert world.ni39.yearly == {"2010/11": "8"}
    kinds = [e["kind"] for e in officer.get(url).json()["entries"]]
    assert kinds == ["proposal", "challenge", "counter_proposal", "escalate", "resolve", "proposal", "accept"]

    r = post(officer, f"{url}/decisions", {"expected_sequence": 7, "kind": "reopen", "text": "New data."})
    assert r.status_code == 201 and r.json()["thread"]["status"] == "under_negotiation"
    listed = officer.get(f"{BASE}/threads").json()
    assert [(t["subject"], t["status"]) for t in listed] == [("NI 39", "under_negotiation")]


def test_a_lost_race_is_409_and_saves_nothing(world, api):
    url = f"{BASE}/targets/{world.ni16.pk}"
    assert post(api("officer"), f"{url}/proposals", {"expected_sequence": 0, "values": VALUES,
                                                     "rationale": "x"}).status_code == 201
    assert post(api("go-manager"), f"{url}/acceptances", {"expected_sequence": 1, "proposal": 1}).status_code == 201
    r = post(api("go-director"), f"{url}/counter-proposals", {"expected_sequence": 1, "values": VALUES,
                                                              "rationale": "Too late."})
    assert r.status_code == 409
    assert "Gil Locality Manager (demo) accepted proposal #1 at" in r.json()["detail"]
    assert NegotiationThread.objects.get(target=world.ni16).last_sequence == 2


@pytest.mark.parametrize(("who", "path", "body", "status"), [
    ("anonymous", "targets/{ni16}/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "x"}, 401),
    ("partner", "targets/{ni16}/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "x"}, 403),
    ("clg", "targets/{ni16}/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "x"}, 403),
    ("go-manager", "targets/{ni72}/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "x"}, 403),
    ("dcsf", "targets/{ni16}/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "x"}, 404),
    ("officer", "targets/999999/proposals", {"expected_sequence": 0, "values": VALUES, "rationale": "x"}, 404),
    ("officer", "targets/{ni16}/proposals", {"expected_sequence": 0, "values": VALUES}, 422),
    ("officer", "targets/{ni16}/proposals", {"expected_sequence": 0, "rationale": "x",
                                             "values": {**VALUES, "targets": {"2011/12": "1"}}}, 422),
    ("officer", "targets/{ni16}/acceptances", {"expected_sequence": 0, "proposal": 1}, 400),
    ("officer", "targets/{ni16}/escalations", {"expected_sequence": 0, "level": "the king", "text": "x"}, 422),
    ("officer", "targets/{ni16}/decisions", {"expected_sequence": 0, "kind": "withdraw"}, 400),
])
def test_errors(world, api, who, path, body, status):
    path = path.format(ni16=world.ni16.pk, ni72=world.ni72.pk)
    r = post(api(who), f"{BASE}/{path}", body)
    assert r.status_code == status, r.content
    assert "detail" in r.json()
    assert not NegotiationThread.objects.filter(target=world.ni16, last_sequence__gt=0).exists()


def test_a_bad_value_names_its_field(world, api):
    r = post(api("officer"), f"{BASE}/targets/{world.ni16.pk}/proposals",
             {"expected_sequence": 0, "rationale": "x",
              "values": {**VALUES, "baseline": {"value": "1.123456", "period": "2007/08"}}})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "baseline_value", "message": "The baseline has more than 4 decimal places"}]


def test_an_outcome_negotiation(world, api):
    url = f"{BASE}/outcomes/{world.outcome.pk}"
    r = post(api("go-manager"), f"{url}/proposals", {"expected_sequence": 0, "rationale": "Shorter.",
                                                     "values": {"title": "Safer Kent"}})
    assert r.status_code == 201
    assert post(api("officer"), f"{url}/acceptances", {"expected_sequence": 1, "proposal": 1}).status_code == 201
    world.outcome.refresh_from_db()
    assert world.outcome.title == "Safer Kent"
    assert api("department").get(url).json()["status"] == "agreed"


def test_advice_meetings_and_champions(world, api):
    r = post(api("department"), f"{BASE}/targets/{world.ni16.pk}/advice", {"text": "5% stretch is realistic."})
    assert r.status_code == 201 and r.json()["department"] == "HO"
    assert post(api("department"), f"{BASE}/targets/{world.ni39.pk}/advice", {"text": "x"}).status_code == 404
    assert post(api("go-manager"), f"{BASE}/targets/{world.ni16.pk}/advice", {"text": "x"}).status_code == 403
    assert api("go-manager").get(f"{BASE}/targets/{world.ni16.pk}").json()["advice"][0]["department"] == "HO"
    assert api("officer").get(f"{BASE}/targets/{world.ni16.pk}").json()["advice"] == []

    meeting = {"kind": "case_conference", "held_on": "2008-03-12", "attendees": ["Pat Officer", "Gil"],
               "decisions": [{"target": world.ni16.pk, "text": "Agreed 8.5."}]}
    r = post(api("officer"), f"{BASE}/meetings", meeting)
    assert r.status_code == 201 and r.json()["decisions"][0]["subject"] == "NI 16"
    assert post(api("partner"), f"{BASE}/meetings", meeting).status_code == 403
    bad = post(api("officer"), f"{BASE}/meetings", {**meeting, "attendees": []})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "attendees"
    assert len(api("inspector").get(f"{BASE}/meetings").json()) == 1

    assert post(api("go-manager"), f"{BASE}/champions", {"name": "Sir H"}).status_code == 403
    r = post(api("clg"), f"{BASE}/champions", {"name": "Sir Humphrey", "organisation": "HM Treasury"})
    assert r.status_code == 201 and r.json()["appointed_by"] == "Sam Secretary of State's Delegate (demo)"


def test_an_acceptance_names_the_meeting_that_settled_it(world, api):
    meeting = {"kind": "bilateral", "held_on": "2008-03-04", "attendees": ["Pat Officer", "Gil"]}
    meeting_id = post(api("officer"), f"{BASE}/meetings", meeting).json()["id"]
    url = f"{BASE}/targets/{world.ni16.pk}"
    assert post(api("officer"), f"{url}/proposals", {"expected_sequence": 0, "values": VALUES,
                                                     "rationale": "x"}).status_code == 201
    for wrong in (999999, -1):
        r = post(api("go-manager"), f"{url}/acceptances", {"expected_sequence": 1, "proposal": 1, "meeting": wrong})
        assert r.status_code == 422, r.content
        assert [e["field"] for e in r.json()["errors"]] == ["meeting"]
    assert NegotiationThread.objects.get(target=world.ni16).last_sequence == 1  # nothing saved
    r = post(api("go-manager"), f"{url}/acceptances", {"expected_sequence": 1, "proposal": 1, "meeting": meeting_id})
    assert r.status_code == 201, r.content
    assert r.json()["entry"]["meeting"] == meeting_id
    assert [e["meeting"] for e in api("officer").get(url).json()["entries"]] == [None, meeting_id]
    r = post(api("officer"), f"{url}/decisions", {"expected_sequence": 2, "kind": "reopen", "text": "New data.",
                                                  "meeting": meeting_id})
    assert r.status_code == 201 and r.json()["entry"]["meeting"] == meeting_id


def test_the_openapi_document_declares_the_meeting_of_a_step():
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("AcceptIn", "ResolveIn", "DecisionIn", "EntryOut"):
        assert "meeting" in schemas[name]["properties"], name
    assert "meeting" not in schemas["AcceptIn"].get("required", [])


@override_settings(LAA_TODAY="2008-05-20")
def test_the_timetable(world, api):
    url = "/api/v1/negotiation/areas/E2221"
    body = api("officer").get(f"{url}/timetable").json()
    assert body["today"] == "2008-05-20"
    statuses = {m["code"]: m["status"] for m in body["milestones"]}
    assert statuses["story_of_place"] == "overdue" and statuses["draft_agreement"] == "due_soon"
    r = post(api("go-manager"), f"{url}/milestones", {"milestone": "story_of_place", "completed_on": "2007-11-28"})
    assert r.status_code == 201
    assert {m["code"]: m["status"] for m in r.json()["milestones"]}["story_of_place"] == "done"
    r = post(api("go-manager"), f"{url}/milestones", {"milestone": "story_of_place", "completed_on": "2007-11-28"})
    assert r.status_code == 422 and "already completed" in r.json()["errors"][0]["message"]
    assert post(api("department"), f"{url}/milestones", {"milestone": "priority_outcomes",
                                                         "completed_on": "2007-12-01"}).status_code == 403
    assert api("officer").get("/api/v1/negotiation/areas/E0704/timetable").status_code == 404


def test_the_openapi_document_declares_each_step():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    base = "/api/v1/negotiation/agreements/{area_code}/targets/{subject_id}"
    for step in ("proposals", "counter-proposals", "acceptances", "challenges", "escalations", "resolutions",
                 "decisions"):
        responses = paths[f"{base}/{step}"]["post"]["responses"]
        assert {"201", "400", "403", "404", "409", "422"} <= set(responses), step
    assert "post" in paths["/api/v1/negotiation/agreements/{area_code}/meetings"]
