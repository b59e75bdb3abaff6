"""The refresh at the same moment as something else (ADR 0025), on real concurrent
connections to PostgreSQL (skipped on SQLite, where the write lock serialises the same
code): two refreshes of one review proposed at once (one is recorded, the other refused,
the review's row held); a refresh and a local revision approved at once (one writes
version 2, the other is refused and stays consented, its changes and consents kept)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from laa.domain.revisions import ChangeKind, Item
from laa.reviews import actions as reviews
from laa.revisions import actions
from laa.revisions import refresh as refresh_actions
from laa.revisions.models import Revision, RevisionItem, RevisionStatus
from laa.signoff.models import AgreementVersion

from .refresh_support import MARCH_DAY, REVIEW_DAY, agree_all, fill_ni32, propose, renegotiate
from .revisions_support import APPROVAL_DAY, consent_all, consulted, local_key, person
from .revisions_support import propose as propose_revision
from .test_signoff_concurrency import race
from .versions_support import published_kent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs real concurrent connections to PostgreSQL (set DATABASE_URL)",
    ),
]


@pytest.fixture
def reviewed_kent(committed_db):
    with override_settings(LAA_TODAY=APPROVAL_DAY):
        kent = published_kent()
    with override_settings(LAA_TODAY=REVIEW_DAY):
        go = person("go-manager")
        review = reviews.start_review(actor=go, agreement=kent, year="2008/09")
        for key, _ in reviews.reviewed_targets(review):
            reviews.assess_target(actor=go, review=review, target=key, rating="on_track")
        review = reviews.take_step(actor=go, review=review, step="complete", expected_state="in_progress")
    return kent, review


def _meet(monkeypatch, module, name):
    """Hold each call after the named check, outside the transaction, until both threads get there."""
    barrier = threading.Barrier(2, timeout=20)
    real = getattr(module, name)

    def checked_then_wait(*args, **kwargs):
        found = real(*args, **kwargs)
        barrier.wait()
        return found

    monkeypatch.setattr(module, name, checked_then_wait)


def test_two_refreshes_of_one_review_proposed_at_once_one_is_recorded(reviewed_kent, monkeypatch):
    _, review = reviewed_kent
    _meet(monkeypatch, refresh_actions, "refusal_to_propose")
    with override_settings(LAA_TODAY=MARCH_DAY):
        results = race(lambda: propose(review, [fill_ni32()]), lambda: propose(review, [renegotiate("NI 30")]))
    wins = [r for r in results if isinstance(r, Revision)]
    conflicts = [r for r in results if isinstance(r, actions.RevisionConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert "was proposed as the 2008/09 refresh meanwhile" in conflicts[0].message
    assert Revision.objects.filter(review=review).count() == 1


def test_a_refresh_and_a_local_revision_approved_at_once_one_wins_nothing_lost(reviewed_kent, monkeypatch):
    kent, review = reviewed_kent
    with override_settings(LAA_TODAY=MARCH_DAY):
        refreshed = propose(review, [fill_ni32()])
        agree_all(refreshed)
        local = propose_revision(kent, [Item(ChangeKind.AMEND, local_key(kent), {"2010/11": Decimal("30.5")})])
        consent_all(local)
        consulted(local, "2009-03-10")
    _meet(monkeypatch, actions, "refuse_step")

    def approve(who, revision):
        return lambda: actions.take_step(actor=person(who), revision=Revision.objects.get(pk=revision.pk),
                                         step="approve", expected_state="consented")

    with override_settings(LAA_TODAY=MARCH_DAY):
        results = race(approve("clg", refreshed), approve("officer", local))
    wins = [r for r in results if isinstance(r, Revision)]
    conflicts = [r for r in results if isinstance(r, actions.RevisionConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    loser = local if wins[0].pk == refreshed.pk else refreshed
    assert list(AgreementVersion.objects.filter(agreement=kent).values_list("number", flat=True)) == [1, 2]
    assert "Propose its change again on version 2" in conflicts[0].message
    loser.refresh_from_db()
    assert loser.state == "consented" and loser.made is None
    assert RevisionStatus.objects.filter(step="approve").count() == 1
    assert RevisionItem.objects.filter(revision=loser).count() == 1
