"""Two determinations of one reward claim at the same moment (issue 14's Done-when), and a
withdrawal racing a determination: one moves the claim and writes its figures; the other
is refused, writing nothing. Real
concurrent connections on PostgreSQL; skipped on SQLite, where the write lock serialises
the same code."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.test import override_settings

from laa.accounts.models import User
from laa.audit.models import AuditEvent
from laa.domain.roles import Role
from laa.performance import reward_actions as actions
from laa.performance import reward_steps as steps
from laa.performance.models import ClaimStatus, RewardClaim

from .reward_support import AFTER, kent_with_budgets
from .test_signoff_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs real concurrent connections to PostgreSQL (set DATABASE_URL)",
    ),
]


@pytest.fixture
def recommended(committed_db):
    kent = kent_with_budgets()
    with override_settings(LAA_TODAY=AFTER):
        claim = actions.make_claim(actor=User.objects.get(username="officer"), agreement=kent,
                                   values={("NI 16", ""): "34.56"}, evidence="The hub", policy_id="laa-2008-11/1")
        return steps.take_step(actor=User.objects.get(username="go-manager"), claim=claim, step="recommend",
                                  seen_version=1, note="Checked")


@pytest.fixture
def meet(monkeypatch):
    """Hold each determination inside its transaction, before its compare-and-set, until
    both threads have got there."""
    barrier = threading.Barrier(2, timeout=20)
    real = steps.snapshot

    def then_wait(*args, **kwargs):
        found = real(*args, **kwargs)
        barrier.wait()
        return found

    monkeypatch.setattr(steps, "snapshot", then_wait)
    return barrier


def test_two_determinations_of_one_claim_one_wins(recommended, meet):
    second = User.objects.create_user("clg-2", password="x", role=Role.CLG, first_name="Alex", last_name="Second")

    def determine(person):
        return lambda: steps.take_step(actor=person, claim=RewardClaim.objects.get(pk=recommended.pk),
                                          step="determine", seen_version=recommended.version)

    with override_settings(LAA_TODAY=AFTER):
        results = race(determine(User.objects.get(username="clg")), determine(second))
    wins = [r for r in results if isinstance(r, RewardClaim)]
    conflicts = [r for r in results if isinstance(r, actions.ClaimConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert "Claim 1 is determined by clg now: it cannot be determined." in conflicts[0].message
    assert ClaimStatus.objects.filter(claim=recommended, step="determine").count() == 1
    assert AuditEvent.objects.filter(action="reward-determine").count() == 1
    assert RewardClaim.objects.get(pk=recommended.pk).state == "determined"


def test_a_withdrawal_and_a_determination_at_the_same_moment_one_wins(recommended, meet):
    officer, clg = User.objects.get(username="officer"), User.objects.get(username="clg")

    def take(person, step, note=""):
        return lambda: steps.take_step(actor=person, claim=RewardClaim.objects.get(pk=recommended.pk), step=step,
                                       seen_version=recommended.version, note=note)

    with override_settings(LAA_TODAY=AFTER):
        results = race(take(officer, "withdraw", "Claimed too early"), take(clg, "determine"))
    wins = [r for r in results if isinstance(r, RewardClaim)]
    conflicts = [r for r in results if isinstance(r, actions.ClaimConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    final = RewardClaim.objects.get(pk=recommended.pk)
    assert final.state == wins[0].state and final.state in {"withdrawn", "determined"}
    assert f"Claim 1 is {'withdrawn by the authority' if final.state == 'withdrawn' else 'determined by clg'} now" \
        in conflicts[0].message
    assert ClaimStatus.objects.filter(claim=recommended, step__in=["withdraw", "determine"]).count() == 1
    assert AuditEvent.objects.filter(action__in=["reward-withdraw", "reward-determine"]).count() == 1
