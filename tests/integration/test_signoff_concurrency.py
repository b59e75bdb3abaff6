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

from .signoff_support import S, acknowledge_all, advance, make_agreement, make_partner_represent

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
def recommended(committed_db):
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


@pytest.fixture
def agreed_with_go(committed_db):
    """Advanced before `meet` holds the steps (a fixture named ahead of it)."""
    return advance(make_agreement(), S.AGREED_WITH_GO)


def test_two_records_of_one_districts_adoption_keep_one(agreed_with_go, meet):
    agreement = agreed_with_go
    officer, partner = User.objects.get(username="officer"), make_partner_represent("Ashford")

    def adopt(who, note):
        return lambda: actions.transition(actor=who, agreement=Agreement.objects.get(pk=agreement.pk),
                                          transition="adopt_district", expected_state="agreed_with_go",
                                          district="Ashford", note=note)

    results = race(adopt(officer, "from the officer"), adopt(partner, "from the district"))
    assert sorted(type(r).__name__ for r in results) == ["TransitionConflict", "TransitionResult"], results
    assert DistrictAdoption.objects.filter(agreement=agreement).count() == 1


@pytest.fixture
def draft(committed_db):
    agreement = make_agreement()
    acknowledge_all(agreement)
    agreement.refresh_from_db()
    return agreement


def test_an_edit_racing_a_submission_never_changes_submitted_content(draft):
    """Whichever lands first, what was submitted (and checked against the rules) is the
    content that stays: an edit after submission is refused (the agreement is with the
    GO); one between the submission's check and its compare-and-set makes it a conflict."""
    barrier = threading.Barrier(2, timeout=20)
    officer = User.objects.get(username="officer")
    version = draft.version

    def submit():
        barrier.wait()
        return actions.transition(actor=officer, agreement=Agreement.objects.get(pk=draft.pk),
                                  transition="submit", expected_state="draft")

    def edit():
        barrier.wait()
        return agreement_actions.update_agreement(actor=officer, agreement=Agreement.objects.get(pk=draft.pk),
                                                  version=version, fields={"story_of_place": "Edited at the last minute."})

    submitted, edited = race(submit, edit)
    draft.refresh_from_db()
    if isinstance(submitted, actions.TransitionResult):
        # The edit was refused (the agreement is with the GO), or had landed before the
        # submission read the agreement; either way the row records the version as it stands.
        assert isinstance(edited, agreement_actions.FrozenAgreement) or (
            draft.story_of_place == "Edited at the last minute."), edited
        if isinstance(edited, agreement_actions.FrozenAgreement):
            assert "is with the Government Office" in str(edited)
        row = SignOffStatus.objects.get(agreement=draft, transition="submit")
        assert row.agreement_version == draft.version
    else:
        assert isinstance(submitted, actions.TransitionConflict), submitted
        assert "was changed (version" in submitted.message
        assert draft.state == S.DRAFT and draft.story_of_place == "Edited at the last minute."


def test_an_edit_between_the_submissions_check_and_its_update_makes_it_a_conflict(draft, monkeypatch):
    """The compare-and-set pins the content's version as well as the state: content
    edited after the submission was checked is never submitted unchecked."""
    checked, edited = threading.Event(), threading.Event()
    real = actions.context_for

    def checked_then_wait(*args, **kwargs):
        context = real(*args, **kwargs)
        checked.set()
        assert edited.wait(20)
        return context

    monkeypatch.setattr(actions, "context_for", checked_then_wait)
    officer = User.objects.get(username="officer")

    def submit():
        return actions.transition(actor=officer, agreement=Agreement.objects.get(pk=draft.pk),
                                  transition="submit", expected_state="draft")

    def edit():
        assert checked.wait(20)
        try:
            return agreement_actions.update_agreement(
                actor=officer, agreement=Agreement.objects.get(pk=draft.pk), version=draft.version,
                fields={"story_of_place": "Edited while the submission was being checked."})
        finally:
            edited.set()

    submitted, result = race(submit, edit)
    assert isinstance(result, Agreement), result
    assert isinstance(submitted, actions.TransitionConflict), submitted
    assert f"was changed (version {draft.version}, now {draft.version + 1})" in submitted.message
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    assert not SignOffStatus.objects.filter(agreement=draft, transition="submit").exists()


def test_an_edit_racing_an_approval_is_refused(recommended):
    """Out of draft the content cannot change at all, so approval's content hash is that
    of the content recommended."""
    officer = User.objects.get(username="officer")
    with pytest.raises(agreement_actions.FrozenAgreement):
        agreement_actions.update_agreement(actor=officer, agreement=recommended, version=recommended.version,
                                           fields={"story_of_place": "Edited at the last minute."})
    actions.transition(actor=User.objects.get(username="clg"), agreement=recommended, transition="approve",
                       expected_state="recommended")
    recommended.refresh_from_db()
    assert recommended.content_hash == content_hash_of(recommended)
