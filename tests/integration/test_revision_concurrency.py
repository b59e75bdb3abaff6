"""Two revisions of Kent's agreement approved at the same moment (issue 12's Done-when):
a local one by the partnership officer for the responsible authority, a designated one
by the Secretary of State's delegate. Exactly one writes version 2; the other is refused
saying which revision made version 2, and stays as it was, its changes and consents
kept: nothing is lost. Real concurrent connections on PostgreSQL; skipped on SQLite,
where the write lock serialises the same code."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from laa.domain.revisions import ChangeKind, Item
from laa.revisions import actions
from laa.revisions.models import Consent, Revision, RevisionItem, RevisionStatus
from laa.signoff.models import AgreementVersion

from .revisions_support import (
    APPROVAL_DAY,
    LATER,
    consent_all,
    consulted,
    designated_key,
    local_key,
    person,
    propose,
)
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
def two_revisions(committed_db):
    with override_settings(LAA_TODAY=APPROVAL_DAY):
        kent = published_kent()
    with override_settings(LAA_TODAY=LATER):
        local = propose(kent, [Item(ChangeKind.AMEND, local_key(kent), {"2010/11": Decimal("30.5")})])
        designated = propose(kent, [Item(ChangeKind.AMEND, designated_key(kent), {"2010/11": Decimal("1.5")})])
        for revision in (local, designated):
            consent_all(revision)
        consulted(local)
    return kent, local, designated


@pytest.fixture
def meet(monkeypatch):
    """Hold each approval after its checks of the step and before its transaction until
    both threads have got there."""
    barrier = threading.Barrier(2, timeout=20)
    real = actions.refuse_step

    def checked_then_wait(*args, **kwargs):
        refusal = real(*args, **kwargs)
        barrier.wait()
        return refusal

    monkeypatch.setattr(actions, "refuse_step", checked_then_wait)
    return barrier


def test_two_revisions_approved_at_once_one_wins_nothing_lost(two_revisions, meet):
    kent, local, designated = two_revisions

    def approve(who, revision):
        return lambda: actions.take_step(actor=person(who), revision=Revision.objects.get(pk=revision.pk),
                                         step="approve", expected_state="consented")

    with override_settings(LAA_TODAY=LATER):
        results = race(approve("officer", local), approve("clg", designated))
    wins = [r for r in results if isinstance(r, Revision)]
    conflicts = [r for r in results if isinstance(r, actions.RevisionConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    winner = wins[0]
    loser = designated if winner.pk == local.pk else local
    assert list(AgreementVersion.objects.filter(agreement=kent).values_list("number", flat=True)) == [1, 2]
    assert winner.made.number == 2
    message = conflicts[0].message
    assert f"Version 2 of the agreement was approved by revision {winner.number} on 20 August 2008" in message
    assert f"revision {loser.number} was proposed on version 1: it was not approved" in message
    assert "Propose its change again on version 2" in message
    loser.refresh_from_db()
    assert loser.state == "consented" and loser.made is None
    assert RevisionStatus.objects.filter(step="approve").count() == 1
    assert RevisionItem.objects.filter(revision=loser).count() == 1  # its change is kept
    assert Consent.objects.filter(revision=loser, consents=True).count() == len(actions.needed_consents(loser))
