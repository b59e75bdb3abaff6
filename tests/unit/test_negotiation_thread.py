"""Negotiation threads (D11): derived status, turn, disputes, and what may be recorded."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laa.domain.negotiation import (
    ChallengeReason,
    Entry,
    EntryKind,
    EscalationLevel,
    InvalidThread,
    NegotiationRefused,
    NegotiationStatus,
    Side,
    ThreadKind,
    next_escalation,
)
from laa.domain.negotiation_thread import decide, derive, record

K, P, G = EntryKind, Side.PARTNERSHIP, Side.GOVERNMENT
NS, L = NegotiationStatus, EscalationLevel
CLOSED = {NS.AGREED, NS.MOVED_TO_LOCAL, NS.PLACEHOLDER, NS.WITHDRAWN}
T0 = datetime(2008, 2, 4, 10, 0)


def values(target_2010: str = "8.5") -> dict[str, object]:
    return {
        "baseline": {"value": Decimal("10.2"), "period": "2006/07"},
        "targets": {
            "2008/09": Decimal("9.8"),
            "2009/10": Decimal("9.1"),
            "2010/11": Decimal(target_2010),
        },
        "category": "designated",
        "partners": ["PCT", "Police"],
    }


def make(kind: EntryKind, side: Side, entry_id: str, n: int, **fields: object) -> Entry:
    defaults: dict[str, object] = {}
    if kind in (K.PROPOSAL, K.COUNTER_PROPOSAL):
        defaults = {"values": values(), "rationale": "Story of place: worst 10% for NI 39."}
    elif kind is K.CHALLENGE:
        defaults = {"challenge_reason": ChallengeReason.AMBITION, "text": "Not stretching enough."}
    elif kind is K.ESCALATE:
        defaults = {"level": L.GO, "text": "Disagree on affordability."}
    elif kind in (K.RESOLVE, K.REOPEN):
        defaults = {"text": "Agreed at case conference, 12 March."}
    defaults.update(fields)
    return Entry(entry_id=entry_id, kind=kind, side=side, at=T0 + timedelta(days=n), **defaults)  # type: ignore[arg-type]


def thread(*specs: tuple) -> tuple[Entry, ...]:
    """specs: (kind, side, id[, fields])"""
    out = []
    for n, spec in enumerate(specs):
        kind, side, entry_id, *rest = spec
        out.append(make(kind, side, entry_id, n, **(rest[0] if rest else {})))
    return tuple(out)


def nxt(
    entries: tuple[Entry, ...], kind: EntryKind, side: Side, entry_id: str = "X", **fields: object
) -> Entry:
    return make(kind, side, entry_id, len(entries) + 1, **fields)


P1 = (K.PROPOSAL, P, "p1")
C1 = (K.COUNTER_PROPOSAL, G, "c1")
P2 = (K.PROPOSAL, P, "p2")
ACCEPT_C1 = (K.ACCEPT, P, "a1", {"proposal_id": "c1"})


# ---- derived state ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("specs", "status", "open_id", "turn"),
    [
        ((), None, None, None),
        ((P1,), NS.PROPOSED, "p1", G),
        ((P1, P2), NS.PROPOSED, "p2", G),  # revising your own proposal is still just proposed
        ((P1, C1), NS.UNDER_NEGOTIATION, "c1", P),
        ((P1, (K.CHALLENGE, G, "ch1")), NS.UNDER_NEGOTIATION, "p1", P),
        ((P1, (K.CHALLENGE, G, "ch1"), P2), NS.UNDER_NEGOTIATION, "p2", G),
        ((P1, C1, ACCEPT_C1), NS.AGREED, None, None),
        ((P1, (K.ACCEPT, G, "a1", {"proposal_id": "p1"})), NS.AGREED, None, None),
        ((P1, (K.MOVE_TO_LOCAL, P, "m1")), NS.MOVED_TO_LOCAL, None, None),
        ((P1, (K.PLACEHOLDER, G, "ph1")), NS.PLACEHOLDER, None, None),
        ((P1, (K.WITHDRAW, P, "w1")), NS.WITHDRAWN, None, None),
        ((P1, (K.WITHDRAW, P, "w1"), (K.REOPEN, P, "r1")), NS.UNDER_NEGOTIATION, None, None),
        ((P1, (K.ESCALATE, G, "e1")), NS.UNDER_NEGOTIATION, "p1", G),
        (
            (P1, C1, ACCEPT_C1, (K.REOPEN, G, "r1"), (K.PROPOSAL, G, "g2")),
            NS.UNDER_NEGOTIATION,
            "g2",
            P,
        ),
    ],
)
def test_status_open_proposal_and_turn(specs, status, open_id, turn):
    state = derive(thread(*specs))
    assert state.status == status
    assert (state.open_proposal.entry_id if state.open_proposal else None) == open_id
    assert state.turn == turn


def test_agreed_values_are_those_of_the_accepted_proposal():
    c1 = (K.COUNTER_PROPOSAL, G, "c1", {"values": values("7.9"), "rationale": "Regional ambition."})
    state = derive(thread(P1, c1, ACCEPT_C1))
    assert state.agreed_values == values("7.9")
    assert state.accepted_proposal_id == "c1"


def test_reopening_an_agreement_clears_the_agreed_values():
    state = derive(thread(P1, C1, ACCEPT_C1, (K.REOPEN, P, "r1")))
    assert state.agreed_values is None and state.accepted_proposal_id is None


@pytest.mark.parametrize(
    ("specs", "dispute_open", "level"),
    [
        ((P1,), False, None),
        ((P1, (K.CHALLENGE, G, "ch1")), False, None),  # a challenge is negotiation, not a dispute
        ((P1, (K.ESCALATE, G, "e1")), True, L.GO),
        (
            (P1, (K.ESCALATE, G, "e1"), (K.ESCALATE, P, "e2", {"level": L.DEPARTMENT})),
            True,
            L.DEPARTMENT,
        ),
        ((P1, (K.ESCALATE, G, "e1"), (K.RESOLVE, G, "s1")), False, None),
        (
            (
                P1,
                (K.ESCALATE, G, "e1"),
                (K.RESOLVE, G, "s1"),
                (K.ACCEPT, G, "a1", {"proposal_id": "p1"}),
            ),
            False,
            None,
        ),  # resolved, then agreed
        ((P1, (K.ESCALATE, P, "e1"), (K.RESOLVE, G, "s1"), (K.WITHDRAW, P, "w1")), False, None),
        (
            (
                P1,
                (K.ESCALATE, G, "e1"),
                (K.ESCALATE, G, "e2", {"level": L.DEPARTMENT}),
                (K.ESCALATE, G, "e3", {"level": L.MINISTERS}),
                (K.RESOLVE, G, "s1"),
                (K.ESCALATE, G, "e4", {"level": L.GO}),
            ),
            True,
            L.GO,
        ),  # a new dispute starts afresh, at the bottom of the ladder
    ],
)
def test_dispute_and_escalation_level(specs, dispute_open, level):
    state = derive(thread(*specs))
    assert state.dispute_open is dispute_open
    assert state.escalation_level == level


# ---- an open dispute must be resolved before the thread closes ---------------------------

DISPUTED = (P1, (K.ESCALATE, P, "e1"))


@pytest.mark.parametrize(
    ("kind", "side", "fields", "what"),
    [
        (K.ACCEPT, G, {"proposal_id": "p1"}, "before a proposal is accepted"),
        (K.MOVE_TO_LOCAL, P, {}, "before the target moves to the local targets"),
        (K.PLACEHOLDER, G, {}, "before the target is agreed as a placeholder"),
        (K.WITHDRAW, P, {}, "before the negotiation is withdrawn"),
    ],
)
def test_a_closing_move_waits_for_the_disputes_resolution(kind, side, fields, what):
    entries = thread(*DISPUTED)
    decision = decide(entries, nxt(entries, kind, side, **fields))
    assert decision.reason == (
        "The dispute escalated to the Government Office is still open: the Government Office "
        f"must record its resolution {what}."
    )
    resolved = thread(*DISPUTED, (K.RESOLVE, G, "s1"))
    after = decide(resolved, nxt(resolved, kind, side, **fields))
    assert after.allowed, after.reason
    assert after.state is not None and after.state.status in CLOSED
    assert not after.state.dispute_open and after.state.last_resolution


def test_a_dispute_on_a_statutory_target_names_dcsf():
    entries = thread(*DISPUTED)
    reason = decide(
        entries, nxt(entries, K.ACCEPT, G, proposal_id="p1"), kind=ThreadKind.STATUTORY_TARGET
    ).reason
    assert "DCSF must record its resolution before a proposal is accepted" in reason


def test_a_thread_never_closes_with_a_dispute_open():
    """No stored thread can be closed with its dispute still counted open."""
    with pytest.raises(InvalidThread, match="still open"):
        derive(thread(P1, (K.ESCALATE, P, "e1"), (K.WITHDRAW, P, "w1")))


# ---- the escalation ladder: one step at a time; the champion's rung only with a champion ---

WITH, WITHOUT = T0, None  # champion_since: appointed before the thread started, or never

LADDER_CASES = [
    # (levels already climbed, next level asked, champion_since, allowed)
    ((), L.GO, WITHOUT, True),
    ((), L.DEPARTMENT, WITHOUT, False),  # a first escalation starts with the GO
    ((), L.WHITEHALL_CHAMPION, WITH, False),
    ((), L.MINISTERS, WITHOUT, False),  # no jumping straight to ministers
    ((), L.MINISTERS, WITH, False),
    ((L.GO,), L.DEPARTMENT, WITHOUT, True),
    ((L.GO,), L.GO, WITHOUT, False),
    ((L.GO,), L.WHITEHALL_CHAMPION, WITH, False),  # not without the department first
    ((L.GO,), L.MINISTERS, WITHOUT, False),
    ((L.GO, L.DEPARTMENT), L.WHITEHALL_CHAMPION, WITH, True),
    ((L.GO, L.DEPARTMENT), L.WHITEHALL_CHAMPION, WITHOUT, False),  # no champion appointed
    ((L.GO, L.DEPARTMENT), L.MINISTERS, WITHOUT, True),  # no champion: department, then ministers
    ((L.GO, L.DEPARTMENT), L.MINISTERS, WITH, False),  # a champion is not skipped
    ((L.GO, L.DEPARTMENT), L.GO, WITH, False),
    ((L.GO, L.DEPARTMENT, L.WHITEHALL_CHAMPION), L.MINISTERS, WITH, True),
    ((L.GO, L.DEPARTMENT, L.WHITEHALL_CHAMPION), L.DEPARTMENT, WITH, False),
    ((L.GO, L.DEPARTMENT, L.MINISTERS), L.MINISTERS, WITHOUT, False),
    ((L.GO, L.DEPARTMENT, L.WHITEHALL_CHAMPION, L.MINISTERS), L.MINISTERS, WITH, False),
]


def climbed(levels: tuple[EscalationLevel, ...]) -> tuple[Entry, ...]:
    specs = [P1] + [(K.ESCALATE, G, f"e{n}", {"level": lv}) for n, lv in enumerate(levels)]
    return thread(*specs)


@pytest.mark.parametrize(("levels", "new", "since", "allowed"), LADDER_CASES)
def test_escalation_climbs_one_step_at_a_time(levels, new, since, allowed):
    entries = climbed(levels)
    decision = decide(entries, nxt(entries, K.ESCALATE, P, level=new), champion_since=since)
    assert decision.allowed is allowed, decision.reason
    if allowed:
        assert decision.state is not None and decision.state.escalation_level is new


@pytest.mark.parametrize(
    ("levels", "new", "since", "reason"),
    [
        (
            (),
            L.MINISTERS,
            WITHOUT,
            "A dispute is escalated one step at a time, starting with the Government Office: "
            "escalate to the Government Office first.",
        ),
        (
            (L.GO, L.DEPARTMENT),
            L.GO,
            WITH,
            "Escalation goes upward only: this dispute is already with the department; "
            "escalate to the Whitehall negotiating champion next.",
        ),
        (
            (L.GO,),
            L.WHITEHALL_CHAMPION,
            WITH,
            "Escalation climbs one step at a time: this dispute is with the Government Office; "
            "escalate to the department next.",
        ),
        (
            (L.GO, L.DEPARTMENT),
            L.MINISTERS,
            WITH,
            "Escalation climbs one step at a time: this dispute is with the department; "
            "escalate to the Whitehall negotiating champion next.",
        ),
        (
            (L.GO, L.DEPARTMENT),
            L.WHITEHALL_CHAMPION,
            WITHOUT,
            "This agreement has no Whitehall negotiating champion: a dispute goes from the "
            "department to ministers. Escalate to ministers.",
        ),
        (
            (L.GO, L.DEPARTMENT, L.MINISTERS),
            L.MINISTERS,
            WITHOUT,
            "This dispute is already with ministers; it cannot be escalated further.",
        ),
    ],
)
def test_escalation_refusals_name_the_next_level(levels, new, since, reason):
    entries = climbed(levels)
    assert decide(entries, nxt(entries, K.ESCALATE, P, level=new), champion_since=since).reason == reason


def test_the_champions_rung_exists_from_the_appointment_on():
    """A stored thread stays valid when a champion is appointed later: the ladder at the
    time of each escalation is the one that applies."""
    entries = climbed((L.GO, L.DEPARTMENT, L.MINISTERS))  # climbed before any champion
    appointed = entries[-1].at + timedelta(hours=1)
    assert derive(entries, champion_since=appointed).escalation_level is L.MINISTERS
    before = climbed((L.GO, L.DEPARTMENT))
    at_the_time = nxt(before, K.ESCALATE, P, level=L.WHITEHALL_CHAMPION)
    assert not decide(before, at_the_time, champion_since=at_the_time.at + timedelta(days=1)).allowed
    assert decide(before, at_the_time, champion_since=at_the_time.at).allowed


def test_resolution_text_is_kept():
    state = derive(
        thread(P1, (K.ESCALATE, G, "e1"), (K.RESOLVE, G, "s1", {"text": "Split the difference"}))
    )
    assert state.last_resolution == "Split the difference"


# ---- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("specs", "kind", "side", "fields", "phrase"),
    [
        ((), K.COUNTER_PROPOSAL, G, {}, "Start the negotiation with a proposal"),
        ((), K.ACCEPT, G, {"proposal_id": "p1"}, "Start the negotiation with a proposal"),
        ((P1,), K.ACCEPT, P, {"proposal_id": "p1"}, "cannot accept your own side's proposal"),
        ((P1,), K.COUNTER_PROPOSAL, P, {}, "cannot counter your own side's proposal"),
        ((P1,), K.CHALLENGE, P, {}, "cannot challenge your own side's proposal"),
        ((P1,), K.PROPOSAL, G, {}, "The partnership has an open proposal (p1)"),
        ((P1,), K.ACCEPT, G, {"proposal_id": "zz"}, "There is no proposal zz"),
        ((P1,), K.ACCEPT, G, {}, "Say which proposal is accepted"),
        ((P1, C1), K.ACCEPT, G, {"proposal_id": "p1"}, "Proposal p1 was superseded by proposal c1"),
        (
            (P1, C1, (K.COUNTER_PROPOSAL, P, "c2")),
            K.ACCEPT,
            G,
            {"proposal_id": "p1"},
            "superseded by proposal c1, and the latest open proposal is c2",
        ),
        (
            (P1, C1, ACCEPT_C1, (K.REOPEN, P, "r1")),
            K.ACCEPT,
            G,
            {"proposal_id": "c1"},
            "Proposal c1 is no longer open",
        ),
        ((P1, (K.ESCALATE, G, "e1")), K.RESOLVE, G, {"text": ""}, "needs a text"),
        ((P1,), K.RESOLVE, G, {}, "no open dispute to resolve"),
        ((P1,), K.REOPEN, P, {}, "still open; there is nothing to reopen"),
        ((P1,), K.CHALLENGE, G, {"text": ""}, "A challenge needs"),
        ((P1,), K.CHALLENGE, G, {"challenge_reason": None}, "A challenge needs"),
        ((P1,), K.ESCALATE, G, {"level": None}, "An escalation needs a level"),
        ((P1,), K.MOVE_TO_LOCAL, G, {}, "Only the partnership can move a target"),
        (
            (P1,),
            K.PLACEHOLDER,
            P,
            {},
            "Only the Government Office can agree that a target is a placeholder",
        ),
        ((P1,), K.WITHDRAW, G, {}, "Only the side that opened this negotiation (the partnership)"),
        ((P1,), K.PROPOSAL, P, {"rationale": " "}, "must give its rationale"),
        ((P1,), K.PROPOSAL, P, {"values": {}}, "must state its values"),
        (
            (P1,),
            K.PROPOSAL,
            P,
            {"values": {"baseline": 1, "targets": {}}},
            "must state category and partners",
        ),
        ((P1,), K.PROPOSAL, P, {"entry_id": "p1"}, "Entry p1 is already in this thread"),
        ((P1, C1, ACCEPT_C1), K.PROPOSAL, P, {}, "agreed: it must be reopened"),
        (
            (P1, (K.MOVE_TO_LOCAL, P, "m1")),
            K.PROPOSAL,
            P,
            {},
            "moved to local targets: it must be reopened",
        ),
    ],
)
def test_refusals(specs, kind, side, fields, phrase):
    entries = thread(*specs)
    entry_id = fields.pop("entry_id", "new") if "entry_id" in fields else "new"
    decision = decide(entries, nxt(entries, kind, side, entry_id, **fields))
    assert not decision.allowed
    assert phrase in decision.reason
    assert decision.state is None


def test_an_entry_dated_before_the_last_is_refused():
    entries = thread(P1, C1)
    early = make(K.ACCEPT, P, "a1", -5, proposal_id="c1")
    assert "dated before" in decide(entries, early).reason


WITHDRAWN = thread(P1, (K.ESCALATE, G, "e1"), (K.RESOLVE, G, "s1"), (K.WITHDRAW, P, "w1"))
AFTER_WITHDRAW = {
    K.PROPOSAL: False,
    K.COUNTER_PROPOSAL: False,
    K.ACCEPT: False,
    K.CHALLENGE: False,
    K.MOVE_TO_LOCAL: False,
    K.PLACEHOLDER: False,
    K.WITHDRAW: False,
    K.ESCALATE: False,
    K.RESOLVE: False,  # the dispute was resolved before the withdrawal
    K.REOPEN: True,
}


@pytest.mark.parametrize(("kind", "allowed"), AFTER_WITHDRAW.items())
@pytest.mark.parametrize("side", [P, G])
def test_after_withdrawal_only_reopen(kind, allowed, side):
    fields = {"proposal_id": "p1"} if kind is K.ACCEPT else {}
    decision = decide(WITHDRAWN, nxt(WITHDRAWN, kind, side, **fields))
    assert decision.allowed is allowed, decision.reason
    if kind is K.RESOLVE:
        assert "no open dispute to resolve" in decision.reason
    elif not allowed:
        assert "withdrawn: it must be reopened" in decision.reason


@pytest.mark.parametrize(
    ("kind", "entry_kind", "side", "phrase"),
    [
        (ThreadKind.PRIORITY_OUTCOME, K.MOVE_TO_LOCAL, P, "Only a target can move"),
        (ThreadKind.PRIORITY_OUTCOME, K.PLACEHOLDER, G, "Only a target can be a placeholder"),
        (ThreadKind.STATUTORY_TARGET, K.MOVE_TO_LOCAL, P, "cannot become local targets"),
        (ThreadKind.STATUTORY_TARGET, K.WITHDRAW, P, "cannot be withdrawn"),
        (ThreadKind.STATUTORY_TARGET, K.PLACEHOLDER, P, "Only DCSF can agree"),
    ],
)
def test_rules_by_kind_of_thread(kind, entry_kind, side, phrase):
    entries = thread(P1)
    decision = decide(entries, nxt(entries, entry_kind, side), kind=kind)
    assert phrase in decision.reason


def test_a_priority_outcome_proposal_needs_no_target_values():
    first = make(K.PROPOSAL, P, "o1", 0, values={"outcome": "Fewer children in poverty"})
    assert decide((), first, kind=ThreadKind.PRIORITY_OUTCOME).allowed
    assert "must state baseline" in decide((), first, kind=ThreadKind.TARGET).reason


def test_a_placeholder_target_may_leave_the_baseline_unset():
    first = make(K.PROPOSAL, P, "p1", 0, values={**values(), "baseline": None})
    assert decide((), first).allowed


# ---- stored threads, record -----------------------------------------------------------------


def test_derive_rejects_a_stored_thread_that_breaks_the_rules():
    bad = thread(P1, (K.ACCEPT, P, "a1", {"proposal_id": "p1"}))
    with pytest.raises(InvalidThread, match="Entry 2 \\(a1, accept\\)"):
        derive(bad)


def test_record_appends_or_raises_with_the_reason():
    entries = record((), make(K.PROPOSAL, P, "p1", 0))
    entries = record(entries, make(K.COUNTER_PROPOSAL, G, "c1", 1))
    assert [e.entry_id for e in entries] == ["p1", "c1"]
    with pytest.raises(NegotiationRefused, match="superseded by proposal c1"):
        record(entries, make(K.ACCEPT, G, "a1", 2, proposal_id="p1"))


# ---- property: whatever is allowed keeps the derived state coherent ------------------------

KINDS = st.sampled_from(list(EntryKind))
SIDES = st.sampled_from([P, G])
LEVELS = st.sampled_from(list(EscalationLevel))


@given(
    st.data(),
    st.sampled_from(list(ThreadKind)),
    st.integers(min_value=1, max_value=30),
    st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
)
def test_allowed_entries_keep_the_thread_coherent(data, kind, length, champion_day):
    since = None if champion_day is None else T0 + timedelta(days=champion_day)
    entries: tuple[Entry, ...] = ()
    for n in range(length):
        state = derive(entries, kind=kind, champion_since=since)
        entry_kind = data.draw(KINDS)
        ids = list(state.proposals) or ["p-none"]
        entry = make(
            entry_kind,
            data.draw(SIDES),
            f"e{n}",
            n,
            proposal_id=data.draw(st.sampled_from(ids)),
            level=data.draw(LEVELS),
        )
        decision = decide(entries, entry, kind=kind, champion_since=since)
        if not decision.allowed:
            assert decision.reason and decision.state is None
            continue
        entries = (*entries, entry)
        after = derive(entries, kind=kind, champion_since=since)
        assert after == decision.state
        assert after.status is not None
        if after.status is NS.AGREED:
            assert after.agreed_values is not None and after.open_proposal is None
        else:
            assert after.agreed_values is None
        if after.open_proposal is not None:
            assert after.turn is not None
        if after.escalation_level is not None:
            assert after.dispute_open
        if entry_kind is K.ACCEPT:
            accepted = after.proposals[entry.proposal_id]
            assert accepted.side is not entry.side
        if after.status in CLOSED:
            assert not after.dispute_open  # never closed with a dispute counted open
        if entry_kind is K.ESCALATE:
            champion = since is not None and since <= entry.at
            assert entry.level is next_escalation(state.escalation_level, champion=champion)
            if entry.level is L.WHITEHALL_CHAMPION:
                assert champion
