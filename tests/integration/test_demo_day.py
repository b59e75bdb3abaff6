"""Issue 8, defect 8: the national page summarises overdue milestones per milestone (the
count of areas late and a link to them), not one row per area."""

from __future__ import annotations

import re
from datetime import date

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _milestones(db, settings):
    from laa.negotiation.reference import load_milestones
    from laa.permissions import SystemActor

    load_milestones(actor=SystemActor("laa load-reference"))
    settings.LAA_TODAY = date(2008, 5, 20)


def overdue_table(html: str) -> str:
    return html[html.index('id="overdue"'):html.index("</table>", html.index('id="overdue"'))]


def test_the_national_page_counts_areas_late_on_each_milestone(client_for):
    html = client_for("clg").get("/negotiation/national").content.decode()
    table = overdue_table(html)
    rows = re.findall(r"<tr class=\"govuk-table__row\">", table)
    # One row per overdue milestone (seven fall before 20 May 2008), not one per area (150).
    assert len(rows) == 1 + 7
    assert "Story of place" in table or "story of place" in table
    assert "150 areas" in table
    assert "Kent" not in table and "Hartlepool" not in table
    assert 'id="overdue-areas"' not in html


def test_the_link_lists_the_areas_late_on_that_milestone(client_for):
    clg = client_for("clg")
    html = clg.get("/negotiation/national").content.decode()
    href = re.search(r'href="([^"]*\?overdue=story_of_place[^"]*)"', overdue_table(html)).group(1)
    listed = clg.get(href.replace("&amp;", "&").split("#")[0]).content.decode()
    section = listed[listed.index('id="overdue-areas"'):]
    assert "150 areas late on" in section and "Kent" in section and "Hartlepool" in section
    assert clg.get("/negotiation/national?overdue=nonsense").status_code == 200
