"""The board report, a department's progress, the national picture and equality breakdowns
(issue 13), as each role sees them: Kent's NI 16 on track at the end of 2008/09 Q3 and off
track at the end of Q4; the board report for Q4 says it got worse and lists it as an
exception; the PDF is printed in the background; the Home Office sees its indicators
across areas, CLG the national picture by region and by indicator; NI 1's groups against
the whole population. Refusals: 403 for those who may not read a page, 404 outside the
scope, 400 for a quarter or an area that is not one."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.test import override_settings

from laa import clock
from laa.agreements.models import Agreement
from laa.hub import actions as hub
from laa.performance import delivery_actions
from laa.performance.board_models import BoardReportPdf
from laa.performance.reading import area_progress
from laa.performance.tasks import print_board_report
from laa.permissions import SystemActor

from .conftest import world_once_in_transaction
from .reviews_support import APPROVAL_DAY
from .versions_support import published_kent

pytestmark = pytest.mark.django_db

DAY = "2009-06-30"


@pytest.fixture(scope="module")
def kent_once(django_db_setup, django_db_blocker):
    """Kent's published agreement with NI 16's values of 2008/09 Q3 and Q4 and NI 1's groups,
    built once for the module (`world_once_in_transaction`)."""
    def build() -> None:
        with override_settings(LAA_TODAY=APPROVAL_DAY):
            published_kent()
        with override_settings(LAA_TODAY=DAY):
            body = (b"indicator,area,group,period,value,status,sample_size\n"
                    b"NI 16,E2221,all,2008/09 Q3,35.00,final,\n"   # on track (the trajectory: 35.55)
                    b"NI 16,E2221,all,2008/09 Q4,38.00,final,\n"   # off track (35.40)
                    b"NI 1,E2221,all,Place Survey 2008,60.0,final,1000\n"
                    b"NI 1,E2221,sex:female,Place Survey 2008,70.0,final,500\n"
                    b"NI 1,E2221,sex:male,Place Survey 2008,50.0,final,500\n"
                    b"NI 1,E2221,age:16-24,Place Survey 2008,61.0,final,250\n")
            report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(body),
                                       size=len(body))
        assert not report.rejected, report.rejected
    yield from world_once_in_transaction(django_db_blocker, build)


@pytest.fixture
def kent(kent_once, db, settings):
    settings.LAA_TODAY = DAY
    return Agreement.objects.get(area__code="E2221")


def text(response) -> str:
    body = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_the_board_report_for_a_quarter(kent, client_for):
    assert "report to the partnership board: 2009/10 Q1" in text(client_for("officer").get(
        "/progress/E2221/board-report"))  # the latest quarter ended (on the day)
    response = client_for("officer").get("/progress/E2221/board-report", {"period": "2008/09 Q4"})
    assert response.status_code == 200
    page = text(response)
    assert "Kent: report to the partnership board: 2008/09 Q4" in page
    assert "periods ended by 31 March 2009" in page and "at the end of 2008/09 Q3 (31 December 2008)" in page
    changed = section(page, "What changed since 2008/09 Q3", "Exceptions")
    assert "NI 16 : Serious acquisitive crime rate On track 2008/09 Q3 Off track 2008/09 Q4 Worse" in changed
    exceptions = section(page, "Targets off track without commentary", "Designated and statutory targets")
    assert "NI 16" in exceptions and "Off track with no commentary for 2008/09 Q4" in exceptions
    assert "Local targets (" in page and "The board report as a PDF" in page
    assert 'id="progress-chart-1"' in response.content.decode()  # the trajectory chart, its table beside it
    assert "Figures in the chart" in page


def test_an_earlier_quarter_judges_on_the_values_ended_by_then(kent, client_for):
    page = text(client_for("go-manager").get("/progress/E2221/board-report", {"period": "2008/09 Q3"}))
    assert "report to the partnership board: 2008/09 Q3" in page
    target = section(page, "NI 16: Serious acquisitive crime rate", "Trajectory for")
    assert "On track" in target and "35.00 (2008/09 Q3)" in target


@pytest.mark.parametrize("period", ["2009/10 Q2", "2008/09 Q9", "nonsense"])
def test_a_quarter_that_is_not_one_is_refused_beside_its_field(kent, client_for, period):
    response = client_for("officer").get("/progress/E2221/board-report", {"period": period})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert f"Error: “{period}” is not a quarter of the agreement (2008/09 to 2010/11) that has ended" in page
    assert "What changed" not in page


@pytest.mark.parametrize(("username", "area", "status"), [("department", "E2221", 403), ("dcsf", "E2221", 403),
                                                          ("officer", "E0601", 404)])  # an area not its own
def test_who_may_not_read_the_board_report(kent, client_for, username, area, status):
    assert client_for(username).get(f"/progress/{area}/board-report").status_code == status
    assert client_for(username).get(f"/progress/{area}/board-report.pdf").status_code == status


def test_a_resident_is_sent_to_sign_in(kent, client):
    response = client.get("/progress/E2221/board-report")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_the_progress_page_links_the_board_report(kent, client_for):
    assert 'href="/progress/E2221/board-report" id="board-report-link"' in client_for("officer").get(
        "/progress/E2221").content.decode()


def test_the_pdf_is_printed_in_the_background_then_served(kent, client_for):
    client = client_for("officer")
    waiting = client.get("/progress/E2221/board-report.pdf", {"period": "2008/09 Q4"})
    assert waiting.status_code == 202 and waiting["Retry-After"] == "10"
    assert "The PDF is being prepared" in text(waiting)
    with override_settings(LAA_TODAY=DAY):
        fingerprint = print_board_report.call(kent.pk, "2008/09 Q4", waiting.wsgi_request.user.pk)
    kept = BoardReportPdf.objects.get(agreement=kent, fingerprint=fingerprint)
    assert kept.period == "2008/09 Q4" and kept.pages > 1
    response = client.get("/progress/E2221/board-report.pdf", {"period": "2008/09 Q4"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert bytes(response.content).startswith(b"%PDF")
    # a value superseded: the report's HTML changes, the kept PDF is not served
    body = b"indicator,area,period,value,status\nNI 16,E2221,2008/09 Q4,35.10,final\n"
    hub.import_values(actor=SystemActor("a test"), name="v.csv", stream=io.BytesIO(body), size=len(body))
    assert client.get("/progress/E2221/board-report.pdf", {"period": "2008/09 Q4"}).status_code == 202


def test_a_department_sees_its_indicators_across_areas_off_track_first(kent, client_for):
    response = client_for("department").get("/progress/department")
    assert response.status_code == 200
    page = text(response)
    assert "Home Office: progress of targets on its indicators" in page
    targets = section(page, "Targets in every area, off track first", "Support links")
    rows = targets[targets.index("Trajectory"):].split("Kent South East")[1:]
    assert len(rows) > 1 and "NI 16" in rows[0] and "Off track" in rows[0]  # off track first
    assert not any("Off track" in r for r in rows[1:])
    assert "Kent South East NI 16 : Serious acquisitive crime rate Off track" in targets
    assert "NI 152" not in targets  # the Department for Work and Pensions'
    # a department's lead cannot ask for another department's page
    other = text(client_for("department").get("/progress/department", {"department": "DWP"}))
    assert "Home Office: progress of targets on its indicators" in other and "Work and Pensions" not in other


def test_national_readers_choose_a_department(kent, client_for):
    page = text(client_for("clg").get("/progress/department", {"department": "DWP"}))
    assert "Department for Work and Pensions: progress of targets on its indicators" in page
    assert client_for("clg").get("/progress/department", {"department": "NOPE"}).status_code == 404


def test_the_national_picture_by_region_and_by_indicator(kent, client_for):
    response = client_for("clg").get("/progress/national")
    assert response.status_code == 200
    page = text(response)
    assert "Progress of the agreements: the national picture" in page
    regions = section(page, "By region", "By national indicator")
    assert regions.startswith("By region") and "South East" in regions
    assert "North East (no approved agreement) 0 0 0 0 0" in regions
    assert "NI 16: Serious acquisitive crime rate 1 0 0 0 1" in page
    html = response.content.decode()
    assert 'href="/progress/?region=SE"' in html and 'href="/progress/indicators/NI%2016"' in html


@pytest.mark.parametrize("username", ["go-manager", "officer", "department"])
def test_the_national_picture_is_for_national_readers(kent, client_for, username):
    assert client_for(username).get("/progress/national").status_code == 403


@pytest.mark.parametrize("username", ["go-manager", "officer"])
def test_a_departments_page_is_not_for_others(kent, client_for, username):
    assert client_for(username).get("/progress/department").status_code == 403


def test_equality_breakdowns_show_each_groups_gap(kent, client):
    response = client.get("/progress/indicators/NI%201/groups", {"area": "E2221"})  # public: a resident
    assert response.status_code == 200
    page = text(response)
    assert "NI 1: equality breakdowns: Kent" in page and "The whole population: 60.0" in page
    assert "Sex: female 70.0" in page and "+10.0 Significant 10.0 above the whole population" in page
    assert "Sex: male 50.0" in page and "-10.0 Significant 10.0 below the whole population: significantly worse" in page
    assert "Age: 16-24 61.0" in page and "Not significant 1.0 above" in page
    assert "Sex: female highest, Sex: male lowest: a gap of 20.0, significant" in page
    assert 'id="groups-chart"' in response.content.decode()


def test_equality_breakdowns_empty_and_refused(kent, client_for):
    client = client_for("officer")
    assert "Choose an area to see its values by group" in text(client_for("clg").get(
        "/progress/indicators/NI%201/groups"))
    assert "The hub holds no value of NI 16 by group for Kent for a period ended yet." in text(
        client.get("/progress/indicators/NI%2016/groups", {"area": "E2221"}))
    bad = client.get("/progress/indicators/NI%201/groups", {"area": "NOPE"})
    assert bad.status_code == 400 and "Error: Choose an area from the list" in text(bad)
    bad = client.get("/progress/indicators/NI%201/groups", {"area": "E2221", "period": "2011"})
    assert bad.status_code == 400 and "Error: Choose a period the hub holds group values for" in text(bad)
    assert client.get("/progress/indicators/NI%20999/groups").status_code == 404


def test_the_api_gives_a_departments_progress_and_the_national_picture(kent, client_for):
    found = client_for("department").get("/api/v1/performance/progress/departments/HO").json()
    assert found["department"] == "HO" and found["areas"] == 1
    first = found["targets"][0]
    assert (first["area_code"], first["key"], first["judgement"], first["period"], first["value"]) == (
        "E2221", "NI 16", "off_track", "2008/09 Q4", "38.0000")
    assert {i["code"] for i in found["indicators"]} >= {"NI 16"}
    assert client_for("department").get("/api/v1/performance/progress/departments/DWP").status_code == 403
    assert client_for("clg").get("/api/v1/performance/progress/departments/DWP").status_code == 200
    assert client_for("clg").get("/api/v1/performance/progress/departments/NOPE").status_code == 404
    national = client_for("clg").get("/api/v1/performance/progress/national").json()
    assert national["areas"] == 1 and national["regions"][0]["code"] == "SE"
    assert next(i for i in national["indicators"] if i["code"] == "NI 16")["off_track"] == 1
    assert client_for("go-manager").get("/api/v1/performance/progress/national").status_code == 403


def test_the_kept_pictures_change_when_a_value_is_superseded(kent, client_for):
    clg, lead = client_for("clg"), client_for("department")
    assert "NI 16: Serious acquisitive crime rate 1 0 0 0 1" in text(clg.get("/progress/national"))
    assert "Kent South East NI 16 : Serious acquisitive crime rate Off track" in text(lead.get("/progress/department"))
    body = b"indicator,area,period,value,status\nNI 16,E2221,2008/09 Q4,35.10,final\n"  # now on track
    hub.import_values(actor=SystemActor("a test"), name="v.csv", stream=io.BytesIO(body), size=len(body))
    assert "NI 16: Serious acquisitive crime rate 0 0 1 0 1" in text(clg.get("/progress/national"))
    assert "Kent South East NI 16 : Serious acquisitive crime rate On track" in text(lead.get("/progress/department"))


def test_equality_breakdowns_start_at_the_partnerships_own_area(kent, client_for):
    assert "NI 1: equality breakdowns: Kent" in text(client_for("officer").get("/progress/indicators/NI%201/groups"))
    assert "Choose an area to see its values by group" in text(client_for("officer").get(
        "/progress/indicators/NI%201/groups", {"area": ""}))


def test_the_kept_board_report_shows_new_commentary(kent, client_for):

    client = client_for("officer")
    assert "Off track with no commentary for 2008/09 Q4" in text(
        client.get("/progress/E2221/board-report", {"period": "2008/09 Q4"}))
    officer = client.get("/progress/E2221").wsgi_request.user
    found = area_progress(officer, kent, clock.today())
    item = next(t for t in found.targets if t.target.key == "NI 16")
    delivery_actions.add_commentary(actor=officer, found=found, item=item, period="2008/09 Q4",
                                    why="Burglary rose in the winter", next_steps="A campaign in the spring")
    page = text(client.get("/progress/E2221/board-report", {"period": "2008/09 Q4"}))
    assert "Off track with no commentary for 2008/09 Q4" not in page
    assert "Burglary rose in the winter" in page
