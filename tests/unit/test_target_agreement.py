"""When a target counts as agreed (D3, D10): statutory targets only by DCSF; the GO's
agreement refused while any waits; the milestone done only when DCSF agreed them all."""

from __future__ import annotations

from datetime import date

import pytest

from laa.domain.roles import Role
from laa.domain.signoff import Refusal, SignOffState, decide
from laa.domain.signoff_guards import SignOffContext
from laa.domain.target_agreement import (
    TargetStanding,
    agreed_with_go,
    statutory_agreed_on,
    statutory_waiting,
    target_agreed,
)

S = SignOffState


@pytest.mark.parametrize(
    ("statutory", "negotiation", "state", "agreed"),
    [
        # A statutory target: only DCSF's agreement in its negotiation counts (D3).
        (True, "", S.PUBLISHED, False),
        (True, "", S.AGREED_WITH_GO, False),
        (True, "proposed", S.PUBLISHED, False),
        (True, "under_negotiation", S.SUBMITTED, False),
        (True, "withdrawn", S.PUBLISHED, False),
        (True, "agreed", S.DRAFT, True),
        (True, "placeholder", S.DRAFT, True),
        # Designated and local targets: their own negotiation, or the GO's agreement.
        (False, "", S.DRAFT, False),
        (False, "", S.SUBMITTED, False),
        (False, "", S.AGREED_WITH_GO, True),
        (False, "", S.PUBLISHED, True),
        (False, "under_negotiation", S.COUNCIL_APPROVED, True),
        (False, "agreed", S.DRAFT, True),
        (False, "", None, False),
    ],
)
def test_target_agreed(statutory, negotiation, state, agreed):
    assert target_agreed(statutory=statutory, negotiation=negotiation, agreement_state=state) is agreed


@pytest.mark.parametrize(
    ("state", "expected"),
    [(S.DRAFT, False), (S.SUBMITTED, False), (S.AGREED_WITH_GO, True), (S.RECOMMENDED, True),
     (S.PUBLISHED, True), ("designated", True), (None, False)],
)
def test_agreed_with_go(state, expected):
    assert agreed_with_go(state) is expected


KENT = [
    TargetStanding("NI 16", False),
    TargetStanding("NI 72", True, "agreed", date(2008, 3, 20)),
    TargetStanding("NI 73", True, "", None),
    TargetStanding("NI 75", True, "under_negotiation", date(2008, 3, 1)),
    TargetStanding("NI 87", True, "placeholder", date(2008, 3, 28)),
]


@pytest.mark.parametrize(
    ("targets", "waiting", "agreed_on"),
    [
        (KENT, ("NI 73", "NI 75"), None),
        ([t for t in KENT if t.key != "NI 73" and t.key != "NI 75"], (), date(2008, 3, 28)),
        ([TargetStanding("NI 16", False)], (), None),  # no statutory targets: nothing shows it done
        ([], (), None),
        ([TargetStanding("NI 72", True, "agreed", None)], (), None),  # agreed, day unknown
    ],
)
def test_statutory_waiting_and_agreed_on(targets, waiting, agreed_on):
    assert statutory_waiting(targets) == waiting
    assert statutory_agreed_on(targets) == agreed_on


@pytest.mark.parametrize(
    ("waiting", "allowed", "phrases"),
    [
        ((), True, []),
        (("NI 73",), False, ["1 statutory target still waits", "DCSF", ": NI 73."]),
        (("NI 73", "NI 75", "NI 99"), False, ["3 statutory targets", "NI 73, NI 75 and NI 99"]),
        (None, False, ["Check which statutory targets DCSF has agreed"]),
    ],
)
def test_the_go_cannot_agree_while_statutory_targets_wait_for_dcsf(waiting, allowed, phrases):
    ctx = SignOffContext(open_negotiations=(), open_disputes=(), statutory_waiting=waiting)
    for role in (Role.GO_OFFICER, Role.GO_DIRECTOR):
        decision = decide("agree", current_state=S.SUBMITTED, role=role, context=ctx)
        assert decision.allowed is allowed, decision.reason
        for phrase in phrases:
            assert phrase in decision.reason
        if not allowed:
            assert decision.refusal is Refusal.GUARD


# ---- the timetable's milestone "statutory targets agreed with DCSF" (D10) ----------------

from datetime import datetime  # noqa: E402

from laa.domain.timetable import completions  # noqa: E402
from tests.unit.round_2008 import ROUND_2008  # noqa: E402

PUBLISHED = [
    ("draft", "submitted", datetime(2008, 5, 28, 12)),
    ("submitted", "agreed_with_go", datetime(2008, 6, 2, 12)),
    ("agreed_with_go", "council_approved", datetime(2008, 6, 3, 12)),
    ("council_approved", "recommended", datetime(2008, 6, 5, 12)),
    ("recommended", "approved", datetime(2008, 6, 20, 12)),
    ("approved", "designated", datetime(2008, 6, 25, 12)),
    ("designated", "published", datetime(2008, 6, 30, 12)),
]
ALL_AGREED = [TargetStanding("NI 72", True, "agreed", date(2008, 3, 20)),
              TargetStanding("NI 87", True, "agreed", date(2008, 3, 28))]


@pytest.mark.parametrize(
    ("statutory", "events", "expected"),
    [
        # Kent as found: published, 1 of 2 statutory targets agreed: the milestone is not done.
        ([ALL_AGREED[0], TargetStanding("NI 87", True)], {}, None),
        # ... not even when someone recorded the day.
        ([ALL_AGREED[0], TargetStanding("NI 87", True)], {"statutory_targets_agreed": date(2008, 3, 31)}, None),
        # All agreed by DCSF: done on the day of the last one.
        (ALL_AGREED, {}, date(2008, 3, 28)),
        # No statutory targets known: the agreement's passing the stage shows it (as before).
        ((), {}, date(2008, 3, 31)),
        (None, {"statutory_targets_agreed": date(2008, 3, 30)}, date(2008, 3, 30)),
    ],
)
def test_the_statutory_milestone_follows_dcsfs_agreement(statutory, events, expected):
    done = completions(ROUND_2008.milestones, status_rows=PUBLISHED, events=events, statutory=statutory)
    assert done.get("statutory_targets_agreed") == expected
    assert done["approved_announced"] == date(2008, 6, 20)  # the rest is unchanged
