"""Sign-off state machine (D12): the table, roles and states of `decide`."""

from __future__ import annotations

import pytest

from laa.domain.roles import ROLE_LABELS, Role
from laa.domain.signoff import (
    ROLES,
    STATE_LABELS,
    TRANSITIONS,
    Refusal,
    SignOffState,
    available_transitions,
    decide,
)

from .signoff_context import GOOD

S = SignOffState
R = Role
# Who may take each step, pinned here from DOMAIN.md D12 and docs/adr/0005-sign-off.md,
# not read from TRANSITIONS: a wrong role in the table fails these tests. The LSP's
# officer submits and records the council's approval (for the responsible authority); the
# GO agrees; its Regional Director recommends; the Secretary of State (CLG) approves,
# designates, publishes or refers back; a district's adoption is recorded by the officer
# or the district's own council (a partner authority).
EXPECTED_ROLES: dict[str, frozenset[Role]] = {
    "submit": frozenset({R.PARTNERSHIP_OFFICER}),
    "return_to_draft": frozenset({R.PARTNERSHIP_OFFICER, R.GO_OFFICER, R.GO_DIRECTOR}),
    "agree": frozenset({R.GO_OFFICER, R.GO_DIRECTOR}),
    "council_approve": frozenset({R.PARTNERSHIP_OFFICER}),
    "recommend": frozenset({R.GO_DIRECTOR}),
    "refer_back": frozenset({R.CLG}),
    "approve": frozenset({R.CLG}),
    "designate": frozenset({R.CLG}),
    "publish": frozenset({R.CLG}),
    "adopt_district": frozenset({R.PARTNERSHIP_OFFICER, R.PARTNER_AUTHORITY}),
}
ALLOWED = [(name, role) for name, roles in EXPECTED_ROLES.items() for role in sorted(roles)]
FORBIDDEN = [
    (name, role) for name, roles in EXPECTED_ROLES.items() for role in ROLES if role not in roles
]
WRONG_STATE = [
    (name, state) for name, t in TRANSITIONS.items() for state in S if state not in t.from_states
]


def a_from_state(name: str) -> SignOffState:
    return next(s for s in S if s in TRANSITIONS[name].from_states)


# ---- the table ----------------------------------------------------------------------------


def test_the_table_declares_the_brief_transitions():
    assert set(TRANSITIONS) >= {
        "submit",
        "return_to_draft",
        "agree",
        "council_approve",
        "recommend",
        "approve",
        "designate",
        "publish",
        "adopt_district",
    }


def test_roles_are_the_nine_signed_in_roles():
    assert [str(r) for r in ROLES] == [
        "partnership_officer",
        "partner_authority",
        "go_officer",
        "go_director",
        "department_lead",
        "dcsf",
        "clg",
        "inspector",
        "administrator",
    ]


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_transition_is_well_formed(name):
    t = TRANSITIONS[name]
    assert t.name == name and t.label and t.past
    assert t.roles and t.roles <= set(ROLES)
    assert t.from_states
    if t.to_state is not None:
        assert t.to_state not in t.from_states


def test_the_table_gives_each_step_the_roles_d12_names():
    assert set(EXPECTED_ROLES) == set(TRANSITIONS)
    assert {name: t.roles for name, t in TRANSITIONS.items()} == EXPECTED_ROLES


def test_only_adopt_district_leaves_the_state_as_it_is():
    assert [n for n, t in TRANSITIONS.items() if not t.changes_state] == ["adopt_district"]


def test_each_edge_is_declared_once():
    edges = [(s, t.to_state) for t in TRANSITIONS.values() if t.to_state for s in t.from_states]
    assert len(edges) == len(set(edges))


def test_every_state_except_draft_is_reachable_and_published_is_final():
    targets = {t.to_state for t in TRANSITIONS.values()}
    assert set(S) - {S.DRAFT} <= targets
    assert not [t for t in TRANSITIONS.values() if t.changes_state and S.PUBLISHED in t.from_states]


@pytest.mark.parametrize("state", list(S))
def test_every_state_has_a_label(state):
    assert STATE_LABELS[state]


def test_labels_read_as_the_brief_says():
    assert STATE_LABELS[S.SUBMITTED] == "Submitted to the Government Office"
    assert TRANSITIONS["submit"].label == "Submit to the Government Office"
    assert all(ROLE_LABELS[r] for r in ROLES)


# ---- roles --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "role"), ALLOWED)
def test_allowed_roles_may_make_the_transition(name, role):
    decision = decide(name, current_state=a_from_state(name), role=role, context=GOOD)
    assert decision.allowed, decision.reason
    expected = TRANSITIONS[name].to_state or a_from_state(name)
    assert decision.to_state == expected


@pytest.mark.parametrize(("name", "role"), FORBIDDEN)
def test_every_other_role_is_refused(name, role):
    decision = decide(name, current_state=a_from_state(name), role=role, context=GOOD)
    assert not decision.allowed
    assert decision.refusal is Refusal.ROLE
    assert decision.to_state is None
    assert decision.reason.startswith("Only ")


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("role", [None, "", "resident", "anonymous", "superuser"])
def test_residents_and_unknown_roles_are_always_refused(name, role):
    decision = decide(name, current_state=a_from_state(name), role=role, context=GOOD)
    assert decision.refusal is Refusal.ROLE
    assert "Sign in" in decision.reason


def test_a_role_may_be_given_as_its_code():
    assert decide("recommend", current_state="council_approved", role="go_director").allowed


def test_an_unknown_transition_is_refused_not_raised():
    decision = decide("sign_early", current_state=S.DRAFT, role=Role.CLG)
    assert decision.refusal is Refusal.UNKNOWN_TRANSITION
    assert "sign_early" in decision.reason


def test_role_refusal_names_who_may_act():
    decision = decide("recommend", current_state=S.COUNCIL_APPROVED, role=Role.GO_OFFICER)
    assert (
        decision.reason
        == "Only the Government Office Regional Director can recommend to the Secretary of State."
    )


# ---- states -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "state"), WRONG_STATE)
def test_a_transition_from_the_wrong_state_is_refused(name, state):
    role = sorted(TRANSITIONS[name].roles)[0]
    decision = decide(name, current_state=state, role=role, context=GOOD)
    assert decision.refusal is Refusal.STATE
    assert STATE_LABELS[state] in decision.reason


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        (S.DRAFT, Role.PARTNERSHIP_OFFICER, ["submit"]),
        (S.AGREED_WITH_GO, Role.PARTNERSHIP_OFFICER, ["return_to_draft", "council_approve", "adopt_district"]),
        (S.COUNCIL_APPROVED, Role.PARTNER_AUTHORITY, []),
        (S.SUBMITTED, Role.GO_OFFICER, ["return_to_draft", "agree"]),
        (S.COUNCIL_APPROVED, Role.GO_DIRECTOR, ["return_to_draft", "recommend"]),
        (S.RECOMMENDED, Role.CLG, ["refer_back", "approve"]),
        (S.APPROVED, Role.CLG, ["designate"]),
        (S.PUBLISHED, Role.CLG, []),
        (S.APPROVED, Role.PARTNER_AUTHORITY, []),
        (S.DRAFT, None, []),
        (S.DRAFT, Role.INSPECTOR, []),
    ],
)

def test_available_transitions_for_buttons(state, role, expected):
    assert [t.name for t in available_transitions(state, role)] == expected
