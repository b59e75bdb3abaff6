"""One tag per sign-off state on every page (issue 10): "Agreed with the GO" was one colour
on the agreement page and another on the sign-off page."""

from __future__ import annotations

import re

import pytest

from laa.domain.signoff import STATE_LABELS
from laa.domain.signoff import SignOffState as S

from .signoff_support import advance, make_agreement

pytestmark = pytest.mark.django_db


def tag_of(html: str, label: str) -> str:
    found = re.search(r'<strong class="govuk-tag ([^"]*)"[^>]*>\s*' + re.escape(label), html)
    assert found, f"no tag {label!r} on the page"
    return found.group(1)


@pytest.mark.parametrize("state", [S.SUBMITTED, S.AGREED_WITH_GO, S.RECOMMENDED])
def test_a_state_has_the_same_tag_on_the_agreement_and_sign_off_pages(client_for, state):
    agreement = advance(make_agreement(), state)
    client = client_for("go-manager")
    code = agreement.area.code
    label = STATE_LABELS[state]
    on_agreement = tag_of(client.get(f"/agreements/{code}/").content.decode(), label)
    on_sign_off = tag_of(client.get(f"/sign-off/{code}").content.decode(), label)
    assert on_agreement == on_sign_off
