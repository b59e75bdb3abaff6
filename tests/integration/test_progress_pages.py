"""The progress page (issue 13, ADR 0022) as the people who read it see it: Kent's targets
of the version in force, each with its latest value from the hub against the trajectory,
the judgement (off track first) and its reason, the chart with its table; who may read it."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laa.agreements.models import Agreement
from laa.hub import actions as hub
from laa.permissions import SystemActor

from .page_text import text

pytestmark = pytest.mark.django_db

PAGE = "/progress/E2221"


@pytest.fixture
def kent(published_kent_once, db, settings):
    """Kent's published agreement, built once for the module."""
    settings.LAA_TODAY = "2009-06-30"
    return Agreement.objects.get(area__code="E2221")


def send(rows: str) -> None:
    body = ("indicator,area,period,value,status,ci_lower,ci_upper,sample_size\n" + rows).encode()
    report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(body), size=len(body))
    assert not report.rejected, report


KENT_2008 = (
    "NI 16,E2221,2008/09 Q3,35.10,final,,,\n"
    "NI 16,E2221,2008/09 Q4,38.00,final,,,\n"      # target 35.40, baseline 36: off track
    "NI 20,E2221,2008/09 Q4,39.40,provisional,,,\n"  # target 39.33: short by 0.07, within 0.17: at risk
    "NI 30,E2221,2008/09,69.0,final,,,\n"          # target 69.3, lower is better: on track
    "NI 39,E2221,2008/09,,suppressed,,,\n"
    "NI 4,E2221,Place Survey 2008,68.0,final,66.6,69.4,4200\n"
)


def test_the_partnership_reads_each_target_judged_off_track_first(kent, client_for):
    send(KENT_2008)
    response = client_for("officer").get(PAGE)
    assert response.status_code == 200
    page = text(response)
    assert "Kent: progress against the agreement" in page
    assert "version 1 of the agreement (in force from 30 June 2008)" in page
    assert ("NI 16: Serious acquisitive crime rate Off track Why 38.00 (2008/09 Q4) against 35.40 for 2008/09: "
            "short by 2.60 (short by more than a quarter of the step from the baseline)") in page
    assert "Latest value 38.00 (2008/09 Q4) Final Trajectory for 2008/09 Q4 35.40" in page
    assert "NI 20: Assault with injury crime rate At risk" in page and "short by 0.07" in page
    assert "39.40 (2008/09 Q4) Provisional" in page
    assert "NI 30: Re-offending rate of prolific and priority offenders On track" in page
    assert "The 2008/09 value is suppressed (small numbers): nothing to judge" in page
    assert "A placeholder: no target set yet (Indicator introduced in 2009/10: no baseline yet)" in page
    assert "Not reported for 2008/09 yet" in page  # NI 111 and the others with no values
    # off track first, then at risk, on track, no judgement
    order = [page.index(s) for s in ("NI 16: Serious", "NI 20: Assault", "NI 30: Re-offending", "NI 39: Rate")]
    assert order == sorted(order)
    counts = response.content.decode()
    assert 'id="count-off_track">1<' in counts and 'id="count-at_risk">1<' in counts
    assert 'id="count-on_track">1<' in counts


def test_each_chart_draws_the_values_so_far_with_its_table(kent, client_for):
    send(KENT_2008)
    html = client_for("go-manager").get(PAGE).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="laa-chart"') >= 30
    page = text(client_for("go-manager").get(PAGE))
    assert "2008/09 38.00 Reported value" in page
    assert "reported value 38.00 in 2008/09" in page  # the chart's description
    assert "Forecast 42.00 in 2010/11, short of the target" in page  # 36 then 38: the line to 2010/11
    assert "2010/11 42.00 Forecast from the trend so far" in page


def test_a_survey_value_is_judged_by_its_interval_and_the_non_survey_year_by_direction(kent, client_for, settings):
    send(KENT_2008 + "NI 4,E2221,Place Survey 2010,71.0,final,69.6,72.4,4200\n"
         "NI 1,E2221,Place Survey 2008,47.0,final,,,4200\n")
    settings.LAA_TODAY = "2011-06-30"
    page = text(client_for("inspector").get(PAGE))
    assert ("71.0 (Place Survey 2010; 95% interval 69.6 to 72.4) against 72.0 for 2010/11: not significantly "
            "different from the target (the interval holds it)") in page
    assert ("2009/10: No judgement No Place Survey in 2009/10: direction of travel gauged by Kent Residents' Panel "
            "mini survey on the Place Survey question, autumn 2009 (demonstration).; its figure is not reported yet") in page


@pytest.mark.parametrize(("username", "status"), [
    ("officer", 200), ("partner", 200), ("go-manager", 200), ("go-director", 200), ("clg", 200),
    ("inspector", 200), ("admin", 200), ("department", 403), ("dcsf", 403),
])
def test_who_reads_the_progress_page(kent, client_for, username, status):
    response = client_for(username).get(PAGE)
    assert response.status_code == status
    if status == 403:
        assert "for its partnership, its Government Office and national readers" in text(response)


def test_a_resident_is_sent_to_sign_in_and_another_areas_officer_gets_not_found(kent, client, client_for):
    assert client.get(PAGE).status_code == 302
    assert client_for("officer").get("/progress/E2201").status_code == 404


def test_the_go_reads_its_regions_areas_with_most_off_track_first(kent, client_for):
    send(KENT_2008)
    response = client_for("go-manager").get("/progress/")
    page = text(response)
    assert "Government Office for the South East (GOSE): progress of the region's agreements" in page
    html = response.content.decode()
    row = html[html.index('id="area-E2221"'):]
    cells = re.findall(r'numeric">(\d+)</td>', row[:row.index("</tr>")])
    off, at_risk, on, none = map(int, cells)
    assert (off, at_risk, on) == (1, 1, 1) and none > 30
    assert 'href="/progress/E2221">Kent</a>' in row


def test_the_region_view_is_kept_until_a_value_comes_in(kent, client_for):
    """Kept per reader (ADR 0023): asked again it reads its scope and stamps only, and an
    import that changes a judgement shows at once."""
    def off_track(html: str) -> int:
        row = html[html.index('id="area-E2221"'):]
        return int(re.findall(r'numeric">(\d+)</td>', row[:row.index("</tr>")])[0])

    go = client_for("go-manager")
    before = off_track(go.get("/progress/").content.decode())
    with CaptureQueriesContext(connection) as queries:
        again = go.get("/progress/").content.decode()
    assert off_track(again) == before
    # the session and the user; the region with its approved agreements and their versions
    # in one query (its SQL built once); the hub's, the catalogue's and the places' stamps
    assert len(queries) == 6, "\n".join(q["sql"][:120] for q in queries)
    send(KENT_2008)
    assert off_track(go.get("/progress/").content.decode()) == before + 1


def test_the_api_gives_each_targets_progress(kent, client_for):
    send(KENT_2008)
    body = client_for("clg").get("/api/v1/performance/E2221/progress").json()
    assert body["area_code"] == "E2221" and body["version"] == 1 and body["day"] == "2009-06-30"
    first = body["targets"][0]
    assert first["key"] == "NI 16" and first["latest"]["judgement"] == "off_track"
    assert first["latest"]["period"] == "2008/09 Q4" and first["latest"]["value"] == "38.0000"
    assert first["forecast"]["value"] == "42.00" and first["forecast"]["meets"] is False
    assert client_for("department").get("/api/v1/performance/E2221/progress").status_code == 403
    assert client_for("officer").get("/api/v1/performance/E2201/progress").status_code == 404


def test_a_quarter_is_judged_against_the_trajectory_that_far_through_the_year(kent, client_for, settings):
    send("NI 16,E2221,2009/10 Q1,35.30,provisional,,,\n")  # 2009/10 Q1: a quarter from 35.40 to 34.80 -> 35.25
    settings.LAA_TODAY = "2009-07-31"
    page = text(client_for("officer").get(PAGE))
    assert ("35.30 (2009/10 Q1) against 35.25 for 2009/10 Q1 (a quarter of the way from 35.40 to 2009/10's "
            "34.80): short by 0.05") in page
    assert "Trajectory for 2009/10 Q1 35.25" in page


def test_the_sign_off_page_and_the_region_dashboard_link_to_progress(kent, client_for):
    assert 'href="/progress/E2221">Progress against the agreement' in client_for("officer").get(
        "/sign-off/E2221").content.decode()
    assert 'href="/progress/E2221"' not in client_for("department").get("/sign-off/E2221").content.decode()
    assert 'href="/progress/?region=SE"' in client_for("go-manager").get("/negotiation/region").content.decode()
