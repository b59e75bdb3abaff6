"""The one way a form shows a field's error (issue 8: a macro that was always true put an
error box on every fresh negotiation form)."""

from __future__ import annotations

import pytest

from laa.presentation.presenters import error_list, field_error


@pytest.mark.parametrize(("errors", "name", "form", "posted", "expected"), [
    ({}, "text", "", "", None),
    (None, "text", "", "", None),
    ({"text": ""}, "text", "", "", None),
    ({"other": "Say why"}, "text", "", "", None),
    ({"text": "Say why"}, "text", "", "", {"text": "Say why"}),
    # a page of several forms: only the posted one shows its errors
    ({"text": "Say why"}, "text", "challenge", "challenge", {"text": "Say why"}),
    ({"text": "Say why"}, "text", "resolve", "challenge", None),
    ({"text": "Say why"}, "text", "challenge", "", None),
])
def test_field_error(errors, name, form, posted, expected):
    assert field_error(errors, name, form, posted) == expected


def test_a_fresh_form_renders_no_error_message():
    """Through the GOV.UK macro, as the templates call it."""
    from django.template import engines

    env = engines["jinja2"].env
    template = env.from_string(
        '{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}'
        '{{ govukInput({"id": "a", "name": "a", "label": {"text": "A"}, '
        '"errorMessage": field_error(errors, "a", "x", posted)}) }}')
    assert "govuk-error-message" not in template.render(errors={}, posted="")
    assert "govuk-error-message" not in template.render(errors={"a": "Wrong"}, posted="y")
    assert "Wrong" in template.render(errors={"a": "Wrong"}, posted="x")


def test_error_list_links_each_message_to_its_field():
    assert error_list({"held_on": "Give a date", "note": "Too long"}, {"held_on": "held_on-day"}) == [
        {"text": "Give a date", "href": "#held_on-day"}, {"text": "Too long", "href": "#note"}]
    assert error_list(None) == []
