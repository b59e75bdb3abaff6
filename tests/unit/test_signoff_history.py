"""The sign-off state derived from append-only status rows, and walks by decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laa.domain.roles import Role
from laa.domain.signoff import (
    ROLES,
    TRANSITIONS,
    SignOffState,
    decide,
)
from laa.domain.signoff_guards import (
    SignOffContext,
)
from laa.domain.signoff_history import (
    InvalidStatusChain,
    StatusRow,
    derive_state,
    entered_at,
    returns_to_draft,
    transition_between,
)
from laa.domain.signoff_locks import frozen

from .signoff_context import DISTRICTS, GOOD

S = SignOffState
T0 = datetime(2008, 5, 1, 9, 0)


HAPPY_PATH = [
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.AGREED_WITH_GO),
    (S.AGREED_WITH_GO, S.COUNCIL_APPROVED),
    (S.COUNCIL_APPROVED, S.RECOMMENDED),
    (S.RECOMMENDED, S.APPROVED),
    (S.APPROVED, S.DESIGNATED),
    (S.DESIGNATED, S.PUBLISHED),
]


def rows(pairs):
    return [StatusRow(a, b, T0 + timedelta(days=i)) for i, (a, b) in enumerate(pairs)]


@pytest.mark.parametrize("length", range(len(HAPPY_PATH) + 1))
def test_derive_state_follows_the_happy_path(length):
    expected = HAPPY_PATH[length - 1][1] if length else S.DRAFT
    assert derive_state(rows(HAPPY_PATH[:length])) is expected


def test_derive_state_accepts_plain_string_tuples():
    assert derive_state([("draft", "submitted", T0), ("submitted", "draft", T0)]) is S.DRAFT


@pytest.mark.parametrize(
    ("pairs", "phrase"),
    [
        (
            [(S.SUBMITTED, S.AGREED_WITH_GO)],
            "starts from 'submitted' but the agreement was 'draft'",
        ),
        ([(S.DRAFT, S.APPROVED)], "no declared transition"),
        ([(S.DRAFT, S.SUBMITTED), (S.AGREED_WITH_GO, S.COUNCIL_APPROVED)], "Row 2"),
        ([(S.DRAFT, S.DRAFT)], "no declared transition"),
        ([("draft", "signed")], "Row 1"),
        (HAPPY_PATH + [(S.PUBLISHED, S.DRAFT)], "no declared transition"),
    ],
)
def test_derive_state_rejects_a_broken_chain(pairs, phrase):
    with pytest.raises(InvalidStatusChain, match=phrase):
        derive_state(rows(pairs))


def test_derive_state_rejects_rows_out_of_time_order():
    bad = [StatusRow(S.DRAFT, S.SUBMITTED, T0), StatusRow(S.SUBMITTED, S.DRAFT, T0 - timedelta(1))]
    with pytest.raises(InvalidStatusChain, match="dated before"):
        derive_state(bad)


@pytest.mark.parametrize(
    ("pairs", "count"),
    [
        ([], 0),
        (HAPPY_PATH[:3], 0),
        ([(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.DRAFT)], 1),
        (HAPPY_PATH[:3] + [(S.COUNCIL_APPROVED, S.DRAFT)], 1),
        (HAPPY_PATH[:4] + [(S.RECOMMENDED, S.DRAFT), (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.DRAFT)], 2),
    ],
)
def test_returns_to_draft_count_the_sign_off_cycles(pairs, count):
    assert returns_to_draft(rows(pairs)) == count


def test_transition_between_and_entered_at():
    chain = rows(HAPPY_PATH)
    assert transition_between(S.RECOMMENDED, S.APPROVED).name == "approve"
    assert transition_between(S.RECOMMENDED, S.DRAFT).name == "refer_back"
    assert transition_between(S.DRAFT, S.PUBLISHED) is None
    assert entered_at(chain, S.APPROVED) == T0 + timedelta(days=4)
    assert entered_at(chain[:2], S.APPROVED) is None


ANY_ROLE = st.sampled_from([*ROLES, None, "resident"])
CONTEXTS = st.builds(
    SignOffContext,
    rule_errors=st.sampled_from([0, 0, 1, None]),
    unacknowledged_warnings=st.sampled_from([0, 0, 2]),
    council_body=st.sampled_from(["full_council", "executive", "cabinet", None]),
    today=st.sampled_from([date(2008, 6, 1), date(2008, 6, 30), date(2008, 8, 15)]),
    approval_opens_on=st.just(date(2008, 6, 6)),
    approved_on=st.sampled_from([date(2008, 6, 30), date(2008, 7, 20)]),
    reason=st.sampled_from(["", "changes needed"]),
    two_tier=st.booleans(),
    district=st.sampled_from(["E07000008", "E07000099", None]),
    area_districts=st.just(DISTRICTS),
    open_negotiations=st.sampled_from([(), (), ("NI 116",), None]),
    open_disputes=st.sampled_from([(), (), ("NI 152",)]),
    statutory_waiting=st.sampled_from([(), (), ("NI 72",), None]),
)



@given(st.data(), st.integers(min_value=0, max_value=40))
def test_derive_state_agrees_with_any_sequence_of_allowed_decisions(data, length):
    state, stored, reached = S.DRAFT, [], {S.DRAFT}
    for i in range(length):
        # Mostly a transition open from here by one of its roles, sometimes anything at all.
        open_here = [n for n, t in TRANSITIONS.items() if state in t.from_states] or ["publish"]
        name = data.draw(st.sampled_from(open_here) | st.sampled_from(list(TRANSITIONS)))
        role = data.draw(st.sampled_from(sorted(TRANSITIONS[name].roles)) | ANY_ROLE)
        ctx = data.draw(CONTEXTS)
        decision = decide(name, current_state=state, role=role, context=ctx)
        if not decision.allowed:
            assert decision.to_state is None and decision.reason
            continue
        assert role in TRANSITIONS[name].roles and state in TRANSITIONS[name].from_states
        if decision.to_state is not state:
            stored.append(StatusRow(state, decision.to_state, T0 + timedelta(hours=i)))
        state = decision.to_state
        reached.add(state)
        assert derive_state(stored) is state
    assert derive_state(stored) is state
    if frozen(state):
        assert S.APPROVED in reached
    if state is not S.DRAFT:
        assert stored[-1].to_state is state


def test_a_full_walk_by_decisions_reaches_published():
    steps = [
        ("submit", Role.PARTNERSHIP_OFFICER),
        ("agree", Role.GO_OFFICER),
        ("adopt_district", Role.PARTNER_AUTHORITY),
        ("council_approve", Role.PARTNERSHIP_OFFICER),
        ("recommend", Role.GO_DIRECTOR),
        ("approve", Role.CLG),
        ("designate", Role.CLG),
        ("publish", Role.CLG),
    ]
    state, stored = S.DRAFT, []
    for i, (name, role) in enumerate(steps):
        decision = decide(name, current_state=state, role=role, context=GOOD)
        assert decision.allowed, (name, decision.reason)
        if decision.to_state is not state:
            stored.append(StatusRow(state, decision.to_state, T0 + timedelta(hours=i)))
        state = decision.to_state
    assert state is S.PUBLISHED and derive_state(stored) is S.PUBLISHED
    assert len(stored) == 7
