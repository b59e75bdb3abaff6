"""The guards of sign-off steps (D12): what each step needs beyond role and state."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from laa.domain.roles import Role
from laa.domain.signoff import (
    TRANSITIONS,
    Refusal,
    SignOffState,
    decide,
)
from laa.domain.signoff_guards import (
    CouncilBody,
    SignOffContext,
    one_month_after,
    statutory_waiting_message,
    unacknowledged_warnings,
)

from .signoff_context import GOOD

S = SignOffState


def a_from_state(name: str) -> SignOffState:
    return next(s for s in S if s in TRANSITIONS[name].from_states)


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


def test_waiting_message_names_each_target_once():
    assert statutory_waiting_message(()) == ""
    message = statutory_waiting_message(("NI 73", "NI 73", "NI 75"))
    assert message.count("NI 73") == 1 and "2 statutory targets" in message
