"""Two people of the Government Office completing the same annual review at the same
moment: exactly one wins, the other is told it was completed meanwhile, and one status
row is written. Real concurrent connections on PostgreSQL; skipped on SQLite, where the
write lock serialises the same code."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.test import override_settings

from laa.accounts.models import User
from laa.reviews import actions
from laa.reviews.models import Review, ReviewStatus

from .reviews_support import AUTUMN_DAY, assess_all, start
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
def review(committed_db):
    with override_settings(LAA_TODAY="2008-06-30"):
        kent = published_kent()
    with override_settings(LAA_TODAY=AUTUMN_DAY):
        found = start(kent)
        assess_all(found)
    return found


@pytest.fixture
def meet(monkeypatch):
    """Hold each completion after its checks and before its compare-and-set until both
    threads have got there."""
    barrier = threading.Barrier(2, timeout=20)
    real = actions.refuse_step

    def checked_then_wait(*args, **kwargs):
        refusal = real(*args, **kwargs)
        barrier.wait()
        return refusal

    monkeypatch.setattr(actions, "refuse_step", checked_then_wait)
    return barrier


def test_two_completions_at_once_exactly_one_wins(review, meet):
    manager, director = User.objects.get(username="go-manager"), User.objects.get(username="go-director")

    def complete(who):
        return lambda: actions.take_step(actor=who, review=Review.objects.get(pk=review.pk), step="complete",
                                         expected_state="in_progress")

    with override_settings(LAA_TODAY=AUTUMN_DAY):
        results = race(complete(manager), complete(director))
    wins = [r for r in results if isinstance(r, Review)]
    conflicts = [r for r in results if isinstance(r, actions.ReviewConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert ReviewStatus.objects.filter(review=review, step="complete").count() == 1
    winner = ReviewStatus.objects.get(review=review, step="complete").by_name
    assert f"The review was completed by {winner} meanwhile" in conflicts[0].message
    assert Review.objects.get(pk=review.pk).state == "completed"
