"""Two people answering the same proposal at the same moment (issue item 5): on PostgreSQL,
with two real connections, exactly one answer is saved, the other is refused saying who
did what first, and no entry is lost or duplicated.

The overlap is forced, not hoped for: a barrier inside the action (`meet`, on
`actions._read_thread`) holds each writer just after it has read the thread, until both
have read it; only then do they race for the row lock. Skipped on SQLite (one writer at a
time by construction); run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/laa_neg_tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from laa.accounts.models import User
from laa.negotiation import actions
from laa.negotiation.models import NegotiationEntry, NegotiationThread
from laa.negotiation.scopes import Subject

from .matrix_negotiation import build_world, proposal_values

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("committed_db")]

RACER = "negotiation-racer"


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def meet(monkeypatch):
    """Hold each racing writer inside `add_entry`, after its read of the thread and before
    it locks the row, until both have read it. Returns what each read (the thread's last
    sequence, or None for a thread not yet opened), in order of reading."""
    barrier = threading.Barrier(2, timeout=20)
    real = actions._read_thread
    reads: list[int | None] = []

    def read_then_wait(lookup):
        thread = real(lookup)
        if threading.current_thread().name.startswith(RACER):
            reads.append(thread.last_sequence if thread is not None else None)
            barrier.wait()
        return thread

    monkeypatch.setattr(actions, "_read_thread", read_then_wait)
    return reads


def race(*answers: Callable[[], object]) -> list[object]:
    """Run each answer in its own thread (so its own database connection); returns what
    each returned or raised."""
    results: list[object] = [None] * len(answers)

    def run(i: int, answer: Callable[[], object]) -> None:
        try:
            results[i] = answer()
        except Exception as exc:  # noqa: BLE001 - the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a), name=f"{RACER}-{i}") for i, a in enumerate(answers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer is stuck"
    return results


def _subject(world, target):
    target.refresh_from_db()
    return Subject(world.agreement, target=target)


def test_accept_and_counter_at_the_same_moment(meet, rounds=5):
    world = build_world(with_proposal=False, with_meeting=False)
    officer = User.objects.get(username="officer")
    manager, director = User.objects.get(username="go-manager"), User.objects.get(username="go-director")
    seen = 0
    proposals = 0  # proposals are numbered in the thread as people see them (1, 2, 3)
    winners = []
    for n in range(rounds):
        subject = _subject(world, world.ni39)
        actions.add_entry(actor=officer, subject=subject, kind="proposal", seen=seen,
                          values=proposal_values(f"8.{n + 1}"), rationale=f"Round {n}.")
        seen += 1
        proposals += 1
        proposal = seen
        results = race(
            lambda s=subject, k=seen, p=proposal: actions.add_entry(actor=manager, subject=s, kind="accept", seen=k,
                                                                    proposal=p),
            lambda s=subject, k=seen: actions.add_entry(actor=director, subject=s, kind="counter_proposal", seen=k,
                                                        values=proposal_values("7.0"), rationale="Further."),
        )
        assert meet[-2:] == [seen, seen]  # both had read the thread as it stood, before either wrote
        saved = [r for r in results if isinstance(r, NegotiationEntry)]
        refused = [r for r in results if isinstance(r, actions.StaleAnswer)]
        assert len(saved) == 1 and len(refused) == 1, results
        winner = saved[0]
        winners.append(winner.kind)
        who = (f"Gil Locality Manager (demo) accepted proposal #{proposals} at " if winner.kind == "accept"
               else f"Dana Regional Director (demo) counter-proposed (#{proposals + 1}) at ")
        if winner.kind != "accept":
            proposals += 1
        message = str(refused[0])
        assert message.startswith(who), message
        assert message.endswith("your answer was not saved. Read the thread as it is now and answer again."), message
        assert refused[0].latest is not None and refused[0].latest.pk == winner.pk
        seen += 1
        thread = NegotiationThread.objects.get(target=world.ni39)
        assert thread.last_sequence == seen
        assert list(thread.entries.values_list("sequence", flat=True)) == list(range(1, seen + 1))
        if winner.kind == "accept":
            world.ni39.refresh_from_db()
            assert world.ni39.yearly["2010/11"] == f"8.{n + 1}"
            actions.add_entry(actor=officer, subject=_subject(world, world.ni39), kind="reopen", seen=seen,
                              text="Next round of the test.")
            seen += 1
        else:
            actions.add_entry(actor=officer, subject=_subject(world, world.ni39), kind="withdraw", seen=seen)
            actions.add_entry(actor=officer, subject=_subject(world, world.ni39), kind="reopen", seen=seen + 1,
                              text="Next round of the test.")
            seen += 2
    # Nothing lost, nothing doubled: one entry per sequence, the thread's copy in step.
    thread = NegotiationThread.objects.get(target=world.ni39)
    assert thread.entries.count() == thread.last_sequence == seen


def test_two_acceptances_of_the_same_proposal(meet):
    world = build_world(with_proposal=False, with_meeting=False)
    officer = User.objects.get(username="officer")
    manager, director = User.objects.get(username="go-manager"), User.objects.get(username="go-director")
    subject = _subject(world, world.ni16)
    actions.add_entry(actor=officer, subject=subject, kind="proposal", seen=0, values=proposal_values(),
                      rationale="x")
    results = race(*(lambda who=who: actions.add_entry(actor=who, subject=subject, kind="accept", seen=1, proposal=1)
                     for who in (manager, director)))
    assert meet == [1, 1]
    assert sum(isinstance(r, NegotiationEntry) for r in results) == 1, results
    loser = next(r for r in results if isinstance(r, actions.StaleAnswer))
    winner = next(r for r in results if isinstance(r, NegotiationEntry))
    assert str(loser).startswith(f"{winner.author_name} accepted proposal #1 at "), str(loser)
    assert "your answer was not saved" in str(loser)
    assert list(NegotiationEntry.objects.filter(thread__target=world.ni16).values_list("kind", flat=True)) == [
        "proposal", "accept"]
    world.ni16.refresh_from_db()
    assert world.ni16.version == 2  # written once


def test_two_first_proposals_on_a_new_thread(meet):
    world = build_world(with_proposal=False, with_meeting=False)
    officer = User.objects.get(username="officer")
    subject = _subject(world, world.ni72)
    dcsf = User.objects.get(username="dcsf")
    values = {**proposal_values(), "category": "statutory"}
    results = race(
        lambda: actions.add_entry(actor=officer, subject=subject, kind="proposal", seen=0, values=values,
                                  rationale="LA view."),
        lambda: actions.add_entry(actor=dcsf, subject=subject, kind="proposal", seen=0, values=values,
                                  rationale="DCSF view."),
    )
    assert meet == [None, None]  # neither saw a thread: both set out to open it
    assert sum(isinstance(r, NegotiationEntry) for r in results) == 1, results
    winner = next(r for r in results if isinstance(r, NegotiationEntry))
    loser = next(r for r in results if isinstance(r, actions.StaleAnswer))
    assert str(loser).startswith(f"{winner.author_name} made proposal #1 at "), str(loser)
    assert "your answer was not saved" in str(loser)
    assert NegotiationThread.objects.filter(target=world.ni72).count() == 1
    assert NegotiationEntry.objects.filter(thread__target=world.ni72).count() == 1
