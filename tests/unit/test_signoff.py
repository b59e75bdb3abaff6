"""Sign-off state machine (D12): table, roles, guards, derived state, content hash."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laa.domain.content_hash import canonical_json, content_hash
from laa.domain.signoff import (
    FROZEN_STATES,
    ROLE_LABELS,
    ROLES,
    STATE_LABELS,
    TRANSITIONS,
    CouncilBody,
    Refusal,
    Role,
    SignOffContext,
    SignOffState,
    available_transitions,
    content_editable,
    content_locked_message,
    decide,
    frozen,
    one_month_after,
    unacknowledged_warnings,
)
from laa.domain.signoff_history import (
    InvalidStatusChain,
    StatusRow,
    derive_state,
    entered_at,
    returns_to_draft,
    transition_between,
)

S = SignOffState
DISTRICTS = frozenset({"E07000008", "E07000009"})  # Cambridge, East Cambridgeshire
# A context under which every guard passes: only role and state can refuse.
GOOD = SignOffContext(
    rule_errors=0,
    unacknowledged_warnings=0,
    council_body="executive",
    today=date(2008, 6, 30),
    approval_opens_on=date(2008, 6, 6),
    approved_on=date(2008, 6, 30),
    reason="The council asked for changes to NI 116.",
    two_tier=True,
    district="E07000008",
    area_districts=DISTRICTS,
    open_negotiations=(),
    open_disputes=(),
    statutory_waiting=(),
)
T0 = datetime(2008, 5, 1, 9, 0)

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


# ---- guards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("errors", "warnings", "allowed", "phrase"),
    [
        (0, 0, True, ""),
        (1, 0, False, "1 rule error;"),
        (3, 2, False, "3 rule errors"),
        (0, 1, False, "1 warning not yet acknowledged"),
        (0, 4, False, "acknowledge each with a reason"),
        (None, 0, False, "Check the agreement against the rules"),
        (0, None, False, "Check the agreement against the rules"),
    ],
)
def test_submit_needs_no_errors_and_acknowledged_warnings(errors, warnings, allowed, phrase):
    ctx = SignOffContext(rule_errors=errors, unacknowledged_warnings=warnings, open_negotiations=(), open_disputes=())
    decision = decide("submit", current_state=S.DRAFT, role=Role.PARTNERSHIP_OFFICER, context=ctx)
    assert decision.allowed is allowed
    assert phrase in decision.reason
    if not allowed:
        assert decision.refusal is Refusal.GUARD


@pytest.mark.parametrize(
    ("codes", "acks", "count"),
    [
        ((), {}, 0),
        (("W1", "W2"), {}, 2),
        (("W1", "W2"), {"W1": "Baseline from 2006/07 survey, agreed with GO"}, 1),
        (("W1",), {"W1": "   "}, 1),
        (("W1", "W2"), {"W1": "reason", "W2": "reason"}, 0),
    ],
)
def test_a_warning_is_acknowledged_only_with_a_reason(codes, acks, count):
    assert unacknowledged_warnings(codes, acks) == count


@pytest.mark.parametrize(
    ("body", "allowed", "phrase"),
    [
        ("full_council", True, ""),
        ("executive", True, ""),
        (CouncilBody.EXECUTIVE, True, ""),
        (None, False, "Say whether full council or the executive"),
        ("", False, "Say whether full council or the executive"),
        ("cabinet", False, "not 'cabinet'"),
        ("scrutiny_committee", False, "by full council or the executive"),
        # Issue 8: the spelling people write is accepted, and a refusal names the accepted values.
        ("full council", True, ""),
        ("Full Council", True, ""),
        ("full-council", True, ""),
        ("The executive", True, ""),
        (" EXECUTIVE ", True, ""),
        ("council", False, "give 'full_council' or 'executive'"),
        ("full council meeting", False, "'full_council' or 'executive' (or 'full council', 'the executive')"),
    ],
)
def test_council_approval_records_full_council_or_executive(body, allowed, phrase):
    ctx = SignOffContext(council_body=body)
    decision = decide(
        "council_approve",
        current_state=S.AGREED_WITH_GO,
        role=Role.PARTNERSHIP_OFFICER,
        context=ctx,
    )
    assert decision.allowed is allowed
    assert phrase in decision.reason


@pytest.mark.parametrize(
    ("today", "opens", "allowed", "phrase"),
    [
        (date(2008, 6, 6), date(2008, 6, 6), True, ""),
        (date(2008, 6, 30), date(2008, 6, 6), True, ""),
        (date(2008, 6, 5), date(2008, 6, 6), False, "no early sign-off (today is 5 June 2008)"),
        (date(2008, 3, 1), date(2008, 6, 6), False, "cannot be approved before 6 June 2008"),
        (None, date(2008, 6, 6), False, "Today's date"),
        (date(2008, 6, 30), None, False, "approval opening date"),
    ],
)
def test_no_early_sign_off(today, opens, allowed, phrase):
    ctx = SignOffContext(today=today, approval_opens_on=opens)
    decision = decide("approve", current_state=S.RECOMMENDED, role=Role.CLG, context=ctx)
    assert decision.allowed is allowed
    assert phrase in decision.reason


@pytest.mark.parametrize(
    ("approved", "today", "allowed", "phrase"),
    [
        (date(2008, 6, 30), date(2008, 6, 30), True, ""),
        (date(2008, 6, 30), date(2008, 7, 30), True, ""),
        (date(2008, 6, 30), date(2008, 7, 31), False, "the last day was 30 July 2008"),
        (date(2008, 6, 30), date(2008, 9, 1), False, "within one month of approval"),
        (date(2008, 1, 31), date(2008, 2, 29), True, ""),
        (date(2008, 1, 31), date(2008, 3, 1), False, "29 February 2008"),
        (date(2008, 6, 30), date(2008, 6, 29), False, "before the agreement was approved"),
        (None, date(2008, 7, 1), False, "date of approval"),
    ],
)
def test_designation_within_one_month_of_approval(approved, today, allowed, phrase):
    ctx = SignOffContext(today=today, approved_on=approved)
    decision = decide("designate", current_state=S.APPROVED, role=Role.CLG, context=ctx)
    assert decision.allowed is allowed
    assert phrase in decision.reason


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2008, 6, 30), date(2008, 7, 30)),
        (date(2008, 1, 31), date(2008, 2, 29)),
        (date(2009, 1, 31), date(2009, 2, 28)),
        (date(2008, 12, 15), date(2009, 1, 15)),
        (date(2008, 8, 31), date(2008, 9, 30)),
    ],
)
def test_one_month_after(day, expected):
    assert one_month_after(day) == expected


@pytest.mark.parametrize(
    ("changes", "allowed", "phrase"),
    [
        ({}, True, ""),
        ({"district": "E07000009"}, True, ""),
        ({"two_tier": False}, False, "only in two-tier areas"),
        ({"district": None}, False, "Say which district"),
        ({"district": "E07000099"}, False, "E07000099 is not a district of this area"),
        ({"adopted_districts": frozenset({"E07000008"})}, False, "already adopted"),
    ],
)
def test_district_adoption(changes, allowed, phrase):
    ctx = replace(GOOD, **changes)
    decision = decide(
        "adopt_district", current_state=S.AGREED_WITH_GO, role=Role.PARTNER_AUTHORITY, context=ctx
    )
    assert decision.allowed is allowed
    assert phrase in decision.reason
    if allowed:
        assert decision.to_state is S.AGREED_WITH_GO  # a record: the chain is not blocked nor moved


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (S.DRAFT, False),  # the targets are not yet agreed with the GO
        (S.SUBMITTED, False),
        (S.AGREED_WITH_GO, True),
        (S.COUNCIL_APPROVED, False),  # FAQ 13: prior to the county council's adoption
        (S.RECOMMENDED, False),
        (S.APPROVED, False),
        (S.DESIGNATED, False),
        (S.PUBLISHED, False),
    ],
)
def test_a_district_adopts_after_agreement_with_the_go_and_before_the_councils_approval(
    state, allowed
):
    for role in (Role.PARTNER_AUTHORITY, Role.PARTNERSHIP_OFFICER):
        decision = decide("adopt_district", current_state=state, role=role, context=GOOD)
        assert decision.allowed is allowed, decision.reason
        if not allowed:
            assert decision.refusal is Refusal.STATE
            assert "'Agreed with the Government Office'" in decision.reason


@pytest.mark.parametrize(
    ("still_open", "disputes", "allowed", "phrases"),
    [
        ((), (), True, []),
        (("NI 116",), (), False, ["negotiation is still open", "on NI 116:"]),
        (("NI 116", "NI 154", "NI 1"), (), False, ["on NI 116, NI 154 and NI 1"]),
        ((), ("NI 152",), False, ["a dispute is still open on NI 152"]),
        (
            ("NI 116",),
            ("NI 116", "NI 152"),
            False,
            ["still open (proposed or under negotiation) on NI 116", "dispute", "NI 116 and NI 152"],
        ),
        (None, (), False, ["Check the agreement's negotiations"]),
        ((), None, False, ["Check the agreement's negotiations"]),
    ],
)
@pytest.mark.parametrize(("name", "state", "roles"), [
    ("submit", S.DRAFT, (Role.PARTNERSHIP_OFFICER,)),  # ADR 0007: settled before submission
    ("agree", S.SUBMITTED, (Role.GO_OFFICER, Role.GO_DIRECTOR)),
])
def test_submitting_and_agreeing_need_every_negotiation_settled(name, state, roles, still_open, disputes, allowed,
                                                                phrases):
    ctx = SignOffContext(rule_errors=0, unacknowledged_warnings=0, open_negotiations=still_open, open_disputes=disputes,
                         statutory_waiting=())
    for role in roles:
        decision = decide(name, current_state=state, role=role, context=ctx)
        assert decision.allowed is allowed
        for phrase in phrases:
            assert phrase in decision.reason
        if not allowed:
            assert decision.refusal is Refusal.GUARD and decision.to_state is None


@pytest.mark.parametrize("name", ["return_to_draft", "refer_back"])
@pytest.mark.parametrize(
    ("reason", "allowed"), [("", False), ("  ", False), ("NI 154 too low", True)]
)
def test_sending_back_needs_a_reason(name, reason, allowed):
    t = TRANSITIONS[name]
    decision = decide(
        name,
        current_state=a_from_state(name),
        role=sorted(t.roles)[0],
        context=SignOffContext(reason=reason),
    )
    assert decision.allowed is allowed


# ---- derived state ------------------------------------------------------------------------

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


# ---- content hash -------------------------------------------------------------------------


def test_content_hash_is_sha256_of_canonical_json():
    content = {"targets": [{"ni": 116, "value": Decimal("21.5")}], "area": "E10000003"}
    text = '{"area":"E10000003","targets":[{"ni":116,"value":"21.5"}]}'
    assert canonical_json(content) == text
    assert content_hash(content) == hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, True),
        ({"x": {"d": 1, "c": 2}}, {"x": {"c": 2, "d": 1}}, True),
        ({"v": Decimal("1.0")}, {"v": Decimal("1.00")}, False),
        ({"v": Decimal("1.5")}, {"v": "1.5"}, True),
        ({"v": Decimal("1.5")}, {"v": 1.5}, False),
        ({"d": date(2008, 6, 30)}, {"d": "2008-06-30"}, True),
        ({"t": "Wolverhampton"}, {"t": "Wolverhampton "}, False),
    ],
)
def test_content_hash_equality(a, b, same):
    assert (content_hash(a) == content_hash(b)) is same


@pytest.mark.parametrize("bad", [{"s": {1, 2}}, {"f": float("nan")}, {"o": object()}])
def test_content_hash_refuses_what_it_cannot_encode_canonically(bad):
    with pytest.raises((TypeError, ValueError)):
        content_hash(bad)
