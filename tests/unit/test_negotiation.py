"""What a negotiation is made of (D11): who speaks for which side, the ladder, the labels."""

from __future__ import annotations

import pytest

from laa.domain.negotiation import (
    STATUS_LABELS,
    EscalationLevel,
    NegotiationStatus,
    Side,
    ThreadKind,
    next_escalation,
    side_for_role,
)
from laa.domain.roles import Role

P, G = Side.PARTNERSHIP, Side.GOVERNMENT
NS, L = NegotiationStatus, EscalationLevel


@pytest.mark.parametrize(
    ("current", "champion", "expected"),
    [
        (None, False, L.GO),
        (None, True, L.GO),
        (L.GO, True, L.DEPARTMENT),
        (L.DEPARTMENT, True, L.WHITEHALL_CHAMPION),
        (L.DEPARTMENT, False, L.MINISTERS),
        (L.WHITEHALL_CHAMPION, True, L.MINISTERS),
        (L.MINISTERS, True, None),
        (L.MINISTERS, False, None),
    ],
)
def test_next_escalation(current, champion, expected):
    assert next_escalation(current, champion=champion) is expected


def test_every_status_has_a_label():
    assert set(STATUS_LABELS) == set(NS)


@pytest.mark.parametrize(
    ("role", "target", "statutory"),
    [
        (Role.PARTNERSHIP_OFFICER, P, P),
        (Role.PARTNER_AUTHORITY, None, None),
        (Role.GO_OFFICER, G, None),
        (Role.GO_DIRECTOR, G, None),
        (Role.DEPARTMENT_LEAD, None, None),  # departments speak through the GO
        (Role.DCSF, None, G),
        (Role.CLG, None, None),
        (Role.INSPECTOR, None, None),
        (Role.ADMINISTRATOR, None, None),
        (None, None, None),
        ("resident", None, None),
    ],
)
def test_side_for_role(role, target, statutory):
    assert side_for_role(role, ThreadKind.TARGET) == target
    assert side_for_role(role, ThreadKind.PRIORITY_OUTCOME) == target
    assert side_for_role(role, ThreadKind.STATUTORY_TARGET) == statutory
