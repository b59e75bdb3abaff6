"""Two people answering the same proposal at the same moment (issue item 5): on PostgreSQL,
with two real connections released together by a barrier, exactly one answer is saved, the
other is refused saying who answered first, and no entry is lost or duplicated.

Skipped on SQLite (one writer at a time by construction); run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/laa_neg_tests.
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

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def race(*answers: Callable[[], object]) -> list[object]:
    """Run each answer in its own thread (so its own database connection), all released at
    once; returns what each returned or raised."""
    barrier = threading.Barrier(len(answers))
    results: list[object] = [None] * len(answers)

    def run(i: int, answer: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = answer()
        except Exception as exc:  # noqa: BLE001 - the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(answers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def _subject(world, target):
    target.refresh_from_db()
    return Subject(world.agreement, target=target)


def test_accept_and_counter_at_the_same_moment(reference_data, rounds=5):
    world = build_world(with_proposal=False, with_meeting=False)
    officer = User.objects.get(username="officer")
    manager, director = User.objects.get(username="go-manager"), User.objects.get(username="go-director")
    seen = 0
    winners = []
    for n in range(rounds):
        subject = _subject(world, world.ni39)
        actions.add_entry(actor=officer, subject=subject, kind="proposal", seen=seen,
                          values=proposal_values(f"8.{n + 1}"), rationale=f"Round {n}.")
        seen += 1
        proposal = seen
        results = race(
            lambda s=subject, k=seen, p=proposal: actions.add_entry(actor=manager, subject=s, kind="accept", seen=k,
                                                                    proposal=p),
            lambda s=subject, k=seen: actions.add_entry(actor=director, subject=s, kind="counter_proposal", seen=k,
                                                        values=proposal_values("7.0"), rationale="Further."),
        )
        saved = [r for r in results if isinstance(r, NegotiationEntry)]
        refused = [r for r in results if isinstance(r, actions.StaleAnswer)]
        assert len(saved) == 1 and len(refused) == 1, results
        winner = saved[0]
        winners.append(winner.kind)
        who = "Gil Locality Manager (demo) accepted" if winner.kind == "accept" else "Dana Regional Director (demo) counter-proposed"
        assert who in str(refused[0]) and "your answer was not saved" in str(refused[0])
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


def test_two_acceptances_of_the_same_proposal(reference_data):
    world = build_world(with_proposal=False, with_meeting=False)
    officer = User.objects.get(username="officer")
    manager, director = User.objects.get(username="go-manager"), User.objects.get(username="go-director")
    subject = _subject(world, world.ni16)
    actions.add_entry(actor=officer, subject=subject, kind="proposal", seen=0, values=proposal_values(),
                      rationale="x")
    results = race(*(lambda who=who: actions.add_entry(actor=who, subject=subject, kind="accept", seen=1, proposal=1)
                     for who in (manager, director)))
    assert sum(isinstance(r, NegotiationEntry) for r in results) == 1, results
    assert sum(isinstance(r, actions.StaleAnswer) for r in results) == 1, results
    assert list(NegotiationEntry.objects.filter(thread__target=world.ni16).values_list("kind", flat=True)) == [
        "proposal", "accept"]
    world.ni16.refresh_from_db()
    assert world.ni16.version == 2  # written once


def test_two_first_proposals_on_a_new_thread(reference_data):
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
    assert sum(isinstance(r, NegotiationEntry) for r in results) == 1, results
    assert NegotiationThread.objects.filter(target=world.ni72).count() == 1
    assert NegotiationEntry.objects.filter(thread__target=world.ni72).count() == 1
