"""Sign-off's free text (a step's reason and note, a warning's acknowledgement) is bounded
like every other free text (issue 9): refused naming the field, nothing written."""

from __future__ import annotations

import json

import pytest

from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.signoff import actions
from laa.signoff.models import SignOffStatus

from .signoff_support import make_agreement, user

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (MAX_TEXT_CHARS + 1)


@pytest.mark.parametrize("field", ["reason", "note"])
def test_a_step_with_text_past_the_limit_is_refused_naming_the_field(field):
    agreement = make_agreement()
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(actor=user("officer"), agreement=agreement, transition="submit",
                           expected_state=agreement.state, **{field: TOO_LONG})
    assert refused.value.field == field and refused.value.status == 422
    assert "20,000 characters or fewer" in refused.value.message
    agreement.refresh_from_db()
    assert agreement.state == "draft" and not SignOffStatus.objects.filter(agreement=agreement).exists()


def test_an_acknowledgement_past_the_limit_is_refused():
    agreement = make_agreement()
    with pytest.raises(Exception) as refused:
        actions.acknowledge_warning(actor=user("officer"), agreement=agreement, rule="D7.inside-interval",
                                    target="NI 1", reason=TOO_LONG)
    assert "20,000 characters or fewer" in str(getattr(refused.value, "problems", refused.value))


def test_the_api_refuses_a_reason_past_the_limit(client_for):
    agreement = make_agreement()
    response = client_for("officer").post(
        f"/api/v1/sign-off/agreements/{agreement.area.code}/transitions/submit",
        json.dumps({"expected_state": "draft", "reason": TOO_LONG}), content_type="application/json")
    assert response.status_code == 422
    agreement.refresh_from_db()
    assert agreement.state == "draft"
