"""The hub's pages as a person sees them: data by indicator and by area, a value's
history, the import pages (dry run with errors per row, rejected rows, confirm, the
ledger), the supplier register and the burden register."""

from __future__ import annotations

import html as htmllib
import io
import re

import pytest

from laa.accounts.models import User
from laa.hub.actions import import_values, load_suppliers
from laa.hub.models import LedgerEntry, Observation
from laa.permissions import SystemActor
from laa.web.demo_burdens import load_demo_burdens

SYSTEM = SystemActor("a test")  # what a command acts as

pytestmark = pytest.mark.django_db


def words(response) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def imported(username: str, body: str, name: str = "values.csv"):
    data = body.encode()
    report = import_values(actor=User.objects.get(username=username), name=name, stream=io.BytesIO(data),
                           size=len(data))
    assert report.written, report.summary()
    return report


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def ni16():
    imported("department", "indicator,area,period,value,status\nNI 16,E2221,2008/09,35.4,provisional\n"
                           "NI 16,E2201,2008/09,31.2,final\n")
    return imported("department", "indicator,area,period,value,reason\n"
                                  "NI 16,E2221,2008/09,35.1,The police recorded crime audit corrected\n")


def test_an_indicators_page_lists_each_areas_value_for_the_period(client_for, ni16):
    page = words(client_for("clg").get("/hub/indicators/NI%2016?period=2008/09"))
    assert "Data by area for 2008/09" in page and "2 areas" in page
    assert "Kent 35.10 Final Corrected: see history" in page and "Medway 31.20 Final" in page


def test_an_unknown_period_is_refused_by_name_and_the_latest_shown(client_for, ni16):
    response = client_for("clg").get("/hub/indicators/NI%2016?period=1999/00")
    assert response.status_code == 400
    assert "There are no values of NI 16 for the period 1999/00" in words(response)


def test_a_resident_sees_final_values_only(client_for):
    imported("department", "indicator,area,period,value,status\nNI 16,E2221,2009/10,35.0,provisional\n"
                           "NI 16,E2201,2009/10,31.0,final\n")
    page = words(client_for("anonymous").get("/hub/indicators/NI%2016?period=2009/10"))
    assert "Medway 31.00" in page and "Kent" not in page


def test_an_areas_page_shows_the_latest_value_of_each_indicator(client_for, ni16):
    imported("department", "indicator,area,period,value\nNI 16,E2221,2009/10,34.8\n")
    page = words(client_for("officer").get("/hub/areas/E2221"))
    assert "Kent, South East" in page and "1 indicators" in page
    assert "NI 16" in page and "2009/10 34.80" in page and "2008/09" not in page


def test_a_values_history_keeps_the_value_it_superseded_with_who_and_why(client_for, ni16):
    current = Observation.objects.current().get(indicator__code="NI 16", area__code="E2221")
    page = words(client_for("go-manager").get(f"/hub/values/{current.pk}"))
    assert page.index("35.10 Final Current") < page.index("35.40 Provisional Superseded")
    assert "Why it corrects the value before The police recorded crime audit corrected" in page
    assert "Replaced by 35.10, HO" in page and "Import values.csv" in page


def test_an_empty_indicator_and_an_unknown_value(client_for):
    assert "The hub holds no values of NI 20" in words(client_for("clg").get("/hub/indicators/NI%2020"))
    assert client_for("clg").get("/hub/values/999999").status_code == 404
    assert client_for("clg").get("/hub/indicators/NI%20999").status_code == 404


BAD = "indicator,area,period,value\nNI 16,E2221,2008/09,35.4\nNI 16,E9999,2008/09,12\nNI 16,E2201,2008/09,abc\n"
GOOD = "indicator,area,period,value\nNI 16,E2221,2008/09,35.4\nNI 16,E2201,2008/09,31.2\n"


def test_the_dry_run_names_each_rejected_row_and_writes_nothing(client_for, send):
    client = client_for("department")
    response = send(client, BAD)
    page = words(response)
    assert response.status_code == 200 and "There is a problem with 2 rows" in page
    assert re.search(r"3 area .*E9999", page) and re.search(r"4 value .*abc", page)
    assert "Confirm the import" not in page and not Observation.objects.exists()
    link = re.search(r'href="(/hub/imports/uploads/\d+/rejected-rows\.csv)"', response.content.decode()).group(1)
    rejected = b"".join(client.get(link).streaming_content).decode().splitlines()
    assert rejected[0].endswith(",problem") and len(rejected) == 3
    assert "E9999" in rejected[1] and rejected[1].split(",")[-1].startswith("row 3: area")


def test_a_clean_file_is_confirmed_into_the_ledger_and_again_changes_nothing(client_for, send, confirm):
    client = client_for("department")
    checked = send(client, GOOD)
    page = words(checked)
    assert "New values 2" in page and "Rejected rows 0" in page and not Observation.objects.exists()
    done = confirm(client, checked)
    assert "You imported ho.csv: 2 new values, 0 corrected, 0 unchanged" in words(done)
    assert Observation.objects.count() == 2 and LedgerEntry.objects.count() == 1
    again = words(send(client, GOOD))
    assert "Unchanged values 2" in again and "importing it would change nothing" in again
    assert "Confirm the import" not in again
    ledger = words(client.get("/hub/imports/"))
    assert "ho.csv department (HO)" in ledger


def test_a_file_of_the_wrong_kind_or_none_is_refused_naming_the_field(client_for, send):
    client = client_for("department")
    assert "must be named .csv, .xlsx or .json" in words(send(client, GOOD, "ho.txt"))
    none = client.post("/hub/imports/new", {})
    assert none.status_code == 400 and "Select a file of values" in words(none)
    empty = send(client, "", "empty.csv")
    assert empty.status_code == 400 and "The file is empty" in words(empty)


def test_the_supplier_register_names_each_indicators_supplier(client_for):
    load_suppliers(actor=SYSTEM)
    page = words(client_for("anonymous").get("/hub/"))
    assert re.search(r"NI 16 HO \(the owning department\)", page)
    assert "Import values" not in page


def test_the_burden_register_shows_clg_the_reduction_and_the_aims(client_for, settings):
    load_demo_burdens()
    settings.LAA_TODAY = "2009-06-01"
    page = words(client_for("clg").get("/hub/burdens"))
    assert "Demonstration data" in page
    assert re.search(r"Department of Health 1 460 300 34\.8% Met Met", page)
    assert re.search(r"Department for Culture, Media and Sport 1 88 88 0\.0% Missed Not yet met", page)
    assert "All departments 13" in page
    home_office = words(client_for("department").get("/hub/burdens"))
    assert "Home Office" in home_office and "Department of Health" not in home_office


def test_the_burden_register_when_empty(client_for):
    assert "No data collections are recorded" in words(client_for("clg").get("/hub/burdens"))


def test_the_latest_whole_year_is_shown_before_its_last_quarter(client_for):
    imported("department", "indicator,area,period,value\nNI 16,E2221,2008/09,35.4\nNI 16,E2221,2008/09 Q4,8.9\n"
                           "NI 16,E2221,2008/09 Q3,9.1\n")
    page = words(client_for("clg").get("/hub/indicators/NI%2016"))
    assert "Data by area for 2008/09 " in page
    assert page.index("2008/09 2008/09 Q4 2008/09 Q3") >= 0
