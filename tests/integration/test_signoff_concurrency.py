"""Two people approving the same agreement at the same moment: exactly one wins, the
other is told who moved it and when, and nothing is lost or written twice. Real
concurrent connections on PostgreSQL (each thread has its own); skipped on SQLite,
where the IMMEDIATE write lock serialises the same code.

A barrier inside the action holds both threads after each has read the agreement and
had the step allowed, so both reach the compare-and-set having seen the same state."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.agreements import actions as agreement_actions
from laa.agreements.models import Agreement
from laa.domain.roles import Role
from laa.signoff import actions
from laa.signoff.checks import content_hash_of
from laa.signoff.models import DistrictAdoption, SignOffStatus

from .signoff_support import S, advance, make_agreement, make_partner_represent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs real concurrent connections to PostgreSQL (set DATABASE_URL)",
    ),
]


@pytest.fixture
def meet(monkeypatch):
    """Hold each sign-off step, after its checks and before its compare-and-set, until
    both threads have got there."""
    barrier = threading.Barrier(2, timeout=20)
    real = actions.context_for

    def checked_then_wait(*args, **kwargs):
        context = real(*args, **kwargs)
        barrier.wait()
        return context

    monkeypatch.setattr(actions, "context_for", checked_then_wait)
    return barrier


def race(*calls):
    """Run the calls at once, each in its own thread (so its own connection)."""
    results: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results


@pytest.fixture
def recommended(reference_data):
    return advance(make_agreement(), S.RECOMMENDED)


def second_clg() -> User:
    return User.objects.create_user("clg-2", password="x", role=Role.CLG, first_name="Alex", last_name="Second Delegate")


def test_two_approvals_at_once_exactly_one_wins(recommended, meet):
    first, second = User.objects.get(username="clg"), second_clg()

    def approve(who):
        return lambda: actions.transition(actor=who, agreement=Agreement.objects.get(pk=recommended.pk),
                                          transition="approve", expected_state="recommended")

    results = race(approve(first), approve(second))
    wins = [r for r in results if isinstance(r, actions.TransitionResult)]
    conflicts = [r for r in results if isinstance(r, actions.TransitionConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    winner = wins[0].status
    assert SignOffStatus.objects.filter(agreement=recommended, transition="approve").count() == 1
    assert SignOffStatus.objects.filter(agreement=recommended).count() == 5
    message = conflicts[0].message
    assert "The agreement was approved on" in message and f"(recorded by {winner.by_name}" in message
    assert "was not recorded and nothing else was changed" in message
    recommended.refresh_from_db()
    assert recommended.state == S.APPROVED and recommended.content_hash == winner.content_hash == content_hash_of(recommended)


def test_two_approvals_at_once_through_the_api(recommended, meet):
    clients = []
    for who in (User.objects.get(username="clg"), second_clg()):
        _, key = ApiToken.issue(user=who, name="CLG system")
        clients.append(Client(headers={"Authorization": f"Bearer {key}"}))

    def approve(client):
        return lambda: client.post("/api/v1/sign-off/agreements/E2221/transitions/approve",
                                   {"expected_state": "recommended"}, content_type="application/json")

    responses = race(*(approve(c) for c in clients))
    assert sorted(r.status_code for r in responses) == [200, 409], responses
    loser = next(r for r in responses if r.status_code == 409).json()["detail"]
    winner = SignOffStatus.objects.get(agreement=recommended, transition="approve")
    assert f"(recorded by {winner.by_name}, CLG (Secretary of State delegate))" in loser
    assert SignOffStatus.objects.filter(agreement=recommended, transition="approve").count() == 1


def test_two_records_of_one_districts_adoption_keep_one(reference_data, meet):
    agreement = make_agreement()
    officer, partner = User.objects.get(username="officer"), make_partner_represent("Ashford")

    def adopt(who, note):
        return lambda: actions.transition(actor=who, agreement=Agreement.objects.get(pk=agreement.pk),
                                          transition="adopt_district", expected_state="draft",
                                          district="Ashford", note=note)

    results = race(adopt(officer, "from the officer"), adopt(partner, "from the district"))
    assert sorted(type(r).__name__ for r in results) == ["TransitionConflict", "TransitionResult"], results
    assert DistrictAdoption.objects.filter(agreement=agreement).count() == 1


def test_an_edit_racing_an_approval_never_changes_approved_content(recommended):
    """Whichever lands first, the approved content is the content that stays: an edit
    after approval is refused as frozen; one between the approval's check and its
    compare-and-set makes the approval a conflict."""
    barrier = threading.Barrier(2, timeout=20)
    clg, officer = User.objects.get(username="clg"), User.objects.get(username="officer")
    version = recommended.version

    def approve():
        barrier.wait()
        return actions.transition(actor=clg, agreement=Agreement.objects.get(pk=recommended.pk),
                                  transition="approve", expected_state="recommended")

    def edit():
        barrier.wait()
        return agreement_actions.update_agreement(actor=officer, agreement=Agreement.objects.get(pk=recommended.pk),
                                                  version=version, fields={"story_of_place": "Edited at the last minute."})

    approved, edited = race(approve, edit)
    recommended.refresh_from_db()
    if isinstance(approved, actions.TransitionResult):
        # The edit was refused as frozen, or had landed before the approval read the
        # agreement; either way the recorded hash is that of the content as it stands.
        assert isinstance(edited, agreement_actions.FrozenAgreement) or (
            recommended.story_of_place == "Edited at the last minute."), edited
        assert recommended.content_hash == content_hash_of(recommended)
    else:
        assert isinstance(approved, actions.TransitionConflict), approved
        assert "was changed (version" in approved.message
        assert recommended.state == S.RECOMMENDED and recommended.story_of_place == "Edited at the last minute."


def test_an_edit_between_the_approvals_check_and_its_update_makes_it_a_conflict(recommended, monkeypatch):
    """The compare-and-set pins the content's version as well as the state: content
    edited after the approval was checked is never approved unseen."""
    checked, edited = threading.Event(), threading.Event()
    real = actions.context_for

    def checked_then_wait(*args, **kwargs):
        context = real(*args, **kwargs)
        checked.set()
        assert edited.wait(20)
        return context

    monkeypatch.setattr(actions, "context_for", checked_then_wait)
    clg, officer = User.objects.get(username="clg"), User.objects.get(username="officer")

    def approve():
        return actions.transition(actor=clg, agreement=Agreement.objects.get(pk=recommended.pk),
                                  transition="approve", expected_state="recommended")

    def edit():
        assert checked.wait(20)
        try:
            return agreement_actions.update_agreement(
                actor=officer, agreement=Agreement.objects.get(pk=recommended.pk), version=recommended.version,
                fields={"story_of_place": "Edited while the approval was being checked."})
        finally:
            edited.set()

    approved, result = race(approve, edit)
    assert isinstance(result, Agreement), result
    assert isinstance(approved, actions.TransitionConflict), approved
    assert f"was changed (version {recommended.version}, now {recommended.version + 1})" in approved.message
    recommended.refresh_from_db()
    assert recommended.state == S.RECOMMENDED and recommended.content_hash == ""
    assert not SignOffStatus.objects.filter(agreement=recommended, transition="approve").exists()
