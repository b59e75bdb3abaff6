"""Two inspectors publishing one CAA flag at the same moment (issue 13, ADR 0027): one
publishes it, with one status row and one audit event; the other is refused (409), writing
nothing. Real concurrent connections on PostgreSQL; skipped on SQLite, where the write lock
serialises the same code."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings

from laa.accounts.models import User
from laa.audit.models import AuditEvent
from laa.domain.roles import Role
from laa.performance import caa_actions as actions
from laa.performance.caa_models import CaaFlag, CaaFlagStatus
from laa.places.models import Area

from .test_signoff_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs real concurrent connections to PostgreSQL (set DATABASE_URL)",
    ),
]


@pytest.fixture
def draft(committed_db):
    return actions.record_flag(actor=User.objects.get(username="inspector"), area=Area.objects.get(code="E2221"),
                               colour="red", title="Acquisitive crime rising", evidence="Burglary up a fifth")


@pytest.fixture
def meet(monkeypatch):
    """Hold each publication inside its transaction, before its compare-and-set, until both
    threads have got there."""
    barrier = threading.Barrier(2, timeout=20)
    real = actions.snapshot

    def then_wait(*args, **kwargs):
        found = real(*args, **kwargs)
        barrier.wait()
        return found

    monkeypatch.setattr(actions, "snapshot", then_wait)
    return barrier


def test_two_inspectors_publishing_one_flag_one_wins(draft, meet):
    second = User.objects.create_user("inspector-2", password="x", role=Role.INSPECTOR, first_name="Sam",
                                      last_name="Second")

    def publish(person):
        return lambda: actions.move_flag(actor=person, flag=CaaFlag.objects.get(pk=draft.pk), step="publish",
                                         seen_version=draft.version)

    results = race(publish(User.objects.get(username="inspector")), publish(second))
    wins = [r for r in results if isinstance(r, CaaFlag)]
    refused = [r for r in results if isinstance(r, actions.FlagRefused)]
    assert len(wins) == 1 and len(refused) == 1, results
    assert refused[0].status == 409 and "The flag is published and was changed since you saw it" in str(refused[0])
    assert CaaFlagStatus.objects.filter(flag=draft, step="publish").count() == 1
    assert AuditEvent.objects.filter(action="caa-flag-publish").count() == 1
    assert CaaFlag.objects.get(pk=draft.pk).state == "published"
