"""An indicator's comparison page, the hotspots page and the region view's hotspots, and
their API (issue 13, ADR 0026), as the people who read them see them."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest

from laa.hub import actions as hub
from laa.permissions import SystemActor

from .page_text import text

pytestmark = pytest.mark.django_db

SE = ["E2221", "E2201", "E2202", "E2203", "E2204", "E2205"]  # Kent, and some South East unitaries


def row(response, code: str) -> str:
    """The words of an area's row of the table."""
    html = response.content.decode()
    start = html.index(f'id="area-{code}"')
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html[start:html.index("</tr>", start)])))


def table(response) -> str:
    """The words of the table of areas."""
    html = response.content.decode()
    start = html.index('id="areas"')
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html[start:html.index("</table>", start)])))


def send(rows: str) -> None:
    body = ("indicator,area,period,value,status,numerator,denominator,reason\n" + rows).encode()
    report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(body), size=len(body))
    assert not report.rejected, report.rejections[:3]


def ni_rows(code: str, values: dict[str, float], period: str = "2008/09", status: str = "final",
            counts: bool = False) -> str:
    out = []
    for area, v in values.items():
        num, den = (f"{round(v * 100)}", "10000") if counts else ("", "")
        out.append(f"{code},{area},{period},{v},{status},{num},{den},")
    return "\n".join(out) + "\n"


@pytest.fixture
def areas(db):
    from laa.places.models import Area

    return list(Area.objects.filter(valid_to__isnull=True).order_by("code").values_list("code", flat=True))


def test_a_resident_reads_every_areas_rank_quartile_and_significance(client, areas):
    # NI 26 (specialist support to victims, a percentage: higher is better) with counts
    values = {code: 40 + (i % 40) for i, code in enumerate(areas[:40])}
    values["E2221"] = 79.5
    send(ni_rows("NI 26", values, counts=True))
    response = client.get("/progress/indicators/NI 26")
    page = text(response)
    assert "NI 26: how areas compare" in page
    kent = row(response, "E2221")
    assert "79.5" in kent and "Best quartile" in kent and "Better" in kent and "Wilson" in kent
    assert "Rank in England" in page and "1 of 41" in kent
    assert "England: " in page and "pooled from the areas' counts, 41 areas" in page
    assert "Cannot be calculated (fewer than 5 values)" in page
    html = client.get("/progress/indicators/NI 26").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="laa-chart" id="comparison-chart"' in html
    assert html.count('<tr class="govuk-table__row" id="area-') >= 40


def test_a_resident_compares_final_values_only(client, client_for):
    send(ni_rows("NI 16", {"E2221": 30.0, "E0102": 40.0}) + ni_rows("NI 16", {"E0101": 20.0}, status="provisional"))
    resident = table(client.get("/progress/indicators/NI 16"))
    assert "Kent" in resident and "Bath & North East Somerset South West No value for the period" in resident
    officer = table(client_for("officer").get("/progress/indicators/NI 16"))
    assert "Provisional" in officer and "Provisional" not in resident


def test_filters_by_region_and_by_an_areas_peers(client, areas):
    send(ni_rows("NI 16", {code: 10 + i for i, code in enumerate(areas)}))
    region = table(client.get("/progress/indicators/NI 16?region=SE"))
    assert "Areas of South East" in region and "Rank in region" in region
    assert "Leeds" not in region
    peers = table(client.get("/progress/indicators/NI 16?area=E2221&peers=type"))
    assert "Kent (chosen)" in peers and "Rank among peers" in peers and "Kent and its peers" in peers
    assert "Lancashire" in peers and "Leeds" not in peers  # shire counties only


def test_a_nearest_neighbours_file_gives_the_peers_and_a_bad_one_is_named(client, settings, tmp_path, areas):
    send(ni_rows("NI 16", {code: 10 + i for i, code in enumerate(areas)}))
    path = tmp_path / "nn.csv"
    path.write_text("area_code,neighbour_code,rank\nE2221,E2201,1\n", encoding="utf-8")
    settings.LAA_NEAREST_NEIGHBOURS = str(path)
    page = text(client.get("/progress/indicators/NI 16?area=E2221&peers=neighbours"))
    assert "Rank among peers" in page and " of 2 " in page
    path.write_text("area_code,neighbour_code,rank\nE2221,NOPE,1\n", encoding="utf-8")
    page = text(client.get("/progress/indicators/NI 16?area=E2221&peers=neighbours"))
    assert "line 2: neighbour_code 'NOPE' is not a known area" in page
    assert "areas of the same type are the peer groups" in page


def test_an_unknown_indicator_is_404_and_an_unknown_period_is_said(client):
    assert client.get("/progress/indicators/NI 999").status_code == 404
    send(ni_rows("NI 16", {"E2221": 30.0}))
    page = text(client.get("/progress/indicators/NI 16?period=1999/00"))
    assert 'no value of NI 16 for the period "1999/00": 2008/09 is shown' in page
    assert "holds no value of NI 17 for any area yet" in text(client.get("/progress/indicators/NI 17"))


def _worst_three(areas: list[str]) -> str:
    # three Safer communities indicators (lower is better) where Kent is the worst of many
    rows = ""
    for k, code in enumerate(("NI 16", "NI 20", "NI 15")):  # no other area is among the worst on all three
        rows += ni_rows(code, {**{a: 10 + (i + 10 * k) % 30 for i, a in enumerate(areas[:30])}, "E2221": 99})
    return rows


def test_hotspots_for_the_go_the_department_and_the_region_view(client_for, areas):
    send(_worst_three(areas))
    go = text(client_for("go-manager").get("/progress/hotspots"))
    assert "Hotspots: South East" in go and "Kent" in go and "Safer communities" in go
    assert "NI 16" in go and "NI 20" in go and "NI 15" in go
    region = text(client_for("go-manager").get("/progress/"))
    assert "Hotspots" in region and "Kent South East Safer communities" in region
    department = text(client_for("department").get("/progress/hotspots"))
    assert "Hotspots: Home Office" in department and "Kent" in department
    assert "Hotspots on your department's indicators" in text(client_for("department").get("/negotiation/department"))
    dcsf = text(client_for("dcsf").get("/progress/hotspots"))
    assert "No hotspots" in dcsf
    clg = text(client_for("clg").get("/progress/hotspots?region=NE"))
    assert "Hotspots: North East" in clg and "No hotspots in North East" in clg
    assert client_for("officer").get("/progress/hotspots").status_code == 403


def test_the_api_compares_and_lists_hotspots(client, client_for, areas):
    send(_worst_three(areas))
    body = client.get("/api/v1/performance/indicators/NI 16/comparison").json()
    assert body["period"] == "2008/09" and body["polarity"] == "lower"
    kent = next(a for a in body["areas"] if a["area_code"] == "E2221")
    assert kent["england"]["rank"] == 31 and kent["england"]["quartile"] == 4
    assert kent["vs_england"] == "not_compared"  # a rate without its count: no interval
    assert client.get("/api/v1/performance/indicators/NI 999/comparison").status_code == 404
    spots = client_for("go-manager").get("/api/v1/performance/hotspots").json()
    assert spots["region"] == "SE"
    assert [(h["area_code"], h["theme"], len(h["indicators"])) for h in spots["hotspots"]] == [
        ("E2221", "Safer communities", 3)]
    assert client_for("officer").get("/api/v1/performance/hotspots").status_code == 403
    assert client.get("/api/v1/performance/hotspots").status_code == 401


def test_only_periods_ended_by_the_services_day_are_compared(client, settings):
    send(ni_rows("NI 16", {"E2221": 30.0, "E0101": 40.0}) + ni_rows("NI 16", {"E2221": 20.0}, period="2009/10"))
    settings.LAA_TODAY = "2009-06-30"
    page = text(client.get("/progress/indicators/NI 16"))
    assert "Every area's value for 2008/09" in page and "2009/10 (" not in page
    settings.LAA_TODAY = "2010-06-30"
    assert "Every area's value for 2009/10" in text(client.get("/progress/indicators/NI 16"))
