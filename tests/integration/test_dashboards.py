"""The dashboards: the Government Office's region, a department's targets across all areas
and CLG's national picture (laa.dashboards)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from laa.accounts.models import User

from .matrix_negotiation import build_world, target_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Pages keep rendered content per process, keyed by the data (laa.presentation.fragments);
    a rolled-back test can leave ids that the next test reuses, so start each test empty."""
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def words(html: str) -> str:
    """The page's text without its tags, spaces normalised."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table(response, table_id: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<table class="govuk-table" id="{table_id}">.*?</table>', html, re.S)
    assert found, f"no table #{table_id}"
    return words(found.group(0))


@override_settings(LAA_TODAY="2008-05-20")
def test_the_region_dashboard(world, client_for):
    from laa.negotiation import actions
    from laa.negotiation.scopes import Subject

    for seen, level in enumerate(("go", "department"), start=1):
        actions.add_entry(actor=User.objects.get(username="go-manager"),
                          subject=Subject(world.agreement, target=world.ni16),
                          kind="escalate", seen=seen, level=level, text="Affordability.")
    url = reverse("dashboards:region_dashboard")
    go = client_for("go-manager")
    response = go.get(url)
    page = text(response)
    assert "Government Office for the South East (GOSE): negotiations" in page
    assert "Deadlines" in page and "Today is 20 May 2008" in page
    areas = table(response, "areas")
    assert areas.startswith("19 areas")
    kent = re.search(r"Kent Draft .*? Medway", areas)
    assert kent, areas
    kent = kent.group(0)
    assert "0 of 3" in kent and "1 in negotiation" in kent and kent.endswith("1 Medway")
    assert "Not started 18 Draft 1" in table(response, "stages")
    assert "Kent NI 16 (NI 16) In dispute: the department" in table(response, "disputes")
    filtered = table(go.get(url, {"region": "SE", "stage": "not_started"}), "areas")
    assert filtered.startswith("18 of 19 areas") and "Kent" not in filtered
    disputes = table(go.get(url, {"region": "SE", "disputes": "1"}), "areas")
    assert disputes.startswith("1 of 19 areas") and "Kent" in disputes
    north_east = client_for("clg").get(url, {"region": "NE"})
    assert "Government Office for the North East" in text(north_east)
    assert "Kent" not in table(north_east, "areas")
    # A GO user sees only their own region, whatever the address asks for.
    assert "Kent" in table(go.get(url, {"region": "NE"}), "areas")


def test_the_department_view(world, client_for):
    url = reverse("dashboards:department_view")
    response = client_for("department").get(url)
    page = text(response)
    assert "Home Office: targets on your indicators" in page
    assert 'href="/negotiation/areas/E2221/targets/' in page
    assert table(response, "indicators").endswith("NI 16 Serious acquisitive crime rate 1 0 1 0")
    mine = table(response, "targets")
    assert "Kent (GOSE) NI 16" in mine and "NI 39" not in mine and "Proposed" in mine
    # NI 39 is the Department of Health's, in the Home Office's theme (safer communities).
    others = table(response, "others")
    assert "NI 39" in others and "Department of Health" in others and "NI 16" not in others
    assert "1 target" in words(client_for("department").get(url, {"status": "proposed"}).content.decode())
    assert "0 targets" in words(client_for("department").get(url, {"status": "agreed"}).content.decode())
    assert "NI 72" in table(client_for("dcsf").get(url), "targets")
    assert "NI 72" in table(client_for("clg").get(url, {"department": "DCSF"}), "targets")


def test_the_department_view_places_indicators_without_a_theme_by_their_group(world, client_for):
    """The 48 indicators of "Local economy and environmental sustainability" have no theme:
    DEFRA sees the other departments' targets of that group (here CLG's NI 154)."""
    from laa.agreements import actions
    from laa.catalogue.models import IndicatorDefinition

    ni154 = IndicatorDefinition.objects.get(indicator__code="NI 154", is_current=True)
    assert (ni154.theme, ni154.annex, ni154.department.code) == (
        "", "Local economy and environmental sustainability", "CLG")
    assert IndicatorDefinition.objects.filter(is_current=True, department__code="DEFRA", theme="").exists()
    world.agreement.refresh_from_db()
    actions.save_target(actor=User.objects.get(username="officer"), agreement=world.agreement,
                        draft=target_draft("NI 154", "designated", baseline="1200", final="1500"))
    response = client_for("clg").get(reverse("dashboards:department_view"), {"department": "DEFRA"})
    assert response.status_code == 200
    others = table(response, "others")
    assert "NI 154" in others and "Local economy and environmental sustainability" in others, others
    assert "Local economy and environmental sustainability" in text(response)  # among DEFRA's themes
    # The Home Office (themed indicators only) still does not see it.
    assert "NI 154" not in table(client_for("department").get(reverse("dashboards:department_view")), "others")


@override_settings(LAA_TODAY="2008-05-20")
def test_the_national_view(world, client_for):
    response = client_for("clg").get(reverse("dashboards:national_view"))
    assert "Not started 149 Draft 1 Submitted" in table(response, "stages")
    assert "Not started 2 Proposed 1 Under negotiation 0" in table(response, "statuses")
    assert "South East 19 1 19 0 0 of 3" in table(response, "regions")
    assert "NI 16 Serious acquisitive crime rate HO 1" in table(response, "chosen")
    overdue = table(response, "overdue")  # per milestone, the areas counted (issue 8)
    assert overdue.startswith("Overdue milestones") and "150 areas" in overdue and "Kent" not in overdue
    assert "Deadlines" in text(response)
