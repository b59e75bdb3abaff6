"""What each sign-off state allows: content edits only in draft, frozen from approval."""

from __future__ import annotations

import pytest

from laa.domain.signoff import (
    FROZEN_STATES,
    SignOffState,
)
from laa.domain.signoff_locks import content_editable, content_locked_message, frozen

S = SignOffState


@pytest.mark.parametrize(
    ("state", "is_frozen"),
    [
        (S.DRAFT, False),
        (S.SUBMITTED, False),
        (S.AGREED_WITH_GO, False),
        (S.COUNCIL_APPROVED, False),
        (S.RECOMMENDED, False),
        (S.APPROVED, True),
        (S.DESIGNATED, True),
        (S.PUBLISHED, True),
        ("approved", True),
        ("draft", False),
    ],
)
def test_approval_and_later_freeze_the_content(state, is_frozen):
    assert frozen(state) is is_frozen
    assert (SignOffState(state) in FROZEN_STATES) is is_frozen


@pytest.mark.parametrize(
    ("state", "editable", "phrase"),
    [
        (S.DRAFT, True, ""),
        ("draft", True, ""),
        (S.SUBMITTED, False, "is with the Government Office"),
        (S.AGREED_WITH_GO, False, "with the council for approval"),
        (S.COUNCIL_APPROVED, False, "approved by the council"),
        (S.RECOMMENDED, False, "with the Secretary of State"),
        (S.APPROVED, False, "frozen and changes only through a revision"),
        (S.DESIGNATED, False, "frozen and changes only through a revision"),
        (S.PUBLISHED, False, "frozen and changes only through a revision"),
    ],
)
def test_content_changes_only_in_draft(state, editable, phrase):
    assert content_editable(state) is editable
    message = content_locked_message(state, "Kent")
    assert (message == "") is editable
    assert phrase in message
    if not editable and not frozen(state):
        assert message.startswith("The agreement for Kent is ")
        assert "back to draft to change it" in message
