"""Revisions' actions (ADR 0021) on Kent's agreement approved on 27 June 2008: the
one-month rule of s110(3), the consents, the consultation, approval writing version 2,
and the designated route through the Secretary of State."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from laa.agreements.models import Target
from laa.audit.models import AuditEvent
from laa.domain.composition import Reward
from laa.domain.revisions import ChangeKind, Item
from laa.revisions import actions
from laa.revisions.changes import new_target
from laa.revisions.models import Consent, Revision, RevisionStatus
from laa.signoff.checks import approved_content_of
from laa.signoff.memorandum import memorandum
from laa.signoff.versions import number_in_force, version_diff, versions_of

from .revisions_support import (
    APPROVAL_DAY,
    FIRE,
    LATER,
    POLICE,
    TWO_WEEKS_LATER,
    approved_kent,
    consent_all,
    consulted,
    designated_key,
    fire_partner,
    local_key,
    person,
    propose,
)
from .signoff_support import S, advance, demo_draft, make_agreement

pytestmark = pytest.mark.django_db


def test_a_local_target_two_weeks_after_approval_is_refused_naming_the_day(settings):
    kent = approved_kent(settings)
    settings.LAA_TODAY = TWO_WEEKS_LATER
    with pytest.raises(actions.RevisionError) as refused:
        propose(kent)
    assert "approved on 27 June 2008, so a local revision can be made from 27 July 2008" in refused.value.message
    assert not Revision.objects.exists()


def test_a_local_target_added_later_is_approved_as_version_2(settings):
    kent = approved_kent(settings)
    revision = propose(kent)
    assert actions.needed_consents(revision) == (POLICE, FIRE)
    actions.record_consent(actor=person("partner"), revision=revision, consents=True)
    revision.refresh_from_db()
    assert revision.state == "proposed"
    with pytest.raises(actions.RevisionError) as early:
        actions.take_step(actor=person("officer"), revision=revision, step="approve", expected_state="proposed")
    assert "cannot be approved now" in early.value.message
    actions.record_consent(actor=fire_partner(kent), revision=revision, consents=True)
    revision.refresh_from_db()
    assert revision.state == "consented"
    with pytest.raises(actions.RevisionError) as unconsulted:
        actions.take_step(actor=person("officer"), revision=revision, step="approve", expected_state="consented")
    assert "the consultation of the voluntary partners is not recorded yet" in unconsulted.value.message
    consulted(revision)
    approved = actions.take_step(actor=person("officer"), revision=revision, step="approve", expected_state="consented")
    assert approved.state == "approved" and approved.made.number == 2
    assert approved.made.in_force_from == date(2008, 8, 20)
    first, second = versions_of(kent)
    diff = version_diff(first, second)
    assert [(t.key, t.kind) for t in diff.targets] == [("NI 28", "added")]
    assert number_in_force(kent, date(2008, 8, 20)) == 2 and number_in_force(kent, date(2008, 8, 19)) == 1
    assert Target.objects.get(agreement=kent, key="NI 28").partners.count() == 2
    kent.refresh_from_db()  # the live targets say what version 2 says
    assert approved_content_of(kent)[1] == second.content_hash == kent.content_hash
    assert "NI 28" in [t.key for t in memorandum(kent, on=date(2008, 8, 20)).local]
    assert "NI 28" not in [t.key for t in memorandum(kent, on=date(2008, 8, 19)).targets]
    assert [c.organisation for c in Consent.objects.filter(revision=revision)] == [POLICE, FIRE]
    assert [s.step for s in RevisionStatus.objects.filter(revision=revision)] == [
        "propose", "consents_complete", "approve"]
    assert AuditEvent.objects.filter(action="revision-approve").count() == 1
    # s110(3) again: a month from this revision
    with pytest.raises(actions.RevisionError) as again:
        propose(kent, [Item(ChangeKind.DROP, local_key(kent))])
    assert "approved on 20 August 2008, so a local revision can be made from 20 September 2008" in again.value.message


def test_a_partner_authority_refusing_refuses_the_revision(settings):
    kent = approved_kent(settings)
    revision = propose(kent)
    with pytest.raises(actions.RevisionError) as no_reason:
        actions.record_consent(actor=person("partner"), revision=revision, consents=False)
    assert no_reason.value.problems == {"note": "Give the reason for refusing"}
    actions.record_consent(actor=person("partner"), revision=revision, consents=False, note="No resources")
    revision.refresh_from_db()
    assert revision.state == "refused"
    with pytest.raises(actions.RevisionConflict):
        actions.record_consent(actor=fire_partner(kent), revision=revision, consents=True)


def test_a_designated_target_is_changed_only_with_the_secretary_of_state(settings):
    kent = approved_kent(settings)
    settings.LAA_TODAY = TWO_WEEKS_LATER  # s110(3) is about local targets
    key = designated_key(kent)
    revision = propose(kent, [Item(ChangeKind.AMEND, key, {"2010/11": Decimal("1.5")})])
    assert revision.kind == "designated"
    consent_all(revision)
    revision.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.take_step(actor=person("officer"), revision=revision, step="approve", expected_state="consented")
    approved = actions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    diff = version_diff(*versions_of(kent))
    assert [(t.key, [c.what for c in t.changes]) for t in diff.targets] == [(key, ["Target 2010/11"])]
    kent.refresh_from_db()
    assert approved_content_of(kent)[1] == versions_of(kent).last().content_hash
    assert approved.made.approved_role == "clg"


def test_a_reward_target_cannot_be_changed_by_a_local_revision(settings):
    settings.LAA_TODAY = APPROVAL_DAY
    draft = demo_draft()
    index = next(i for i, t in enumerate(draft.targets) if t.category == "local" and len(t.yearly) == 3)
    rewarded = replace(draft.targets[index], reward=Reward(Decimal("34.0"), Decimal("33.0")))
    draft = replace(draft, targets=(*draft.targets[:index], rewarded, *draft.targets[index + 1:]))
    kent = advance(make_agreement(draft), S.PUBLISHED)
    settings.LAA_TODAY = LATER
    with pytest.raises(actions.RevisionError) as refused:
        propose(kent, [Item(ChangeKind.DROP, rewarded.key)])
    assert (f"{rewarded.key} has a reward element: a target with a reward element cannot be changed by a local "
            "revision.") in refused.value.message
    assert not Revision.objects.exists()


def test_the_officer_withdraws_and_the_approver_refuses_with_a_reason(settings):
    kent = approved_kent(settings)
    first = propose(kent)
    with pytest.raises(actions.RevisionError) as no_reason:
        actions.take_step(actor=person("officer"), revision=first, step="withdraw", expected_state="proposed")
    assert no_reason.value.problems == {"reason": "Give a reason, so the partnership knows why."}
    withdrawn = actions.take_step(actor=person("officer"), revision=first, step="withdraw", expected_state="proposed",
                                  reason="Folded into the refresh")
    assert withdrawn.state == "withdrawn"
    with pytest.raises(actions.RevisionConflict) as stale:  # someone still looking at it as proposed
        actions.take_step(actor=person("officer"), revision=first, step="withdraw", expected_state="proposed",
                          reason="Again")
    assert "Revision 1 was withdrawn by Pat Officer (demo) meanwhile" in stale.value.message
    second = propose(kent, [Item(ChangeKind.DROP, designated_key(kent))])
    refused = actions.take_step(actor=person("clg"), revision=second, step="refuse", expected_state="proposed",
                                reason="Designated targets are exchanged at the annual review")
    assert refused.state == "refused" and versions_of(kent).count() == 1
    assert [s.step for s in RevisionStatus.objects.filter(revision=second)] == ["propose", "refuse"]


def test_a_revision_nobody_must_consent_to_has_its_consents_complete_at_once(settings):
    kent = approved_kent(settings)
    alone = Item(ChangeKind.ADD, "NI 28", new_target=new_target(key="NI 28", category="local", outcome="safer",
                                                                   yearly={"2010/11": Decimal("6")}, partners=[]))
    revision = propose(kent, [alone])
    assert revision.state == "consented"
    assert [s.step for s in RevisionStatus.objects.filter(revision=revision)] == ["propose", "consents_complete"]
