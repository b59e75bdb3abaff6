"""Signatures and publications of an MAA racing (ADR 0028): two signatories signing at
the same moment are both recorded; one signatory's signature recorded twice at once, and
two publications at once, each have exactly one winner, the other refused with nothing
written. Real concurrent connections on PostgreSQL; skipped on SQLite, where the write
lock serialises the same code."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings

from laa.accounts.models import User
from laa.domain.maa import GOVERNMENT
from laa.domain.roles import Role
from laa.maa import actions
from laa.maa.models import MaaStatus, MultiAreaAgreement, Signature

from .maa_support import KCC, agreed_maa, person, sign_all
from .test_signoff_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs real concurrent connections to PostgreSQL (set DATABASE_URL)",
    ),
]


def _meet(monkeypatch, name: str) -> None:
    """Hold each call after its checks and before its transaction until both got there."""
    barrier = threading.Barrier(2, timeout=20)
    real = getattr(actions, name)

    def checked_then_wait(*args, **kwargs):
        refusal = real(*args, **kwargs)
        barrier.wait()
        return refusal

    monkeypatch.setattr(actions, name, checked_then_wait)


def test_two_signatories_at_once_are_both_recorded(committed_db, monkeypatch):
    maa = agreed_maa()
    _meet(monkeypatch, "sign_refusal")
    results = race(lambda: actions.sign(actor=person("officer"), maa=maa, signatory=KCC, signed_by="Leader"),
                   lambda: actions.sign(actor=person("clg"), maa=maa, signatory=GOVERNMENT, signed_by="Minister"))
    assert all(isinstance(r, Signature) for r in results), results
    assert sorted(Signature.objects.filter(maa=maa).values_list("signatory", flat=True)) == sorted([KCC, GOVERNMENT])
    assert MultiAreaAgreement.objects.get(pk=maa.pk).version == maa.version + 2


def test_one_signature_recorded_twice_at_once_has_one_winner(committed_db, monkeypatch):
    maa = agreed_maa()
    second = User.objects.create_user("clg-maa-2", password="x", role=Role.CLG, first_name="Alex", last_name="Second")
    _meet(monkeypatch, "sign_refusal")
    results = race(lambda: actions.sign(actor=person("clg"), maa=maa, signatory=GOVERNMENT, signed_by="Minister A"),
                   lambda: actions.sign(actor=second, maa=maa, signatory=GOVERNMENT, signed_by="Minister B"))
    wins = [r for r in results if isinstance(r, Signature)]
    conflicts = [r for r in results if isinstance(r, actions.MaaConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert "has signed the MAA already" in conflicts[0].message
    assert Signature.objects.filter(maa=maa).count() == 1


def test_two_publications_at_once_have_one_winner(committed_db, monkeypatch):
    maa = agreed_maa()
    sign_all(maa)
    second = User.objects.create_user("clg-maa-3", password="x", role=Role.CLG, first_name="Bo", last_name="Third")
    _meet(monkeypatch, "step_refusal")
    results = race(lambda: actions.take_step(actor=person("clg"), maa=maa, step="publish", expected_state="agreed"),
                   lambda: actions.take_step(actor=second, maa=maa, step="publish", expected_state="agreed"))
    wins = [r for r in results if isinstance(r, MultiAreaAgreement)]
    conflicts = [r for r in results if isinstance(r, actions.MaaConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert "published by" in conflicts[0].message and "was not recorded" in conflicts[0].message
    assert MaaStatus.objects.filter(maa=maa, step="publish").count() == 1
    assert MultiAreaAgreement.objects.get(pk=maa.pk).state == "published"
