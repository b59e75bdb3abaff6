"""The refresh's actions (ADR 0025) on Kent's agreement approved on 27 June 2008, after
its 2008/09 annual review: proposed only from the completed review and by 31 March, the
framework's limits with refusals naming the target, the Government Office's agreement and
the partner authorities' consents, the Secretary of State's approval writing version 2
and its s113 memorandum, and s110(3) counting a refresh with local targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from laa.agreements.models import Target
from laa.audit.models import AuditEvent
from laa.domain.refresh import Ground, refresh_item
from laa.domain.revisions import ChangeKind, Item
from laa.revisions import actions
from laa.revisions.models import Consent, RevisionStatus
from laa.signoff.memorandum import memorandum
from laa.signoff.versions import number_in_force, version_diff, version_draft, versions_of

from .refresh_support import GO_SOUTH_EAST, agree_all, fill_ni32, propose, renegotiate, reviewed
from .revisions_support import consulted, local_key, person
from .revisions_support import propose as propose_revision

pytestmark = pytest.mark.django_db


def test_the_refresh_follows_the_completed_review(settings):
    _, review = reviewed(settings, complete=False)
    with pytest.raises(actions.RevisionError) as early:
        propose(review, [fill_ni32()])
    assert "The 2008/09 annual review of Kent's agreement is not completed" in early.value.message


def test_the_refresh_is_proposed_by_march(settings):
    _, review = reviewed(settings)
    settings.LAA_TODAY = "2009-04-01"
    with pytest.raises(actions.RevisionError) as late:
        propose(review, [fill_ni32()])
    assert "proposals were due by 31 March 2009" in late.value.message


def test_only_the_partnership_officer_proposes_the_refresh(settings):
    _, review = reviewed(settings)
    from laa.revisions.refresh import propose_refresh
    for who in ("go-manager", "partner", "clg"):
        with pytest.raises(PermissionDenied):
            propose_refresh(actor=person(who), review=review, items=[fill_ni32()], reason="x")


@pytest.mark.parametrize(("item", "words"), [
    (refresh_item(Ground.PLACEHOLDER, "NI 39", yearly={"2009/10": Decimal("1")}), "NI 39 is not a placeholder"),
    (refresh_item(Ground.RENEGOTIATE, "NI 39", yearly={"2009/10": Decimal("1")}), "Give the reason NI 39 is renegotiated"),
    (refresh_item(Ground.DEFERRED, "NI 39", yearly={"2009/10": Decimal("1")}), "NI 39 is not on a deferred indicator"),
    (refresh_item(Ground.WITHDRAWN, "NI 75"), "NI 75's indicator is not withdrawn"),
    (refresh_item(Ground.PLACEHOLDER, "NI 32", yearly={"2008/09": Decimal("1")}),
     "the 2008/09 refresh sets targets for 2009/10 and 2010/11, not 2008/09"),
])
def test_a_refresh_beyond_the_frameworks_limits_is_refused_naming_the_target(settings, item, words):
    _, review = reviewed(settings)
    with pytest.raises(actions.RevisionError) as refused:
        propose(review, [item])
    assert words in refused.value.message


def test_targets_with_a_reward_element_cannot_be_refreshed_and_are_named(settings):
    _, review = reviewed(settings)
    with pytest.raises(actions.RevisionError) as refused:
        propose(review, [renegotiate("NI 16"), renegotiate("NI 152")])
    assert refused.value.problems["reward"] == ("NI 16, NI 152 have a reward element (stretch): a target with a "
                                                "reward element cannot be refreshed.")


def test_the_key_stage_3_target_is_dropped_its_tests_having_ended(settings):
    kent, review = reviewed(settings)
    revision = propose(review, [refresh_item(Ground.WITHDRAWN, "NI 74")])
    assert actions.needed_consents(revision)[0] == GO_SOUTH_EAST
    agree_all(revision)
    approved = actions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    assert "NI 74" not in [t.key for t in version_draft(approved.made).targets]
    assert not Target.objects.filter(agreement=kent, key="NI 74").exists()


def test_the_refresh_is_agreed_by_the_go_and_approved_by_the_secretary_of_state_as_version_2(settings):
    kent, review = reviewed(settings)
    key = "NI 39"
    revision = propose(review, [fill_ni32(), renegotiate(key)])
    assert (revision.kind, revision.review_id, revision.includes_local) == ("refresh", review.pk, False)
    assert actions.needed_consents(revision)[0] == GO_SOUTH_EAST
    with pytest.raises(PermissionDenied):  # a partnership officer does not approve a refresh
        actions.take_step(actor=person("officer"), revision=revision, step="approve", expected_state="proposed")
    with pytest.raises(actions.RevisionError) as waiting:
        actions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="proposed")
    assert "cannot be approved now" in waiting.value.message
    agree_all(revision)
    revision.refresh_from_db()
    assert revision.state == "consented"
    assert Consent.objects.filter(revision=revision).first().organisation == GO_SOUTH_EAST
    approved = actions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    assert approved.made.number == 2 and approved.made.in_force_from == date(2009, 3, 16)
    assert approved.made.approved_role == "clg"
    first, second = versions_of(kent)
    diff = version_diff(first, second)
    assert sorted((t.key, t.kind) for t in diff.targets) == [("NI 32", "changed"), (key, "changed")]
    assert number_in_force(kent, date(2009, 3, 16)) == 2 and number_in_force(kent, date(2009, 3, 15)) == 1
    assert version_draft(first).targets[[t.key for t in version_draft(first).targets].index("NI 32")].placeholder
    ni32 = Target.objects.get(agreement=kent, key="NI 32")
    assert ni32.yearly == {"2009/10": "12.0", "2010/11": "11.0"} and ni32.placeholder_reason == ""
    old, new = memorandum(kent, on=date(2009, 3, 15)), memorandum(kent, on=date(2009, 3, 16))
    assert (old.version, new.version) == (1, 2)
    assert [s.step for s in RevisionStatus.objects.filter(revision=revision)] == [
        "propose", "consents_complete", "approve"]
    assert AuditEvent.objects.filter(action="revision-propose-refresh").count() == 1
    with pytest.raises(actions.RevisionError) as again:  # one refresh a year
        propose(review, [renegotiate("NI 40")])
    assert "Revision 1 is already the 2008/09 refresh" in again.value.message


def test_a_refresh_with_local_targets_restarts_the_month_of_s110_3(settings):
    kent, review = reviewed(settings)
    key = local_key(kent)
    revision = propose(review, [renegotiate(key)])
    assert revision.includes_local
    agree_all(revision)
    with pytest.raises(actions.RevisionError) as unconsulted:  # D15: a local target changes after consultation
        actions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    assert "the consultation of the voluntary partners is not recorded yet" in unconsulted.value.message
    consulted(revision, "2009-03-10")
    actions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    settings.LAA_TODAY = "2009-04-01"
    with pytest.raises(actions.RevisionError) as refused:
        propose_revision(kent, [Item(ChangeKind.DROP, key)])
    assert ("the last revision including local targets was approved on 16 March 2009, so a local revision can be "
            "made from 16 April 2009") in refused.value.message
    settings.LAA_TODAY = "2009-04-16"
    assert propose_revision(kent, [Item(ChangeKind.DROP, key)]).kind == "local"


def test_a_go_of_another_region_and_a_partner_not_concerned_cannot_answer(settings):
    kent, review = reviewed(settings)
    revision = propose(review, [fill_ni32()])
    with pytest.raises(actions.RevisionError) as not_needed:  # Kent County Council is not signed up to NI 32
        from laa.accounts.models import User
        from laa.domain.roles import Role
        from laa.places.models import Organisation
        kcc = Organisation.objects.get(area=kent.area, name="Kent County Council")
        council = User.objects.create(username="kcc", role=Role.PARTNER_AUTHORITY, area=kent.area, organisation=kcc)
        actions.record_consent(actor=council, revision=revision, consents=True)
    assert not_needed.value.status == 403
    with pytest.raises(PermissionDenied):
        actions.record_consent(actor=person("department"), revision=revision, consents=True)
