"""Free text is bounded at 20,000 characters everywhere (issue 9: a 4 MB story of place
was accepted): each form states the limit and refuses a longer text naming the field,
saving nothing; the agreement file and the API refuse it through the schema
(tests/integration/test_hostile_files.py)."""

from __future__ import annotations

import pytest

from laa.agreements.models import Agreement
from laa.domain.input_limits import MAX_TEXT_CHARS

from . import test_agreement_pages as pages
from .test_agreement_pages import KENT, target_data, text, url

kent, blank, officer = pages.kent, pages.blank, pages.officer  # the pages' fixtures

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (MAX_TEXT_CHARS + 1)


def test_the_limit_is_20000_characters():
    assert MAX_TEXT_CHARS == 20_000  # the forms' hints say so in words


def test_the_story_of_place_form_states_the_limit_and_refuses_a_longer_text(client_for, kent):
    client = client_for("officer")
    assert text(client.get(url(KENT, "edit"))).count("Up to 20,000 characters.") == 2
    before = (kent.version, kent.story_of_place)
    response = client.post(url(KENT, "edit"), {"version": kent.version, "story_of_place": TOO_LONG,
                                               "evidence": "JSNA", "education_responsibility": "yes"})
    assert response.status_code == 400
    assert "The story of place must be 20,000 characters or fewer" in text(response)
    kent.refresh_from_db()
    assert (kent.version, kent.story_of_place) == before


@pytest.mark.parametrize("field", ["evidence", "assessment"])
def test_the_outcome_form_refuses_long_text(client_for, blank, field):
    client = client_for("officer")
    assert "Up to 20,000 characters." in text(client.get(url(KENT, "outcomes/new")))
    response = client.post(url(KENT, "outcomes/new"), {"version": blank.version, "key": "health",
                                                       "title": "Healthier", field: TOO_LONG})
    assert response.status_code == 400
    assert "must be 20,000 characters or fewer" in text(response)
    assert not blank.outcomes.filter(key="health").exists()


def test_the_consultation_form_refuses_a_long_summary(client_for, blank):
    client = client_for("officer")
    assert "Up to 20,000 characters." in text(client.get(url(KENT, "consultations/new")))
    response = client.post(url(KENT, "consultations/new"), {"version": blank.version, "consultee": "Panel",
                                                            "summary": TOO_LONG})
    assert response.status_code == 400
    assert "What they said must be 20,000 characters or fewer" in text(response)
    assert not blank.consultations.exists()


@pytest.mark.parametrize("field", ["delivery_plan", "placeholder_reason"])
def test_the_target_form_refuses_long_text(client_for, blank, field):
    client = client_for("officer")
    response = client.post(url(KENT, "targets/new"), target_data(version=blank.version, **{field: TOO_LONG}))
    assert response.status_code == 400
    assert "must be 20,000 characters or fewer" in text(response)
    assert not Agreement.objects.get(pk=blank.pk).targets.exists()
