"""The inspector's CAA view and the residents' pages (issue 13, ADR 0027), as people see
them: Kent's progress and its indicators compared; an inspector records a red flag with
its evidence (errors beside their fields, nothing saved), changes the draft, publishes
it; a draft is seen by inspectors, CLG and the administrator only; a published flag is
never edited, only withdrawn with a reason; residents read the published flag and Kent's
progress on final values only, and download it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.performance.caa_models import CaaFlag, CaaFlagStatus
from laa.places.models import Area, Region

from .page_text import text

pytestmark = pytest.mark.django_db

DAY = "2009-06-30"
EVIDENCE = "Burglary rose by a fifth in two years and the partnership has no plan to bring it down."


@pytest.fixture
def kent(kent_in_delivery_once, db, settings):
    """Kent's published agreement with NI 16 off track and NI 20 at risk (provisional),
    built once for the module."""
    settings.LAA_TODAY = DAY
    return Agreement.objects.get(area__code="E2221")


def record(client, **given):
    data = {"form": "record", "colour": "red", "title": "Acquisitive crime rising", "evidence": EVIDENCE,
            "concerns": "NI 16", **given}
    return client.post("/progress/E2221/assessment", data)


def step(client, flag, form, **given):
    return client.post("/progress/E2221/assessment", {"form": form, "flag": flag.pk, "version": flag.version, **given})


def test_the_caa_view_shows_indicators_targets_and_links(kent, client_for):
    page = text(client_for("inspector").get("/progress/E2221/assessment"))
    assert "Kent: Comprehensive Area Assessment" in page
    assert "All national indicators" in page and "NI 16" in page and "NI 198" in page
    assert "The agreement's targets" in page and "Off track" in page
    assert page.index("NI 16") < page.index("All national indicators")  # the off-track target among the targets
    assert "Record a flag" in page
    progress = text(client_for("officer").get("/progress/E2221"))
    assert "Comprehensive Area Assessment" in progress and "What residents see" in progress
    officer_view = text(client_for("officer").get("/progress/E2221/assessment"))
    assert "Record a flag" not in officer_view and "No flags published for Kent" in officer_view


def test_the_caa_view_asked_again_reads_its_key_and_stamps_and_shows_a_change_at_once(kent, client_for):
    inspector, go = client_for("inspector"), client_for("go-manager")
    first = text(inspector.get("/progress/E2221/assessment"))
    with CaptureQueriesContext(connection) as queries:
        again = text(inspector.get("/progress/E2221/assessment"))
    # the session and the user; the agreement, its versions, the flags and the reward's stamps in
    # one query (its SQL built once); the hub's, the catalogue's and the places' stamps
    assert len(queries) == 6, "\n".join(q["sql"][:150] for q in queries)
    assert again == first and "Acquisitive crime rising" not in first
    assert record(client_for("inspector")).status_code == 302
    assert "Acquisitive crime rising" in text(inspector.get("/progress/E2221/assessment"))
    # a department reads the agreement but not its progress, however often it asks
    department = client_for("department")
    assert [department.get("/progress/E2221/assessment").status_code for _ in range(2)] == [403, 403]
    # Kent moves to another Government Office's region: the South East's GO still sees its
    # published agreement, but no longer reads its progress (not from its kept page either)
    assert go.get("/progress/E2221/assessment").status_code == 200
    Area.objects.filter(code="E2221").update(region=Region.objects.exclude(code="SE").first())
    assert go.get("/progress/E2221/assessment").status_code == 403


def test_an_inspector_records_changes_and_publishes_a_red_flag(kent, client_for):
    inspector = client_for("inspector")
    response = record(inspector, title="", evidence="", colour="amber", concerns="NI 999")
    assert response.status_code == 400
    page = text(response)
    for said in ("Choose whether the flag is red or green.", "Give the flag a title.", "Give the evidence for the flag.",
                 "'NI 999' is not an indicator or target of the area."):
        assert page.count(said) == 2  # in the summary and beside its field
    assert CaaFlag.objects.count() == 0

    response = record(inspector)
    assert response.status_code == 302 and response["Location"].endswith("#flags")
    flag = CaaFlag.objects.get()
    assert (flag.colour, flag.state, flag.concerns) == ("red", "draft", ["NI 16"])
    assert "Draft" in text(inspector.get("/progress/E2221/assessment"))
    assert "Acquisitive crime rising" in text(client_for("clg").get("/progress/E2221/assessment"))
    for who in ("officer", "go-manager"):  # a draft is not theirs to read
        assert "Acquisitive crime rising" not in text(client_for(who).get("/progress/E2221/assessment"))
    assert "Acquisitive crime rising" not in text(Client().get("/progress/E2221/public"))

    assert step(inspector, flag, "change", colour="red", title="Burglary rising", evidence=EVIDENCE).status_code == 302
    assert step(inspector, flag, "change", colour="red", title="Stale", evidence=EVIDENCE).status_code == 409  # seen v1
    flag.refresh_from_db()
    assert (flag.title, flag.version) == ("Burglary rising", 2)

    assert step(inspector, flag, "publish").status_code == 302
    flag.refresh_from_db()
    assert flag.state == "published"
    refused = step(inspector, flag, "change", colour="green", title="Changed", evidence=EVIDENCE)
    assert refused.status_code == 409 and "only a draft is changed" in text(refused)
    assert [s.step for s in CaaFlagStatus.objects.filter(flag=flag)] == ["record", "change", "publish"]
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="caa-flag")} == {
        "caa-flag-record", "caa-flag-change", "caa-flag-publish"}
    for who in ("officer", "go-manager", "clg"):
        assert "Burglary rising" in text(client_for(who).get("/progress/E2221/assessment"))

    resident = text(Client().get("/progress/E2221/public"))
    assert "Burglary rising" in resident and EVIDENCE in resident and "Red flag" in resident

    assert step(inspector, flag, "withdraw", reason=" ").status_code == 400
    assert step(inspector, flag, "withdraw", reason="The new plan answers it").status_code == 302
    assert "Burglary rising" not in text(Client().get("/progress/E2221/public"))
    assert "The new plan answers it" in text(inspector.get("/progress/E2221/assessment"))


def test_the_api_gives_published_flags_to_everyone_and_drafts_to_those_who_read_them(kent, client_for):
    inspector = client_for("inspector")
    record(inspector)
    record(inspector, colour="green", title="Worklessness: exceptional work with employers")
    green = CaaFlag.objects.get(colour="green")
    assert step(inspector, green, "publish").status_code == 302
    assert [f["title"] for f in Client().get("/api/v1/performance/E2221/flags").json()["flags"]] == [
        "Worklessness: exceptional work with employers"]
    found = client_for("clg").get("/api/v1/performance/E2221/flags").json()["flags"]
    assert [(f["colour"], f["state"]) for f in found] == [("green", "published"), ("red", "draft")]
    assert [s["step"] for s in found[0]["steps"]] == ["record", "publish"]
    assert Client().get("/api/v1/performance/E9999/flags").status_code == 404


def test_a_draft_changed_badly_shows_the_errors_beside_its_own_fields(kent, client_for):
    inspector = client_for("inspector")
    record(inspector)
    flag = CaaFlag.objects.get()
    response = step(inspector, flag, "change", colour="red", title="", evidence=EVIDENCE)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#change-{flag.pk}-title"' in html and f'id="change-{flag.pk}-title-error"' in html
    assert CaaFlag.objects.get().title == "Acquisitive crime rising"
    step(inspector, flag, "publish")
    again = step(inspector, flag, "publish")  # seen as a draft: it is published now
    assert again.status_code == 409 and "The flag is published: it cannot be published." in text(again)


def test_only_inspectors_write_flags(kent, client_for):
    for who in ("clg", "admin", "go-manager", "officer"):
        assert record(client_for(who)).status_code == 403
    assert CaaFlag.objects.count() == 0


def test_residents_read_progress_on_final_values_and_download_it(kent, client_for):
    resident = Client()
    page = text(resident.get("/progress/E2221/public"))
    assert "How Kent is doing" in page and "The latest figure: 38.00 (2008/09 Q4)" in page
    assert "39.40" not in page  # provisional: not for residents
    assert "Progress in your area" in text(resident.get("/"))
    # the area's public page leads there once its agreement is published; Medway's is not
    assert 'href="/progress/E2221/public"' in resident.get("/areas/E2221").content.decode()
    assert "/public" not in resident.get("/areas/E2201").content.decode().split('id="agreement"')[1]
    assert "Kent" in text(resident.get("/progress/public"))

    rows = list(csv.DictReader(io.StringIO(resident.get("/progress/E2221/public/progress.csv").content.decode())))
    ni16 = next(r for r in rows if r["target"] == "NI 16")
    assert (ni16["judgement"], ni16["latest_value"], ni16["period"]) == ("Off track", "38.00", "2008/09 Q4")
    assert ni16["trajectory"]
    data = json.loads(resident.get("/progress/E2221/public/values.json").content)
    assert [r["indicator"] for r in data["records"]] == ["NI 16"]  # NI 20 is provisional
    assert float(data["records"][0]["value"]) == 38 and data["records"][0]["status"] == "final"
    values = resident.get("/progress/E2221/public/values.csv")
    assert values["Content-Type"].startswith("text/csv") and "NI 20" not in values.content.decode()
    assert resident.get("/progress/E2221/public/secrets.csv").status_code == 404
    assert resident.get("/progress/E9999/public").status_code == 404
