"""The demonstration's MAA (ADR 0028): Tees Valley's five real councils, signed by all of
them, CLG Ministers and the three contributing partners, published, with each kind of
target; loading it twice changes nothing; the command line reads it."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from laa.maa.models import MaaStatus, MultiAreaAgreement, Signature
from laa.web.demo_maa import load_demo_maa

pytestmark = pytest.mark.django_db


def test_tees_valley_is_signed_and_published(capsys):
    assert load_demo_maa() is True
    assert load_demo_maa() is False
    maa = MultiAreaAgreement.objects.get(code="tees-valley")
    assert maa.state == "published" and maa.is_demo
    assert sorted(maa.participants.values_list("organisation__name", flat=True)) == [
        "Darlington Council", "Hartlepool Council", "Middlesbrough Council", "Redcar & Cleveland Council",
        "Stockton-on-Tees Council"]
    assert Signature.objects.filter(maa=maa).count() == 9  # 5 councils, CLG Ministers, 3 partners
    assert sorted(set(maa.targets.values_list("kind", flat=True))) == ["designated", "national", "other"]
    assert [s.at.date().isoformat() for s in MaaStatus.objects.filter(maa=maa)] == [
        "2008-05-30", "2008-06-20", "2008-06-30"]
    call_command("maa", "show", "tees-valley")
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "published" and len(shown["signatories"]) == 9


def test_the_command_line_refuses_naming_the_field(capsys):
    load_demo_maa()
    with pytest.raises(CommandError) as refused:
        call_command("maa", "add-outcome", "tees-valley", "more", "More")
    assert "its content changes only in draft" in str(refused.value)
    call_command("maa", "create", "test-cli", "Test CLI", "--region", "NE", "--council", "Darlington Council",
                 "--council", "Hartlepool Council")
    with pytest.raises(CommandError):
        call_command("maa", "add-target", "test-cli", "GVA", "--kind", "other", "--outcome", "x", "--value", "2010/11=abc")
    assert "yearly" in capsys.readouterr().err
    assert MultiAreaAgreement.objects.get(code="test-cli").targets.count() == 0
