"""The demonstration's MAA (ADR 0028): Tees Valley's five real councils, signed by all of
them, CLG Ministers and the three contributing partners, published, with each kind of
target, one of them un-designated from Middlesbrough's approved agreement (issue 12's
"Done when"); loading it twice changes nothing; the command line reads it."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from laa.agreements.models import Agreement
from laa.agreements.shared_designation import shared_designated
from laa.domain.rules.check import designated_indicators
from laa.maa.models import MaaStatus, MaaTarget, MultiAreaAgreement, Signature
from laa.revisions.models import Revision
from laa.signoff.models import SignOffStatus
from laa.signoff.versions import version_diff, version_draft, versions_of
from laa.web.demo_maa import load_demo_maa
from laa.web.demo_tees import load_constituent_laa

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


def designated_count(version, area) -> int:
    """The version's count of designated indicators, those of the area's MAAs included (D2, D17)."""
    targets = version_draft(version).targets
    return len(designated_indicators(((t.category, t.indicator) for t in targets), shared_designated(area)))


def test_a_target_of_middlesbroughs_approved_agreement_is_un_designated_into_tees_valley(client, client_for):
    load_demo_maa()
    users, changed = load_constituent_laa()
    assert changed and {u.username for u in users} == {
        "mbro-officer", "mbro-jobcentre", "mbro-lsc", "gone-manager", "gone-director"}
    before = (SignOffStatus.objects.count(), Revision.objects.count(), MaaTarget.objects.count())
    assert load_constituent_laa()[1] is False and load_demo_maa() is False  # idempotent
    assert (SignOffStatus.objects.count(), Revision.objects.count(), MaaTarget.objects.count()) == before

    middlesbrough = Agreement.objects.get(area__code="E0702")
    assert middlesbrough.state == "approved" and middlesbrough.area.partnership.is_demo
    steps = SignOffStatus.objects.filter(agreement=middlesbrough).order_by("id")
    assert [(s.transition, s.by.username) for s in steps] == [
        ("submit", "mbro-officer"), ("agree", "gone-manager"), ("council_approve", "mbro-officer"),
        ("recommend", "gone-director"), ("approve", "clg")]
    partners = set(middlesbrough.targets.values_list("partners__name", flat=True))
    assert {"Jobcentre Plus", "Cleveland Police Authority", "Middlesbrough PCT"} <= partners

    maa = MultiAreaAgreement.objects.get(code="tees-valley")
    assert maa.state == "published"
    assert sorted(set(maa.targets.values_list("kind", flat=True))) == ["designated", "national", "other"]
    moved = MaaTarget.objects.get(maa=maa, moved_by__isnull=False)
    revision = moved.moved_by.revision
    assert (moved.key, moved.kind, revision.kind, revision.state) == ("NI 152", "national", "maa", "approved")
    assert sorted(revision.consents.values_list("organisation", flat=True)) == [
        "Jobcentre Plus", "Learning and Skills Council (North East region)"]

    first, second = versions_of(middlesbrough)
    assert (second.number, second.in_force_from.isoformat()) == (2, "2008-07-01")
    assert designated_count(second, middlesbrough.area) == designated_count(first, middlesbrough.area) - 1 == 3
    [change] = version_diff(first, second).targets
    assert (change.key, change.kind, change.category, change.designation) == (
        "NI 152", "changed", "local", "no longer designated")

    page = client.get("/maa/tees-valley").content.decode()  # published: anyone reads it
    assert ("Un-designated from Middlesbrough&#39;s agreement (designated in version 1; local from version 2, "
            "in force from 1 July 2008)") in page
    changes = client_for("mbro-officer").get("/sign-off/E0702/versions/changes?older=1&newer=2").content.decode()
    assert "NI 152" in changes and "no longer designated" in changes
